package org.dln.linear.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.solver.BlockMarchingSolver;
import org.dln.linear.solver.FlowSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln flow}: the infinite-width DMFT of gradient flow by collocation in time elements and Newton's method. */
@Command(name = "flow", description = {"Solve the infinite-width DMFT of gradient flow (eta -> 0) of a deep linear network: collocation " +
        "in time elements (Legendre-Gauss-Lobatto nodes), each element solved by Newton / Newton-Krylov with analytic derivatives. " +
        "The problem's eta and T are not used. Exit 1 if an element did not converge."})
final class FlowCommand extends ProblemCommand {
    static final List<String> TUNE_KEYS = List.of("elements", "first-element", "tolerance", "grid-tolerance", "refine",
            "infinity-tolerance", "jacobian");

    @Option(names = "--approx", paramLabel = "full|lazy|pt1", defaultValue = "full",
            description = "full (default), lazy (frozen kernels) or pt1 (first order in gamma0^2, derived symbolically).")
    String approx;

    @Option(names = "--full-kernels", description = "Also write the two-time Phi^l(t,s), G^l(t,s) at the nodes to the JSON document.")
    boolean fullKernels;

    @Mixin
    WidthOption width;

    @Option(names = "--t-max", defaultValue = "10", paramLabel = "T", description = "Horizon of gradient flow (default ${DEFAULT-VALUE}).")
    double tMax;

    @Option(names = "--nodes", defaultValue = "14", description = "Legendre-Gauss-Lobatto nodes per element (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--resample", defaultValue = "0", paramLabel = "N",
            description = "Write the trajectory at N equally spaced times in [0, t-max] (interpolated) instead of at the nodes.")
    int resample;

    @Option(names = "--time-budget", defaultValue = TimeBudget.DEFAULT_SECONDS, paramLabel = "SECONDS",
            description = "Wall-time budget (default 600 s): no element or continuation stage starts after it; the solve then "
                    + "stops with exit 1 saying how far it got.")
    double timeBudget;

    @Option(names = "--tune", paramLabel = "K=V,...", description = {
            "Expert settings: elements=E (0: automatic graded grid), first-element=H (default 1/lambda_max(K(0))), " +
            "tolerance=1e-12 (Newton, per element), grid-tolerance=1e-11 (target interpolation error of the automatic grid), " +
            "refine=N (adaptive refinement passes, 0..8), infinity-tolerance=1e-8 (t = infinity reached), jacobian=analytic|differences."})
    String tune;

    /** The flow options from --t-max, --nodes and --tune. */
    FlowSolver.Options options(Map<String, String> kv) {
        String jac = kv.getOrDefault("jacobian", "analytic").toLowerCase(Locale.ROOT);
        BlockMarchingSolver.Jacobian j = switch (jac) {
            case "analytic" -> BlockMarchingSolver.Jacobian.ANALYTIC;
            case "differences" -> BlockMarchingSolver.Jacobian.DIFFERENCES;
            default -> throw new InvalidInputException(InputError.OUT_OF_RANGE, "jacobian", "jacobian", jac, "must be analytic or differences");
        };
        double gridTolerance = KeyValues.number(kv, "grid-tolerance", 1e-11, "tune");
        if (!(gridTolerance > 0 && gridTolerance < 1)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "grid-tolerance", "grid-tolerance", gridTolerance, "must be in (0, 1)");
        }
        double refine = KeyValues.number(kv, "refine", 0, "tune");
        if (!(refine >= 0 && refine <= 8 && refine == Math.rint(refine))) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "refine", "refine", refine, "must be in 0..8");
        }
        return new FlowSolver.Options(tMax, (int) KeyValues.number(kv, "elements", 0, "tune"), nodes,
                KeyValues.number(kv, "first-element", Double.NaN, "tune"), KeyValues.number(kv, "tolerance", 1e-12, "tune"),
                2.0, 60, gridTolerance, (int) refine, j);
    }

    @Override
    public Integer call() throws Exception {
        output.check();
        Map<String, String> kv = KeyValues.parse(tune, "tune", TUNE_KEYS);
        Problem p = problem.builder().checkStability(false).build();
        width.check(p, Approximation.parse(approx).id(), true);
        Solution s = Solvers.gradientFlow(Approximation.parse(approx), options(kv), fullKernels, resample,
                KeyValues.number(kv, "infinity-tolerance", 1e-8, "tune"), TimeBudget.check(timeBudget)).solve(p, new Progress("flow"));
        s = width.apply(s, err());
        output.emit(s, out());
        if (!s.report().converged()) {
            for (String n : s.report().notes()) {
                if (n.startsWith("stopped by the time budget")) {
                    err().println("dln: " + n);
                }
            }
            err().println("dln: gradient-flow solve did NOT converge: " + s.report());
            return DlnCommand.FAILED;
        }
        return DlnCommand.OK;
    }
}
