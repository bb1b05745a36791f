package org.dln.linear.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.MarchTraffic;
import org.dln.linear.solver.SolveOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dln bench march}: the causal march of gradient descent against the machine's own dense multiply rate. Prints
 * the rate of a dense N x N multiply ({@link DenseRates}: EJML, and the native BLAS when installed; the fastest is the
 * reference), then for each P and T the wall time of the march on one thread and on all threads, its flop count (7/3) L S^2 T^3 (the multiply-adds of its O(S^2 T^3) kernels: R = B Phi, the R
 * block columns, C R and the C/A products of Phi; the O(S T^3) terms are left out), the rate and its fraction of the
 * dense rate, the memory bandwidth ({@link MemoryBandwidth}) and the march's compulsory traffic ({@link MarchTraffic}) with the
 * achieved GB/s and its fraction of the read bandwidth (the roofline of a memory-bound march), and the largest P T whose
 * kernels fit the heap.
 */
@Command(name = "march", description = {"Benchmark the causal march of gradient descent (dln solve): wall time, flop count (7/3) L S^2 T^3 "
        + "and GFLOP/s on 1 and all threads against the machine's fastest dense multiply (native BLAS when installed, else EJML), for P in --train and T in --times; the largest P*T that "
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

    @Option(names = "--stream-mib", defaultValue = "256", description = "MiB of each array of the memory bandwidth measurement (STREAM-like read and triad, "
            + "three arrays; default ${DEFAULT-VALUE}, well above the last-level cache; 0 skips it).")
    int streamMib;

    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
        int th = threads > 0 ? threads : CausalMarchingSolver.defaultThreads();
        StringBuilder sb = new StringBuilder();
        long heap = Runtime.getRuntime().maxMemory();
        sb.append(String.format(Locale.ROOT, "# dln bench march: L = %d, gamma0 = %s, eta = %s, 1 and %d threads (%d cores), heap %.1f GiB, Java %s%n%n",
                bench.depth, bench.gamma0, eta, th, Runtime.getRuntime().availableProcessors(), heap / 1073741824.0,
                System.getProperty("java.version")));
        sb.append(String.format(Locale.ROOT, "March kernels: %s; OPENBLAS_NUM_THREADS=%s.%n%n", CausalMarchingSolver.kernels(),
                System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)")));
        err().print(sb);
        double dense1 = Double.NaN, denseMt = Double.NaN;
        if (denseSize > 0) {
            DenseRates rates = DenseRates.measure(denseSize);
            dense1 = rates.best1();
            denseMt = rates.bestMt();
            String line = rates.describe(denseSize);
            err().print(line);
            sb.append(line);
        }
        MemoryBandwidth bw = null;
        if (streamMib > 0) {
            bw = MemoryBandwidth.measure(streamMib, th);
            String line = bw.describe();
            err().print(line);
            sb.append(line);
        }
        List<Integer> counts = th > 1 ? List.of(1, th) : List.of(1);
        StringBuilder head = new StringBuilder("| P | T | L | GFLOP | GB (model) |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|");
        for (int c : counts) {
            String of = c == 1 ? "of fastest dense, 1 thread" : "of fastest dense, all cores";
            head.append(String.format(Locale.ROOT, " %d thread%s: wall (s) | GFLOP/s | %s | GB/s | of read bandwidth%s |", c,
                    c == 1 ? "" : "s", of, c == 1 ? ", 1 thread" : ", all threads"));
            rule.append("---|---|---|---|---|");
        }
        if (counts.size() > 1) {
            head.append(" speedup |");
            rule.append("---|");
        }
        String table = head + "\n" + rule + "\n";
        err().print(table);
        sb.append(table);
        // JIT warm-up
        new CausalMarchingSolver(th).solve(problem(Math.min(8, trains.get(0)), Math.min(120, times.get(0) * 6)), SolveOptions.DEFAULT);
        double rate = Double.NaN; // GFLOP/s of the latest run on one thread (for the time prediction)
        for (int p : trains) {
            for (int tp : times) {
                double gflop = flops(p, tp, bench.depth) * 1e-9;
                double gb = MarchTraffic.bytes(p, tp, bench.depth) * 1e-9;
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %d | %d | %.1f | %.3g |", p, tp, bench.depth,
                        gflop, gb));
                long bytes = CausalMarchingSolver.workspaceBytes(p, tp, bench.depth);
                double[] walls = new double[counts.size()];
                for (int ci = 0; ci < counts.size(); ci++) {
                    int c = counts.get(ci);
                    double dense = c == 1 ? dense1 : denseMt;
                    if (bytes > 0.85 * heap) {
                        row.append(String.format(Locale.ROOT, " - (needs %.1f GiB) | - | - | - | - |", bytes / 1073741824.0));
                        walls[ci] = Double.NaN;
                        continue;
                    }
                    if (!Double.isNaN(rate) && gflop / (rate * c) > maxSeconds) {
                        row.append(String.format(Locale.ROOT, " skipped (predicted %.0f s) | - | - | - | - |", gflop / (rate * c)));
                        walls[ci] = Double.NaN;
                        continue;
                    }
                    double best = time(p, tp, c, row);
                    walls[ci] = best;
                    if (!Double.isNaN(best)) {
                        double g = gflop / best;
                        if (c == 1) {
                            rate = g; // the latest (largest) run predicts the next
                        }
                        double mem = bw == null ? Double.NaN : bw.read(c);
                        row.append(String.format(Locale.ROOT, " %.3f | %.3g | %.3g | %.3g | %.3g |", best, g, g / dense, gb / best,
                                gb / best / mem));
                    }
                }
                if (counts.size() > 1) {
                    double sp = walls[0] / walls[1];
                    row.append(Double.isNaN(sp) ? " - |" : String.format(Locale.ROOT, " %.2f |", sp));
                }
                err().println(row);
                sb.append(row).append('\n');
            }
        }
        sb.append('\n').append(String.format(Locale.ROOT,
                "Flops = (7/3) L S^2 T^3 (S = P: no test samples): the multiply-adds (x 2) of the march's O(S^2 T^3) kernels "
                        + "(R = B Phi: (1/3), the R block columns: (1/6), C R and the C, A products of Phi: (2/3) S^2 T^3 per layer); "
                        + "wall = minimum of %d run(s) after a JIT warm-up; the same results to the bit on any number of threads; "
                        + "random problems (D = 16, seed %d). "
                        + "GB (model) = the march's compulsory memory traffic (MarchTraffic: each causal region of Phi^{l-1}, A^T, C^T, D, B, R "
                        + "and the T x T arrays read once per step, the new rows written once; about (L-1) S^2 T^3/6 + L S T^3 doubles); "
                        + "GB/s = that over the wall time, and its fraction of the read bandwidth measured above on as many threads.%n%n",
                Math.max(1, repeats), bench.seed));
        String fits = largestFits(heap, 8L << 30);
        sb.append(fits);
        err().print(fits);
        bench.emit(sb.toString(), spec.commandLine().getOut());
        return DlnCommand.OK;
    }

    /** The best wall time of the march on the given threads (NaN, with the reason in the row, if it fails). */
    private double time(int p, int tp, int threadCount, StringBuilder row) {
        Problem prob = problem(p, tp);
        CausalMarchingSolver solver = new CausalMarchingSolver(threadCount);
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < Math.max(1, repeats); r++) {
            long t0 = System.nanoTime();
            try {
                solver.solve(prob, SolveOptions.DEFAULT);
            } catch (InvalidInputException e) {
                row.append(" failed: ").append(e.getMessage()).append(" | - | - | - | - |");
                return Double.NaN;
            }
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        return best;
    }

    /** (7/3) L S^2 T^3. */
    static double flops(int s, int tp, int depth) {
        return 7.0 / 3.0 * depth * (double) s * s * (double) tp * tp * tp;
    }

    private Problem problem(int p, int tp) {
        return BenchCommand.randomProblem(p, tp, bench.depth, bench.gamma0, eta, bench.seed);
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
