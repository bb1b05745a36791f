package org.dln.linear.data;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Gram matrices Kx = x . x' / D of prepared inputs (train P x P, test-train Q x P, test diagonal Q). */
public record Grams(double[][] train, double[][] testTrain, double[] testDiag) {

    public static Grams of(BinaryTask.Prepared t) {
        int d = t.dimension();
        DMatrixRMaj x = new DMatrixRMaj(t.x());
        DMatrixRMaj k = new DMatrixRMaj(x.numRows, x.numRows);
        CommonOps_DDRM.multTransB(1.0 / d, x, x, k);
        double[][] kt = new double[t.xTest().length][];
        double[] diag = new double[t.xTest().length];
        if (t.xTest().length > 0) {
            DMatrixRMaj xt = new DMatrixRMaj(t.xTest());
            DMatrixRMaj ktm = new DMatrixRMaj(xt.numRows, x.numRows);
            CommonOps_DDRM.multTransB(1.0 / d, xt, x, ktm);
            for (int i = 0; i < kt.length; i++) {
                kt[i] = new double[x.numRows];
                System.arraycopy(ktm.data, i * x.numRows, kt[i], 0, x.numRows);
                double s = 0;
                for (double v : t.xTest()[i]) {
                    s += v * v;
                }
                diag[i] = s / d;
            }
        }
        double[][] kk = new double[x.numRows][x.numRows];
        for (int i = 0; i < x.numRows; i++) {
            for (int j = 0; j < x.numRows; j++) {
                // symmetrise exactly (the product is symmetric up to rounding of the summation order)
                kk[i][j] = i <= j ? k.get(i, j) : k.get(j, i);
            }
        }
        return new Grams(kk, kt, diag);
    }

    /**
     * The joint Gram matrix of the train (first P) and test inputs, (P + Q) x (P + Q), x . x' / D, symmetric exactly
     * (the lower triangle mirrors the upper one).
     */
    public static double[][] joint(BinaryTask.Prepared t) {
        int p = t.x().length, m = p + t.xTest().length;
        double[][] all = new double[m][];
        System.arraycopy(t.x(), 0, all, 0, p);
        System.arraycopy(t.xTest(), 0, all, p, m - p);
        DMatrixRMaj xa = new DMatrixRMaj(all);
        DMatrixRMaj k = new DMatrixRMaj(m, m);
        CommonOps_DDRM.multTransB(1.0 / t.dimension(), xa, xa, k);
        double[][] kAll = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                kAll[i][j] = i <= j ? k.get(i, j) : k.get(j, i);
            }
        }
        return kAll;
    }
}
