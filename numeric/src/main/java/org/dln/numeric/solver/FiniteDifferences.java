package org.dln.numeric.solver;

import org.ejml.data.DMatrixRMaj;

/** Forward-difference derivatives of a residual (package-private; used when the system lacks them). */
final class FiniteDifferences {

    private FiniteDifferences() {
    }

    /**
     * Dense Jacobian by forward differences, column {@code j} with step {@code h_j = sqrt(eps) (1 + |x_j|)}
     * (rounded so that {@code x_j + h_j} is exact). Truncation error {@code O(h |F''|)}, rounding error
     * {@code O(eps |F| / h)}: about {@code sqrt(eps) ~ 1.5e-8} relative for well-scaled problems.
     *
     * @param f0    {@code F(x)} (read only)
     * @param out   {@code n x n} result
     * @param xWork work vector of length n
     * @param fWork work vector of length n
     */
    static void jacobian(NonlinearSystem system, double[] x, double[] f0, DMatrixRMaj out, double[] xWork,
                         double[] fWork) {
        int n = x.length;
        System.arraycopy(x, 0, xWork, 0, n);
        double[] data = out.data;
        for (int j = 0; j < n; j++) {
            double xj = x[j];
            double h = Vectors.SQRT_EPS * (1.0 + Math.abs(xj));
            xWork[j] = xj + h;
            h = xWork[j] - xj;
            system.residual(xWork, fWork);
            double inv = 1.0 / h;
            for (int i = 0; i < n; i++) {
                data[i * n + j] = (fWork[i] - f0[i]) * inv;
            }
            xWork[j] = xj;
        }
    }

    /**
     * {@code J(x) v ~ (F(x + h v) - F(x)) / h} with {@code h = sqrt(eps) (1 + |x|_2) / |v|_2}, i.e. a
     * perturbation of relative size {@code sqrt(eps)}; {@code out = 0} for {@code v = 0}.
     *
     * @param f0    {@code F(x)} (read only)
     * @param xWork work vector of length n
     */
    static void jacobianTimes(NonlinearSystem system, double[] x, double xNorm2, double[] f0, double[] v,
                              double[] out, double[] xWork) {
        int n = x.length;
        double vNorm = Vectors.norm2(v);
        if (vNorm == 0) {
            java.util.Arrays.fill(out, 0.0);
            return;
        }
        double h = Vectors.SQRT_EPS * (1.0 + xNorm2) / vNorm;
        for (int i = 0; i < n; i++) {
            xWork[i] = x[i] + h * v[i];
        }
        system.residual(xWork, out);
        double inv = 1.0 / h;
        for (int i = 0; i < n; i++) {
            out[i] = (out[i] - f0[i]) * inv;
        }
    }
}
