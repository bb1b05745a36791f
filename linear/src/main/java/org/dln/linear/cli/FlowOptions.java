package org.dln.linear.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.dln.linear.io.Trajectory;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.BlockMarchingSolver;
import org.dln.linear.solver.FlowSolver;
import org.dln.linear.solver.LinearSolution;
import picocli.CommandLine.Option;

/** The gradient-flow options of {@code dln solve --flow} and the run they drive. */
public final class FlowOptions {
    @Option(names = "--flow", description = "Gradient flow (eta -> 0) instead of gradient descent: collocation in time elements + Newton.")
    boolean flow;

    @Option(names = "--t-max", defaultValue = "10", paramLabel = "T", description = "Horizon of gradient flow (default ${DEFAULT-VALUE}).")
    double tMax;

    @Option(names = "--elements", defaultValue = "0",
            description = "Time elements (default 0: automatic, graded from 1/lambda_max(K(0)) with growth ratio 1 + 4 g^(1/(m-1)), g = --grid-tolerance).")
    int elements;

    @Option(names = "--nodes", defaultValue = "14", description = "Legendre-Gauss-Lobatto nodes per element (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--first-element", defaultValue = "NaN", paramLabel = "H",
            description = "Length of the first element (default: 1/lambda_max(K(0))).")
    double firstElement;

    @Option(names = "--tolerance", defaultValue = "1e-12", description = "Newton tolerance per element (max-norm residual, default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--grid-tolerance", defaultValue = "1e-11", paramLabel = "G",
            description = "Target interpolation error of the automatic grid and threshold of --refine (default ${DEFAULT-VALUE}; the observed "
                    + "max error between nodes is 10-50 G, the nodal values are more accurate).")
    double gridTolerance;

    @Option(names = "--refine", defaultValue = "0", paramLabel = "N",
            description = "Adaptive refinement: up to N passes that split the elements whose spectral indicator exceeds --grid-tolerance "
                    + "and solve again (default ${DEFAULT-VALUE}).")
    int refine;

    @Option(names = "--resample", defaultValue = "0", paramLabel = "N",
            description = "Write the trajectory at N equally spaced times in [0, t-max] (interpolated) instead of at the collocation nodes.")
    int resample;

    @Option(names = "--infinity-tolerance", defaultValue = "1e-8", paramLabel = "TOL",
            description = "Accept the state at t-max as the t = infinity state when the estimated remaining change is below TOL (default ${DEFAULT-VALUE}).")
    double infinityTolerance;

    @Option(names = "--jacobian", defaultValue = "analytic", paramLabel = "KIND",
            description = "Derivatives for Newton per element: analytic (tangent of the matrix equations; default) or differences "
                    + "(forward differences, step sqrt(eps), for comparison).")
    String jacobian;

