package org.dln.numeric.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.mult.VectorVectorMult_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The hand-fused kernels against the EJML operations they replace, on odd shapes that exercise every
 * unrolling remainder. Only the summation order differs: sums of C ~ 50 terms of size O(1) agree to
 * ~1e-14; tolerance 1e-12.
 */
class DenseKernelsTest {

    @Test
    void forwardMatchesMultTransB() {
        java.util.Random rnd = new java.util.Random(1);
        for (int m = 1; m <= 9; m++) {
            for (int c : new int[] {1, 2, 7, 53}) {
                int r = 37;
                DMatrixRMaj w = RandomMatrices_DDRM.rectangle(r, c, -1, 1, rnd);
                DMatrixRMaj in = RandomMatrices_DDRM.rectangle(m, c, -1, 1, rnd);
                DMatrixRMaj expected = new DMatrixRMaj(m, r);
                CommonOps_DDRM.multTransB(0.3, in, w, expected);
                DMatrixRMaj actual = new DMatrixRMaj(m, r);
                DenseKernels.forward(w, in, 0.3, actual, new double[m][c]);
                for (int i = 0; i < expected.getNumElements(); i++) {
                    assertEquals(expected.data[i], actual.data[i], 1e-12, "m=" + m + " c=" + c);
                }
            }
        }
    }

    @Test
    void backwardUpdateMatchesMultTransAAndOuterProduct() {
        java.util.Random rnd = new java.util.Random(2);
        for (double alpha : new double[] {0.0, 0.7}) {
            DMatrixRMaj w = RandomMatrices_DDRM.rectangle(23, 31, -1, 1, rnd);
            DMatrixRMaj gIn = RandomMatrices_DDRM.rectangle(23, 1, -1, 1, rnd);
            DMatrixRMaj v = RandomMatrices_DDRM.rectangle(31, 1, -1, 1, rnd);
            DMatrixRMaj expectedG = new DMatrixRMaj(31, 1);
            DMatrixRMaj expectedW = w.copy();
            CommonOps_DDRM.multTransA(0.4, expectedW, gIn, expectedG);
            VectorVectorMult_DDRM.addOuterProd(alpha, gIn, v, expectedW);
            double[] g = new double[31];
            DenseKernels.backwardUpdate(w, gIn.data, 0.4, g, alpha, v.data);
            for (int k = 0; k < 31; k++) {
                assertEquals(expectedG.data[k], g[k], 1e-12);
            }
            for (int i = 0; i < w.getNumElements(); i++) {
                assertEquals(expectedW.data[i], w.data[i], 1e-12);
            }
        }
    }
}
