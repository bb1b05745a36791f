package org.dln.linear.adaptive;

import org.dln.linear.problem.ResourceGuard;
import org.dln.numeric.linalg.MemoryGuard;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The eigen-decomposition Kx = V diag(lambda) V^T of a train Gram matrix (eigenvalues clipped at 0) and the target
 * in its eigenbasis, yhat = V^T y. Every adaptive predictor of a deep linear network is a spectral function of Kx
 * applied to y (docs/theory.md section 13), so after this one decomposition each evaluation costs O(P k).
 *
 * <p>Two forms: the full one (k = P eigenpairs of the P x P matrix, O(P^3)) and the thin one for Kx = X X^T / D with
 * D &lt; P ({@link #ofFeatures}): the k &lt;= D nonzero eigenpairs from the D x D matrix X^T X / D (O(P D^2 + D^3)),
 * u = X v / sqrt(D lambda), and the null space of Kx (eigenvalue 0) kept implicitly as y - U U^T y.
 */
public final class KernelSpectrum {
    private final double[] lambda;
    private final double[] yHat;
    private final DMatrixRMaj vectors; // column a = eigenvector a (P x k)
    private final double[] y;
    private final double[] yNull;      // y - V V^T y (zero for the full form up to rounding)
    private final boolean thin;

    private KernelSpectrum(double[] lambda, double[] yHat, DMatrixRMaj vectors, double[] y, boolean thin) {
        this.lambda = lambda;
        this.yHat = yHat;
        this.vectors = vectors;
        this.y = y.clone();
        this.thin = thin;
        int p = y.length, k = lambda.length;
        yNull = y.clone();
        if (thin) {
            for (int i = 0; i < p; i++) {
                double acc = 0;
                for (int a = 0; a < k; a++) {
                    acc += vectors.data[i * k + a] * yHat[a];
                }
                yNull[i] -= acc;
            }
        } else {
            java.util.Arrays.fill(yNull, 0.0);
        }
    }

    /**
     * The thin form for Kx = X X^T / D from the inputs X (P x D): eigenpairs of X^T X / D with eigenvalue above
     * 1e-13 times the largest (the rest, with the null space of Kx, count as eigenvalue 0).
     */
    public static KernelSpectrum ofFeatures(double[][] x, double[] y) {
        int p = x.length, d = x[0].length;
        DMatrixRMaj xm = new DMatrixRMaj(x);
        DMatrixRMaj c = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(1.0 / d, xm, xm, c);
        EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(d, true, true);
        if (!e.decompose(c)) {
            throw new IllegalStateException("eigen-decomposition of X^T X / D failed");
        }
        double max = 0;
        for (int a = 0; a < d; a++) {
            max = Math.max(max, e.getEigenvalue(a).getReal());
        }
        List<Integer> keep = new ArrayList<>();
        for (int a = 0; a < d; a++) {
            if (e.getEigenvalue(a).getReal() > 1e-13 * max) {
                keep.add(a);
            }
        }
        int k = keep.size();
        double[] lam = new double[k];
        double[] yh = new double[k];
        DMatrixRMaj u = new DMatrixRMaj(p, k);
        DMatrixRMaj col = new DMatrixRMaj(p, 1);
        for (int b = 0; b < k; b++) {
            int a = keep.get(b);
            lam[b] = e.getEigenvalue(a).getReal();
            CommonOps_DDRM.mult(xm, e.getEigenVector(a), col);
            double norm = 1 / Math.sqrt(d * lam[b]);
            double acc = 0;
            for (int i = 0; i < p; i++) {
                double v = col.data[i] * norm;
                u.set(i, b, v);
                acc += v * y[i];
            }
            yh[b] = acc;
        }
        return new KernelSpectrum(lam, yh, u, y, true);
    }

    public KernelSpectrum(double[][] kx, double[] y) {
        int p = y.length;
        ResourceGuard.require("the eigen-decomposition of Kx", "eigenvectors", d -> MemoryGuard.doubles(MemoryGuard.times(4, d[0], d[0])),
                d -> MemoryGuard.times(d[0], d[0]), new ResourceGuard.Dim("P", p, p, 1));
        EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(p, true, true);
        if (!e.decompose(new DMatrixRMaj(kx))) {
            throw new IllegalStateException("eigen-decomposition of Kx failed");
        }
        this.y = y.clone();
        this.thin = false;
        this.yNull = new double[p];
        lambda = new double[p];
        yHat = new double[p];
        vectors = new DMatrixRMaj(p, p);
        for (int a = 0; a < p; a++) {
            lambda[a] = Math.max(0, e.getEigenvalue(a).getReal());
            DMatrixRMaj v = e.getEigenVector(a);
            double acc = 0;
            for (int j = 0; j < p; j++) {
                vectors.set(j, a, v.get(j));
                acc += v.get(j) * y[j];
            }
            yHat[a] = acc;
        }
    }

    /** Number of stored eigenpairs k (P for the full form). */
    public int size() {
        return lambda.length;
    }

    /** P. */
    public int samples() {
        return y.length;
    }

    /** |y - V V^T y|, the target's component on the implicit null space (0 for the full form). */
    public double nullNorm() {
        double s = 0;
        for (double v : yNull) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** Whether eigenvalue 0 is implicit (the thin form; then {@link #smallest} is over the stored pairs only). */
    public boolean thin() {
        return thin;
    }

    public double eigenvalue(int a) {
        return lambda[a];
    }

    public double yHat(int a) {
        return yHat[a];
    }

    public double[] y() {
        return y.clone();
    }

    /** The smallest eigenvalue (after clipping at 0). */
    public double smallest() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : lambda) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** The largest eigenvalue. */
    public double largest() {
        double m = 0;
        for (double v : lambda) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** V diag(g) yhat + gNull (y - V V^T y) for spectral weights g[a] and the weight gNull of eigenvalue 0: g(Kx) y. */
    public double[] apply(double[] g, double gNull) {
        int k = lambda.length, p = y.length;
        double[] c = new double[k];
        for (int a = 0; a < k; a++) {
            c[a] = g[a] * yHat[a];
        }
        double[] out = new double[p];
        for (int i = 0; i < p; i++) {
            double acc = 0;
            int row = i * k;
            for (int a = 0; a < k; a++) {
                acc += vectors.data[row + a] * c[a];
            }
            out[i] = acc + (gNull == 0 ? 0 : gNull * yNull[i]);
        }
        return out;
    }

    /** Rows K v for a (Q x P) matrix K (for test predictions Kx(x, X) v). */
    public static double[] times(double[][] rows, double[] v) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double acc = 0;
            for (int j = 0; j < v.length; j++) {
                acc += rows[i][j] * v[j];
            }
            out[i] = acc;
        }
        return out;
    }
}
