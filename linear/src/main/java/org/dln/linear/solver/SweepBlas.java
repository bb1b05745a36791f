package org.dln.linear.solver;

import java.util.Arrays;

/**
 * The march's kernels on the native BLAS ({@link NativeBlas}; causal mode with {@link #blas} set): the R row b Phi^{l-1}
 * block row by block row, layer 1's R from column sums of B (Phi^0 = Kx on every time pair), the R block columns and the
 * S row, as column-major GEMM/GEMV calls on the row-major arrays. The partitions into tasks are fixed ({@link #PANELS}),
 * so the calls, and the results, do not depend on the pool's thread count. The Phi, A, N, B, G steps call the BLAS from
 * {@link LayerSweep}, {@link SweepChains} and the march itself.
 */
abstract class SweepBlas extends SweepChains {
    SweepBlas(int trainCount, double[][] jointGram, int timePoints, int depth, double gamma0, double[] quadrature,
              double[] sourceScale, boolean causal, boolean responses) {
        super(trainCount, jointGram, timePoints, depth, gamma0, quadrature, sourceScale, causal, responses);
    }

    /** Panels of the BLAS products on a causal triangle (fixed: the calls do not depend on the thread count). */
    static final int PANELS = 8;

    /**
     * Panels of Phi's products on the causal block row ({@link LayerSweep}'s causalPhiNative; fixed): 16, so that the
     * rectangles cover half as many zeros beyond the causal edge of C^T and A^T as 8 panels and the two threads share
     * finer tasks (MarchKernels.java: 2.07-2.49 ms against 2.39-2.57 ms with 8 at t = 399, one thread).
     */
    static final int PHI_PANELS = 16;

    /**
     * {@link LayerSweep#causalR} of layer 1 with the native BLAS: Phi^0[k, j] = Kx[k mod S][j mod S], so R[t, j] = sum_alpha
     * bsum_t[alpha] Kx[alpha][j mod S] rho^(j/S) with bsum_t[alpha] = sum_{s &lt; t} B[t, (s, alpha)] rho^s, kept for the block
     * columns of later steps ({@link #bsum1}).
     */
    void causalRKx(int t, double[] bw) {
        final int row = t * n, cols = t * S, bs = t * S;
        final double[] rl = r[1];
        java.util.Arrays.fill(bsum1, bs, bs + S, 0.0);
        for (int k = 0; k < cols; k++) {
            bsum1[bs + k % S] += bw[k];
        }
        for (int jm = 0; jm < S && jm < cols; jm++) {
            double v = 0;
            for (int alpha = 0; alpha < S; alpha++) {
                v += bsum1[bs + alpha] * kx0[alpha][jm];
            }
            for (int j = jm; j < cols; j += S) {
                rl[row + j] = decays ? v * pwn[j] : v;
            }
        }
    }

    /**
     * {@link LayerSweep#causalR} with the native BLAS, block row kb of Phi^{l-1} (S x (kb + 1) S, leading dimension (kb + 1) S)
     * at a time: the dots R[t, block kb] = Phi[block kb, :kb S] b and the axpys b[block kb] Phi[block kb, :], the
     * latter summed per chunk of block rows and then over the chunks.
     */
    void causalRNative(int l, int t, double[] bw) {
        final int row = t * n, cols = t * S;
        final double[] rl = r[l], ph = phi[l - 1];
        if (t == 0) {
            return;
        }
        final int chunks = Math.min(t, PANELS);
        if (rChunks == null) {
            rChunks = new double[PANELS * n];
        }
        // chunk p: the block rows [k0, k1) (equal work: block kb has (kb + 1) S columns), its dots into R and its axpys
        // into its own buffer; then the buffers summed in chunk order (fixed: the same for any thread count)
        pool.run(chunks, (long) cols * cols >= PARALLEL_GRAIN, p -> {
            final int k0 = lowerSplit(t, chunks, p), k1 = lowerSplit(t, chunks, p + 1);
            final int buf = p * n;
            Arrays.fill(rChunks, buf, buf + cols, 0.0);
            for (int kb = k0; kb < k1; kb++) {
                final int j0 = kb * S, w = j0 + S, po = poff(l - 1, j0);
                if (kb == 0) {
                    Arrays.fill(rl, row, row + S, 0.0);
                } else {
                    blas.dgemv("T", j0, S, 1.0, ph, po, w, bw, 0, 1, 0.0, rl, row + j0, 1);
                }
                blas.dgemv("N", w, S, 1.0, ph, po, w, bw, j0, 1, 1.0, rChunks, buf, 1);
            }
        });
        for (int p = 0; p < chunks; p++) {
            final int buf = p * n;
            for (int j = 0; j < cols; j++) {
                rl[row + j] += rChunks[buf + j];
            }
        }
        if (decays) {
            for (int j = 0; j < cols; j++) {
                rl[row + j] *= pwn[j];
            }
        }
    }

