package org.dln.linear.solver;

import java.util.Arrays;
import org.dln.numeric.linalg.MemoryGuard;

/**
 * The layer recursion of the linear DMFT (theory.md section 3) on a block of time rows [ta, tb): the arrays of the
 * two-time matrices and the named steps of one sweep, shared by the causal march of gradient descent
 * ({@link CausalMarchingSolver}, blocks of one step) and the element equations of gradient flow
 * ({@link BlockEquations}, blocks of collocation nodes). For each layer l = 1..L
 * <pre>
 *   C^l = A^{l-1} + (Phi^{l-1} o Q) diag(Delta)        {@link #computeC}     (n x T: only sum_alpha acts)
 *   D^l = B^l     + (G^{l+1}  o Q) diag(Delta)         {@link #computeD}     (T x n)
 *   N_l = (I - g^2 D C)^{-1}                            (by the caller: a causal row or a block solve)
 *   B_l = N D                                          {@link #computeB}     (theory.md's B^{l-1}, l &gt;= 2)
 *   R   = B Phi^{l-1},  S = R B^T                      {@link #computeR}, {@link #computeRBlockColumns}, {@link #computeS}
 *   G^l = N G^{l+1} N^T + g^2 S                        {@link #computeG}
 *   A_l = C N                                          {@link #computeA}     (theory.md's A^l, l &lt; L)
 *   Phi^l = Phi^{l-1} + g^2 (C R + R^T C^T) + g^4 C S C^T + g^2 A G^{l+1} A^T    {@link #computePhi}
 *   f(t) = [R^T + g^2 C S + A G^{L+1} N^T]_{(t,mu), t}  of layer L              {@link #predictRow}
 * </pre>
 * (g = gamma0; the Phi^l and f forms are theory.md's M_l [...] M_l^T and f with M_l = I + g^2 C B expanded.)
 * A sweep runs the backward chain (D, N, B, R, S, G from layer L down to 1), then the forward chain (C, A, R, S, Phi
 * from layer 1 up to L), then f.
 *
 * <h2>Layout</h2>
 * Rows and columns of sample-time matrices are i = t S + mu (S = train + test samples, n = S T); the time-only
 * matrices are T x T; all row-major. Delta enters as {@link #dw} = lossScale Delta (0 for test samples).
 *
 * <h2>Causal mode</h2>
 * When the quadrature is strictly causal and blocks are single steps (gradient descent, {@link #causal}), row t of
 * D, B, C, A vanishes from time column t on and row t of N from column t + 1 on: the loops stop there, and S and R
 * are completed by symmetry and by block columns instead of being recomputed. The skipped terms are exact zeros, so
 * both modes give the same numbers where both apply. The march stores Phi^l as block lower triangles ({@link #poff}),
 * does not store Phi^0 ({@link #kx0}) and keeps only the current block's rows of C and A (all of them as C^T, A^T).
 *
 * <h2>Blocking and threads</h2>
 * The O(S^2 T^3) loops are blocked so that every row loaded serves several outputs (four rows of R, Phi or dPhi for
 * all rows of a block; two by four register blocks for the R block columns), and split into tasks over their outputs
 * on {@link #pool}. Each output entry is computed by one task, its terms added in the order of the plain loops: the
 * results are bit-identical to the row-by-row loops and for any number of threads.
 *
 * <h2>Weight decay</h2>
 * The sources carry Lambda = diag(rho^t) ({@link #pw}); with {@link #decays} false every such factor is exactly 1.0.
 *
 * <p>The solvers extend it with their own N step and bookkeeping. All arrays are allocated once; a sweep allocates
 * nothing of size n (the pool's task objects only). Not thread-safe (one sweep at a time).
 */class LayerSweep extends SweepBlas {
    LayerSweep(int trainCount, double[][] jointGram, int timePoints, int depth, double gamma0, double[] quadrature,
               double[] sourceScale, boolean causal, boolean responses) {
        super(trainCount, jointGram, timePoints, depth, gamma0, quadrature, sourceScale, causal, responses);
    }

    /**
     * Phi^l rows (t, mu), t in [ta, tb), all columns before tb, and (full storage) the mirrored columns of earlier rows:
     * Lambda Phi^{l-1} Lambda + g^2 (C R + R^T C^T) + g^4 C S C^T + g^2 A Lambda G^{l+1} Lambda A^T.
     * The block's vectors first ({@link #phiVectors}), then column chunks (tasks): every row of R, C, A (or C^T, A^T in
     * causal mode) loaded once for all rows of the block, each entry summed in the order of the plain row-by-row form.
     */
    void computePhi(int l, int ta, int tb) {
        if (causal && blas != null) {
            causalPhiNative(l, ta);
            return;
        }
        final int cols = tb * S, r0 = ta * S, r1 = tb * S, rows = r1 - r0;
        if (g2 != 0) {
            phiVectors(l, ta, tb);
        }
        if (flowBlas != null) { // fixed panels of whole column blocks (the same calls for any thread count)
            final int panels = Math.min(tb, TangentBlas.panels(cols));
            pool.run(panels, (long) rows * cols * tb * 2 >= PARALLEL_GRAIN,
                    p -> phiPanelNative(l, ta, tb, split(tb, panels, p) * S, split(tb, panels, p + 1) * S));
            mirrorSampleRows(phi[l], r0, r1);
            return;
        }
        int tasks = tasks(tb, (long) rows * cols * tb * 2, causal ? 2 : 1);
        pool.run(tasks, tasks > 1, task -> phiChunk(l, ta, tb, split(tb, tasks, task) * S, split(tb, tasks, task + 1) * S));
        if (!packed) {
            mirrorSampleRows(phi[l], r0, r1);
        }
    }

    /**
     * For the block's rows i = r0 + ii: wRows[ii][u] = g^2 R[u, i] + g^4 (C S)[i, u] and vbRows[ii][u] =
     * g^2 (A Lambda G^{l+1})[i, u] rho^u (k ascending; the rows of S and G^{l+1} loaded once for the block).
     */
    private void phiVectors(int l, int ta, int tb) {
        final int rows = (tb - ta) * S;
        if (wRows == null || wRows.length < rows * T) {
            wRows = new double[rows * T];
            vbRows = new double[rows * T];
        }
        if ((causal && blas != null || flowBlas != null) && !decays) {
            // column-major: W^T = S^T C_t^T and VB^T = G^{l+1}^T A_t^T, then the R and g^2 factors as in phiVectorRows
            final dev.ludovic.netlib.blas.BLAS nb = causal ? blas : flowBlas;
            final int co = causal ? 0 : ta * S * T; // element mode: C and A hold all rows
            // (the two products on the pool: independent outputs, the same calls for any thread count)
            pool.run(2, (long) tb * tb * rows >= PARALLEL_GRAIN && !pool.contended(), k -> {
                if (k == 0) {
                    nb.dgemm("N", "N", tb, rows, tb, 1.0, s[l], 0, T, c[l], co, T, 0.0, wRows, 0, T);
                } else {
                    nb.dgemm("N", "N", tb, rows, tb, 1.0, gk[l + 1], 0, T, a[l], co, T, 0.0, vbRows, 0, T);
                }
            });
            final double[] rl = r[l];
            final int r0 = ta * S;
            for (int ii = 0; ii < rows; ii++) {
                final int i = r0 + ii, v = ii * T;
                for (int u = 0; u < tb; u++) {
                    double va = g2 * wRows[v + u] * g2;
                    wRows[v + u] = g2 * rl[u * n + i] + va;
                    vbRows[v + u] = g2 * vbRows[v + u];
                }
            }
            return;
        }
        int tasks = tasks(rows, (long) rows * tb * tb * 2, 2);
        pool.run(tasks, tasks > 1, task -> phiVectorRows(l, ta, tb, split(rows, tasks, task), split(rows, tasks, task + 1)));
    }

    /** Rows [ii0, ii1) of {@link #phiVectors} (a task: every entry summed in the same order for any split). */
    private void phiVectorRows(int l, int ta, int tb, int ii0, int ii1) {
        final double[] cl = c[l], al = a[l], rl = r[l], sl = s[l], gUp = gk[l + 1];
        final int r0 = ta * S;
        Arrays.fill(wRows, ii0 * T, ii1 * T, 0.0);
        Arrays.fill(vbRows, ii0 * T, ii1 * T, 0.0);
        int k = 0;
        for (; k + 1 < tb; k += 2) { // two rows k at a time (the same order as one by one)
            final int sr = k * T, sr1 = sr + T;
            for (int ii = ii0; ii < ii1; ii++) {
                final int cRow = crow(r0 + ii), v = ii * T;
                final double ck = cl[cRow + k], ak = al[cRow + k] * pw[k];
                final double ck1 = cl[cRow + k + 1], ak1 = al[cRow + k + 1] * pw[k + 1];
                for (int u = 0; u < tb; u++) {
                    wRows[v + u] = wRows[v + u] + ck * sl[sr + u] + ck1 * sl[sr1 + u];
                }
                for (int u = 0; u < tb; u++) {
                    vbRows[v + u] = vbRows[v + u] + ak * gUp[sr + u] + ak1 * gUp[sr1 + u];
                }
            }
        }
        for (; k < tb; k++) {
            final int sr = k * T;
            for (int ii = ii0; ii < ii1; ii++) {
                final int cRow = crow(r0 + ii), v = ii * T;
                final double ck = cl[cRow + k], ak = al[cRow + k] * pw[k];
                for (int u = 0; u < tb; u++) {
                    wRows[v + u] += ck * sl[sr + u];
                    vbRows[v + u] += ak * gUp[sr + u];
                }
            }
        }
        for (int ii = ii0; ii < ii1; ii++) {
            final int i = r0 + ii, v = ii * T;
            for (int u = 0; u < tb; u++) {
                double va = g2 * wRows[v + u] * g2; // the march's order; the element equations had (g2 g2) cs: same to rounding
                wRows[v + u] = g2 * rl[u * n + i] + va;
                vbRows[v + u] = g2 * vbRows[v + u] * pw[u];
            }
        }
    }

    /**
     * {@link #phiChunk} with the native BLAS (element mode, no decay): the copy of Phi^{l-1}, then, column-major on the
     * block's rows, Phi^T += g^2 R^T C^T + C W^T + A VB^T.
     */
    private void phiPanelNative(int l, int ta, int tb, int j0, int j1) {
        if (j0 >= j1) {
            return;
        }
        phiCopy(l, ta, tb, j0, j1);
        if (g2 == 0) {
            return;
        }
        final int r0 = ta * S, rows = (tb - ta) * S, w = j1 - j0, out = r0 * n + j0;
        flowBlas.dgemm("N", "N", w, rows, tb, g2, r[l], j0, n, c[l], r0 * T, T, 1.0, phi[l], out, n);
        flowBlas.dgemm("T", "N", w, rows, tb, 1.0, c[l], j0 * T, T, wRows, 0, T, 1.0, phi[l], out, n);
        flowBlas.dgemm("T", "N", w, rows, tb, 1.0, a[l], j0 * T, T, vbRows, 0, T, 1.0, phi[l], out, n);
    }

    private void phiChunk(int l, int ta, int tb, int j0, int j1) {
        if (j0 >= j1) {
            return;
        }
        phiCopy(l, ta, tb, j0, j1);
        if (g2 == 0) {
            return;
        }
        // g^2 C[i, :] R, k ascending, four rows of R at a time for every row i of the block, in column tiles that
        // stay in the first-level cache
        for (int jt = j0; jt < j1; jt += TILE) {
            phiCR(l, ta, tb, jt, Math.min(j1, jt + TILE));
        }
        if (causal) {
            phiTailCausal(l, ta, j0, j1);
        } else {
            phiTail(l, ta, tb, j0, j1);
        }
    }

    /** The block's rows of Lambda Phi^{l-1} Lambda in the columns [j0, j1): the first term of Phi^l. */
    private void phiCopy(int l, int ta, int tb, int j0, int j1) {
        final int m = l - 1, r0 = ta * S, r1 = tb * S, len = j1 - j0;
        final double[] phiL = phi[l];
        for (int i = r0; i < r1; i++) {
            final double[] pd = prow(m, i);
            final int po = poff(m, i), out = poff(l, i);
            System.arraycopy(pd, po + j0, phiL, out + j0, len);
            if (decays) { // source covariance rho^{t+s} Phi^{l-1}
                final double pt = pw[i / S];
                for (int j = j0; j < j1; j++) {
                    phiL[out + j] *= pt * pwn[j];
                }
            }
        }
    }

    /**
     * {@link #computePhi} on the causal block t with the native BLAS: the copy of Lambda Phi^{l-1} Lambda, then, as
     * column-major products on the block's rows (Phi^T of (t + 1) S x S, leading dimension (t + 1) S),
     * Phi^T += g^2 R^T C_t^T (R rows &lt; t, leading dimension n) and, with the full C^T and A^T, Phi^T += C W^T + A VB^T
     * (with packed C^T, A^T the tail by the Java loops). Tasks: {@link #PHI_PANELS} fixed panels of whole column blocks
     * [s0, s1), whose tail needs the rows u &lt; s1 - 1 of C^T and A^T only; the calls do not depend on the thread count.
     */
    private void causalPhiNative(int l, int t) {
        final int tb = t + 1, cols = tb * S, out = poff(l, t * S);
        if (g2 != 0) {
            phiVectors(l, t, tb);
        }
        final int panels = Math.min(tb, PHI_PANELS);
        // the panels from the last (the longest tails) to the first, so that the threads finish together
        pool.run(panels, (long) S * cols * t >= PARALLEL_GRAIN, task -> {
            final int p = panels - 1 - task;
            final int s0 = split(tb, panels, p), s1 = split(tb, panels, p + 1), j0 = s0 * S, w = (s1 - s0) * S;
            if (w == 0) {
                return;
            }
            phiCopy(l, t, tb, j0, j0 + w);
            if (g2 == 0 || t == 0) { // C_0 = 0 and no earlier rows: nothing to add
                return;
            }
            blas.dgemm("N", "N", w, S, t, g2, r[l], j0, n, c[l], 0, T, 1.0, phi[l], out + j0, cols);
            if (fullTranspose) {
                final int ku = s1 - 1; // the columns of block s need u < s
                if (ku > 0) {
                    blas.dgemm("N", "N", w, S, ku, 1.0, ct[l], j0, n, wRows, 0, T, 1.0, phi[l], out + j0, cols);
                    blas.dgemm("N", "N", w, S, ku, 1.0, at[l], j0, n, vbRows, 0, T, 1.0, phi[l], out + j0, cols);
                }
            } else {
                phiTailCausal(l, t, j0, j0 + w);
            }
        });
    }

    /** Columns per tile of the blocked loops (four rows of 512 doubles and the output row fit a 32 KiB cache). */
    static final int TILE = 512;

    private void phiCR(int l, int ta, int tb, int j0, int j1) {
        final int r0 = ta * S, r1 = tb * S;
        final double[] cl = c[l], rl = r[l], phiL = phi[l];
        int k = 0;
        for (; k + 3 < tb; k += 4) {
            final int q0 = k * n, q1 = q0 + n, q2 = q1 + n, q3 = q2 + n;
            for (int i = r0; i < r1; i++) {
                final int cRow = crow(i), out = poff(l, i);
                final double c0 = g2 * cl[cRow + k], c1 = g2 * cl[cRow + k + 1], c2 = g2 * cl[cRow + k + 2],
                        c3 = g2 * cl[cRow + k + 3];
                if (c0 != 0 && c1 != 0 && c2 != 0 && c3 != 0) {
                    for (int j = j0; j < j1; j++) {
                        phiL[out + j] = phiL[out + j] + c0 * rl[q0 + j] + c1 * rl[q1 + j] + c2 * rl[q2 + j]
                                + c3 * rl[q3 + j];
                    }
                } else {
                    axpyNonzero(phiL, out, c0, rl, q0, j0, j1);
                    axpyNonzero(phiL, out, c1, rl, q1, j0, j1);
                    axpyNonzero(phiL, out, c2, rl, q2, j0, j1);
                    axpyNonzero(phiL, out, c3, rl, q3, j0, j1);
                }
            }
        }
        for (; k < tb; k++) {
            for (int i = r0; i < r1; i++) {
                axpyNonzero(phiL, poff(l, i), g2 * cl[crow(i) + k], rl, k * n, j0, j1);
            }
        }
    }

    /**
     * Non-causal: Phi[i, j] += sum_{u &lt; tb} C[j, u] w_i[u] + A[j, u] vb_i[u] (u ascending), the rows j of C and A
     * loaded once for four rows i at a time.
     */
    private void phiTail(int l, int ta, int tb, int j0, int j1) {
        final double[] cl = c[l], al = a[l], phiL = phi[l];
        final int r0 = ta * S, rows = (tb - ta) * S;
        for (int j = j0; j < j1; j++) {
            final int cRow2 = j * T;
            int ii = 0;
            for (; ii + 3 < rows; ii += 4) {
                final int w0 = ii * T, w1 = w0 + T, w2 = w1 + T, w3 = w2 + T;
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                for (int u = 0; u < tb; u++) {
                    final double cv = cl[cRow2 + u], av = al[cRow2 + u];
                    a0 += cv * wRows[w0 + u] + av * vbRows[w0 + u];
                    a1 += cv * wRows[w1 + u] + av * vbRows[w1 + u];
                    a2 += cv * wRows[w2 + u] + av * vbRows[w2 + u];
                    a3 += cv * wRows[w3 + u] + av * vbRows[w3 + u];
                }
                phiL[poff(l, r0 + ii) + j] += a0;
                phiL[poff(l, r0 + ii + 1) + j] += a1;
                phiL[poff(l, r0 + ii + 2) + j] += a2;
                phiL[poff(l, r0 + ii + 3) + j] += a3;
            }
            for (; ii < rows; ii++) {
                final int w0 = ii * T;
                double a0 = 0;
                for (int u = 0; u < tb; u++) {
                    a0 += cl[cRow2 + u] * wRows[w0 + u] + al[cRow2 + u] * vbRows[w0 + u];
                }
                phiL[poff(l, r0 + ii) + j] += a0;
            }
        }
    }

    /**
     * Causal (one block t = ta): Phi[i, j] += tmp[i][j] = sum_{u &lt; blk(j)} C[j, u] w_i[u] + A[j, u] vb_i[u] (u
     * ascending), in axpy form over j from the rows u of C^T and A^T, two u at a time for every row i of the block.
     */
    private void phiTailCausal(int l, int t, int j0, int j1) {
        final double[] phiL = phi[l], cT = ct[l], aT = at[l];
        final int r0 = t * S;
        for (int mu = 0; mu < S; mu++) {
            Arrays.fill(tmpRows, mu * n + j0, mu * n + j1, 0.0);
        }
        final int uEnd = j1 / S; // columns j < j1 use u < blk(j) <= uEnd - 1
        int u = 0;
        for (; u + 1 < uEnd; u += 2) {
            final int from1 = Math.max(j0, (u + 1) * S), from2 = Math.max(j0, (u + 2) * S);
            final int cu0 = ctoff(u), cu1 = ctoff(u + 1);
            for (int mu = 0; mu < S; mu++) {
                final double w0 = wRows[mu * T + u], w1 = wRows[mu * T + u + 1];
                final double v0 = vbRows[mu * T + u], v1 = vbRows[mu * T + u + 1];
                final int tr = mu * n;
                for (int j = from1; j < from2; j++) {
                    tmpRows[tr + j] += cT[cu0 + j] * w0 + aT[cu0 + j] * v0;
                }
                for (int j = from2; j < j1; j++) {
                    tmpRows[tr + j] = tmpRows[tr + j] + (cT[cu0 + j] * w0 + aT[cu0 + j] * v0)
                            + (cT[cu1 + j] * w1 + aT[cu1 + j] * v1);
                }
            }
        }
        for (; u < uEnd; u++) {
            final int from1 = Math.max(j0, (u + 1) * S), cu0 = ctoff(u);
            for (int mu = 0; mu < S; mu++) {
                final double w0 = wRows[mu * T + u], v0 = vbRows[mu * T + u];
                final int tr = mu * n;
                for (int j = from1; j < j1; j++) {
                    tmpRows[tr + j] += cT[cu0 + j] * w0 + aT[cu0 + j] * v0;
                }
            }
        }
        for (int mu = 0; mu < S; mu++) {
            final int out = poff(l, r0 + mu), tr = mu * n;
            for (int j = j0; j < j1; j++) {
                phiL[out + j] += tmpRows[tr + j];
            }
        }
    }

    /**
     * f_i(t) = R[t, (t, i)] + g^2 C[(t, i), :] S[:, t] + A[(t, i), :] Lambda G^{L+1} Lambda N[t, :]^T (G^{L+1} = 1) for
     * every sample i, into out[off + i]; tb is the end of t's block.
     */
    void predictRow(int t, int tb, double[] out, int off) {
        final double[] rl = r[L], cl = c[L], al = a[L], sl = s[L], nl = nn[L];
        double nSum = 0;
        for (int k = 0; k < tb; k++) {
            nSum += nl[t * T + k] * pw[k];
        }
        for (int i = 0; i < S; i++) {
            int ci = crow(t * S + i);
            double cs = 0, aSum = 0;
            for (int k = 0; k < tb; k++) {
                cs += cl[ci + k] * sl[k * T + t];
                aSum += al[ci + k] * pw[k];
            }
            out[off + i] = rl[t * n + t * S + i] + g2 * cs + aSum * nSum;
        }
    }


    // ------------------------------------------------------------------------------------------------------------
    // Causal mode: the march's kernels for one time row t, blocked and split over the pool. Every output entry is
    // computed by one task, summing in the same order as the generic steps above (k ascending), so the results are
    // the generic steps' to the bit for any thread count. Phi^l is read only in its block lower triangle.
    // ------------------------------------------------------------------------------------------------------------



    /** Rows (t, mu) of C^l (columns s &lt;= t) and their transpose, as {@link #computeC} on one causal block. */
    void causalC(int l, int t) {
        final double[] out = c[l], cT = ct[l];
        final double[] resp = responses && l >= 2 ? a[l - 1] : null;
        final int tb = t + 1;
        for (int i = t * S; i < tb * S; i++) {
            final double[] ph = prow(l - 1, i);
            final int po = poff(l - 1, i);
            final int cRow = crow(i);
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                double v = 0;
                double w = q[t * T + sIdx];
                if (w != 0) {
                    int base = sIdx * S;
                    for (int al0 = 0; al0 < P; al0++) {
                        v += ph[po + base + al0] * dw[base + al0];
                    }
                    v *= w;
                }
                if (resp != null) {
                    v += pw[t] * pw[sIdx] * resp[cRow + sIdx];
                }
                out[cRow + sIdx] = v;
                if (sIdx < t) {
                    cT[ctoff(sIdx) + i] = v;
                }
            }
        }
    }

    /** Rows (t, mu) of A^l = C N ({@link #computeA}) and their transpose. */
    void causalA(int l, int t) {
        if (blas != null) {
            // column-major: A_t^T = N^T C_t^T, N^T upper triangular (N[k, i] = 0 for i > k), so the rows [a, e) of A_t^T
            // need the columns k >= a only: fixed panels of about equal area, on the pool (the same calls for any thread
            // count)
            final int tb = t + 1, panels = Math.min(tb, PANELS);
            pool.run(panels, (long) S * tb * tb / 2 >= PARALLEL_GRAIN && !pool.contended(), p -> {
                final int a0 = upperSplit(tb, panels, p), e = upperSplit(tb, panels, p + 1);
                if (e > a0) {
                    blas.dgemm("N", "N", e - a0, S, tb - a0, 1.0, nn[l], a0 + a0 * T, T, c[l], a0, T, 0.0, a[l], a0, T);
                }
            });
        } else {
            computeA(l, t, t + 1);
        }
        final double[] al = a[l], aT = at[l];
        for (int i = t * S; i < (t + 1) * S; i++) {
            for (int sIdx = 0; sIdx < t; sIdx++) { // A[i, t] = 0: not stored
                aT[ctoff(sIdx) + i] = al[crow(i) + sIdx];
            }
        }
    }

    /**
     * R row t, columns &lt; t S: R = B Lambda Phi^{l-1} Lambda ({@link #computeR}) from the block lower triangle of
     * Phi^{l-1}: R[t, j] = sum_{k &lt; blk(j) S} b_k Phi[j, k] (row j) + sum_{k &gt;= blk(j) S} b_k Phi[k, j] (rows k),
     * k ascending as in computeR. Tasks: column blocks.
     */
    void causalR(int l, int t) {
        final int cols = t * S, row = t * n;
        final double[] bl = b[l], bw = bwRow;
        for (int k = 0; k < cols; k++) {
            bw[k] = bl[row + k] * pwn[k];
        }
        if (blas != null) {
            if (l >= 2) {
                causalRNative(l, t, bw);
            } else {
                causalRKx(t, bw);
            }
            return;
        }
        int tasks = tasks(t, (long) cols * cols / 2, 4);
        pool.run(tasks, tasks > 1, task -> causalRChunk(l, t, bw, t * task / tasks, t * (task + 1) / tasks));
    }

    private void causalRChunk(int l, int t, double[] bw, int s0, int s1) {
        if (s0 >= s1) {
            return;
        }
        final int m = l - 1, row = t * n, j0 = s0 * S, j1 = s1 * S;
        final double[] rl = r[l];
        // block by block, so that the block's rows of Phi are read from memory once for both uses: first the dots of
        // the chunk's own rows j (their columns of earlier blocks), then the axpys of the rows k of the block into the
        // chunk's columns j < (kb + 1) S; every R[t, j] gets its terms k ascending, as in computeR
        for (int kb = s0; kb < t; kb++) {
            if (kb < s1) {
                causalRDots(m, row, bw, rl, kb);
            }
            final int jMax = Math.min(j1, (kb + 1) * S), kEnd = (kb + 1) * S;
            int k = kb * S;
            for (; k + 3 < kEnd; k += 4) {
                final double b0 = bw[k], b1 = bw[k + 1], b2 = bw[k + 2], b3 = bw[k + 3];
                final double[] p0 = prow(m, k), p1 = prow(m, k + 1), p2 = prow(m, k + 2), p3 = prow(m, k + 3);
                final int o0 = poff(m, k), o1 = poff(m, k + 1), o2 = poff(m, k + 2), o3 = poff(m, k + 3);
                for (int j = j0; j < jMax; j++) {
                    rl[row + j] = rl[row + j] + b0 * p0[o0 + j] + b1 * p1[o1 + j] + b2 * p2[o2 + j] + b3 * p3[o3 + j];
                }
            }
            for (; k < kEnd; k++) {
                final double b0 = bw[k];
                final double[] p0 = prow(m, k);
                final int o0 = poff(m, k);
                for (int j = j0; j < jMax; j++) {
                    rl[row + j] += b0 * p0[o0 + j];
                }
            }
        }
        if (decays) {
            for (int j = j0; j < j1; j++) {
                rl[row + j] *= pwn[j];
            }
        }
    }

    /** R[t, j] = sum_{k &lt; sb S} b_k Phi[j, k] for the rows j of block sb (columns of Phi^m), four rows at a time. */
    private void causalRDots(int m, int row, double[] bw, double[] rl, int sb) {
        final int lim = sb * S, jEnd = (sb + 1) * S;
        int j = sb * S;
        for (; j + 7 < jEnd; j += 8) {
            final double[] p0 = pcol(m, j), p1 = pcol(m, j + 1), p2 = pcol(m, j + 2), p3 = pcol(m, j + 3);
            final double[] p4 = pcol(m, j + 4), p5 = pcol(m, j + 5), p6 = pcol(m, j + 6), p7 = pcol(m, j + 7);
            final int o0 = poff(m, j), o1 = poff(m, j + 1), o2 = poff(m, j + 2), o3 = poff(m, j + 3);
            final int o4 = poff(m, j + 4), o5 = poff(m, j + 5), o6 = poff(m, j + 6), o7 = poff(m, j + 7);
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
            for (int k = 0; k < lim; k++) {
                double bk = bw[k];
                a0 += bk * p0[o0 + k];
                a1 += bk * p1[o1 + k];
                a2 += bk * p2[o2 + k];
                a3 += bk * p3[o3 + k];
                a4 += bk * p4[o4 + k];
                a5 += bk * p5[o5 + k];
                a6 += bk * p6[o6 + k];
                a7 += bk * p7[o7 + k];
            }
            rl[row + j] = a0;
            rl[row + j + 1] = a1;
            rl[row + j + 2] = a2;
            rl[row + j + 3] = a3;
            rl[row + j + 4] = a4;
            rl[row + j + 5] = a5;
            rl[row + j + 6] = a6;
            rl[row + j + 7] = a7;
        }
        for (; j + 3 < jEnd; j += 4) {
            final double[] p0 = pcol(m, j), p1 = pcol(m, j + 1), p2 = pcol(m, j + 2), p3 = pcol(m, j + 3);
            final int o0 = poff(m, j), o1 = poff(m, j + 1), o2 = poff(m, j + 2), o3 = poff(m, j + 3);
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int k = 0; k < lim; k++) {
                double bk = bw[k];
                a0 += bk * p0[o0 + k];
                a1 += bk * p1[o1 + k];
                a2 += bk * p2[o2 + k];
                a3 += bk * p3[o3 + k];
            }
            rl[row + j] = a0;
            rl[row + j + 1] = a1;
            rl[row + j + 2] = a2;
            rl[row + j + 3] = a3;
        }
        for (; j < jEnd; j++) {
            final double[] p0 = pcol(m, j);
            final int o0 = poff(m, j);
            double a0 = 0;
            for (int k = 0; k < lim; k++) {
                a0 += bw[k] * p0[o0 + k];
            }
            rl[row + j] = a0;
        }
    }

    /** S[t, u] = S[u, t] = R[t, :] . B[u, :] (columns &lt; u S), u &lt;= t: {@link #computeS} on a causal row. */
    void causalS(int l, int t) {
        if (blas != null) {
            nativeS(l, t);
            return;
        }
        computeS(l, t, t + 1, 0, t + 1, t * S);
    }

    /** R of the rows t' &lt;= t in the column block t: {@link #computeRBlockColumns} on a causal block. */
    void causalRBlockColumns(int l, int t) {
        if (blas != null && nativeRBlockColumns(l, t)) {
            return;
        }
        computeRBlockColumns(l, t + 1, t * S, (t + 1) * S);
    }

    /** Rows (t, mu) of Phi^l, columns &lt;= t (the block lower triangle): {@link #computePhi} on a causal block. */
    void causalPhi(int l, int t) {
        computePhi(l, t, t + 1);
    }


}
