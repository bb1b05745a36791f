package org.dln.linear.cli;

import java.util.Locale;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.NativeBlas;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;

/**
 * Time and memory of the exact causal march before it starts: its floating-point operations
 * ({@link CausalMarchingSolver#flops}, the factored march: about L (3L + 1) S T^3 / 3) at a fraction of this machine's
 * dense multiply rate on the BLAS the march will use, measured now (so that a busy machine gives a longer estimate), and
 * the march's workspace ({@link CausalMarchingSolver#workspaceBytes}).
 */
final class MarchEstimate {
    /**
     * Runs with fewer operations than this are not estimated (no measurement, no line): even at a quarter of a core of
     * the factored march's pure-Java rate (0.3 x 12 GFLOP/s) they end within {@link ProgressEstimate#ANNOUNCE_SECONDS},
     * and the measurement (0.12 s) would be a fifth of such a run on the native BLAS (L = 3, P = 8, T = 400: 6 GFLOP,
     * 0.6 s).
     */
    static final double MIN_FLOPS = 9e9;
    /**
     * Seconds spent measuring the dense multiply rate (best of repeated 192 x 192 products, after a warm-up): some twenty
     * products, enough for the best one and the share of a core (the march itself now takes seconds where this was 0.4 s
     * of every estimated run's start).
     */
    static final double MEASURE_SECONDS = 0.08;

    private MarchEstimate() {
    }

    /** The march's floating-point operations ({@link CausalMarchingSolver#flops}). */
    static double flops(int s, int tp, int depth) {
        return CausalMarchingSolver.flops(s, tp, depth);
    }

    /**
     * The factored march's share of the dense multiply rate (192 x 192 products) of the BLAS it runs on: its products
     * have S = P + Q columns and T x T or T x (S + l T) operands, so it runs well below large products. Measured at
     * L = 3, P = 8, T = 400 on one thread (docs/reports/bench-march.md, "The factored march"): native OpenBLAS 13-17
     * GFLOP/s against a 192 x 192 rate of some 45 (0.3), netlib's pure-Java BLAS 4-5.5 GFLOP/s against 12 (0.35-0.45);
     * a little less is taken, so that estimates err on the long side.
     */
    static double efficiency(boolean nativeKernels) {
        return nativeKernels ? 0.25 : 0.3;
    }

    /**
     * The dense march's share (the stored two-time kernels: {@code --full-kernels}, {@code --verify}; (7/3) L S^2 T^3
     * operations): on the native BLAS it is bound by memory traffic, at about 0.24 of OpenBLAS's one-thread rate for
     * S = 8, 0.33 for S = 16 and 0.45 from S = 32 on; with netlib's pure-Java BLAS about 0.2 of its rate
     * (bench-march.md).
     */
    static double denseEfficiency(int s, boolean nativeKernels) {
        return !nativeKernels ? 0.2 : s <= 8 ? 0.24 : s <= 16 ? 0.33 : 0.45;
    }

    /** Estimated seconds of a march with S samples, T time points, depth L at a pure-Java dense rate of {@code gflops}. */
    static double seconds(int s, int tp, int depth, double gflops) {
        return flops(s, tp, depth) / (efficiency(false) * gflops * 1e9);
    }

    /**
     * The line to print before the march of {@code p}, or null when it is small (below {@link #MIN_FLOPS}) or
     * estimated under {@link ProgressEstimate#ANNOUNCE_SECONDS}.
     */
    static String before(Problem p, String command, boolean dense) {
        int s = p.trainCount() + p.testCount();
        int tp = p.timePoints();
        double f = dense ? CausalMarchingSolver.denseFlops(s, tp, p.depth()) : flops(s, tp, p.depth());
        if (f < MIN_FLOPS) {
            return null;
        }
        dev.ludovic.netlib.blas.BLAS blas = NativeBlas.get();
        Rate rate = measureRate(blas == null ? dev.ludovic.netlib.blas.JavaBLAS.getInstance() : blas);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cpus = Runtime.getRuntime().availableProcessors();
        String l = line(command, s, tp, p.depth(), rate.peak(), cores(rate.share(), marchThreads(), load, cpus), blas != null,
                dense);
        return l == null ? null
                : l + String.format(Locale.ROOT, " [load average %.1f on %d cores; one thread got %.2f of a core]", load, cpus, rate.share());
    }

    /**
     * The cores the march gets, at most one (its threads wait for each other at every time step, so on an idle machine
     * a second thread speeds it up by well under 2: an estimate from one core errs on the long side). On a shared
     * machine the smaller of: each of its {@code threads} threads the share of a core one thread got while measuring
     * (optimistic: the scheduler favours a thread that just started), and the fair share of the {@code cpus} cores among
     * the {@code load} runnable threads (the 1-minute load average, negative when unknown) and its own threads.
     * Calibrated on four runs of L = 3, P = 8, T = 1000 at load averages 4 to 24 (docs/reports/figures-progress-18.md).
     */
    static double cores(double share, int threads, double load, int cpus) {
        int th = Math.max(1, threads);
        double c = Math.min(1.0, share * th);
        if (load >= 0 && cpus > 0) {
            c = Math.min(c, (double) cpus * th / (load + th));
        }
        return c;
    }

