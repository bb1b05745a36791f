package org.dln.linear.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dln.linear.io.Trajectory;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.DenseFixedPointMap;
import org.dln.linear.solver.FirstOrderSolver;
import org.dln.linear.solver.LinearDmftSolver;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.SolveOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln solve}: the exact infinite-width DMFT of gradient descent for a deep linear network. */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Solve the infinite-width DMFT of full-batch gradient descent (deep linear network) by exact causal marching,",
                "or of gradient flow (--flow) by collocation in time elements solved by Newton's method.",
                "Without problem options the built-in default problem is solved (README)."})
final class SolveCommand implements Callable<Integer> {
    @Mixin
    ProblemOptions problem;

    @Mixin
    OutputOptions output;

    @Mixin
    SamplerOptions sampling;

    @Spec
    CommandSpec spec;

    @Option(names = "--approx", paramLabel = "full|gia|lazy|pt1", defaultValue = "full",
            description = "full (exact), gia (response functions dropped, predictions from the NTK), lazy (frozen kernels), pt1 (first order in gamma0^2).")
    String approx;

    @Option(names = "--full-kernels", description = "Also write the two-time Phi^l, G^l, A^l, B^l to the JSON document.")
    boolean fullKernels;

    @Option(names = "--verify", description = "Check the solution against one sweep of the literal dense equations (O((PT)^3)) and report the fixed-point residual.")
    boolean verify;

    @Mixin
    FlowOptions flow;
    @Option(names = "--weight-decay", paramLabel = "LAMBDA", defaultValue = "0",
            description = "Weight decay lambda >= 0 (weights multiplied by 1 - eta lambda per step); with lambda > 0 also solve the stationary state by Newton.")
    double weightDecay;

    @Option(names = "--stationary", paramLabel = "FILE", description = "With --weight-decay: write the stationary state (JSON, dln-decay-stationary) to FILE.")
    java.nio.file.Path stationaryFile;

    @Override
    public Integer call() throws Exception {
        if (flow.flow) {
            if (weightDecay != 0) {
                throw new org.dln.linear.problem.InvalidInputException(org.dln.linear.problem.InputError.OUT_OF_RANGE, "weight-decay",
                        "weight-decay", weightDecay, "weight decay is implemented for gradient descent; drop --flow (its stationary state is eta-independent)");
            }
            return flow.run(problem, output, approx, fullKernels, verify, spec.commandLine().getOut());
        }
        Problem p = problem.build();
        if (sampling.active()) {
            return sampling.run(p, approx, output, spec.commandLine().getOut());
        }
        Approximation a = Approximation.parse(approx);
        SolveOptions o = SolveOptions.of(a).withTwoTime(fullKernels || verify)
                .withProgress(new Progress("solve", p.timePoints())).withWeightDecay(weightDecay);
        if (a == Approximation.PT1 && weightDecay != 0) {
            throw new org.dln.linear.problem.InvalidInputException(org.dln.linear.problem.InputError.OUT_OF_RANGE, "approx", "approx", "pt1",
                    "the first-order perturbation theory is implemented without weight decay");
        }
        LinearDmftSolver solver = a == Approximation.PT1 ? new FirstOrderSolver() : new CausalMarchingSolver();
        LinearSolution s = solver.solve(p, o);
        int code = DlnCommand.OK;
        if (verify) {
            if (weightDecay != 0) {
                System.err.println("dln: --verify (dense equations without decay) is skipped with --weight-decay");
            } else if (a != Approximation.FULL) {
                System.err.println("dln: --verify checks the full equations; skipped for --approx " + a.id());
            } else {
                double r = DenseFixedPointMap.residualOf(s);
                s = s.withReport(s.report().withResidual(r, "residual: max change of all order parameters under one sweep of the dense equations"));
                System.err.printf(java.util.Locale.ROOT, "dln: dense fixed-point residual %.3e%n", r);
                if (!(r < 1e-8)) {
                    code = DlnCommand.FAILED;
                }
            }
        }
        Trajectory tr = Trajectory.fromSolution(s);
        if (weightDecay != 0) {
            tr.method().put("weight_decay", weightDecay);
        }
        if (!fullKernels) {
            tr = tr.withoutTwoTime();
        }
        output.emit(tr, List.of(), spec.commandLine().getOut());
        if (weightDecay > 0 && !DecayStationaryOutput.run(s, weightDecay, stationaryFile, !output.json,
                spec.commandLine().getOut(), spec.commandLine().getErr())) {
            code = DlnCommand.FAILED;
        }
        return code;
    }
}