    /**
     * R of the rows t' &lt;= t in the column block t with the native BLAS ({@link LayerSweep#causalRBlockColumns});
     * false where the Java loops apply (weight decay from layer 2 on, t = 0).
     */
    boolean nativeRBlockColumns(int l, int t) {
        if (l == 1) { // R[t', (t, mu)] = rho^t sum_alpha Kx[mu][alpha] bsum_t'[alpha] (causalRKx)
            for (int tr = 0; tr <= t; tr++) {
                for (int mu = 0; mu < S; mu++) {
                    double v = 0;
                    for (int alpha = 0; alpha < S; alpha++) {
                        v += kx0[mu][alpha] * bsum1[tr * S + alpha];
                    }
                    r[1][tr * n + t * S + mu] = decays ? v * pw[t] : v;
                }
            }
            return true;
        }
        if (!decays && t > 0) {
            // column-major: R^T[block t, rows t' <= t] (S x (t + 1), leading dimension n) = Phi^{l-1}[block t, :tS] B^T, in
            // panels of rows [a, e) that need the columns k < (e - 1) S of B only (B[t', k] = 0 from k = t' S on)
            final int rows = t + 1, panels = Math.min(rows, PANELS), po = poff(l - 1, t * S);
            pool.run(panels, (long) S * S * t * t >= PARALLEL_GRAIN, task -> {
                final int p = panels - 1 - task; // the longest panels first
                final int a0 = split(rows, panels, p), e = split(rows, panels, p + 1);
                if (e <= a0) {
                    return;
                }
                final int k = (e - 1) * S;
                if (k == 0) {
                    for (int tr = a0; tr < e; tr++) {
                        java.util.Arrays.fill(r[l], tr * n + t * S, tr * n + t * S + S, 0.0);
                    }
                    return;
                }
                blas.dgemm("T", "N", S, e - a0, k, 1.0, phi[l - 1], po, rows * S, b[l], a0 * n, n, 0.0,
                        r[l], a0 * n + t * S, n);
            });
            return true;
        }
        return false;
    }

    /** S[t, u] = S[u, t] = B[u, :tS] . R[t, :tS], u &lt;= t (B[u, j] = 0 from j = u S on), with the native BLAS. */
    void nativeS(int l, int t) {
        // in panels of rows u in [a, e), which need the columns j < (e - 1) S only
        // (the panels on the pool: each writes its own entries, with the same call for any thread count)
        final int rows = t + 1, panels = Math.min(rows, 8);
        pool.run(panels, (long) S * t * t / 2 >= PARALLEL_GRAIN && !pool.contended(), task -> {
            final int p = panels - 1 - task; // the longest panels first
            final int a0 = split(rows, panels, p), e = split(rows, panels, p + 1), k = (e - 1) * S;
            if (e <= a0) {
                return;
            }
            if (k == 0) {
                Arrays.fill(tmpT, a0, e, 0.0);
            } else {
                blas.dgemv("T", k, e - a0, 1.0, b[l], a0 * n, n, r[l], t * n, 1, 0.0, tmpT, a0, 1);
            }
        });
        for (int u = 0; u <= t; u++) {
            setS(s[l], t, u, tmpT[u]);
        }
    }
}