    /** As {@link #cores(double, int, double, int)} without a load average. */
    static double cores(double share, int threads) {
        return cores(share, threads, -1, 0);
    }

    /** The march's threads: the system property dln.threads, else the available processors (as its sweep pool). */
    static int marchThreads() {
        String p = System.getProperty("dln.threads");
        try {
            return p == null || p.isBlank() ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(p.trim()));
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** Estimated seconds of a march with S samples, T time points, depth L at a dense rate on a number of cores. */
    static double seconds(int s, int tp, int depth, double gflops, double cores) {
        return seconds(s, tp, depth, gflops * cores);
    }

    /** The estimate line on an idle machine (share 1). */
    static String line(String command, int s, int tp, int depth, double gflops) {
        return line(command, s, tp, depth, gflops, 1.0);
    }

    /**
     * The estimate line for a measured dense rate (GFLOP/s while running) and the cores the march will get
     * ({@link #cores}; null under {@link ProgressEstimate#ANNOUNCE_SECONDS}).
     */
    static String line(String command, int s, int tp, int depth, double gflops, double cores) {
        return line(command, s, tp, depth, gflops, cores, false);
    }

    /** As {@link #line(String, int, int, int, double, double)} for the pure-Java or the native BLAS march kernels. */
    static String line(String command, int s, int tp, int depth, double gflops, double cores, boolean nativeKernels) {
        return line(command, s, tp, depth, gflops, cores, nativeKernels, false);
    }

    /**
     * The estimate line of the factored march or, with {@code dense}, of the dense march with the two-time kernels it
     * keeps ({@code --full-kernels}, {@code --verify}).
     */
    static String line(String command, int s, int tp, int depth, double gflops, double cores, boolean nativeKernels,
                       boolean dense) {
        double eff = dense ? denseEfficiency(s, nativeKernels) : efficiency(nativeKernels);
        double ops = dense ? CausalMarchingSolver.denseFlops(s, tp, depth) : flops(s, tp, depth);
        double sec = ops / (eff * gflops * cores * 1e9);
        if (sec < ProgressEstimate.ANNOUNCE_SECONDS) {
            return null;
        }
        return String.format(Locale.ROOT, "%s: estimated about %s and %s (%.0f GFLOP = %s at %.2f GFLOP/s: "
                        + "%.2f x the %s dense multiply rate measured now, %.1f GFLOP/s, x %.2f cores "
                        + "from the load now; the load can change during the run)", command,
                ProgressEstimate.duration(sec), ProgressEstimate.bytes(dense ? CausalMarchingSolver.denseWorkspaceBytes(s, tp, depth)
                        + CausalMarchingSolver.twoTimeBytes(s, tp, depth) : CausalMarchingSolver.workspaceBytes(s, tp, depth)),
                ops * 1e-9, dense ? "(7/3) L S^2 T^3 (dense march)" : "L T^3 (S (3L+1) + 3L+5)/3", eff * gflops * cores, eff,
                nativeKernels ? "native BLAS" : "pure-Java", gflops, cores);
    }

    /** The dense multiply rate while running (GFLOP/s, best product) and the share of a core this thread got (0, 1]. */
    record Rate(double peak, double share) {
    }

    /** Seconds of products before measuring, so that the measured products are compiled code. */
    static final double WARM_UP_SECONDS = 0.04;

    /**
     * This machine's single-thread dense multiply rate now: the best 192 x 192 product over {@link #MEASURE_SECONDS}
     * after a warm-up, and the share of a core this thread got meanwhile (its CPU time over the wall time): on a
     * shared machine the march gets about that share, which the best product alone does not see.
     */
    static Rate measureRate() {
        int n = 192;
        java.util.Random rnd = new java.util.Random(1);
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(n, n, rnd);
        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(n, n, rnd);
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        return measure(n, () -> CommonOps_DDRM.mult(a, b, c));
    }

    /** As {@link #measureRate()} with a BLAS's dgemm (the native one or netlib's pure-Java one: the kernels the march will use). */
    static Rate measureRate(dev.ludovic.netlib.blas.BLAS blas) {
        int n = 192;
        java.util.Random rnd = new java.util.Random(1);
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] c = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextDouble();
            b[i] = rnd.nextDouble();
        }
        return measure(n, () -> blas.dgemm("N", "N", n, n, n, 1.0, a, n, b, n, 0.0, c, n));
    }

    /** The best rate of the n x n {@code product} over {@link #MEASURE_SECONDS} after a warm-up, and the core share. */
    private static Rate measure(int n, Runnable product) {
        long warm = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
        do {
            product.run();
        } while (System.nanoTime() < warm);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        long cpu0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
        long wall0 = System.nanoTime();
        double best = 0;
        long end = wall0 + (long) (MEASURE_SECONDS * 1e9);
        long now;
        do {
            long t0 = System.nanoTime();
            product.run();
            now = System.nanoTime();
            best = Math.max(best, 2.0 * n * n * n / Math.max(1, now - t0));
        } while (now < end);
        double share = cpu ? (mx.getCurrentThreadCpuTime() - cpu0) / (double) Math.max(1, now - wall0) : 1.0;
        return new Rate(best, Math.min(1.0, Math.max(0.02, share)));
    }
}
