package org.dln.linear.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dln.linear.io.Trajectory;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.DenseFixedPointMap;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.SolveOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln solve}: the exact infinite-width DMFT of gradient descent for a deep linear network. */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Solve the infinite-width DMFT of full-batch gradient descent (deep linear network) by exact causal marching.",
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

    @Option(names = "--approx", paramLabel = "full|gia|lazy", defaultValue = "full",
            description = "full (exact), gia (response functions dropped, predictions from the NTK), lazy (frozen kernels).")
    String approx;

    @Option(names = "--full-kernels", description = "Also write the two-time Phi^l, G^l, A^l, B^l to the JSON document.")
    boolean fullKernels;

    @Option(names = "--verify", description = "Check the solution against one sweep of the literal dense equations (O((PT)^3)) and report the fixed-point residual.")
    boolean verify;

    @Override
    public Integer call() throws Exception {
        Problem p = problem.build();
        if (sampling.active()) {
            return sampling.run(p, approx, output, spec.commandLine().getOut());
        }
        Approximation a = Approximation.parse(approx);
        SolveOptions o = SolveOptions.of(a).withTwoTime(fullKernels || verify)
                .withProgress(new Progress("solve", p.timePoints()));
        LinearSolution s = new CausalMarchingSolver().solve(p, o);
        int code = DlnCommand.OK;
        if (verify) {
            if (a != Approximation.FULL) {
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
        if (!fullKernels) {
            tr = tr.withoutTwoTime();
        }
        output.emit(tr, List.of(), spec.commandLine().getOut());
        return code;
    }
}
