package org.dln.numeric.simulation;

import org.ejml.data.DMatrixRMaj;

/**
 * Hand-fused kernels for the two memory-bound operations on the {@code N x N} hidden weight matrices.
 * They compute exactly what the commented {@code CommonOps_DDRM} calls compute (and are tested against
 * them), but read each weight matrix once per call with several independent accumulators, which is
 * 2-3x faster than EJML's general-purpose routines for the very skinny operands (P + Q columns) met here.
 */
final class DenseKernels {

    private DenseKernels() {
    }

    /**
     * {@code outT = scale * inT * W^T}, i.e. {@code outT[mu][i] = scale * sum_k W[i][k] inT[mu][k]}
     * (same as {@code CommonOps_DDRM.multTransB(scale, inT, w, outT)}). With samples stored as rows this is
     * the forward pass {@code H^{l+1} = W^l H^l / sqrt(N)} for all samples at once, reading {@code W} once.
     *
     * @param w       {@code R x C}
     * @param inT     {@code M x C}
     * @param outT    {@code M x R}, must not alias the inputs
     * @param rowsBuf scratch, at least {@code M} arrays of length at least {@code C}
     */
    static void forward(DMatrixRMaj w, DMatrixRMaj inT, double scale, DMatrixRMaj outT, double[][] rowsBuf) {
        final int r = w.numRows;
        final int c = w.numCols;
        final int m = inT.numRows;
        if (inT.numCols != c || outT.numRows != m || outT.numCols != r) {
            throw new IllegalArgumentException("shape mismatch");
        }
        for (int mu = 0; mu < m; mu++) {
            System.arraycopy(inT.data, mu * c, rowsBuf[mu], 0, c);
        }
        final double[] wd = w.data;
        final double[] out = outT.data;
        for (int i = 0; i < r; i++) {
            final int base = i * c;
            int mu = 0;
            for (; mu + 4 <= m; mu += 4) {
                final double[] h0 = rowsBuf[mu];
                final double[] h1 = rowsBuf[mu + 1];
                final double[] h2 = rowsBuf[mu + 2];
                final double[] h3 = rowsBuf[mu + 3];
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0, u0 = 0, u1 = 0, u2 = 0, u3 = 0;
                int k = 0;
                for (; k + 1 < c; k += 2) {
                    final double a = wd[base + k];
                    final double b = wd[base + k + 1];
                    s0 += a * h0[k];
                    s1 += a * h1[k];
                    s2 += a * h2[k];
                    s3 += a * h3[k];
                    u0 += b * h0[k + 1];
                    u1 += b * h1[k + 1];
                    u2 += b * h2[k + 1];
                    u3 += b * h3[k + 1];
                }
                if (k < c) {
                    final double a = wd[base + k];
                    s0 += a * h0[k];
                    s1 += a * h1[k];
                    s2 += a * h2[k];
                    s3 += a * h3[k];
                }
                out[mu * r + i] = scale * (s0 + u0);
                out[(mu + 1) * r + i] = scale * (s1 + u1);
                out[(mu + 2) * r + i] = scale * (s2 + u2);
                out[(mu + 3) * r + i] = scale * (s3 + u3);
            }
            for (; mu + 2 <= m; mu += 2) {
                final double[] h0 = rowsBuf[mu];
                final double[] h1 = rowsBuf[mu + 1];
                double s0 = 0, s1 = 0, u0 = 0, u1 = 0;
                int k = 0;
                for (; k + 1 < c; k += 2) {
                    final double a = wd[base + k];
                    final double b = wd[base + k + 1];
                    s0 += a * h0[k];
                    s1 += a * h1[k];
                    u0 += b * h0[k + 1];
                    u1 += b * h1[k + 1];
                }
                if (k < c) {
                    final double a = wd[base + k];
                    s0 += a * h0[k];
                    s1 += a * h1[k];
                }
                out[mu * r + i] = scale * (s0 + u0);
                out[(mu + 1) * r + i] = scale * (s1 + u1);
            }
            if (mu < m) {
                final double[] h0 = rowsBuf[mu];
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int k = 0;
                for (; k + 3 < c; k += 4) {
                    s0 += wd[base + k] * h0[k];
                    s1 += wd[base + k + 1] * h0[k + 1];
                    s2 += wd[base + k + 2] * h0[k + 2];
                    s3 += wd[base + k + 3] * h0[k + 3];
                }
                for (; k < c; k++) {
                    s0 += wd[base + k] * h0[k];
                }
                out[mu * r + i] = scale * ((s0 + s1) + (s2 + s3));
            }
        }
    }

    /**
     * Backward pass fused with the rank-one gradient update, in a single sweep over {@code W}:
     * <pre>
     *   gOut = backScale * W^T gIn              (with W before the update)
     *   W   += alpha * gIn v^T                  (skipped when alpha == 0)
     * </pre>
     * equivalent to {@code CommonOps_DDRM.multTransA(backScale, W, gIn, gOut)} followed by
     * {@code VectorVectorMult_DDRM.addOuterProd(alpha, gIn, v, W)}.
     *
     * @param w    {@code R x C}, updated in place
     * @param gIn  length {@code R}
     * @param gOut length {@code C}, overwritten; must not alias {@code gIn} or {@code v}
     * @param v    length {@code C} (ignored when {@code alpha == 0})
     */
    static void backwardUpdate(DMatrixRMaj w, double[] gIn, double backScale, double[] gOut,
                               double alpha, double[] v) {
        final int r = w.numRows;
        final int c = w.numCols;
        final double[] wd = w.data;
        java.util.Arrays.fill(gOut, 0, c, 0.0);
        if (alpha == 0.0) {
            for (int i = 0; i < r; i++) {
                final int base = i * c;
                final double gi = gIn[i];
                for (int k = 0; k < c; k++) {
                    gOut[k] += gi * wd[base + k];
                }
            }
        } else {
            for (int i = 0; i < r; i++) {
                final int base = i * c;
                final double gi = gIn[i];
                final double ai = alpha * gi;
                for (int k = 0; k < c; k++) {
                    final double wik = wd[base + k];
                    gOut[k] += gi * wik;
                    wd[base + k] = wik + ai * v[k];
                }
            }
        }
        for (int k = 0; k < c; k++) {
            gOut[k] *= backScale;
        }
    }
}
