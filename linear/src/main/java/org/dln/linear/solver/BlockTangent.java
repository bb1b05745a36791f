package org.dln.linear.solver;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * Analytic Jacobian-vector products of the block map {@code z -> F(z)} of {@link BlockEquations}: the tangent
 * (forward-mode derivative) of one sweep, obtained by differentiating each matrix equation of the sweep by the
 * product rule, in the same order:
 * <ul>
 * <li>backward, l = L..1: dD = Q o (dG^{l+1} Delta + G^{l+1} dDelta) + dB^{l+1}; dX = dD C + D dC;
 * (I - g^2 X_EE) dN_E = g^2 dX N; dB = dN D + N dD; dR = dB Phi^{l-1} + B dPhi^{l-1}; dS = dR B^T + R dB^T;
 * dG^l = dN G N^T + N dG^{l+1} N^T + N G dN^T + g^2 dS;</li>
 * <li>forward, l = 1..L: dC = (dPhi^{l-1} o Q) Delta + (Phi^{l-1} o Q) dDelta + dA^{l-1}; dA = dC N + C dN;
 * dR, dS as above with the fresh Phi^{l-1}; dPhi^l = dPhi^{l-1} + g^2 (dC R + C dR + transposes)
 * + g^4 (dC S C^T + C dS C^T + C S dC^T) + g^2 (dA G A^T + A dG A^T + A G dA^T) (skipped for l = L, which
 * F does not contain);</li>
 * <li>d f = [dR^T + g^2 (dC S + C dS) + dA G^{L+1} N^T + A G^{L+1} dN^T]_{(t,mu),t}, and dF_Delta = -d f.</li>
 * </ul>
 * Rows before the block are accepted constants, so every tangent vanishes there; the loops skip those zeros
 * (a product with the full past costs what the same product costs in the sweep, a product with a tangent that is
 * nonzero only in the block's rows or columns costs a fraction m / t_b of it).
 *
 * <p>The primal values come from the state that {@link BlockEquations#map} left at the linearisation point x: the
 * arrays hold the sweep's final values, and the backward pass's C^l, R^l rows and its LU factors, which the forward
 * pass overwrites, were recorded by the sweep ({@code cBackward}, {@code rBackward}, {@code luBackward}). The
 * loaded rows of Phi^l and A^l are restored from x for the backward part and the fresh ones from F(x) for the
 * forward part, so one product costs about one sweep and recomputes no primal quantity.
 *
 * <p>Workspaces are allocated once (tangent arrays of the shape of the primal ones); not thread-safe.
 */
final class BlockTangent extends TangentPhiSteps {
    BlockTangent(BlockEquations eq) {
        super(eq);
    }

    /**
     * out = (dF/dz)(x) v for block [ta, tb). The last {@link BlockEquations#map} (or sweep after load) must have
     * been at x, with result fx = F(x); the workspace is left in that state.
     */
    void apply(int ta, int tb, double[] x, double[] fx, double[] v, double[] out) {
        if (ta != blockStart || tb != blockEnd) {
            clear();
            blockStart = ta;
            blockEnd = tb;
        }
        eq.loadKernels(ta, tb, x);
        loadTangent(ta, tb, v);
        for (int l = L; l >= 1; l--) {
            backward(l, ta, tb);
        }
        eq.loadKernels(ta, tb, fx);
        for (int l = 1; l <= L; l++) {
            forward(l, ta, tb);
        }
        predict(ta, tb);
        packTangent(ta, tb, out);
    }

    /** dC^l rows of the block from the Phi^{l-1}, A^{l-1} rows currently loaded and their tangents. */
    private void tangentC(int l, int ta, int tb) {
        eq.sourceRows(dc[l], ta, tb, eq.phi[l - 1], ddw, ta, l >= 2 ? dphi[l - 1] : null, eq.dw,
                l >= 2 ? da[l - 1] : null);
    }

    /**
     * The tangent of the rows t in [ta, tb) of B Phi: out[t, j] = sum_k dB[t, k] Phi[k, j] + sum_k B[t, k] dPhi[k, j] for
     * j &lt; cols, where dPhi (null: zero) is nonzero only in the rows and columns [r0, cols) of the block (symmetric, both
     * stored): every row k of Phi and dPhi loaded once for the
     * block's rows (each entry summed in the same order as row by row); tasks: column chunks.
     */
    private void blockTangentTimesPhi(double[] db, int ta, int tb, double[] ph, double[] b, double[] dph,
                                      int r0, int cols, double[] out) {
        if (blas != null) {
            timesPhiNative(db, ta, tb, ph, b, dph, r0, cols, out);
            return;
        }
        int tasks = eq.tasks(cols / 64, (long) (tb - ta) * cols * cols * (dph != null ? 2 : 1), 1);
        eq.pool.run(tasks, tasks > 1, task -> {
            int c0 = LayerSweep.split(cols, tasks, task), c1 = LayerSweep.split(cols, tasks, task + 1);
            // column tiles whose block rows of out stay in the first-level cache (the same sums per entry)
            final int tile = Math.max(64, (TILE_DOUBLES / Math.max(1, tb - ta)) & ~7);
            for (int jt = c0; jt < c1; jt += tile) {
                timesPhiTile(db, ta, tb, ph, b, dph, r0, cols, out, jt, Math.min(c1, jt + tile));
            }
        });
    }

    /** Doubles of output rows per column tile of the blocked products (16 KiB). */
    static final int TILE_DOUBLES = 2048;

    private void timesPhiTile(double[] db, int ta, int tb, double[] ph, double[] b, double[] dph, int r0, int cols,
                              double[] out, int j0, int j1) {
        for (int t = ta; t < tb; t++) {
            Arrays.fill(out, t * n + j0, t * n + j1, 0.0);
        }
        int k = 0;
        if (dph != null) { // two rows k at a time where all four coefficients are nonzero (same order as one by one)
            for (; k + 1 < cols; k += 2) {
                if (k < r0 && k + 1 >= r0) {
                    break; // the pair straddles r0: one by one from here
                }
                final int p0 = k * n, p1 = p0 + n;
                final int dFrom = Math.min(j1, Math.max(j0, k >= r0 ? 0 : r0));
                for (int t = ta; t < tb; t++) {
                    final int off = t * n;
                    final double b0 = db[off + k], c0 = b[off + k], b1 = db[off + k + 1], c1 = b[off + k + 1];
                    if (b0 != 0 && c0 != 0 && b1 != 0 && c1 != 0) {
                        for (int j = j0; j < dFrom; j++) {
                            out[off + j] = out[off + j] + b0 * ph[p0 + j] + b1 * ph[p1 + j];
                        }
                        for (int j = dFrom; j < j1; j++) {
                            out[off + j] = out[off + j] + b0 * ph[p0 + j] + c0 * dph[p0 + j] + b1 * ph[p1 + j]
                                    + c1 * dph[p1 + j];
                        }
                    } else {
                        SweepArrays.axpyNonzero(out, off, b0, ph, p0, j0, j1);
                        SweepArrays.axpyNonzero(out, off, c0, dph, p0, dFrom, j1);
                        SweepArrays.axpyNonzero(out, off, b1, ph, p1, j0, j1);
                        SweepArrays.axpyNonzero(out, off, c1, dph, p1, dFrom, j1);
                    }
                }
            }
        }
        for (; k < cols; k++) {
            final int pr = k * n;
            final int dFrom = Math.max(j0, k >= r0 ? 0 : r0);
            for (int t = ta; t < tb; t++) {
                final int off = t * n;
                final double bv = db[off + k], rv = b[off + k];
                if (bv != 0) {
                    for (int j = j0; j < j1; j++) {
                        out[off + j] += bv * ph[pr + j];
                    }
                }
                if (dph != null && rv != 0) {
                    for (int j = dFrom; j < j1; j++) {
                        out[off + j] += rv * dph[pr + j];
                    }
                }
            }
        }
    }

    /** The tangent of the backward chain of layer l (the loaded Phi^{l-1} and the backward pass's C, R, factors). */
    private void backward(int l, int ta, int tb) {
        tangentC(l, ta, tb);
        eq.gradientRows(dd[l], ta, tb, tb, l < L ? dgk[l + 1] : null, eq.dw, eq.gk[l + 1], ddw,
                l < L ? db[l + 1] : null);
        tangentX(l, ta, tb);
        tangentN(l, ta, tb);
        tangentB(l, ta, tb);
        final double[] dphiDown = l >= 2 ? dphi[l - 1] : null;
        blockTangentTimesPhi(db[l], ta, tb, eq.phi[l - 1], eq.b[l], dphiDown, ta * S, tb * S, dr[l]);
        tangentSBackward(l, ta, tb);
        tangentG(l, ta, tb);
    }

    /** dX = dD C + D dC, the block's rows into dx (C: the backward pass's block rows, the accepted rows before). */
    private void tangentX(int l, int ta, int tb) {
        if (blas != null) {
            tangentXNative(l, ta, tb);
            return;
        }
        final double[] cl = eq.c[l], cBack = eq.cBackward[l], dl = eq.d[l], ddl = dd[l], dcl = dc[l];
        final int m = tb - ta, cols = tb * S, r0 = ta * S;
        Arrays.fill(dx, 0, m * T, 0.0);
        for (int t = ta; t < tb; t++) {
            int xr = (t - ta) * T;
            int row = t * n;
            for (int k = 0; k < cols; k++) {
                double dv = ddl[row + k];
                if (dv != 0) {
                    double[] src = k < r0 ? cl : cBack;
                    int cRow = k < r0 ? k * T : (k - r0) * T;
                    for (int sIdx = 0; sIdx < tb; sIdx++) {
                        dx[xr + sIdx] += dv * src[cRow + sIdx];
                    }
                }
                if (k >= r0) {
                    double d0 = dl[row + k];
                    if (d0 != 0) {
                        int cRow = k * T;
                        for (int sIdx = 0; sIdx < tb; sIdx++) {
                            dx[xr + sIdx] += d0 * dcl[cRow + sIdx];
                        }
                    }
                }
            }
        }
    }

    /** (I - g^2 X_EE) dN_E = g^2 dX N, with the backward pass's factor. */
    private void tangentN(int l, int ta, int tb) {
        final double[] nl = eq.nn[l], dnl = dnn[l];
        for (int t = ta; t < tb; t++) {
            int xr = (t - ta) * T;
            Arrays.fill(v1, 0, tb, 0.0);
            for (int k = 0; k < tb; k++) {
                double xv = g2 * dx[xr + k];
                if (xv == 0) {
                    continue;
                }
                for (int sIdx = 0; sIdx < tb; sIdx++) {
                    v1[sIdx] += xv * nl[k * T + sIdx];
                }
            }
            System.arraycopy(v1, 0, dnl, t * T, tb);
        }
        eq.solveBlockRows(l, ta, tb, dnl);
    }

    /** dB rows = dN D + N dD. */
    private void tangentB(int l, int ta, int tb) {
        if (blas != null) {
            tangentBNative(l, ta, tb);
            return;
        }
        for (int t = ta; t < tb; t++) {
            productRuleRow(db[l], t * n, tb * S, dnn[l], eq.nn[l], t * T, eq.d[l], dd[l], n, ta, tb);
        }
    }

    /**
     * One row of the tangent of a product Y = X M: out[off + j] = sum_{k &lt; kEnd} dX[k] M[k, j]
     * + sum_{kFrom &lt;= k &lt; kEnd} X[k] dM[k, j] for j &lt; len, where X[k] = x[xOff + k] and M[k, j] = m[k stride + j]
     * (dM vanishes in the rows before kFrom).
     */
    private static void productRuleRow(double[] out, int off, int len, double[] dxRow, double[] x, int xOff,
                                       double[] m, double[] dm, int stride, int kFrom, int kEnd) {
        Arrays.fill(out, off, off + len, 0.0);
        for (int k = 0; k < kEnd; k++) {
            double dv = dxRow[xOff + k];
            if (dv != 0) {
                int mRow = k * stride;
                for (int j = 0; j < len; j++) {
                    out[off + j] += dv * m[mRow + j];
                }
            }
            if (k >= kFrom) {
                double v = x[xOff + k];
                if (v != 0) {
                    int mRow = k * stride;
                    for (int j = 0; j < len; j++) {
                        out[off + j] += v * dm[mRow + j];
                    }
                }
            }
        }
    }

    /** dS rows = dR B^T + R dB^T (R: the backward pass's block rows). */
    private void tangentSBackward(int l, int ta, int tb) {
        if (blas != null) {
            tangentSRowsNative(l, ta, tb, eq.rBackward[l], 0);
            return;
        }
        final double[] bl = eq.b[l], rBack = eq.rBackward[l], drl = dr[l], dbl = db[l], dsl = ds[l];
        final int cols = tb * S;
        for (int t = ta; t < tb; t++) {
            for (int u = 0; u < tb; u++) {
                double acc = 0;
                int rr = t * n, br = u * n, rb = (t - ta) * n;
                for (int j = 0; j < cols; j++) {
                    acc += drl[rr + j] * bl[br + j];
                }
                if (u >= ta) {
                    for (int j = 0; j < cols; j++) {
                        acc += rBack[rb + j] * dbl[br + j];
                    }
                }
                dsl[t * T + u] = acc;
            }
        }
    }

    /** dG rows = (dN G + N dG) N^T + (N G) dN^T + g^2 dS, and the mirrored columns of earlier rows. */
    private void tangentG(int l, int ta, int tb) {
        final double[] nl = eq.nn[l], gUp = eq.gk[l + 1], dgUp = l < L ? dgk[l + 1] : null;
        final double[] dnl = dnn[l], dsl = ds[l], dgl = dgk[l];
        for (int t = ta; t < tb; t++) {
            Arrays.fill(v1, 0, tb, 0.0);
            Arrays.fill(v2, 0, tb, 0.0);
            for (int k = 0; k < tb; k++) {
                double dn = dnl[t * T + k], nv = nl[t * T + k];
                for (int k2 = 0; k2 < tb; k2++) {
                    double g = gUp[k * T + k2];
                    v1[k2] += dn * g + (dgUp != null ? nv * dgUp[k * T + k2] : 0.0);
                    v2[k2] += nv * g;
                }
            }
            for (int u = 0; u < tb; u++) {
                double acc = 0;
                for (int k2 = 0; k2 < tb; k2++) {
                    acc += v1[k2] * nl[u * T + k2];
                }
                if (u >= ta) {
                    for (int k2 = 0; k2 < tb; k2++) {
                        acc += v2[k2] * dnl[u * T + k2];
                    }
                }
                dgl[t * T + u] = acc + g2 * dsl[t * T + u];
            }
        }
        eq.mirrorTimeRows(dgl, ta, tb);
    }

    /** The tangent of the forward chain of layer l (the fresh Phi^{l-1}, A^{l-1} of F(x) and their tangents). */
    private void forward(int l, int ta, int tb) {
        tangentC(l, ta, tb);
        tangentA(l, ta, tb);
        tangentRForward(l, ta, tb);
        tangentSForward(l, ta, tb);
        if (l < L) { // F does not contain Phi^L
            tangentPhi(l, ta, tb);
        }
    }

    /** dA rows = dC N + C dN. */
    private void tangentA(int l, int ta, int tb) {
        if (blas != null) {
            tangentANative(l, ta, tb);
            return;
        }
        for (int i = ta * S; i < tb * S; i++) {
            productRuleRow(da[l], i * T, tb, dc[l], eq.c[l], i * T, eq.nn[l], dnn[l], T, ta, tb);
        }
    }

    /** dR rows of the block (fresh Phi^{l-1}) and block columns of earlier rows (dB = 0 there). */
    private void tangentRForward(int l, int ta, int tb) {
        final double[] bl = eq.b[l], phiDown = eq.phi[l - 1], dphiDown = l >= 2 ? dphi[l - 1] : null;
        final double[] drl = dr[l], dbl = db[l];
        final int cols = tb * S, r0 = ta * S, r1 = tb * S;
        blockTangentTimesPhi(dbl, ta, tb, phiDown, bl, dphiDown, r0, cols, drl);
        if (blas != null) {
            tangentREarlierNative(l, ta, tb, dphiDown);
            return;
        }
        int tasks = eq.tasks(ta, dphiDown == null ? 0 : (long) ta * r0 * (r1 - r0), 1);
        eq.pool.run(tasks, tasks > 1, task -> {
            for (int t = LayerSweep.split(ta, tasks, task); t < LayerSweep.split(ta, tasks, task + 1); t++) {
                int br = t * n;
                int i = r0;
                if (dphiDown != null) { // four rows of dPhi for every B[t, k]
                    for (; i + 3 < r1; i += 4) {
                        final int p0 = i * n, p1 = p0 + n, p2 = p1 + n, p3 = p2 + n;
                        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                        for (int k = 0; k < r0; k++) {
                            double bk = bl[br + k];
                            a0 += bk * dphiDown[p0 + k];
                            a1 += bk * dphiDown[p1 + k];
                            a2 += bk * dphiDown[p2 + k];
                            a3 += bk * dphiDown[p3 + k];
                        }
                        drl[br + i] = a0;
                        drl[br + i + 1] = a1;
                        drl[br + i + 2] = a2;
                        drl[br + i + 3] = a3;
                    }
                }
                for (; i < r1; i++) {
                    double acc = 0;
                    if (dphiDown != null) {
                        int pr = i * n;
                        for (int k = 0; k < r0; k++) {
                            acc += bl[br + k] * dphiDown[pr + k];
                        }
                    }
                    drl[br + i] = acc;
                }
            }
        });
    }

    /** dS = dR B^T + R dB^T: rows of the block and block columns of earlier rows. */
    private void tangentSForward(int l, int ta, int tb) {
        if (blas != null) {
            tangentSRowsNative(l, ta, tb, eq.r[l], ta * n);
            tangentSEarlierNative(l, ta, tb);
            return;
        }
        final double[] rl = eq.r[l], bl = eq.b[l], drl = dr[l], dbl = db[l], dsl = ds[l];
        final int cols = tb * S, r0 = ta * S;
        int tasks = eq.tasks(tb, (long) tb * (tb - ta) * cols * 2, 4);
        eq.pool.run(tasks, tasks > 1, task -> sForwardRows(l, ta, tb, LayerSweep.split(tb, tasks, task),
                LayerSweep.split(tb, tasks, task + 1)));
    }

    /** dS rows t in [t0, t1) of {@link #tangentSForward} (each entry by one task, j ascending). */
    private void sForwardRows(int l, int ta, int tb, int t0, int t1) {
        final double[] rl = eq.r[l], bl = eq.b[l], drl = dr[l], dbl = db[l], dsl = ds[l];
        final int cols = tb * S, r0 = ta * S;
        for (int t = t0; t < t1; t++) {
            int uFrom = t < ta ? ta : 0;
            int jFrom = t < ta ? r0 : 0; // an earlier row's dR is nonzero in the block columns only
            for (int u = uFrom; u < tb; u++) {
                double acc = 0;
                int rr = t * n, br = u * n;
                for (int j = jFrom; j < cols; j++) {
                    acc += drl[rr + j] * bl[br + j];
                }
                if (u >= ta) {
                    for (int j = 0; j < cols; j++) {
                        acc += rl[rr + j] * dbl[br + j];
                    }
                }
                dsl[t * T + u] = acc;
            }
        }
    }

    private void predict(int ta, int tb) {
        final double[] cl = eq.c[L], al = eq.a[L], sl = eq.s[L], nl = eq.nn[L];
        final double[] dcl = dc[L], dal = da[L], dsl = ds[L], drl = dr[L], dnl = dnn[L];
        for (int t = ta; t < tb; t++) {
            double nSum = 0, dnSum = 0;
            for (int k = 0; k < tb; k++) {
                nSum += nl[t * T + k];
                dnSum += dnl[t * T + k];
            }
            for (int i = 0; i < S; i++) {
                int ci = (t * S + i) * T;
                double dcs = 0, aSum = 0, daSum = 0;
                for (int k = 0; k < tb; k++) {
                    dcs += dcl[ci + k] * sl[k * T + t] + cl[ci + k] * dsl[k * T + t];
                    aSum += al[ci + k];
                    daSum += dal[ci + k];
                }
                df[t * S + i] = drl[t * n + t * S + i] + g2 * dcs + daSum * nSum + aSum * dnSum;
            }
        }
    }
}
