package org.dln.linear.cli;

import org.dln.linear.io.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.problem.ResourceGuard;
import org.dln.linear.solver.DenseFixedPointMap;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.result.Solution;
import org.dln.linear.solver.SolveOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dln bench}: solve time of the causal marching solver against P*T, beside the published algorithm (global
 * Picard iteration of the dense equations over the whole trajectory) run to the same residual on the same problems.
 */
@Command(name = "bench", subcommands = {FlowBench.class, SamplerBench.class, MarchBench.class},
        description = {"Benchmark: causal marching vs global Picard iteration (the published algorithm) on random deep linear problems. " +
                "Writes a Markdown table to stdout (and --out FILE). Other benchmarks: dln bench flow, dln bench sampler, dln bench march."})
final class BenchCommand extends BenchRun {

    @Option(names = "--eta", defaultValue = "0.05")
    double eta;

    @Option(names = "--sizes", split = ",", paramLabel = "PxT", defaultValue = "2x8,4x8,8x8,2x12,4x12,8x12,2x25,4x25,4x50,8x50,4x100,8x100",
            description = "Problem sizes as PxT (samples x time points), comma-separated.")
    List<String> sizes;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats of the causal solver (the minimum is reported).")
    int repeats;

    @Option(names = "--picard-budget", defaultValue = "120", paramLabel = "SECONDS",
            description = "Time budget per Picard run (0 skips the baseline).")
    double picardBudget;

    @Option(names = "--tolerance", defaultValue = "1e-10", description = "Picard stopping residual (max-norm change per sweep).")
    double tolerance;

    @Option(names = "--picard-damping", defaultValue = "1.0", paramLabel = "ALPHA",
            description = "Damped Picard x <- alpha F(x) + (1 - alpha) x (default 1: the plain published iteration).")
    double damping;

    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
        bench.check();
        int[][] parsed = parseSizes();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# dln bench: L = %d, gamma0 = %s, eta = %s, Picard damping %s, %d cores, Java %s%n%n", bench.depth, bench.gamma0, eta, damping,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        sb.append("| P | T | P*T | causal marching (s) | Picard (s) | Picard sweeps | Picard outcome | Picard last residual | speed-up | max abs f difference |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        err().print(sb);
        for (int[] size : parsed) {
            int p = size[0];
            int tp = size[1];
            Problem prob = randomProblem(p, tp);
            CausalMarchingSolver causal = new CausalMarchingSolver();
            double best = Double.POSITIVE_INFINITY;
            LinearSolution sol = null;
            for (int r = 0; r < Math.max(1, repeats); r++) {
                long t0 = System.nanoTime();
                sol = causal.solve(prob, SolveOptions.DEFAULT);
                best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
            }
            String row;
            if (picardBudget > 0) {
                Solution pic = Solvers.picard(tolerance, 100000, picardBudget, damping).solve(prob);
                var rep = pic.report();
                double diff = Double.NaN;
                if (rep.converged()) {
                    diff = 0;
                    for (int t = 0; t < tp; t++) {
                        for (int i = 0; i < p; i++) {
                            diff = Math.max(diff, Math.abs(pic.f(t, i) - sol.f(t, i)));
                        }
                    }
                }
                String outcome = rep.converged() ? "converged" : rep.notes().get(0).startsWith("diverged") ? "DIVERGED" : "not converged (budget)";
                row = String.format(Locale.ROOT, "| %d | %d | %d | %.4f | %.2f | %d | %s | %.2e | %s%.0fx | %s |", p, tp, p * tp, best,
                        rep.wallSeconds(), rep.iterations(), outcome, rep.residual(), rep.converged() ? "" : ">= ",
                        rep.wallSeconds() / best, Double.isNaN(diff) ? "n/a" : String.format(Locale.ROOT, "%.1e", diff));
            } else {
                row = String.format(Locale.ROOT, "| %d | %d | %d | %.4f | - | - | skipped | - | - | - |", p, tp, p * tp, best);
            }
            err().println(row);
            sb.append(row).append('\n');
        }
        sb.append("\nPicard = global fixed-point iteration of the literal dense equations over the whole trajectory, from the lazy solution (frozen kernels, linear-model errors), ")
                .append("stopped at residual < ").append(tolerance).append(", divergence, or the time budget. Causal time = minimum of ")
                .append(repeats).append(" runs (after JIT warm-up by the earlier rows).\n");
        bench.emit(sb.toString(), spec.commandLine().getOut());
        return DlnCommand.OK;
    }

    /**
     * The sizes as {P, T}, each checked before anything runs: integers P >= 1, T >= 1 whose causal march (and dense
     * Picard equations, unless skipped) fit in the heap, in long arithmetic.
     */
    private int[][] parseSizes() {
        int[][] out = new int[sizes.size()][];
        for (int k = 0; k < sizes.size(); k++) {
            String size = sizes.get(k).trim();
            String[] pt = size.toLowerCase(Locale.ROOT).split("x", -1);
            long p, tp;
            try {
                if (pt.length != 2) {
                    throw new NumberFormatException();
                }
                p = Long.parseLong(pt[0].trim());
                tp = Long.parseLong(pt[1].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "sizes", "sizes", size,
                        "write each size as PxT with integers P >= 1 (samples) and T >= 1 (time points), e.g. 4x50");
            }
            if (p < 1 || tp < 1 || p > Integer.MAX_VALUE || tp > Integer.MAX_VALUE) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "sizes", "sizes", size,
                        "P (samples) and T (time points) must be integers in 1.." + Integer.MAX_VALUE);
            }
            long depth = bench.depth;
            ResourceGuard.require(picardBudget > 0 ? "the causal march and the Picard baseline" : "the causal march", "kernels",
                    d -> Math.max(CausalMarchingSolver.workspaceBytes(d[0], d[1], depth),
                            picardBudget > 0 ? DenseFixedPointMap.bytesNeeded(d[0], d[1], depth) : 0),
                    d -> CausalMarchingSolver.largestWorkspaceArray(d[0], d[1], depth),
                    new ResourceGuard.Dim("sizes", size + " (T)", tp, 1), new ResourceGuard.Dim("sizes", size + " (P)", p, 1));
            out[k] = new int[] {(int) p, (int) tp};
        }
        return out;
    }

    private Problem randomProblem(int p, int tp) {
        return randomProblem(p, tp, bench.depth, bench.gamma0, eta, bench.seed);
    }

    /** P random Gaussian inputs (D = 16) and targets; eta kept inside half the lazy stability limit. */
    static Problem randomProblem(int p, int tp, int depth, double gamma0, double eta, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int dim = 16;
        double[][] x = new double[p][dim];
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < dim; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i] = rnd.nextGaussian();
        }
        // keep eta inside the lazy stability limit for every size
        Problem.Builder b = new Problem.Builder().inputs(x).y(y).depth(depth).gamma0(gamma0).eta(eta).timePoints(tp);
        Problem probe = b.checkStability(false).build();
        double etaMax = 2.0 / probe.initialNtkMaxEigenvalue();
        return b.eta(Math.min(eta, 0.5 * etaMax)).checkStability(true).build();
    }
}
