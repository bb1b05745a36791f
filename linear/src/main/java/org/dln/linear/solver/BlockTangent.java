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
final class BlockTangent {
    private final BlockEquations eq;
    private final int P, S, T, L, n;
    private final double g2;
    private final double[][] dphi;           // l = 0..L-1 (dphi[0] stays null: Phi^0 is data)
    private final double[][] dgk;            // l = 1..L (dG^{L+1} = 0)
    private final double[][] dc, da;         // n x T
    private final double[][] dd, db, dr;     // T x n
    private final double[][] dnn, ds;        // T x T
    private final double[] ddw;              // lossScale * dDelta, T x S
    private final double[] df;               // T x S
    private final double[] dx;               // m x T: dX rows of the block
    private final double[] v1, v2, v3, v4, v5, v6; // T
    private int blockStart = -1, blockEnd = -1;

    BlockTangent(BlockEquations eq) {
        this.eq = eq;
        P = eq.P;
        S = eq.S;
        T = eq.T;
        L = eq.L;
        n = eq.n;
        g2 = eq.g2;
        dphi = new double[L][];
        for (int l = 1; l < L; l++) {
            dphi[l] = new double[n * n];
        }
        dgk = new double[L + 1][];
        dc = new double[L + 1][];
        da = new double[L + 1][];
        dd = new double[L + 1][];
        db = new double[L + 1][];
        dr = new double[L + 1][];
        dnn = new double[L + 1][];
        ds = new double[L + 1][];
        for (int l = 1; l <= L; l++) {
            dgk[l] = new double[T * T];
            dc[l] = new double[n * T];
            da[l] = new double[n * T];
            dd[l] = new double[T * n];
            db[l] = new double[T * n];
            dr[l] = new double[T * n];
            dnn[l] = new double[T * T];
            ds[l] = new double[T * T];
        }
        ddw = new double[T * S];
        df = new double[T * S];
        dx = new double[eq.maxBlock() * T];
        v1 = new double[T];
        v2 = new double[T];
        v3 = new double[T];
        v4 = new double[T];
        v5 = new double[T];
        v6 = new double[T];
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

    private void clear() {
        for (double[][] arrs : new double[][][] {dphi, dgk, dc, da, dd, db, dr, dnn, ds}) {
            for (double[] arr : arrs) {
                if (arr != null) {
                    Arrays.fill(arr, 0.0);
                }
            }
        }
        Arrays.fill(ddw, 0.0);
        Arrays.fill(df, 0.0);
    }

    private void loadTangent(int ta, int tb, double[] v) {
        int pos = eq.scatterKernels(ta, tb, v, dphi, da);
        for (int t = ta; t < tb; t++) {
            for (int mu = 0; mu < P; mu++) {
                ddw[t * S + mu] = eq.lossScale * v[pos++];
            }
        }
    }

    private void packTangent(int ta, int tb, double[] out) {
        int pos = eq.gatherKernels(ta, tb, dphi, da, out);
        for (int t = ta; t < tb; t++) {
            for (int mu = 0; mu < P; mu++) {
                out[pos++] = -df[t * S + mu];
            }
        }
    }

    /** dC^l rows of the block from the Phi^{l-1}, A^{l-1} rows currently loaded and their tangents. */
    private void tangentC(int l, int ta, int tb) {
        final double[] dcl = dc[l], phiDown = eq.phi[l - 1], dw = eq.dw, q = eq.q;
        final double[] dphiDown = l >= 2 ? dphi[l - 1] : null;
        final double[] daDown = l >= 2 ? da[l - 1] : null;
        for (int i = ta * S; i < tb * S; i++) {
            int t = i / S;
            int cRow = i * T, pRow = i * n;
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                double v = 0;
                double w = q[t * T + sIdx];
                if (w != 0) {
                    int base = sIdx * S;
                    if (sIdx >= ta) {
                        for (int al0 = 0; al0 < P; al0++) {
                            v += phiDown[pRow + base + al0] * ddw[base + al0];
                        }
                    }
                    if (dphiDown != null) {
                        for (int al0 = 0; al0 < P; al0++) {
                            v += dphiDown[pRow + base + al0] * dw[base + al0];
                        }
                    }
                    v *= w;
                }
                if (daDown != null) {
                    v += daDown[cRow + sIdx];
                }
                dcl[cRow + sIdx] = v;
            }
        }
    }

