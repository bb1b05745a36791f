package org.dln.linear.solver;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The product-rule steps of the tangent for Phi^l ({@link BlockTangent}): dPhi^l = dPhi^{l-1} + g^2 (dC R + C dR + ...)
 * of the element equations' Phi step, term by term in the primal's order, on {@link TangentArrays}.
 */
class TangentPhiSteps extends TangentBlas {
    TangentPhiSteps(BlockEquations eq) {
        super(eq);
    }

    /**
     * dPhi^l rows of the block and their mirrored columns: dPhi^{l-1} + g^2 (dC R + C dR + transposes)
     * + g^4 (dC S C^T + C dS C^T + C S dC^T) + g^2 (dA G A^T + A dG A^T + A G dA^T).
     * Every entry is summed in the order of the row-by-row form; the rows of R, dR, C, A, dC, dA are loaded once for
     * all rows of the block; tasks: column chunks.
     */
    void tangentPhi(int l, int ta, int tb) {
        final double[] dphiDown = l >= 2 ? dphi[l - 1] : null, dphiL = dphi[l];
        final int cols = tb * S, r0 = ta * S, r1 = tb * S, rows = r1 - r0;
        if (g2 != 0) {
            tangentPhiVectors(l, ta, tb);
        }
        final boolean nat = blas != null; // native: a fixed partition (the same calls for any thread count)
        int tasks = nat ? panels(cols) : eq.tasks(cols / 32, (long) rows * cols * tb * 4, 1);
        eq.pool.run(tasks, nat ? (long) rows * cols * tb * 4 >= SweepArrays.PARALLEL_GRAIN : tasks > 1, task -> {
            int j0 = LayerSweep.split(cols, tasks, task), j1 = LayerSweep.split(cols, tasks, task + 1);
            if (j0 >= j1) {
                return;
            }
            for (int i = r0; i < r1; i++) {
                int out = i * n;
                if (dphiDown != null) {
                    System.arraycopy(dphiDown, out + j0, dphiL, out + j0, j1 - j0);
                } else {
                    Arrays.fill(dphiL, out + j0, out + j1, 0.0);
                }
            }
            if (g2 == 0) {
                return;
            }
            if (nat) {
                phiPanelNative(l, ta, tb, j0, j1, dphiL);
                return;
            }
            // column tiles whose block rows of dPhi stay in the second-level cache (the same sums per entry)
            final int tile = Math.max(64, (BlockTangent.TILE_DOUBLES * 2 / rows) & ~7);
            for (int jt = j0; jt < j1; jt += tile) {
                tangentPhiCR(l, ta, tb, jt, Math.min(j1, jt + tile), dphiL);
            }
            tangentPhiQuadratic(l, ta, tb, j0, j1, dphiL);
        });
        eq.mirrorSampleRows(dphiL, r0, r1);
    }

    /** dPhi^l[i, j] += g^2 (dC R + C dR)[i, j] for the block's rows i and the columns [j0, j1) (k ascending). */
    void tangentPhiCR(int l, int ta, int tb, int j0, int j1, double[] dphiL) {
        final double[] cl = eq.c[l], rl = eq.r[l], dcl = dc[l], drl = dr[l];
        final int r0 = ta * S, r1 = tb * S;
        for (int k = 0; k < tb; k++) {
            final int rRow = k * n, from = Math.max(j0, k < ta ? r0 : 0);
            for (int i = r0; i < r1; i++) {
                final int cRow = i * T, out = i * n;
                double dcv = g2 * dcl[cRow + k];
                double cv = g2 * cl[cRow + k];
                if (dcv != 0) {
                    for (int j = j0; j < j1; j++) {
                        dphiL[out + j] += dcv * rl[rRow + j];
                    }
                }
                if (cv != 0) {
                    for (int j = from; j < j1; j++) {
                        dphiL[out + j] += cv * drl[rRow + j];
                    }
                }
            }
        }
    }

    /**
     * The block's vectors (row ii = i - ta S at ii T): vq1 = g^2 R[:, i] + g^4 (C S)[i, :], vq2 = g^2 (A G)[i, :] and
     * their tangents vq3, vq4 (k ascending; rows of S, dS, G, dG loaded once for the block).
     */
    void tangentPhiVectors(int l, int ta, int tb) {
        final int rows = (tb - ta) * S, size = rows * T;
        if (vq1 == null || vq1.length < size) {
            vq1 = new double[size];
            vq2 = new double[size];
            vq3 = new double[size];
            vq4 = new double[size];
        }
        if (blas != null) {
            phiVectorProductsNative(l, ta, tb, eq.gk[l + 1], l < L ? dgk[l + 1] : null);
            scaleVectors(l, ta, tb, 0, rows);
            return;
        }
        // accumulate cs, ag, dcs, dag into vq1, vq2, vq3, vq4; tasks: ranges of rows (k ascending for every entry)
        int tasks = eq.tasks(rows, (long) rows * tb * tb * 4, 4);
        eq.pool.run(tasks, tasks > 1, task -> vectorRows(l, ta, tb, LayerSweep.split(rows, tasks, task),
                LayerSweep.split(rows, tasks, task + 1)));
    }

