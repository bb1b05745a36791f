package org.dln.linear.fluct;

import dev.ludovic.netlib.blas.BLAS;
import org.dln.linear.solver.NativeBlas;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * c = alpha op(a) op(b) + beta c for the row-major matrices of {@link SiteBlocks}: the native BLAS dgemm when
 * {@link NativeBlas} provides one (row-major C = A B is column-major C^T = B^T A^T, so the operands are swapped), EJML's
 * loops otherwise. The two differ by the order of the sums only (rounding).
 */
final class Gemm {
    private Gemm() {
    }

    static void gemm(double alpha, DMatrixRMaj a, boolean ta, DMatrixRMaj b, boolean tb, double beta, DMatrixRMaj c) {
        int rows = ta ? a.numCols : a.numRows, inner = ta ? a.numRows : a.numCols, cols = tb ? b.numRows : b.numCols;
        if (c.numRows != rows || c.numCols != cols || inner != (tb ? b.numCols : b.numRows)) {
            throw new IllegalArgumentException("gemm: incompatible shapes");
        }
        BLAS blas = NativeBlas.get();
        if (blas != null && rows > 0 && cols > 0 && inner > 0) {
            blas.dgemm(tb ? "T" : "N", ta ? "T" : "N", cols, rows, inner, alpha, b.data, 0, Math.max(1, b.numCols),
                    a.data, 0, Math.max(1, a.numCols), beta, c.data, 0, Math.max(1, c.numCols));
            return;
        }
        if (beta == 0) {
            c.zero();
        } else if (beta != 1) {
            CommonOps_DDRM.scale(beta, c);
        }
        if (!ta && !tb) {
            CommonOps_DDRM.multAdd(alpha, a, b, c);
        } else if (ta && !tb) {
            CommonOps_DDRM.multAddTransA(alpha, a, b, c);
        } else if (!ta) {
            CommonOps_DDRM.multAddTransB(alpha, a, b, c);
        } else {
            CommonOps_DDRM.multAddTransAB(alpha, a, b, c);
        }
    }
}
