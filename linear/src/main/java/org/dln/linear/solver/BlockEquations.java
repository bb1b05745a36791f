package org.dln.linear.solver;

import java.util.Arrays;
import org.dln.linear.problem.Problem;
import org.dln.numeric.time.TimeGrid;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The matrix equations of theory.md section 3 on an arbitrary {@link TimeGrid} (quadrature matrix Q), marched block
 * by block. Within a block the equations couple every node to every other (collocation for gradient flow), so the
 * rows of the block are the unknowns of a nonlinear system, solved by a Newton method in {@link BlockMarchingSolver};
 * this class evaluates the fixed-point form {@code z = F(z)} of that system.
 *
 * <h2>Unknowns of block [a, b)</h2>
 * {@code z} = rows (t, mu), t in [a, b), of Phi^l (all columns up to the block end) and of A^l (summed over the second
 * sample), l = 1..L-1, and Delta_mu(t) for the train samples. Everything else follows in one sweep:
 * <ol>
 * <li>backward chain, l = L..1: D^l = B^l + (G^{l+1} o Q) diag(Delta); N_l = (I - g^2 D C)^{-1} (only the block's
 * diagonal m x m system is solved; earlier rows are known); B_l = N D; R = B Phi^{l-1}; S = R B^T;
 * G^l = N G^{l+1} N^T + g^2 S (C^l from the unknowns);</li>
 * <li>forward chain, l = 1..L: C^l = A^{l-1} + (Phi^{l-1} o Q) diag(Delta) with the fresh A^{l-1}, Phi^{l-1};
 * A_l = C N; Phi^l = Phi^{l-1} + g^2 (C R + R^T C^T) + g^4 C S C^T + g^2 A G^{l+1} A^T;</li>
 * <li>f(t) = [R^T + g^2 C S + A G^{L+1} N^T]_{(t,mu), t} of layer L and Delta = y - f.</li>
 * </ol>
 * The same workspace conventions as {@link CausalMarchingSolver} (i = t S + mu; A stored as C N, B as N D): on the
 * gradient-descent grid with blocks of one step a single sweep is exact and reproduces it to rounding.
 *
 * <p>Arrays are allocated once; a sweep allocates nothing of size n.
 */
final class BlockEquations {
    final int P, S, T, L, n;
    final double g2;
    final double lossScale;
    final double[] y;
    final double[] q;           // T x T quadrature
    final double[] times;       // node times
    final double[][] phi;       // l = 0..L: n x n
    final double[][] gk;        // l = 1..L+1: T x T
    final double[][] c, a;      // l = 1..L: n x T
    final double[][] d, b, r;   // l = 1..L: T x n
    final double[][] nn, s;     // l = 1..L: T x T
    final double[] delta;       // T x S: Delta (0 for test samples)
    final double[] dw;          // lossScale * delta
    final double[] f;           // T x S
    private final double[] rowsT;   // m x T workspace (X = D C, N rhs)
    private final double[] rowsT2;  // m x T workspace
    private final double[] vecT, vecT2, vecT3; // T
    private final int maxBlock;
    // the backward pass's values that the forward pass overwrites, kept for the tangent (BlockTangent)
    final double[][] cBackward;  // l: the block's rows of C^l as the backward pass built them, (m S) x T
    final double[][] rBackward;  // l: the block's rows of R^l = B Phi^{l-1} (loaded Phi), m x n
    final double[] diagBackward; // l: 1 - g^2 X_tt when the block has one node
    final LinearSolverDense<DMatrixRMaj>[] luBackward; // l: LU of I - g^2 X_EE when it has more