    /**
     * The tangent of a row of B Phi: out[j] = sum_k dB[k] Phi[k, j] + sum_k B[k] dPhi[k, j] for j < cols, where dPhi
     * (null: zero) is nonzero only in the rows and columns [r0, cols) of the block (symmetric, both stored).
     */
    private void rowTangentTimesPhi(double[] db, int off, double[] ph, double[] b, double[] dph,
                                    int r0, int cols, double[] out) {
        Arrays.fill(out, off, off + cols, 0.0);
        for (int k = 0; k < cols; k++) {
            double bv = db[off + k];
            double rv = b[off + k];
            int pr = k * n;
            if (bv != 0) {
                for (int j = 0; j < cols; j++) {
                    out[off + j] += bv * ph[pr + j];
                }
            }
            if (dph != null && rv != 0) {
                if (k >= r0) {
                    for (int j = 0; j < cols; j++) {
                        out[off + j] += rv * dph[pr + j];
                    }
                } else {
                    for (int j = r0; j < cols; j++) {
                        out[off + j] += rv * dph[pr + j];
                    }
                }
            }
        }
    }

    private void backward(int l, int ta, int tb) {
        final double[] cl = eq.c[l], cBack = eq.cBackward[l], rBack = eq.rBackward[l];
        final double[] dl = eq.d[l], nl = eq.nn[l], bl = eq.b[l];
        final double[] gUp = eq.gk[l + 1], dgUp = l < L ? dgk[l + 1] : null;
        final double[] dbUp = l < L ? db[l + 1] : null;
        final double[] phiDown = eq.phi[l - 1], dphiDown = l >= 2 ? dphi[l - 1] : null;
        final double[] dcl = dc[l], ddl = dd[l], dnl = dnn[l], dbl = db[l], drl = dr[l], dsl = ds[l], dgl = dgk[l];
        final double[] dw = eq.dw, q = eq.q;
        final int m = tb - ta, cols = tb * S, r0 = ta * S;
        tangentC(l, ta, tb);
        // dD rows
        for (int t = ta; t < tb; t++) {
            int row = t * n;
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                double qw = q[t * T + sIdx];
                double dgq = dgUp != null ? qw * dgUp[t * T + sIdx] : 0.0;
                double gq = qw * gUp[t * T + sIdx];
                int base = sIdx * S;
                for (int al0 = 0; al0 < S; al0++) {
                    double v = dgq * dw[base + al0] + gq * ddw[base + al0];
                    if (dbUp != null) {
                        v += dbUp[row + base + al0];
                    }
                    ddl[row + base + al0] = v;
                }
            }
        }
        // dX = dD C + D dC (C: the backward pass's block rows, the accepted rows before)
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
        // (I - g^2 X_EE) dN_E = g^2 dX N
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
        if (m == 1) {
            double diag = eq.diagBackward[l];
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                dnl[ta * T + sIdx] /= diag;
            }
        } else {
            DMatrixRMaj rhs = new DMatrixRMaj(m, tb);
            DMatrixRMaj sol = new DMatrixRMaj(m, tb);
            for (int i = 0; i < m; i++) {
                for (int sIdx = 0; sIdx < tb; sIdx++) {
                    rhs.set(i, sIdx, dnl[(ta + i) * T + sIdx]);
                }
            }
            eq.luBackward[l].solve(rhs, sol);
            for (int i = 0; i < m; i++) {
                for (int sIdx = 0; sIdx < tb; sIdx++) {
                    dnl[(ta + i) * T + sIdx] = sol.get(i, sIdx);
                }
            }
        }
        // dB rows = dN D + N dD
        for (int t = ta; t < tb; t++) {
            int row = t * n;
            Arrays.fill(dbl, row, row + cols, 0.0);
            for (int k = 0; k < tb; k++) {
                double dn = dnl[t * T + k];
                if (dn != 0) {
                    int dRow = k * n;
                    for (int j = 0; j < cols; j++) {
                        dbl[row + j] += dn * dl[dRow + j];
                    }
                }
                if (k >= ta) {
                    double nv = nl[t * T + k];
                    if (nv != 0) {
                        int dRow = k * n;
                        for (int j = 0; j < cols; j++) {
                            dbl[row + j] += nv * ddl[dRow + j];
                        }
                    }
                }
            }
        }
        // dR rows = dB Phi + B dPhi (the loaded Phi^{l-1})
        for (int t = ta; t < tb; t++) {
            rowTangentTimesPhi(dbl, t * n, phiDown, bl, dphiDown, r0, cols, drl);
        }
        // dS rows = dR B^T + R dB^T (R: the backward pass's block rows)
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
        // dG rows = (dN G + N dG) N^T + (N G) dN^T + g^2 dS
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
        for (int t = ta; t < tb; t++) {
            for (int u = 0; u < ta; u++) {
                dgl[u * T + t] = dgl[t * T + u];
            }
        }
    }

    private void forward(int l, int ta, int tb) {
        final double[] cl = eq.c[l], al = eq.a[l], nl = eq.nn[l], rl = eq.r[l], sl = eq.s[l], bl = eq.b[l];
        final double[] gUp = eq.gk[l + 1], dgUp = l < L ? dgk[l + 1] : null;
        final double[] phiDown = eq.phi[l - 1], dphiDown = l >= 2 ? dphi[l - 1] : null;
        final double[] dcl = dc[l], dal = da[l], dnl = dnn[l], drl = dr[l], dsl = ds[l], dbl = db[l];
        final int cols = tb * S, r0 = ta * S, r1 = tb * S;
        tangentC(l, ta, tb);
        // dA rows = dC N + C dN
        for (int i = r0; i < r1; i++) {
            int cRow = i * T;
            Arrays.fill(dal, cRow, cRow + tb, 0.0);
            for (int k = 0; k < tb; k++) {
                double dcv = dcl[cRow + k];
                if (dcv != 0) {
                    for (int sIdx = 0; sIdx < tb; sIdx++) {
                        dal[cRow + sIdx] += dcv * nl[k * T + sIdx];
                    }
                }
                if (k >= ta) {
                    double cv = cl[cRow + k];
                    if (cv != 0) {
                        for (int sIdx = 0; sIdx < tb; sIdx++) {
                            dal[cRow + sIdx] += cv * dnl[k * T + sIdx];
                        }
                    }
                }
            }
        }
        // dR rows of the block (fresh Phi^{l-1}) and block columns of earlier rows (dB = 0 there)
        for (int t = ta; t < tb; t++) {
            rowTangentTimesPhi(dbl, t * n, phiDown, bl, dphiDown, r0, cols, drl);
        }
        for (int t = 0; t < ta; t++) {
            int br = t * n;
            for (int i = r0; i < r1; i++) {
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
        // dS = dR B^T + R dB^T: rows of the block and block columns of earlier rows
        for (int t = 0; t < tb; t++) {
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
        if (l == L) {
            return; // F does not contain Phi^L
        }
        final double[] dphiL = dphi[l];
        final double g4 = g2 * g2;
        for (int i = r0; i < r1; i++) {
            int cRow = i * T;
            int out = i * n;
            if (dphiDown != null) {
                System.arraycopy(dphiDown, out, dphiL, out, cols);
            } else {
                Arrays.fill(dphiL, out, out + cols, 0.0);
            }
            if (g2 == 0) {
                continue;
            }
            // g^2 (dC R + C dR)[i, :]
            for (int k = 0; k < tb; k++) {
                double dcv = g2 * dcl[cRow + k];
                double cv = g2 * cl[cRow + k];
                int rRow = k * n;
                if (dcv != 0) {
                    for (int j = 0; j < cols; j++) {
                        dphiL[out + j] += dcv * rl[rRow + j];
                    }
                }
                if (cv != 0) {
                    for (int j = k < ta ? r0 : 0; j < cols; j++) {
                        dphiL[out + j] += cv * drl[rRow + j];
                    }
                }
            }
            // v1 = g^2 R[:, i] + g^4 (C S)[i, :], v2 = g^2 (A G)[i, :] and their tangents v3, v4 (v5 = g^2 dR[:, i])
            for (int u = 0; u < tb; u++) {
                double cs = 0, dcs = 0, ag = 0, dag = 0;
                for (int k = 0; k < tb; k++) {
                    double cv = cl[cRow + k], av = al[cRow + k];
                    cs += cv * sl[k * T + u];
                    dcs += dcl[cRow + k] * sl[k * T + u] + cv * dsl[k * T + u];
                    double g = gUp[k * T + u];
                    ag += av * g;
                    dag += dal[cRow + k] * g + (dgUp != null ? av * dgUp[k * T + u] : 0.0);
                }
                v1[u] = g2 * rl[u * n + i] + g4 * cs;
                v2[u] = g2 * ag;
                v3[u] = g2 * drl[u * n + i] + g4 * dcs;
                v4[u] = g2 * dag;
            }
            // sum_u C[j, u] v3[u] + A[j, u] v4[u] over all j, plus dC[j, u] v1[u] + dA[j, u] v2[u] for the block's j
            for (int j = 0; j < cols; j++) {
                int cRow2 = j * T;
                double acc = 0;
                for (int u = 0; u < tb; u++) {
                    acc += cl[cRow2 + u] * v3[u] + al[cRow2 + u] * v4[u];
                }
                if (j >= r0) {
                    for (int u = 0; u < tb; u++) {
                        acc += dcl[cRow2 + u] * v1[u] + dal[cRow2 + u] * v2[u];
                    }
                }
                dphiL[out + j] += acc;
            }
        }
        for (int i = r0; i < r1; i++) {
            for (int j = 0; j < r0; j++) {
                dphiL[j * n + i] = dphiL[i * n + j];
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