    /** Rows [ii0, ii1) of the block's vectors of {@link #tangentPhiVectors}. */
    private void vectorRows(int l, int ta, int tb, int ii0, int ii1) {
        final double[] cl = eq.c[l], al = eq.a[l], rl = eq.r[l], sl = eq.s[l];
        final double[] gUp = eq.gk[l + 1], dgUp = l < L ? dgk[l + 1] : null;
        final double[] dcl = dc[l], dal = da[l], drl = dr[l], dsl = ds[l];
        final int r0 = ta * S;
        final double g4 = g2 * g2;
        Arrays.fill(vq1, ii0 * T, ii1 * T, 0.0);
        Arrays.fill(vq2, ii0 * T, ii1 * T, 0.0);
        Arrays.fill(vq3, ii0 * T, ii1 * T, 0.0);
        Arrays.fill(vq4, ii0 * T, ii1 * T, 0.0);
        for (int k = 0; k < tb; k++) {
            final int kr = k * T;
            for (int ii = ii0; ii < ii1; ii++) {
                final int cRow = (r0 + ii) * T, v = ii * T;
                final double cv = cl[cRow + k], av = al[cRow + k], dcv = dcl[cRow + k], dav = dal[cRow + k];
                for (int u = 0; u < tb; u++) {
                    vq1[v + u] += cv * sl[kr + u];
                    vq3[v + u] += dcv * sl[kr + u] + cv * dsl[kr + u];
                    double g = gUp[kr + u];
                    vq2[v + u] += av * g;
                    vq4[v + u] += dav * g + (dgUp != null ? av * dgUp[kr + u] : 0.0);
                }
            }
        }
        scaleVectors(l, ta, tb, ii0, ii1);
    }

    /** vq1 = g^2 R[:, i] + g^4 cs, vq2 = g^2 ag, vq3 = g^2 dR[:, i] + g^4 dcs, vq4 = g^2 dag for the rows [ii0, ii1). */
    private void scaleVectors(int l, int ta, int tb, int ii0, int ii1) {
        final double[] rl = eq.r[l], drl = dr[l];
        final int r0 = ta * S;
        final double g4 = g2 * g2;
        for (int ii = ii0; ii < ii1; ii++) {
            final int i = r0 + ii, v = ii * T;
            for (int u = 0; u < tb; u++) {
                double cs = vq1[v + u], ag = vq2[v + u], dcs = vq3[v + u], dag = vq4[v + u];
                vq1[v + u] = g2 * rl[u * n + i] + g4 * cs;
                vq2[v + u] = g2 * ag;
                vq3[v + u] = g2 * drl[u * n + i] + g4 * dcs;
                vq4[v + u] = g2 * dag;
            }
        }
    }

    /**
     * dPhi^l[i, j] += sum_u C[j, u] v3_i[u] + A[j, u] v4_i[u] over all j, plus dC[j, u] v1_i[u] + dA[j, u] v2_i[u] for
     * the block's j (u ascending), for the columns [j0, j1): the rows j loaded once for four rows i at a time.
     */
    void tangentPhiQuadratic(int l, int ta, int tb, int j0, int j1, double[] dphiL) {
        final double[] cl = eq.c[l], al = eq.a[l], dcl = dc[l], dal = da[l];
        final int r0 = ta * S, rows = (tb - ta) * S;
        for (int j = j0; j < j1; j++) {
            final int cRow2 = j * T;
            final boolean inBlock = j >= r0;
            int ii = 0;
            for (; ii + 3 < rows; ii += 4) {
                final int w0 = ii * T, w1 = w0 + T, w2 = w1 + T, w3 = w2 + T;
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                for (int u = 0; u < tb; u++) {
                    final double cv = cl[cRow2 + u], av = al[cRow2 + u];
                    a0 += cv * vq3[w0 + u] + av * vq4[w0 + u];
                    a1 += cv * vq3[w1 + u] + av * vq4[w1 + u];
                    a2 += cv * vq3[w2 + u] + av * vq4[w2 + u];
                    a3 += cv * vq3[w3 + u] + av * vq4[w3 + u];
                }
                if (inBlock) {
                    for (int u = 0; u < tb; u++) {
                        final double cv = dcl[cRow2 + u], av = dal[cRow2 + u];
                        a0 += cv * vq1[w0 + u] + av * vq2[w0 + u];
                        a1 += cv * vq1[w1 + u] + av * vq2[w1 + u];
                        a2 += cv * vq1[w2 + u] + av * vq2[w2 + u];
                        a3 += cv * vq1[w3 + u] + av * vq2[w3 + u];
                    }
                }
                dphiL[(r0 + ii) * n + j] += a0;
                dphiL[(r0 + ii + 1) * n + j] += a1;
                dphiL[(r0 + ii + 2) * n + j] += a2;
                dphiL[(r0 + ii + 3) * n + j] += a3;
            }
            for (; ii < rows; ii++) {
                final int w0 = ii * T;
                double acc = 0;
                for (int u = 0; u < tb; u++) {
                    acc += cl[cRow2 + u] * vq3[w0 + u] + al[cRow2 + u] * vq4[w0 + u];
                }
                if (inBlock) {
                    for (int u = 0; u < tb; u++) {
                        acc += dcl[cRow2 + u] * vq1[w0 + u] + dal[cRow2 + u] * vq2[w0 + u];
                    }
                }
                dphiL[(r0 + ii) * n + j] += acc;
            }
        }
    }
}
