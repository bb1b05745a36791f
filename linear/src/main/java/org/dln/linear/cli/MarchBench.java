package org.dln.linear.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.SolveOptions;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dln bench march}: the causal march of gradient descent against the machine's own dense multiply rate. Prints
 * the rate of an EJML dense N x N multiply (one thread and {@code CommonOps_MT_DDRM}), then for each P and T the wall
 * time of the march, its flop count (7/3) L S^2 T^3 (the multiply-adds of its O(S^2 T^3) kernels: R = B Phi, the R
 * block columns, C R and the C/A products of Phi; the O(S T^3) terms are left out), the rate and its fraction of the
 * dense rate, and the largest P T whose kernels fit the heap.
 */
@Command(name = "march", description = {"Benchmark the causal march of gradient descent (dln solve): wall time, flop count (7/3) L S^2 T^3 "
        + "and GFLOP/s against the machine's dense multiply rate (EJML), for P in --train and T in --times; the largest P*T that "
        + "fits the heap. Runs predicted to take longer than --max-seconds are skipped. Writes a Markdown table to stdout (and --out FILE)."})
final class MarchBench extends BenchRun {

    @Option(names = "--eta", defaultValue = "0.01", description = "Step eta (default ${DEFAULT-VALUE}; capped at half the lazy stability limit).")
    double eta;

    @Option(names = {"-P", "--train"}, split = ",", defaultValue = "8,16,32,64", description = "Train samples P, comma-separated (default ${DEFAULT-VALUE}).")
    List<Integer> trains;

    @Option(names = {"-T", "--times"}, split = ",", defaultValue = "100,200,400", description = "Time points T, comma-separated (default ${DEFAULT-VALUE}).")
    List<Integer> times;

    @Option(names = "--threads", defaultValue = "0", description = "Threads of the march (0 = the default: system property dln.threads, else the cores).")
    int threads;

