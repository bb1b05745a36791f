package org.dln.linear.solver;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The tangent's large products on the native BLAS ({@link NativeBlas}; {@link #blas} null: the pure-Java loops of
 * {@link BlockTangent} and {@link TangentPhiSteps}): B Phi + dB Phi, the g^2 (dC R + C dR) and the quadratic terms of
 * dPhi, as column-major GEMM calls on the row-major arrays (a row-major X with leading dimension ld is the column-major
 * X^T). Each product is split into a fixed partition of column panels ({@link #panels}) that depends on the sizes only,
 * so the calls, and the results, are the same for any thread count.
 */
class TangentBlas extends TangentArrays {
    /** The native BLAS, or null (the pure-Java loops). */
    final BLAS blas = NativeBlas.get();

    TangentBlas(BlockEquations eq) {
        super(eq);
    }

    /** Column panels of a product with cols output columns (fixed by the size: independent of the thread count). */
    static int panels(int cols) {
        return Math.max(1, Math.min(8, cols / 128));
    }

    /**
     * out[t, j] = sum_k dB[t, k] Phi[k, j] + B[t, k] dPhi[k, j] for the block's rows t in [ta, tb) and j &lt; cols, where
     * dPhi (null: zero) is nonzero only in the rows and the columns [r0, cols) (the pure-Java form: BlockTangent's
     * timesPhiTile).
     */
    void timesPhiNative(double[] db, int ta, int tb, double[] ph, double[] b, double[] dph, int r0, int cols,
                        double[] out) {
        final int m = tb - ta, panels = panels(cols), rowOff = ta * n;
        eq.pool.run(panels, (long) m * cols * cols >= SweepArrays.PARALLEL_GRAIN, p -> {
            final int j0 = LayerSweep.split(cols, panels, p), j1 = LayerSweep.split(cols, panels, p + 1);
            if (j1 <= j0) {
                return;
            }
            // out^T[j, t] = Phi^T[j, k] dB^T[k, t]
            blas.dgemm("N", "N", j1 - j0, m, cols, 1.0, ph, j0, n, db, rowOff, n, 0.0, out, rowOff + j0, n);
            if (dph == null) {
                return;
            }
            if (cols > r0) { // rows k >= r0 of dPhi: all columns
                blas.dgemm("N", "N", j1 - j0, m, cols - r0, 1.0, dph, r0 * n + j0, n, b, rowOff + r0, n, 1.0,
                        out, rowOff + j0, n);
            }
            final int jj0 = Math.max(j0, r0);
            if (r0 > 0 && jj0 < j1) { // rows k < r0 of dPhi: the block's columns only
                blas.dgemm("N", "N", j1 - jj0, m, r0, 1.0, dph, jj0, n, b, rowOff, n, 1.0, out, rowOff + jj0, n);
            }
        });
    }

    /**
     * dPhi^l[i, j] += g^2 (dC R + C dR)[i, j] for the block's rows i and the columns [j0, j1) (dR vanishes in the rows
     * k &lt; ta outside the block's columns), then the quadratic terms sum_u C[j, u] vq3_i[u] + A[j, u] vq4_i[u] over
     * all j and dC[j, u] vq1_i[u] + dA[j, u] vq2_i[u] for the block's j (TangentPhiSteps' tangentPhiCR and
     * tangentPhiQuadratic).
     */
    void phiPanelNative(int l, int ta, int tb, int j0, int j1, double[] dphiL) {
        final double[] cl = eq.c[l], rl = eq.r[l], dcl = dc[l], drl = dr[l], al = eq.a[l], dal = da[l];
        final int r0 = ta * S, rows = (tb - ta) * S, w = j1 - j0, out = r0 * n + j0, jj0 = Math.max(j0, r0);
        // out^T[j, i] += g2 R^T[j, k] dC^T[k, i] + g2 dR^T[j, k] C^T[k, i]
        blas.dgemm("N", "N", w, rows, tb, g2, rl, j0, n, dcl, r0 * T, T, 1.0, dphiL, out, n);
        blas.dgemm("N", "N", w, rows, tb - ta, g2, drl, ta * n + j0, n, cl, r0 * T + ta, T, 1.0, dphiL, out, n);
        if (ta > 0 && jj0 < j1) {
            blas.dgemm("N", "N", j1 - jj0, rows, ta, g2, drl, jj0, n, cl, r0 * T, T, 1.0, dphiL, r0 * n + jj0, n);
        }
        // out^T[j, i] += C[j, u] vq3^T[u, i] + A[j, u] vq4^T[u, i] (+ dC vq1^T + dA vq2^T in the block's columns)
        blas.dgemm("T", "N", w, rows, tb, 1.0, cl, j0 * T, T, vq3, 0, T, 1.0, dphiL, out, n);
        blas.dgemm("T", "N", w, rows, tb, 1.0, al, j0 * T, T, vq4, 0, T, 1.0, dphiL, out, n);
        if (jj0 < j1) {
            blas.dgemm("T", "N", j1 - jj0, rows, tb, 1.0, dcl, jj0 * T, T, vq1, 0, T, 1.0, dphiL, r0 * n + jj0, n);
            blas.dgemm("T", "N", j1 - jj0, rows, tb, 1.0, dal, jj0 * T, T, vq2, 0, T, 1.0, dphiL, r0 * n + jj0, n);
        }
    }

    /** dB rows of the block = dN D + N dD (BlockTangent's tangentB): dB^T = D^T dN^T + dD^T N^T. */
    void tangentBNative(int l, int ta, int tb) {
        final int m = tb - ta, cols = tb * S;
        blas.dgemm("N", "N", cols, m, tb, 1.0, eq.d[l], 0, n, dnn[l], ta * T, T, 0.0, db[l], ta * n, n);
        blas.dgemm("N", "N", cols, m, m, 1.0, dd[l], ta * n, n, eq.nn[l], ta * T + ta, T, 1.0, db[l], ta * n, n);
    }

    /** dA rows of the block = dC N + C dN (BlockTangent's tangentA), the columns u &lt; tb. */
    void tangentANative(int l, int ta, int tb) {
        final int m = tb - ta, r0 = ta * S, rows = m * S;
        blas.dgemm("N", "N", tb, rows, tb, 1.0, eq.nn[l], 0, T, dc[l], r0 * T, T, 0.0, da[l], r0 * T, T);
        blas.dgemm("N", "N", tb, rows, m, 1.0, dnn[l], ta * T, T, eq.c[l], r0 * T + ta, T, 1.0, da[l], r0 * T, T);
    }

    /**
     * dS rows of the block = dR B^T + R dB^T (the columns u &lt; tb; dB vanishes in the rows u &lt; ta), R's block rows
     * from rBlock at rOff with leading dimension n.
     */
    void tangentSRowsNative(int l, int ta, int tb, double[] rBlock, int rOff) {
        final int m = tb - ta, cols = tb * S;
        blas.dgemm("T", "N", tb, m, cols, 1.0, eq.b[l], 0, n, dr[l], ta * n, n, 0.0, ds[l], ta * T, T);
        blas.dgemm("T", "N", m, m, cols, 1.0, db[l], ta * n, n, rBlock, rOff, n, 1.0, ds[l], ta * T + ta, T);
    }

    /**
     * dS of the rows t &lt; ta in the block's columns u: sum_{j &gt;= r0} dR[t, j] B[u, j] + sum_j R[t, j] dB[u, j] (an
     * earlier row's dR is nonzero in the block's columns only).
     */
    void tangentSEarlierNative(int l, int ta, int tb) {
        final int m = tb - ta, cols = tb * S, r0 = ta * S;
        if (ta == 0) {
            return;
        }
        blas.dgemm("T", "N", m, ta, cols - r0, 1.0, eq.b[l], ta * n + r0, n, dr[l], r0, n, 0.0, ds[l], ta, T);
        blas.dgemm("T", "N", m, ta, cols, 1.0, db[l], ta * n, n, eq.r[l], 0, n, 1.0, ds[l], ta, T);
    }

    /**
     * dX rows of the block = dD C + D dC (BlockTangent's tangentX; C: the accepted rows before r0, the backward pass's
     * block rows cBack from r0), into dx (m x T).
     */
    void tangentXNative(int l, int ta, int tb) {
        final int m = tb - ta, cols = tb * S, r0 = ta * S, k = cols - r0;
        double beta = 0.0;
        if (r0 > 0) {
            blas.dgemm("N", "N", tb, m, r0, 1.0, eq.c[l], 0, T, dd[l], ta * n, n, 0.0, dx, 0, T);
            beta = 1.0;
        }
        blas.dgemm("N", "N", tb, m, k, 1.0, eq.cBackward[l], 0, T, dd[l], ta * n + r0, n, beta, dx, 0, T);
        blas.dgemm("N", "N", tb, m, k, 1.0, dc[l], r0 * T, T, eq.d[l], ta * n + r0, n, 1.0, dx, 0, T);
    }

    /** dR of the rows t &lt; ta in the block's columns: sum_{k &lt; r0} B[t, k] dPhi^{l-1}[i, k] (dPhi null: zero). */
    void tangentREarlierNative(int l, int ta, int tb, double[] dphiDown) {
        final int r0 = ta * S, r1 = tb * S;
        if (ta == 0) {
            return;
        }
        if (dphiDown == null) {
            for (int t = 0; t < ta; t++) {
                java.util.Arrays.fill(dr[l], t * n + r0, t * n + r1, 0.0);
            }
            return;
        }
        blas.dgemm("T", "N", r1 - r0, ta, r0, 1.0, dphiDown, r0 * n, n, eq.b[l], 0, n, 0.0, dr[l], r0, n);
    }

    /**
     * The unscaled products of tangentPhiVectors: vq1 = C S, vq3 = dC S + C dS, vq2 = A G, vq4 = dA G + A dG (dG null:
     * zero) for the block's rows, the columns u &lt; tb (row ii at ii T).
     */
    void phiVectorProductsNative(int l, int ta, int tb, double[] gUp, double[] dgUp) {
        final int r0 = ta * S, rows = (tb - ta) * S, o = r0 * T;
        blas.dgemm("N", "N", tb, rows, tb, 1.0, eq.s[l], 0, T, eq.c[l], o, T, 0.0, vq1, 0, T);
        blas.dgemm("N", "N", tb, rows, tb, 1.0, eq.s[l], 0, T, dc[l], o, T, 0.0, vq3, 0, T);
        blas.dgemm("N", "N", tb, rows, tb, 1.0, ds[l], 0, T, eq.c[l], o, T, 1.0, vq3, 0, T);
        blas.dgemm("N", "N", tb, rows, tb, 1.0, gUp, 0, T, eq.a[l], o, T, 0.0, vq2, 0, T);
        blas.dgemm("N", "N", tb, rows, tb, 1.0, gUp, 0, T, da[l], o, T, 0.0, vq4, 0, T);
        if (dgUp != null) {
            blas.dgemm("N", "N", tb, rows, tb, 1.0, dgUp, 0, T, eq.a[l], o, T, 1.0, vq4, 0, T);
        }
    }
}
