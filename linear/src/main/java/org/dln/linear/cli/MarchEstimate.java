package org.dln.linear.cli;

import java.util.Locale;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
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
    /** Seconds spent measuring the dense multiply rate (best of repeated 192 x 192 products). */
    static final double MEASURE_SECONDS = 0.15;

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
        double rate = denseRate();
        return line(command, s, tp, p.depth(), rate);
    }

    /** The estimate line for a measured dense rate (null under {@link ProgressEstimate#ANNOUNCE_SECONDS}). */
    static String line(String command, int s, int tp, int depth, double gflops) {
        double sec = seconds(s, tp, depth, gflops);
        if (sec < ProgressEstimate.ANNOUNCE_SECONDS) {
            return null;
        }
        return String.format(Locale.ROOT, "%s: estimated about %s and %s (%.0f GFLOP = (7/3) L S^2 T^3 at %.1f GFLOP/s: "
                        + "%.2f x the dense multiply rate measured now, %.1f GFLOP/s; a busy machine is slower)", command,
                ProgressEstimate.duration(sec), ProgressEstimate.bytes(CausalMarchingSolver.workspaceBytes(s, tp, depth)),
                flops(s, tp, depth) * 1e-9, efficiency(s) * gflops, efficiency(s), gflops);
    }

    /** This machine's single-thread dense multiply rate now, in GFLOP/s (best of products for {@link #MEASURE_SECONDS}). */
    static double denseRate() {
        int n = 192;
        java.util.Random rnd = new java.util.Random(1);
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(n, n, rnd);
        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(n, n, rnd);
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        double best = 0;
        long end = System.nanoTime() + (long) (MEASURE_SECONDS * 1e9);
        do {
            long t0 = System.nanoTime();
            CommonOps_DDRM.mult(a, b, c);
            long dt = System.nanoTime() - t0;
            best = Math.max(best, 2.0 * n * n * n / Math.max(1, dt));
        } while (System.nanoTime() < end);
        return best;
    }
}
