package org.dln.linear.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dln.linear.dmft.DmftSolver;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.fluct.FiniteWidthBand;
import org.dln.linear.problem.Approximation;
import org.dln.linear.result.Solution;
import org.dln.linear.io.GoldenSuite;
import org.dln.linear.io.OracleCases;
import org.dln.linear.sampling.ActivationParser;
import org.dln.linear.solver.FlowSolver;
import org.dln.numeric.dmft.SamplingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln golden --out DIR}: writes the versioned suite of golden reference cases. */
@Command(name = "golden", description = {"Write the golden reference suite: a manifest and one folder per case with problem.json, case.json, result.json " +
                "and one .npy file per observable (docs/formats.md 'Golden suite'). The same dln version writes the same bytes."})
final class GoldenCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Folder to write the suite into.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputOptions.checkOutputDirectory(out, "out");
        // the solves are the work: the bar and the estimate follow them, not the (quick) writing
        Progress progress = new Progress("golden", GoldenSuite.cases().size() + OracleCases.cases().size());
        // reference values must not depend on the machine: the march's pure-Java kernels, whether or not a native
        // BLAS is installed (the native one differs by rounding, ~1e-13 relative)
        String blas = System.getProperty("dln.blas");
        System.setProperty("dln.blas", "java");
        List<Solution> descent;
        List<Solution> others;
        try {
            descent = solveCases(progress);
            others = solveOtherCases(progress, descent.size());
        } finally {
            if (blas == null) {
                System.clearProperty("dln.blas");
            } else {
                System.setProperty("dln.blas", blas);
            }
        }
        int written = GoldenSuite.write(out, descent, others, k -> { });
        spec.commandLine().getOut().printf("wrote %d golden cases (suite version %d) to %s%n", written, GoldenSuite.SUITE_VERSION, out);
        spec.commandLine().getOut().flush();
        return DlnCommand.OK;
    }

    /** The solutions of the other solvers' cases ({@link OracleCases}), in order. */
    static List<Solution> solveOtherCases() {
        return solveOtherCases(k -> { }, 0);
    }

    /** As {@link #solveOtherCases()}, telling {@code progress} case {@code first + i} as case i is solved. */
    static List<Solution> solveOtherCases(java.util.function.IntConsumer progress, int first) {
        List<Solution> out = new ArrayList<>();
        for (OracleCases.Case c : OracleCases.cases()) {
            out.add(switch (c.family()) {
                case GRADIENT_FLOW -> Solvers.gradientFlow(Approximation.FULL, FlowSolver.Options.of(c.tMax()), false, c.points(), 1e-8)
                        .solve(c.problem());
                case SAMPLING -> Solvers.sampling(ActivationParser.parse(c.activation()),
                        SamplingOptions.defaults(c.draws(), Math.max(1, Runtime.getRuntime().availableProcessors()), c.seed()), true, 0).solve(c.problem());
                case BAYES -> Solvers.bayes(c.beta(), 1e-13).solve(c.problem());
                case FLUCTUATIONS -> FiniteWidthBand.attach(Solvers.gradientDescent(Approximation.FULL, false, 0).solve(c.problem()),
                        c.width());
                case FLUCTUATIONS_FLOW -> FiniteWidthBand.attach(Solvers.gradientFlow(Approximation.FULL,
                        FlowSolver.Options.of(c.tMax()), false, c.points(), 1e-8).solve(c.problem()), c.width());
            });
            progress.accept(first + out.size() - 1);
        }
        return out;
    }

    /** The exact gradient-descent solution of every case of the suite, in order. */
    static List<Solution> solveCases() {
        return solveCases(k -> { });
    }

    /** As {@link #solveCases()}, telling {@code progress} each case (0-based) as it is solved. */
    static List<Solution> solveCases(java.util.function.IntConsumer progress) {
        DmftSolver solver = Solvers.gradientDescent(Approximation.FULL, false, 0);
        List<Solution> out = new ArrayList<>();
        for (GoldenSuite.Case c : GoldenSuite.cases()) {
            out.add(solver.solve(c.problem()));
            progress.accept(out.size() - 1);
        }
        return out;
    }
}
