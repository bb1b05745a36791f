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
 * reference) and the memory bandwidth ({@link MemoryBandwidth}), then for each P and T the wall time of the march (the
 * factored kernels it runs by default) on one thread and on all threads, its own flop count
 * ({@link CausalMarchingSolver#flops}, L T^3 (S (3L+1) + 3L+5) / 3), the rate and its fraction of the dense rate, the
 * rate counted as issue 15 counts the dense march ((7/3) L S^2 T^3 over the same time), and with {@code --dense} the
 * dense march's time beside it; then the largest P T whose arrays fit the heap, for both marches.
 */
@Command(name = "march", description = {"Benchmark the causal march of gradient descent (dln solve): wall time, flop count L T^3 (S (3L+1) + 3L+5)/3 "
        + "and GFLOP/s on 1 and all threads against the machine's fastest dense multiply (native BLAS when installed, else EJML), and the rate in the "
        + "dense march's count (7/3) L S^2 T^3, for P in --train and T in --times (--dense: the dense march's time too); the largest P*T that "
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

    @Option(names = "--dense", description = "Also time the dense march (the kernels stored as n x n triangles, as --full-kernels runs it) on all threads.")
    boolean dense;

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
        StringBuilder head = new StringBuilder("| P | T | L | GFLOP | GFLOP (dense count) |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|");
        for (int c : counts) {
            String of = c == 1 ? "of fastest dense, 1 thread" : "of fastest dense, all cores";
            head.append(String.format(Locale.ROOT, " %d thread%s: wall (s) | GFLOP/s | %s | dense-count GFLOP/s |", c,
                    c == 1 ? "" : "s", of));
            rule.append("---|---|---|---|");
        }
        if (counts.size() > 1) {
            head.append(" speedup |");
            rule.append("---|");
        }
        if (dense) {
            head.append(String.format(Locale.ROOT, " dense march, %d thread%s (s) | its GB/s (traffic model) | factored speedup |", th,
                    th == 1 ? "" : "s"));
            rule.append("---|---|---|");
        }
        String table = head + "\n" + rule + "\n";
        err().print(table);
        sb.append(table);
        // JIT warm-up
        new CausalMarchingSolver(th, CausalMarchingSolver.MarchKind.FACTORED).solve(problem(Math.min(8, trains.get(0)), Math.min(120, times.get(0) * 6)), SolveOptions.DEFAULT);
        if (dense) {
            new CausalMarchingSolver(th, CausalMarchingSolver.MarchKind.DENSE).solve(problem(Math.min(8, trains.get(0)),
                    Math.min(120, times.get(0) * 6)), SolveOptions.DEFAULT);
        }
        double rate = Double.NaN; // GFLOP/s of the latest run on one thread (for the time prediction)
        for (int p : trains) {
            for (int tp : times) {
                double gflop = CausalMarchingSolver.flops(p, tp, bench.depth) * 1e-9;
                double gflopDense = CausalMarchingSolver.denseFlops(p, tp, bench.depth) * 1e-9;
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %.1f |", p, tp, bench.depth,
                        gflop, gflopDense));
                long bytes = CausalMarchingSolver.workspaceBytes(p, tp, bench.depth);
                double[] walls = new double[counts.size()];
                for (int ci = 0; ci < counts.size(); ci++) {
                    int c = counts.get(ci);
                    double denseRate = c == 1 ? dense1 : denseMt;
                    if (bytes > 0.85 * heap) {
                        row.append(String.format(Locale.ROOT, " - (needs %.1f GiB) | - | - | - |", bytes / 1073741824.0));
                        walls[ci] = Double.NaN;
                        continue;
                    }
                    if (!Double.isNaN(rate) && gflop / (rate * c) > maxSeconds) {
                        row.append(String.format(Locale.ROOT, " skipped (predicted %.0f s) | - | - | - |", gflop / (rate * c)));
                        walls[ci] = Double.NaN;
                        continue;
                    }
                    double best = time(p, tp, c, false, row);
                    walls[ci] = best;
                    if (!Double.isNaN(best)) {
                        double g = gflop / best;
                        if (c == 1) {
                            rate = g; // the latest (largest) run predicts the next
                        }
                        row.append(String.format(Locale.ROOT, " %.3f | %.3g | %.3g | %.3g |", best, g, g / denseRate, gflopDense / best));
                    }
                }
                if (counts.size() > 1) {
                    double sp = walls[0] / walls[1];
                    row.append(Double.isNaN(sp) ? " - |" : String.format(Locale.ROOT, " %.2f |", sp));
                }
                if (dense) {
                    long denseBytes = CausalMarchingSolver.denseWorkspaceBytes(p, tp, bench.depth);
                    double predicted = Double.isNaN(rate) ? 0 : 5 * gflop / rate / th; // the dense march: some 5 x slower
                    if (denseBytes > 0.85 * heap) {
                        row.append(String.format(Locale.ROOT, " - (needs %.1f GiB) | - | - |", denseBytes / 1073741824.0));
                    } else if (predicted > maxSeconds) {
                        row.append(String.format(Locale.ROOT, " skipped (predicted %.0f s) | - | - |", predicted));
                    } else {
                        double wd = time(p, tp, th, true, row);
                        double wf = walls[walls.length - 1];
                        row.append(Double.isNaN(wd) ? " - | - |" : String.format(Locale.ROOT, " %.3f | %.3g | %s |", wd,
                                MarchTraffic.bytes(p, tp, bench.depth) * 1e-9 / wd,
                                Double.isNaN(wf) ? "-" : String.format(Locale.ROOT, "%.2f", wd / wf)));
                    }
                }
                err().println(row);
                sb.append(row).append('\n');
            }
        }
        sb.append('\n').append(String.format(Locale.ROOT,
                "GFLOP = the factored march's floating-point operations, L T^3 (S (3L+1) + 3L+5)/3 (S = P: no test samples): the "
                        + "multiply-adds (x 2) of its products, 2 S t^2 (3l - 1) for the forward rows and about 2 t^2 (3l + 1) for the "
                        + "backward chain per step t and layer l; GFLOP (dense count) = (7/3) L S^2 T^3, the dense march's count (issue 15), "
                        + "and dense-count GFLOP/s that count over the factored march's time (the rate a march doing the dense "
                        + "march's operations would need to match it); the dense march's GB/s: its compulsory memory traffic (MarchTraffic: "
                        + "each causal region of Phi^{l-1}, A^T, C^T, D, B, R read once per step) over its time, against the read "
                        + "bandwidth above; wall = minimum of %d run(s) after a JIT warm-up; the same "
                        + "results to the bit on any number of threads; random problems (D = 16, seed %d).%n%n",
                Math.max(1, repeats), bench.seed));
        String fits = largestFits(heap, 8L << 30);
        sb.append(fits);
        err().print(fits);
        bench.emit(sb.toString(), spec.commandLine().getOut());
        return DlnCommand.OK;
    }

    /** The best wall time of the march on the given threads (NaN, with the reason in the row, if it fails). */
    private double time(int p, int tp, int threadCount, boolean denseMarch, StringBuilder row) {
        Problem prob = problem(p, tp);
        CausalMarchingSolver solver = new CausalMarchingSolver(threadCount,
                denseMarch ? CausalMarchingSolver.MarchKind.DENSE : CausalMarchingSolver.MarchKind.FACTORED);
        SolveOptions options = SolveOptions.DEFAULT;
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < Math.max(1, repeats); r++) {
            long t0 = System.nanoTime();
            try {
                solver.solve(prob, options);
            } catch (InvalidInputException e) {
                row.append(" failed: ").append(e.getMessage()).append(denseMarch ? " | - | - |" : " | - | - | - |");
                return Double.NaN;
            }
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        return best;
    }

    private Problem problem(int p, int tp) {
        return BenchCommand.randomProblem(p, tp, bench.depth, bench.gamma0, eta, bench.seed);
    }

    /** The largest P T (for each P of the table) whose march arrays fit 85% of this heap and of 8 GiB, both marches. */
    private String largestFits(long heap, long eightGiB) {
        List<String> rows = new ArrayList<>();
        rows.add("| P | largest T (this heap) | P*T | largest T (8 GiB) | P*T (8 GiB) | P*T (8 GiB, dense march) "
                + "| P*T (8 GiB, full n x n Phi^0..Phi^L as before issue 15) |");
        rows.add("|---|---|---|---|---|---|---|");
        int depth = bench.depth;
        for (int p : trains) {
            int tHeap = largestT(p, depth, heap, 0), t8 = largestT(p, depth, eightGiB, 0);
            int t8dense = largestT(p, depth, eightGiB, 1), t8old = largestT(p, depth, eightGiB, 2);
            rows.add(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d |", p, tHeap, (long) p * tHeap, t8, (long) p * t8,
                    (long) p * t8dense, (long) p * t8old));
        }
        return "Largest problem whose arrays fit 85% of the heap (memory estimate of the march, L = " + depth + "):\n\n"
                + String.join("\n", rows) + "\n";
    }

    /** The largest T whose march fits 85% of the heap: layout 0 the factored march, 1 the dense one, 2 the layout before issue 15. */
    static int largestT(int s, int depth, long heap, int layout) {
        int lo = 1, hi = 1 << 20;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (bytes(s, mid, depth, layout) <= 0.85 * heap) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static long bytes(int s, int tp, int depth, int layout) {
        if (layout == 0) {
            return CausalMarchingSolver.workspaceBytes(s, tp, depth);
        }
        if (layout == 1) {
            return CausalMarchingSolver.denseWorkspaceBytes(s, tp, depth);
        }
        long n = (long) s * tp;
        return 8L * ((depth + 1L) * n * n + 5L * depth * n * tp + 3L * (depth + 1) * tp * tp);
    }
}
