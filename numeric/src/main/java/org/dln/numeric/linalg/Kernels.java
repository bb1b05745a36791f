package org.dln.numeric.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Static operations on small dense kernel (Gram) matrices given as double[][]. */
public final class Kernels {
    private Kernels() {
    }

    /** The input Gram block A B^T / D between the rows of a and b (D = number of columns). */
    public static double[][] gram(double[][] a, double[][] b) {
        int d = a.length > 0 ? a[0].length : b.length > 0 ? b[0].length : 0;
        double[][] k = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += a[i][c] * b[j][c];
                }
                k[i][j] = s / d;
            }
        }
        return k;
    }

    /** {smallest, largest} eigenvalue of the leading n x n block of a symmetric matrix ({0, 0} when n = 0). */
    public static double[] eigenvalueRange(double[][] a, int n) {
        if (n == 0) {
            return new double[] {0, 0};
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.set(i, j, a[i][j]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(m)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = eig.getEigenvalue(i).getReal();
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new double[] {lo, hi};
    }

    /**
     * Kernel-target alignment y^T K y / (|y|^2 ||K||_F) of the leading P x P block of K, P = y.length. Undefined
     * (NaN, 0/0) when y = 0 or the block is 0; where the direct sums would overflow or underflow it is computed on
     * rescaled y and K.
     */
    public static double alignment(double[][] k, double[] y) {
        double yky = 0, fro = 0, yy = 0;
        for (int i = 0; i < y.length; i++) {
            yy += y[i] * y[i];
            for (int j = 0; j < y.length; j++) {
                yky += y[i] * k[i][j] * y[j];
                fro += k[i][j] * k[i][j];
            }
        }
        double a = yky / (yy * Math.sqrt(fro));
        // NaN (0/0) when y = 0 or K = 0: undefined there; otherwise a non-finite quotient is overflow or underflow
        return Double.isFinite(a) ? a : scaledAlignment(k, y);
    }

    /**
     * The alignment computed on y / max|y| and K / max|K| (it is invariant under both scalings): the same number
     * where the direct sums overflow or underflow. NaN if y or K is zero or not finite.
     */
    private static double scaledAlignment(double[][] k, double[] y) {
        double my = 0, mk = 0;
        for (int i = 0; i < y.length; i++) {
            my = Math.max(my, Math.abs(y[i]));
            for (int j = 0; j < y.length; j++) {
                mk = Math.max(mk, Math.abs(k[i][j]));
            }
        }
        if (!(my > 0 && mk > 0 && Double.isFinite(my) && Double.isFinite(mk))) {
            return Double.NaN;
        }
        double yky = 0, fro = 0, yy = 0;
        for (int i = 0; i < y.length; i++) {
            double yi = y[i] / my;
            yy += yi * yi;
            for (int j = 0; j < y.length; j++) {
                double kij = k[i][j] / mk;
                yky += yi * kij * (y[j] / my);
                fro += kij * kij;
            }
        }
        return yky / (yy * Math.sqrt(fro));
    }
}
