package org.dln.linear.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dln.linear.dmft.DmftSolver;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.fluct.FiniteWidthBand;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.numeric.solver.SolverException;
import org.dln.numeric.solver.SolverMessage;
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

    @Option(names = "--cases", split = ",", paramLabel = "ID", description = "Write only these cases: ids or patterns with * "
            + "(e.g. --cases 'random-P4-*,fluct-*'); each must match a case. Default: all. The folders written are those of the "
            + "whole suite, byte for byte; the manifest lists the cases written.")
    List<String> only;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputOptions.checkOutputDirectory(out, "out");
        List<GoldenSuite.Case> descentCases = selected(GoldenSuite.cases(), GoldenSuite.Case::id);
        List<OracleCases.Case> otherCases = selected(OracleCases.cases(), OracleCases.Case::id);
        if (only != null) {
            for (String pattern : only) {
                if (descentCases.stream().noneMatch(c -> matches(pattern, c.id())) && otherCases.stream().noneMatch(c -> matches(pattern, c.id()))) {
                    throw new InvalidInputException(InputError.UNKNOWN_VALUE, "cases", "cases", pattern, "the case ids of manifest.json, "
                            + "e.g. random-P4-L2-g1, flow-P1-L2-g1, fluct-P3-L2-g1 (docs/formats.md 'Golden suite'), or a pattern with *");
                }
            }
        }
        // the solves are the work: the bar and the estimate follow them, not the (quick) writing
        Progress progress = new Progress("golden", descentCases.size() + otherCases.size());
        // reference values must not depend on the machine: the march's pure-Java kernels, whether or not a native
        // BLAS is installed (the native one differs by rounding, ~1e-13 relative)
        String blas = System.getProperty("dln.blas");
        System.setProperty("dln.blas", "java");
        List<Solution> descent;
        List<Solution> others;
        try {
            descent = solveCases(descentCases, progress);
            others = solveOtherCases(otherCases, progress, descent.size());
        } finally {
            if (blas == null) {
                System.clearProperty("dln.blas");
            } else {
                System.setProperty("dln.blas", blas);
            }
        }
        int written = GoldenSuite.write(out, descentCases, descent, otherCases, others, k -> { });
        spec.commandLine().getOut().printf("wrote %d golden cases (suite version %d) to %s%n", written, GoldenSuite.SUITE_VERSION, out);
        spec.commandLine().getOut().flush();
        return DlnCommand.OK;
    }

    private <C> List<C> selected(List<C> cases, java.util.function.Function<C, String> id) {
        return only == null ? cases : cases.stream().filter(c -> only.stream().anyMatch(p -> matches(p, id.apply(c)))).toList();
    }

    /** Whether the id matches the pattern, where * stands for any run of characters. */
    static boolean matches(String pattern, String id) {
        String[] parts = pattern.trim().split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            re.append(i > 0 ? ".*" : "").append(java.util.regex.Pattern.quote(parts[i]));
        }
        return id.matches(re.toString());
    }

    /** The solutions of these other-solver cases, telling {@code progress} case {@code first + i} as case i is solved. */
    static List<Solution> solveOtherCases(List<OracleCases.Case> cases, java.util.function.IntConsumer progress, int first) {
        List<Solution> out = new ArrayList<>();
        for (OracleCases.Case c : cases) {
            out.add(converged(c.id(), switch (c.family()) {
                case GRADIENT_FLOW -> flow(c);
                case SAMPLING -> Solvers.sampling(ActivationParser.parse(c.activation()),
                        SamplingOptions.defaults(c.draws(), Math.max(1, Runtime.getRuntime().availableProcessors()), c.seed()), true, 0).solve(c.problem());
                case BAYES -> Solvers.bayes(c.beta(), 1e-13).solve(c.problem());
                case FLUCTUATIONS -> FiniteWidthBand.attach(descent().solve(c.problem()), c.width());
                case FLUCTUATIONS_FLOW -> FiniteWidthBand.attach(flow(c), c.width());
            }));
            progress.accept(first + out.size() - 1);
        }
        return out;
    }

    /** The solver of the gradient-descent cases: exact causal marching. */
    private static DmftSolver descent() {
        return Solvers.gradientDescent(Approximation.FULL, false, 0);
    }

    /** The gradient-flow solution of a flow case, at its points of [0, t_max] (collocation, per-element tolerance 1e-8). */
    private static Solution flow(OracleCases.Case c) {
        return Solvers.gradientFlow(Approximation.FULL, FlowSolver.Options.of(c.tMax()), false, c.points(), 1e-8).solve(c.problem());
    }

    /** A reference is written only when its solver says it converged (else exit 1, with the residual). */
    static Solution converged(String id, Solution s) {
        if (!s.report().converged()) {
            throw new SolverException(SolverMessage.NOT_CONVERGED, "golden case " + id + " (" + s.report().solver() + ")",
                    s.report().iterations(), s.report().residual(), java.util.Arrays.toString(s.report().residualHistory()));
        }
        return s;
    }

    /** The exact gradient-descent solutions of these cases, telling {@code progress} each case (0-based) as it is solved. */
    static List<Solution> solveCases(List<GoldenSuite.Case> cases, java.util.function.IntConsumer progress) {
        DmftSolver solver = descent();
        List<Solution> out = new ArrayList<>();
        for (GoldenSuite.Case c : cases) {
            out.add(converged(c.id(), solver.solve(c.problem())));
            progress.accept(out.size() - 1);
        }
        return out;
    }
}