    BlockEquations(Problem p, TimeGrid grid, double gamma0) {
        P = p.trainCount();
        S = P + p.testCount();
        T = grid.size();
        L = p.depth();
        n = S * T;
        g2 = gamma0 * gamma0;
        lossScale = p.lossScale();
        y = p.y();
        q = grid.quadrature();
        times = new double[T];
        for (int i = 0; i < T; i++) {
            times[i] = grid.time(i);
        }
        int mb = 1;
        for (int k = 0; k < grid.blocks(); k++) {
            mb = Math.max(mb, grid.blockEnd(k) - grid.blockStart(k));
        }
        maxBlock = mb;
        phi = new double[L + 1][];
        double[][] k = p.jointGram();
        phi[0] = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                phi[0][i * n + j] = k[i % S][j % S];
            }
        }
        gk = new double[L + 2][];
        c = new double[L + 1][];
        a = new double[L + 1][];
        d = new double[L + 1][];
        b = new double[L + 1][];
        r = new double[L + 1][];
        nn = new double[L + 1][];
        s = new double[L + 1][];
        for (int l = 1; l <= L; l++) {
            phi[l] = new double[n * n];
            gk[l] = new double[T * T];
            c[l] = new double[n * T];
            a[l] = new double[n * T];
            d[l] = new double[T * n];
            b[l] = new double[T * n];
            r[l] = new double[T * n];
            nn[l] = new double[T * T];
            s[l] = new double[T * T];
        }
        gk[L + 1] = new double[T * T];
        Arrays.fill(gk[L + 1], 1.0);
        delta = new double[T * S];
        dw = new double[T * S];
        f = new double[T * S];
        rowsT = new double[mb * T];
        rowsT2 = new double[mb * T];
        vecT = new double[T];
        vecT2 = new double[T];
        vecT3 = new double[T];
        cBackward = new double[L + 1][];
        rBackward = new double[L + 1][];
        for (int l = 1; l <= L; l++) {
            cBackward[l] = new double[mb * S * T];
            rBackward[l] = new double[mb * n];
        }
        diagBackward = new double[L + 1];
        @SuppressWarnings("unchecked")
        LinearSolverDense<DMatrixRMaj>[] lus = new LinearSolverDense[L + 1];
        luBackward = lus;
    }

    /** Number of unknowns of block [ta, tb). */
    int unknowns(int ta, int tb) {
        int rows = (tb - ta) * S;
        return (L - 1) * rows * (tb * S + tb) + (tb - ta) * P;
    }

    /** Writes z into the block's rows (and the mirrored columns of Phi). */
    void load(int ta, int tb, double[] z) {
        int pos = scatterKernels(ta, tb, z, phi, a);
        for (int t = ta; t < tb; t++) {
            for (int mu = 0; mu < P; mu++) {
                double v = z[pos++];
                delta[t * S + mu] = v;
                dw[t * S + mu] = lossScale * v;
            }
        }
    }

    /** Writes the Phi^l and A^l (l < L) parts of z into the block's rows, leaving Delta as it is. */
    void loadKernels(int ta, int tb, double[] z) {
        scatterKernels(ta, tb, z, phi, a);
    }

    /**
     * The layout of the unknowns: writes the Phi^l rows (all columns before the block end, mirrored into the earlier
     * rows' columns) and the A^l rows, l = 1..L-1, of z into phiRows[l] and aRows[l]; returns the position of Delta in z.
     */
    int scatterKernels(int ta, int tb, double[] z, double[][] phiRows, double[][] aRows) {
        int pos = 0;
        int r0 = ta * S, r1 = tb * S, cols = tb * S;
        for (int l = 1; l < L; l++) {
            double[] pl = phiRows[l];
            for (int i = r0; i < r1; i++) {
                System.arraycopy(z, pos, pl, i * n, cols);
                pos += cols;
                for (int j = 0; j < r0; j++) {
                    pl[j * n + i] = pl[i * n + j];
                }
            }
        }
        for (int l = 1; l < L; l++) {
            for (int i = r0; i < r1; i++) {
                System.arraycopy(z, pos, aRows[l], i * T, tb);
                pos += tb;
            }
        }
        return pos;
    }

    /** The inverse of {@link #scatterKernels}: reads the block's Phi^l and A^l rows into z; returns the position of Delta. */
    int gatherKernels(int ta, int tb, double[][] phiRows, double[][] aRows, double[] z) {
        int pos = 0;
        int r0 = ta * S, r1 = tb * S, cols = tb * S;
        for (int l = 1; l < L; l++) {
            for (int i = r0; i < r1; i++) {
                System.arraycopy(phiRows[l], i * n, z, pos, cols);
                pos += cols;
            }
        }
        for (int l = 1; l < L; l++) {
            for (int i = r0; i < r1; i++) {
                System.arraycopy(aRows[l], i * T, z, pos, tb);
                pos += tb;
            }
        }
        return pos;
    }

    /** Reads the block's current rows into z (after a sweep: F(z)). */
    void pack(int ta, int tb, double[] z) {
        int pos = gatherKernels(ta, tb, phi, a, z);
        for (int t = ta; t < tb; t++) {
            for (int mu = 0; mu < P; mu++) {
                z[pos++] = y[mu] - f[t * S + mu];
            }
        }
    }

    /** z -> F(z) for block [ta, tb): loads z, sweeps, packs the result into out. */
    void map(int ta, int tb, double[] z, double[] out) {
        load(ta, tb, z);
        sweep(ta, tb);
        pack(ta, tb, out);
    }

    /** Accepts the block: Delta of its rows from the last sweep's predictions. */
    void accept(int ta, int tb) {
        for (int t = ta; t < tb; t++) {
            for (int mu = 0; mu < P; mu++) {
                double v = y[mu] - f[t * S + mu];
                delta[t * S + mu] = v;
                dw[t * S + mu] = lossScale * v;
            }
        }
    }

    /** One sweep of the equations over the rows [ta, tb) with the unknowns currently loaded. */
    void sweep(int ta, int tb) {
        for (int l = L; l >= 1; l--) {
            backward(l, ta, tb);
        }
        for (int l = 1; l <= L; l++) {
            forward(l, ta, tb);
        }
        predict(ta, tb);
    }

    /** C^l rows (t, mu), t in [ta, tb), columns s < tb. */
    private void computeC(int l, int ta, int tb) {
        final double[] cl = c[l], phiDown = phi[l - 1];
        final double[] aDown = l >= 2 ? a[l - 1] : null;
        for (int i = ta * S; i < tb * S; i++) {
            int t = i / S;
            int cRow = i * T, pRow = i * n;
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                double v = 0;
                double w = q[t * T + sIdx];
                if (w != 0) {
                    int base = sIdx * S;
                    for (int al0 = 0; al0 < P; al0++) {
                        v += phiDown[pRow + base + al0] * dw[base + al0];
                    }
                    v *= w;
                }
                if (aDown != null) {
                    v += aDown[cRow + sIdx];
                }
                cl[cRow + sIdx] = v;
            }
        }
    }

    private void backward(int l, int ta, int tb) {
        final double[] cl = c[l], dl = d[l], nl = nn[l], bl = b[l], rl = r[l], sl = s[l], gl = gk[l];
        final double[] gUp = gk[l + 1];
        final double[] bUp = l < L ? b[l + 1] : null;
        final double[] phiDown = phi[l - 1];
        final int m = tb - ta, cols = tb * S;
        computeC(l, ta, tb);
        System.arraycopy(cl, ta * S * T, cBackward[l], 0, m * S * T);
        // D rows t in [ta, tb), columns (s, alpha), s < tb
        for (int t = ta; t < tb; t++) {
            int row = t * n;
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                double gq = q[t * T + sIdx] * gUp[t * T + sIdx];
                int base = sIdx * S;
                for (int al0 = 0; al0 < S; al0++) {
                    double v = gq * dw[base + al0];
                    if (bUp != null) {
                        v += bUp[row + base + al0];
                    }
                    dl[row + base + al0] = v;
                }
            }
        }
        // X = D C, rows of the block (m x tb), into rowsT
        Arrays.fill(rowsT, 0, m * T, 0.0);
        for (int t = ta; t < tb; t++) {
            int xr = (t - ta) * T;
            int row = t * n;
            for (int k = 0; k < cols; k++) {
                double dv = dl[row + k];
                if (dv == 0) {
                    continue;
                }
                int cRow = k * T;
                for (int sIdx = 0; sIdx < tb; sIdx++) {
                    rowsT[xr + sIdx] += dv * cl[cRow + sIdx];
                }
            }
        }
        // N rows: (I - g^2 X_EE) N_E = I_E + g^2 X_{E,past} N_past
        Arrays.fill(rowsT2, 0, m * T, 0.0);
        for (int t = ta; t < tb; t++) {
            int xr = (t - ta) * T;
            for (int k = 0; k < ta; k++) {
                double xv = g2 * rowsT[xr + k];
                if (xv == 0) {
                    continue;
                }
                for (int sIdx = 0; sIdx < ta; sIdx++) {
                    rowsT2[xr + sIdx] += xv * nl[k * T + sIdx];
                }
            }
            rowsT2[xr + t] += 1.0;
        }
        if (m == 1) {
            double diag = 1.0 - g2 * rowsT[ta];
            diagBackward[l] = diag;
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                nl[ta * T + sIdx] = rowsT2[sIdx] / diag;
            }
        } else {
            DMatrixRMaj lhs = new DMatrixRMaj(m, m);
            DMatrixRMaj rhs = new DMatrixRMaj(m, tb);
            DMatrixRMaj sol = new DMatrixRMaj(m, tb);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    lhs.set(i, j, (i == j ? 1.0 : 0.0) - g2 * rowsT[i * T + ta + j]);
                }
                for (int sIdx = 0; sIdx < tb; sIdx++) {
                    rhs.set(i, sIdx, rowsT2[i * T + sIdx]);
                }
            }
            LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(m);
            if (!lu.setA(lhs)) {
                throw new ArithmeticException("singular block of I - gamma0^2 D C");
            }
            lu.solve(rhs, sol);
            luBackward[l] = lu;
            for (int i = 0; i < m; i++) {
                for (int sIdx = 0; sIdx < tb; sIdx++) {
                    nl[(ta + i) * T + sIdx] = sol.get(i, sIdx);
                }
            }
        }
        // B rows = N D
        for (int t = ta; t < tb; t++) {
            int row = t * n;
            Arrays.fill(bl, row, row + cols, 0.0);
            for (int k = 0; k < tb; k++) {
                double nv = nl[t * T + k];
                if (nv == 0) {
                    continue;
                }
                int dRow = k * n;
                for (int j = 0; j < cols; j++) {
                    bl[row + j] += nv * dl[dRow + j];
                }
            }
        }
        // R rows = B Phi^{l-1}
        for (int t = ta; t < tb; t++) {
            rowTimesPhi(bl, t * n, phiDown, cols, rl, t * n);
        }
        System.arraycopy(rl, ta * n, rBackward[l], 0, m * n);
        // S rows: S[t, u] = R[t,:] . B[u,:]
        for (int t = ta; t < tb; t++) {
            for (int u = 0; u < tb; u++) {
                double acc = 0;
                int rr = t * n, br = u * n;
                for (int j = 0; j < cols; j++) {
                    acc += rl[rr + j] * bl[br + j];
                }
                sl[t * T + u] = acc;
            }
        }
        // G rows: (N G^{l+1} N^T)[t, u] + g^2 S[t, u]
        for (int t = ta; t < tb; t++) {
            Arrays.fill(vecT, 0, tb, 0.0);
            for (int k = 0; k < tb; k++) {
                double nv = nl[t * T + k];
                if (nv == 0) {
                    continue;
                }
                for (int k2 = 0; k2 < tb; k2++) {
                    vecT[k2] += nv * gUp[k * T + k2];
                }
            }
            for (int u = 0; u < tb; u++) {
                double acc = 0;
                for (int k2 = 0; k2 < tb; k2++) {
                    acc += vecT[k2] * nl[u * T + k2];
                }
                gl[t * T + u] = acc + g2 * sl[t * T + u];
            }
        }
        for (int t = ta; t < tb; t++) {
            for (int u = 0; u < ta; u++) {
                gl[u * T + t] = gl[t * T + u];
            }
        }
    }

    /** out[outOff + j] = sum_{k < cols} row[rowOff + k] Phi[k, j], j < cols. */
    private void rowTimesPhi(double[] row, int rowOff, double[] ph, int cols, double[] out, int outOff) {
        Arrays.fill(out, outOff, outOff + cols, 0.0);
        for (int k = 0; k < cols; k++) {
            double v = row[rowOff + k];
            if (v == 0) {
                continue;
            }
            int pr = k * n;
            for (int j = 0; j < cols; j++) {
                out[outOff + j] += v * ph[pr + j];
            }
        }
    }

    private void forward(int l, int ta, int tb) {
        final double[] cl = c[l], al = a[l], nl = nn[l], rl = r[l], sl = s[l], bl = b[l];
        final double[] gUp = gk[l + 1];
        final double[] phiDown = phi[l - 1];
        final double[] phiL = phi[l];
        final int cols = tb * S, r0 = ta * S, r1 = tb * S;
        computeC(l, ta, tb);
        // A rows = C N
        for (int i = r0; i < r1; i++) {
            int cRow = i * T;
            Arrays.fill(al, cRow, cRow + tb, 0.0);
            for (int k = 0; k < tb; k++) {
                double cv = cl[cRow + k];
                if (cv == 0) {
                    continue;
                }
                for (int sIdx = 0; sIdx < tb; sIdx++) {
                    al[cRow + sIdx] += cv * nl[k * T + sIdx];
                }
            }
        }
        // R rows of the block (fresh Phi^{l-1}) and block columns of earlier rows
        for (int t = ta; t < tb; t++) {
            rowTimesPhi(bl, t * n, phiDown, cols, rl, t * n);
        }
        for (int t = 0; t < ta; t++) {
            int br = t * n;
            for (int i = r0; i < r1; i++) {
                int pr = i * n; // Phi^{l-1} column i = row i
                double acc = 0;
                for (int k = 0; k < r0; k++) {
                    acc += bl[br + k] * phiDown[pr + k];
                }
                rl[br + i] = acc;
            }
        }
        // S rows of the block and block columns of earlier rows
        for (int t = 0; t < tb; t++) {
            int uFrom = t < ta ? ta : 0;
            for (int u = uFrom; u < tb; u++) {
                double acc = 0;
                int rr = t * n, br = u * n;
                for (int j = 0; j < cols; j++) {
                    acc += rl[rr + j] * bl[br + j];
                }
                sl[t * T + u] = acc;
            }
        }
        // Phi^l rows
        for (int i = r0; i < r1; i++) {
            int cRow = i * T;
            int out = i * n;
            System.arraycopy(phiDown, out, phiL, out, cols);
            if (g2 == 0) {
                continue;
            }
            for (int k = 0; k < tb; k++) {
                double cv = g2 * cl[cRow + k];
                if (cv == 0) {
                    continue;
                }
                int rRow = k * n;
                for (int j = 0; j < cols; j++) {
                    phiL[out + j] += cv * rl[rRow + j];
                }
            }
            for (int u = 0; u < tb; u++) {
                double acc4 = 0, acc5 = 0;
                for (int k = 0; k < tb; k++) {
                    acc4 += cl[cRow + k] * sl[k * T + u];
                    acc5 += al[cRow + k] * gUp[k * T + u];
                }
                vecT[u] = g2 * g2 * acc4;
                vecT2[u] = g2 * acc5;
                vecT3[u] = g2 * rl[u * n + i];
            }
            for (int j = 0; j < cols; j++) {
                int cRow2 = j * T;
                double acc = 0;
                for (int u = 0; u < tb; u++) {
                    acc += cl[cRow2 + u] * (vecT3[u] + vecT[u]) + al[cRow2 + u] * vecT2[u];
                }
                phiL[out + j] += acc;
            }
        }
        for (int i = r0; i < r1; i++) {
            for (int j = 0; j < r0; j++) {
                phiL[j * n + i] = phiL[i * n + j];
            }
        }
    }

    /** f rows of the block from layer L. */
    private void predict(int ta, int tb) {
        final double[] rl = r[L], cl = c[L], al = a[L], sl = s[L], nl = nn[L];
        for (int t = ta; t < tb; t++) {
            double nSum = 0;
            for (int k = 0; k < tb; k++) {
                nSum += nl[t * T + k];
            }
            for (int i = 0; i < S; i++) {
                int ci = (t * S + i) * T;
                double cs = 0, aSum = 0;
                for (int k = 0; k < tb; k++) {
                    cs += cl[ci + k] * sl[k * T + t];
                    aSum += al[ci + k];
                }
                f[t * S + i] = rl[t * n + t * S + i] + g2 * cs + aSum * nSum;
            }
        }
    }

    /** K_ij(t) = sum_{l=0..L} G^{l+1}(t,t) Phi^l_ij(t,t). */
    double ntk(int t, int i, int j) {
        double acc = 0;
        int idx = (t * S + i) * n + t * S + j;
        for (int l = 0; l <= L; l++) {
            acc += gk[l + 1][t * T + t] * phi[l][idx];
        }
        return acc;
    }

    double time(int t) {
        return times[t];
    }

    int maxBlock() {
        return maxBlock;
    }
}
