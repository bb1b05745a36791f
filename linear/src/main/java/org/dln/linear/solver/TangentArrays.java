package org.dln.linear.solver;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The arrays of the tangent of one sweep ({@link BlockTangent}): the tangents dPhi, dG, dC, dA, dD, dB, dR, dN, dS,
 * dDelta and df of the block's rows, allocated once, and the scatter and gather of a direction v and of the product.
 */
class TangentArrays {
    final BlockEquations eq;
    final int P, S, T, L, n;
    final double g2;
    final double[][] dphi;           // l = 0..L-1 (dphi[0] stays null: Phi^0 is data)
    final double[][] dgk;            // l = 1..L (dG^{L+1} = 0)
    final double[][] dc, da;         // n x T
    final double[][] dd, db, dr;     // T x n
    final double[][] dnn, ds;        // T x T
    final double[] ddw;              // lossScale * dDelta, T x S
    final double[] df;               // T x S
    final double[] dx;               // m x T: dX rows of the block
    final double[] v1, v2, v3, v4; // T
    double[] vq1, vq2, vq3, vq4;   // (rows of the block) x T: the vectors of tangentPhi
    int blockStart = -1, blockEnd = -1;


    TangentArrays(BlockEquations eq) {
        this.eq = eq;
        P = eq.P;
        S = eq.S;
        T = eq.T;
        L = eq.L;
        n = eq.n;
        g2 = eq.g2;
        // (one more zero row or column: netlib's bounds check of a GEMM operand asks for lda entries of its last column)
        dphi = LayerSweep.perLayer(L, 1, L - 1, n * n + n);
        dgk = LayerSweep.perLayer(L + 1, 1, L, T * T);
        dc = LayerSweep.perLayer(L + 1, 1, L, n * T + T);
        da = LayerSweep.perLayer(L + 1, 1, L, n * T + T);
        dd = LayerSweep.perLayer(L + 1, 1, L, T * n + n);
        db = LayerSweep.perLayer(L + 1, 1, L, T * n + n);
        dr = LayerSweep.perLayer(L + 1, 1, L, T * n + n);
        dnn = LayerSweep.perLayer(L + 1, 1, L, T * T + T);
        ds = LayerSweep.perLayer(L + 1, 1, L, T * T + T);
        ddw = new double[T * S];
        df = new double[T * S];
        dx = new double[eq.maxBlock() * T];
        v1 = new double[T];
        v2 = new double[T];
        v3 = new double[T];
        v4 = new double[T];
    }

    void clear() {
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

    void loadTangent(int ta, int tb, double[] v) {
        int pos = eq.scatterKernels(ta, tb, v, dphi, da);
        for (int t = ta; t < tb; t++) {
            for (int mu = 0; mu < P; mu++) {
                ddw[t * S + mu] = eq.lossScale * v[pos++];
            }
        }
    }

    void packTangent(int ta, int tb, double[] out) {
        int pos = eq.gatherKernels(ta, tb, dphi, da, out);
        for (int t = ta; t < tb; t++) {
            for (int mu = 0; mu < P; mu++) {
                out[pos++] = -df[t * S + mu];
            }
        }
    }
}
