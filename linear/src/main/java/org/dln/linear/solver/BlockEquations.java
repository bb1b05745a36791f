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
 * The steps of the sweep are those of {@link LayerSweep}, shared with {@link CausalMarchingSolver}; this class adds the
 * block's N solve and the unknowns' layout. The same workspace conventions (i = t S + mu; A stored as C N, B as N D): on the
 * gradient-descent grid with blocks of one step a single sweep is exact and reproduces it to rounding.
 *
 * <p>Arrays are allocated once; a sweep allocates nothing of size n.
 */
final class BlockEquations extends LayerSweep {
    final double lossScale;
    final double[] y;
    final double[] times;       // node times
    final double[] delta;       // T x S: Delta (0 for test samples); dw = lossScale * delta
    final double[] f;           // T x S
    private final double[] rowsT;   // m x T workspace (X = D C)
    private final int maxBlock;
    // the backward pass's values that the forward pass overwrites, kept for the tangent (BlockTangent)
    final double[][] cBackward;  // l: the block's rows of C^l as the backward pass built them, (m S) x T
    final double[][] rBackward;  // l: the block's rows of R^l = B Phi^{l-1} (loaded Phi), m x n
    final double[] diagBackward; // l: 1 - g^2 X_tt when the block has one node
    final LinearSolverDense<DMatrixRMaj>[] luBackward; // l: LU of I - g^2 X_EE when it has more

    BlockEquations(Problem p, TimeGrid grid, double gamma0) {
        super(p.trainCount(), p.jointGram(), grid.size(), p.depth(), gamma0, grid.quadrature(), ones(grid.size()),
                false, true);
        lossScale = p.lossScale();
        y = p.y();
        times = new double[T];
        for (int i = 0; i < T; i++) {
            times[i] = grid.time(i);
        }
        int mb = 1;
        for (int k = 0; k < grid.blocks(); k++) {
            mb = Math.max(mb, grid.blockEnd(k) - grid.blockStart(k));
        }
        maxBlock = mb;
        delta = new double[T * S];
        f = new double[T * S];
        rowsT = new double[mb * T];
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

    /** Backward chain of layer l over the block (the loaded Phi^{l-1}, A^{l-1}); records what the tangent needs. */
    private void backward(int l, int ta, int tb) {
        final int m = tb - ta, cols = tb * S;
        computeC(l, ta, tb);
        System.arraycopy(c[l], ta * S * T, cBackward[l], 0, m * S * T);
        computeD(l, ta, tb, tb);
        responseRows(l, ta, tb);
        computeB(l, ta, tb, cols);
        computeR(l, ta, tb, cols);
        System.arraycopy(r[l], ta * n, rBackward[l], 0, m * n);
        computeS(l, ta, tb, 0, tb, cols);
        computeG(l, ta, tb);
    }

    /**
     * N rows of the block: (I - g^2 X_EE) N_E = I_E + g^2 X_{E,past} N_past with X = D C; the factor of
     * I - g^2 X_EE is kept for the tangent ({@link #solveBlockRows}).
     */
    private void responseRows(int l, int ta, int tb) {
        final double[] cl = c[l], dl = d[l], nl = nn[l];
        final int m = tb - ta, cols = tb * S;
        // X = D C, rows of the block (m x tb), into rowsT
        if (flowBlas != null) { // X^T = C^T D^T
            flowBlas.dgemm("N", "N", tb, m, cols, 1.0, cl, 0, T, dl, ta * n, n, 0.0, rowsT, 0, T);
        } else {
            responseRowsJava(ta, tb, cl, dl);
        }
        // right-hand side I_E + g^2 X_{E,past} N_past, into the block's rows of N
        for (int t = ta; t < tb; t++) {
            int xr = (t - ta) * T;
            Arrays.fill(nl, t * T, t * T + tb, 0.0);
            for (int k = 0; k < ta; k++) {
                double xv = g2 * rowsT[xr + k];
                if (xv == 0) {
                    continue;
                }
                for (int sIdx = 0; sIdx < ta; sIdx++) {
                    nl[t * T + sIdx] += xv * nl[k * T + sIdx];
                }
            }
            nl[t * T + t] += 1.0;
        }
        factorBlock(l, ta, tb);
        solveBlockRows(l, ta, tb, nl);
    }

    /** X = D C, the block's rows (m x tb), into rowsT: the pure-Java loops. */
    private void responseRowsJava(int ta, int tb, double[] cl, double[] dl) {
        final int m = tb - ta, cols = tb * S;
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
    }

    /** Factors I - g^2 X_EE of layer l (X in rowsT): its one entry for a single node, else an LU. */
    private void factorBlock(int l, int ta, int tb) {
        final int m = tb - ta;
        if (m == 1) {
            diagBackward[l] = 1.0 - g2 * rowsT[ta];
            return;
        }
        DMatrixRMaj lhs = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                lhs.set(i, j, (i == j ? 1.0 : 0.0) - g2 * rowsT[i * T + ta + j]);
            }
        }
        LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(m);
        if (!lu.setA(lhs)) {
            throw new ArithmeticException("singular block of I - gamma0^2 D C");
        }
        luBackward[l] = lu;
    }

    /**
     * Solves (I - g^2 X_EE) Y = rhs in place for the block's rows [ta, tb) of the T x T matrix x (columns &lt; tb),
     * with the factor the last backward pass of layer l recorded.
     */
    void solveBlockRows(int l, int ta, int tb, double[] x) {
        final int m = tb - ta;
        if (m == 1) {
            double diag = diagBackward[l];
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                x[ta * T + sIdx] /= diag;
            }
            return;
        }
        DMatrixRMaj rhs = new DMatrixRMaj(m, tb);
        DMatrixRMaj sol = new DMatrixRMaj(m, tb);
        for (int i = 0; i < m; i++) {
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                rhs.set(i, sIdx, x[(ta + i) * T + sIdx]);
            }
        }
        luBackward[l].solve(rhs, sol);
        for (int i = 0; i < m; i++) {
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                x[(ta + i) * T + sIdx] = sol.get(i, sIdx);
            }
        }
    }

    /** Forward chain of layer l over the block, with the fresh Phi^{l-1}, A^{l-1} of layer l - 1. */
    private void forward(int l, int ta, int tb) {
        final int cols = tb * S, r0 = ta * S, r1 = tb * S;
        computeC(l, ta, tb);
        computeA(l, ta, tb);
        computeR(l, ta, tb, cols);
        computeRBlockColumns(l, ta, r0, r1);
        computeS(l, ta, tb, 0, tb, cols);
        computeS(l, 0, ta, ta, tb, cols);
        computePhi(l, ta, tb);
    }

    /** f rows of the block from layer L. */
    private void predict(int ta, int tb) {
        for (int t = ta; t < tb; t++) {
            predictRow(t, tb, f, t * S);
        }
    }

    private static double[] ones(int size) {
        double[] v = new double[size];
        Arrays.fill(v, 1.0);
        return v;
    }

    double time(int t) {
        return times[t];
    }

    int maxBlock() {
        return maxBlock;
    }
}