    FlowSolver.Options options() {
        BlockMarchingSolver.Jacobian jac = switch (jacobian.toLowerCase(Locale.ROOT)) {
            case "analytic" -> BlockMarchingSolver.Jacobian.ANALYTIC;
            case "differences" -> BlockMarchingSolver.Jacobian.DIFFERENCES;
            default -> throw new InvalidInputException(InputError.OUT_OF_RANGE, "jacobian", "jacobian", jacobian,
                    "must be analytic or differences");
        };
        if (!(gridTolerance > 0 && gridTolerance < 1)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "grid-tolerance", "grid-tolerance", gridTolerance, "must be in (0, 1)");
        }
        if (refine < 0 || refine > 8) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "refine", "refine", refine, "must be in 0..8");
        }
        return new FlowSolver.Options(tMax, elements, nodes, firstElement, tolerance, 2.0, 60, gridTolerance, refine, jac);
    }

    int run(ProblemOptions problem, OutputOptions output, String approx, boolean twoTime, boolean verify, PrintWriter out) throws Exception {
        Approximation a = Approximation.parse(approx);
        if (a == Approximation.GIA) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "approx", "approx", a.id(),
                    "gradient flow supports full, lazy and pt1; use gradient descent for " + a.id());
        }
        if (verify) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "flow", "--verify", "with --flow",
                    "the dense fixed-point check is for gradient descent (the flow solve reports its Newton residuals per element)");
        }
        if (twoTime && (resample >= 2 || a == Approximation.PT1)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "full-kernels", "--full-kernels", "with --resample or pt1",
                    "two-time kernels are written at the collocation nodes of the full solve only; drop --resample (and use --approx full)");
        }
        if (resample < 0 || resample == 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "resample", "resample", resample, "must be 0 (nodes) or >= 2");
        }
        Problem p = problem.builder().checkStability(false).build();
        if (a == Approximation.LAZY) {
            p = p.withGamma0(0.0);
        }
        FlowSolver.Options o = options();
        if (a == Approximation.PT1) {
            return firstOrder(p, o, output, out);
        }
        int blocks = FlowSolver.grid(p, o).blocks();
        FlowSolver.FlowSolution sol = new FlowSolver().solve(p, o, new Progress("flow", blocks));
        FlowSolver.LongTimeState inf = sol.longTime(infinityTolerance);
        LinearSolution nodesOrSamples = twoTime ? sol.atNodesWithTwoTime() : sol.atNodes();
        if (resample >= 2) {
            nodesOrSamples = sol.at(resampleTimes(sol.grid().tMax()));
        }
        String infNote = inf.converged()
                ? String.format(Locale.ROOT, "t = infinity: converged; the values at t = %s are the final state within %.1e "
                        + "(|Delta(t_max)| = %.2e, decay rate %.3g); final NTK %s", inf.tMax(), inf.errorEstimate(), inf.errorNorm(),
                        inf.decayRate(), matrix(inf.ntk()))
                : String.format(Locale.ROOT, "t = infinity: NOT reached at t = %s (estimated remaining change %.2e > %.1e, "
                        + "|Delta| = %.2e); raise --t-max", inf.tMax(), inf.errorEstimate(), infinityTolerance, inf.errorNorm());
        System.err.println("dln: " + infNote);
        var report = nodesOrSamples.report().withResidual(nodesOrSamples.report().residual(), infNote);
        nodesOrSamples = nodesOrSamples.withReport(report);
        Trajectory tr = Trajectory.fromSolution(nodesOrSamples).withLongTime(inf.converged(), inf.errorEstimate(), inf.ntk());
        output.emit(tr, List.of(), out);
        if (!sol.report().converged()) {
            System.err.println("dln: gradient-flow solve did NOT converge: " + sol.report());
            return DlnCommand.FAILED;
        }
        return DlnCommand.OK;
    }

    /** The --resample times: N equally spaced points of [0, tMax], the last exactly tMax. */
    private double[] resampleTimes(double tMax) {
        double[] ts = new double[resample];
        for (int i = 0; i < resample; i++) {
            ts[i] = tMax * i / (resample - 1);
        }
        ts[resample - 1] = tMax;
        return ts;
    }

    /** PT1 for gradient flow: the symbolic layer's first-order theory evaluated at the flow grid's nodes (or --resample times). */
    private int firstOrder(Problem p, FlowSolver.Options o, OutputOptions output, PrintWriter out) throws Exception {
        double[] ts;
        if (resample >= 2) {
            ts = resampleTimes(o.tMax());
        } else {
            org.dln.numeric.time.CollocationGrid grid = FlowSolver.grid(p, o);
            ts = new double[grid.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = grid.time(i);
            }
        }
        org.dln.symbolic.series.FirstOrderTheory theory;
        try (org.dln.symbolic.SymbolicSession symja = new org.dln.symbolic.SymbolicSession()) {
            theory = org.dln.symbolic.series.FirstOrderTheory.derive(symja, p.depth());
        }
        LinearSolution sol = org.dln.linear.solver.FlowFirstOrder.solve(p, theory, ts);
        double[][] kinf = org.dln.linear.solver.FlowFirstOrder.ntkAtInfinity(p, theory);
        Trajectory tr = Trajectory.fromSolution(sol);
        if (kinf != null) {
            System.err.println("dln: pt1 t = infinity NTK (closed form) " + matrix(kinf));
            tr = tr.withLongTime(true, 0.0, kinf);
        }
        output.emit(tr, List.of(), out);
        return DlnCommand.OK;
    }

    private static String matrix(double[][] k) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < k.length; i++) {
            sb.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < k[i].length; j++) {
                sb.append(String.format(Locale.ROOT, j == 0 ? "%.12g" : ", %.12g", k[i][j]));
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }
}
