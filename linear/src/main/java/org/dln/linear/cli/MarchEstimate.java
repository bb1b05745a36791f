package org.dln.linear.cli;

import java.util.Locale;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.NativeBlas;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;

/**
 * Time and memory of the exact causal march before it starts: (7/3) L S^2 T^3 floating-point operations
 * (docs/reports/bench-march.md) at a fraction of this machine's dense multiply rate measured now (so that a busy
 * machine gives a longer estimate), and the march's workspace ({@link CausalMarchingSolver#workspaceBytes}).
 */
final class MarchEstimate {
    /** Runs with fewer operations than this (about 2 s at 2.5 GFLOP/s) are not estimated: no measurement, no line. */
    static final double MIN_FLOPS = 5e9;
    /**
     * Seconds spent measuring the dense multiply rate (best of repeated 192 x 192 products, after a warm-up): some twenty
     * products, enough for the best one and the share of a core (the march itself now takes seconds where this was 0.4 s
     * of every estimated run's start).
     */
    static final double MEASURE_SECONDS = 0.08;

    private MarchEstimate() {
    }

    /** (7/3) L S^2 T^3: the multiply-adds (x 2) of the march's O(S^2 T^3) kernels. */
    static double flops(int s, int tp, int depth) {
        return MarchBench.flops(s, tp, depth);
    }

    /**
     * The march's share of the dense multiply rate: its blocks are S x S, so small S runs below the rate of large
     * products (bench-march.md, L = 3: 0.6 at S = 8, 0.8 at S = 16, 0.9 from S = 32 on).
     */
    static double efficiency(int s) {
        return s <= 8 ? 0.6 : s <= 16 ? 0.75 : 0.85;
    }

    /**
     * The same share for the march on the native BLAS ({@code NativeBlas}), of the native dense rate: there the march is
     * bound by memory traffic rather than by the products, at about 0.24 of OpenBLAS's one-thread rate for S = 8, 0.33
     * for S = 16 and 0.45 from S = 32 on (bench-march.md: L = 3, T = 400 on 2 threads, idle 0.24 at P = 8; 0.31-0.36 at
     * P = 16, 0.43-0.48 at P = 32, T >= 200).
     */
    static double efficiency(int s, boolean nativeKernels) {
        return !nativeKernels ? efficiency(s) : s <= 8 ? 0.24 : s <= 16 ? 0.33 : 0.45;
    }

    /** Estimated seconds of a march with S samples, T time points, depth L at a dense rate of {@code gflops}. */
    static double seconds(int s, int tp, int depth, double gflops) {
        return flops(s, tp, depth) / (efficiency(s) * gflops * 1e9);
    }

    /**
     * The line to print before the march of {@code p}, or null when it is small (below {@link #MIN_FLOPS}) or
     * estimated under {@link ProgressEstimate#ANNOUNCE_SECONDS}.
     */
    static String before(Problem p, String command) {
        int s = p.trainCount() + p.testCount();
        int tp = p.timePoints();
        double f = flops(s, tp, p.depth());
        if (f < MIN_FLOPS) {
            return null;
        }
        dev.ludovic.netlib.blas.BLAS blas = NativeBlas.get();
        Rate rate = blas == null ? measureRate() : measureRate(blas);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cpus = Runtime.getRuntime().availableProcessors();
        String l = line(command, s, tp, p.depth(), rate.peak(), cores(rate.share(), marchThreads(), load, cpus), blas != null);
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
        double eff = efficiency(s, nativeKernels);
        double sec = flops(s, tp, depth) / (eff * gflops * cores * 1e9);
        if (sec < ProgressEstimate.ANNOUNCE_SECONDS) {
            return null;
        }
        return String.format(Locale.ROOT, "%s: estimated about %s and %s (%.0f GFLOP = (7/3) L S^2 T^3 at %.2f GFLOP/s: "
                        + "%.2f x the %s dense multiply rate measured now, %.1f GFLOP/s, x %.2f cores "
                        + "from the load now; the load can change during the run)", command,
                ProgressEstimate.duration(sec), ProgressEstimate.bytes(CausalMarchingSolver.workspaceBytes(s, tp, depth)),
                flops(s, tp, depth) * 1e-9, eff * gflops * cores, eff, nativeKernels ? "native BLAS" : "pure-Java", gflops, cores);
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

    /** As {@link #measureRate()} with the native BLAS's dgemm, the kernels the march will use. */
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
