package org.dln.numeric.dmft;

import java.util.Arrays;

/**
 * Causal pivoted Cholesky factor of a kernel grown by rows, time by time, as the {@link CausalMarch} estimates the
 * kernel's rows (same pivot rule as {@link CausalCholesky}: a pivot whose Schur complement is below tol K_jj is
 * dropped and its variance kept as independent jitter). The factor is stored as the full n x n lower triangle.
 */
final class GrowingFactor {
    final int n;
    final double tol;
    final double[] lo;     // n x n lower triangle; column j is zero unless kept[j]
    final boolean[] kept;
    final double[] jitter; // sqrt(max(d_j, 0)) of dropped pivots
    int rows, keptCount, jittered;
    double maxDiag, droppedRelative;

    GrowingFactor(int n, double tol) {
        this.n = n;
        this.tol = tol;
        lo = new double[n * n];
        kept = new boolean[n];
        jitter = new double[n];
    }

    /** Adds the rows [rows, upTo) of the kernel (whose rows &lt; upTo must be filled). */
    void extend(double[] kernel, int upTo) {
        for (int i = rows; i < upTo; i++) {
            maxDiag = Math.max(maxDiag, kernel[i * n + i]);
        }
        for (int i = rows; i < upTo; i++) {
            int ri = i * n;
            for (int j = 0; j < i; j++) {
                if (!kept[j]) {
                    continue;
                }
                int rj = j * n;
                double v = kernel[ri + j];
                for (int q = 0; q < j; q++) {
                    v -= lo[ri + q] * lo[rj + q];
                }
                lo[ri + j] = v / lo[rj + j];
            }
            double kii = kernel[ri + i];
            double d = kii;
            for (int q = 0; q < i; q++) {
                d -= lo[ri + q] * lo[ri + q];
            }
            if (!(d > tol * kii) || !(kii > 1e-12 * maxDiag) || maxDiag <= 0) {
                droppedRelative = Math.max(droppedRelative, kii > 0 ? Math.abs(d) / kii : 0.0);
                if (d > 0) {
                    jitter[i] = Math.sqrt(d);
                    jittered++;
                }
            } else {
                kept[i] = true;
                lo[ri + i] = Math.sqrt(d);
                keptCount++;
            }
        }
        rows = upTo;
    }

    /**
     * Solves x Fpp = m over the kept pivots j &lt; lim (x, m row vectors of length n; x is zero off the kept
     * pivots): turns a Stein row m = (J F)_i into the operator row J_i on the range of the kernel.
     */
    void solveRow(double[] m, int lim, double[] x) {
        Arrays.fill(x, 0.0);
        for (int j = lim - 1; j >= 0; j--) {
            if (!kept[j]) {
                continue;
            }
            double v = m[j];
            for (int j2 = j + 1; j2 < lim; j2++) {
                v -= x[j2] * lo[j2 * n + j];
            }
            x[j] = v / lo[j * n + j];
        }
    }
}
