package org.dln.linear.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.solver.DenseFixedPointMap;
import org.dln.linear.solver.LinearSolution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln solve}: the exact infinite-width DMFT of gradient descent for a deep linear network. */
@Command(name = "solve",
        description = {"Solve the infinite-width DMFT of full-batch gradient descent of a deep linear network by exact causal marching. " +
                "Without problem options the built-in default problem is solved (README). Other dynamics: dln flow, sample, decay, bayes."})
final class SolveCommand extends DescentCommand {

    @Option(names = "--approx", paramLabel = "full|gia|lazy|pt1", defaultValue = "full",
            description = "full (exact), gia (response functions dropped, predictions from the NTK), lazy (frozen kernels), pt1 (first order in gamma0^2).")
    String approx;

    @Option(names = "--full-kernels", description = "Also write the two-time Phi^l, G^l, A^l, B^l to the JSON document.")
    boolean fullKernels;

    @Mixin
    WidthOption width;

    @Option(names = "--verify", description = "Check the solution against one sweep of the literal dense equations (O((PT)^3)) and report the fixed-point residual.")
    boolean verify;

    @Override
    public Integer call() throws Exception {
        output.check();
        Problem p = descentProblem();
        Approximation a = Approximation.parse(approx);
        width.check(p, a.id(), false);
        Progress listener = new Progress("solve");
        if (a == Approximation.FULL) { // the flop model is the full march's
            String estimate = MarchEstimate.before(p, "solve", fullKernels || verify);
            if (estimate != null) {
                System.err.println("dln: " + estimate);
                listener.estimatedBeforehand();
            }
        }
        if (verify && a == Approximation.FULL) {
            DenseFixedPointMap.checkMemory(p); // before the solve: the check's dense equations must fit too
        }
        Solution s = Solvers.gradientDescent(a, a != Approximation.PT1 && (fullKernels || verify), 0).solve(p, listener);
        int code = DlnCommand.OK;
        if (verify) {
            if (a != Approximation.FULL) {
                System.err.println("dln: --verify checks the full equations; skipped for --approx " + a.id());
            } else {
                double r = DenseFixedPointMap.residualOf(s.extra(LinearSolution.class).orElseThrow());
                s = s.withReport(s.report().withResidual(r, "residual: max change of all order parameters under one sweep of the dense equations"));
                System.err.printf(Locale.ROOT, "dln: dense fixed-point residual %.3e%n", r);
                if (!(r < 1e-8)) {
                    code = DlnCommand.FAILED;
                }
            }
        }
        output.emit(width.apply(fullKernels ? s : s.withoutTwoTime(), err()), out());
        return code;
    }
}