    @Option(names = "--repeats", defaultValue = "1", description = "Timed runs per size (the minimum is reported; default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--max-seconds", defaultValue = "120", description = "Skip sizes whose predicted time (from the rate of the latest run) exceeds this (default ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--dense-size", defaultValue = "1000", description = "N of the dense N x N reference multiply (default ${DEFAULT-VALUE}; 0 skips it).")
    int denseSize;

    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
        int th = threads > 0 ? threads : CausalMarchingSolver.defaultThreads();
        StringBuilder sb = new StringBuilder();
        long heap = Runtime.getRuntime().maxMemory();
        sb.append(String.format(Locale.ROOT, "# dln bench march: L = %d, gamma0 = %s, eta = %s, %d threads (%d cores), heap %.1f GiB, Java %s%n%n",
                bench.depth, bench.gamma0, eta, th, Runtime.getRuntime().availableProcessors(), heap / 1073741824.0,
                System.getProperty("java.version")));
        err().print(sb);
        double dense1 = Double.NaN, denseMt = Double.NaN;
        if (denseSize > 0) {
            dense1 = denseRate(denseSize, false);
            denseMt = denseRate(denseSize, true);
            String line = String.format(Locale.ROOT, "Dense multiply %d x %d (EJML CommonOps_DDRM.mult, best of 3): %.2f GFLOP/s on one thread; "
                    + "CommonOps_MT_DDRM.mult: %.2f GFLOP/s.%n%n", denseSize, denseSize, dense1, denseMt);
            err().print(line);
            sb.append(line);
        }
        String head = "| P | T | L | threads | wall (s) | GFLOP | GFLOP/s | of dense 1-thread | of dense MT |\n|---|---|---|---|---|---|---|---|---|\n";
        err().print(head);
        sb.append(head);
        // JIT warm-up
        new CausalMarchingSolver(th).solve(problem(8, 120), SolveOptions.DEFAULT);
        double rate = Double.NaN; // GFLOP/s of the latest run (for the time prediction)
        CausalMarchingSolver solver = new CausalMarchingSolver(th);
        for (int p : trains) {
            for (int tp : times) {
                double gflop = flops(p, tp, bench.depth) * 1e-9;
                String row;
                long bytes = CausalMarchingSolver.workspaceBytes(p, tp, bench.depth);
                if (bytes > 0.85 * heap) {
                    row = String.format(Locale.ROOT, "| %d | %d | %d | %d | - (needs %.1f GiB) | %.1f | - | - | - |", p, tp, bench.depth, th,
                            bytes / 1073741824.0, gflop);
                } else if (!Double.isNaN(rate) && gflop / rate > maxSeconds) {
                    row = String.format(Locale.ROOT, "| %d | %d | %d | %d | skipped (predicted %.0f s) | %.1f | - | - | - |", p, tp, bench.depth, th,
                            gflop / rate, gflop);
                } else {
                    Problem prob = problem(p, tp);
                    double best = Double.POSITIVE_INFINITY;
                    String failure = null;
                    for (int r = 0; r < Math.max(1, repeats); r++) {
                        long t0 = System.nanoTime();
                        try {
                            solver.solve(prob, SolveOptions.DEFAULT);
                        } catch (InvalidInputException e) {
                            failure = e.getMessage();
                            break;
                        }
                        best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
                    }
                    if (failure != null) {
                        row = String.format(Locale.ROOT, "| %d | %d | %d | %d | failed: %s | %.1f | - | - | - |", p, tp, bench.depth, th, failure, gflop);
                    } else {
                        double g = gflop / best;
                        rate = g; // the latest (largest) run predicts the next
                        row = String.format(Locale.ROOT, "| %d | %d | %d | %d | %.3f | %.1f | %.2f | %.2f | %.2f |", p, tp, bench.depth, th, best, gflop, g,
                                g / dense1, g / denseMt);
                    }
                }
                err().println(row);
                sb.append(row).append('\n');
            }
        }
        sb.append('\n').append(String.format(Locale.ROOT,
                "Flops = (7/3) L S^2 T^3 (S = P: no test samples): the multiply-adds (x 2) of the march's O(S^2 T^3) kernels "
                        + "(R = B Phi: (1/3), the R block columns: (1/6), C R and the C, A products of Phi: (2/3) S^2 T^3 per layer); "
                        + "wall = minimum of %d run(s) after a JIT warm-up; random problems (D = 16, seed %d).%n%n", Math.max(1, repeats), bench.seed));
        String fits = largestFits(heap, 8L << 30);
        sb.append(fits);
        err().print(fits);
        bench.emit(sb.toString(), spec.commandLine().getOut());
        return DlnCommand.OK;
    }

    /** (7/3) L S^2 T^3. */
    static double flops(int s, int tp, int depth) {
        return 7.0 / 3.0 * depth * (double) s * s * (double) tp * tp * tp;
    }

    private Problem problem(int p, int tp) {
        return BenchCommand.randomProblem(p, tp, bench.depth, bench.gamma0, eta, bench.seed);
    }

    /** GFLOP/s of C = A B for random N x N matrices (best of 3). */
    static double denseRate(int size, boolean mt) {
        SplittableRandom rnd = new SplittableRandom(7);
        DMatrixRMaj a = new DMatrixRMaj(size, size), b = new DMatrixRMaj(size, size), c = new DMatrixRMaj(size, size);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = rnd.nextDouble() - 0.5;
            b.data[i] = rnd.nextDouble() - 0.5;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            if (mt) {
                CommonOps_MT_DDRM.mult(a, b, c);
            } else {
                CommonOps_DDRM.mult(a, b, c);
            }
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        return 2.0 * size * size * (double) size / best * 1e-9;
    }

    /** The largest P T (for each P of the table) whose march arrays fit 85% of this heap and of 8 GiB, new and old layout. */
    private String largestFits(long heap, long eightGiB) {
        List<String> rows = new ArrayList<>();
        rows.add("| P | largest T (this heap) | P*T | largest T (8 GiB) | P*T (8 GiB) | P*T (8 GiB, full n x n Phi^0..Phi^L as before) |");
        rows.add("|---|---|---|---|---|---|");
        int depth = bench.depth;
        for (int p : trains) {
            int tHeap = largestT(p, depth, heap, false), t8 = largestT(p, depth, eightGiB, false), t8old = largestT(p, depth, eightGiB, true);
            rows.add(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d |", p, tHeap, (long) p * tHeap, t8, (long) p * t8, (long) p * t8old));
        }
        return "Largest problem whose kernels fit 85% of the heap (memory estimate of the march, L = " + depth + "):\n\n"
                + String.join("\n", rows) + "\n";
    }

    static int largestT(int s, int depth, long heap, boolean oldLayout) {
        int lo = 1, hi = 1 << 20;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (bytes(s, mid, depth, oldLayout) <= 0.85 * heap) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static long bytes(int s, int tp, int depth, boolean oldLayout) {
        if (!oldLayout) {
            return CausalMarchingSolver.workspaceBytes(s, tp, depth);
        }
        long n = (long) s * tp;
        return 8L * ((depth + 1L) * n * n + 5L * depth * n * tp + 3L * (depth + 1) * tp * tp);
    }
}
