package org.dln.numeric.solver;

import org.ejml.data.DMatrixRMaj;

/**
 * The 1-D Bratu problem {@code -u'' = lambda e^u} on (0, 1), {@code u(0) = u(1) = 0}, by central differences
 * on {@code n} interior points, {@code h = 1/(n+1)}, written in the algebraic scaling
 * {@code F_i = 2u_i - u_{i-1} - u_{i+1} - h^2 lambda e^{u_i}} (matrix entries O(1), so the residual's
 * rounding level is ~1e-16). For {@code lambda < 3.5138} there are two solutions; Newton from {@code u = 0}
 * goes to the lower one. Provides the analytic tridiagonal Jacobian (dense and as products) and, as a
 * preconditioner, the exact inverse of the discrete Laplacian by the Thomas algorithm.
 */
final class Bratu1d implements NonlinearSystem {

    final int n;
    final double lambda;
    final double h2;
    private final boolean derivatives;

    Bratu1d(int n, double lambda, boolean derivatives) {
        this.n = n;
        this.lambda = lambda;
        double h = 1.0 / (n + 1);
        this.h2 = h * h;
        this.derivatives = derivatives;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public void residual(double[] u, double[] out) {
        for (int i = 0; i < n; i++) {
            double left = i > 0 ? u[i - 1] : 0.0;
            double right = i + 1 < n ? u[i + 1] : 0.0;
            out[i] = 2 * u[i] - left - right - h2 * lambda * Math.exp(u[i]);
        }
    }

    @Override
    public boolean hasJacobian() {
        return derivatives;
    }

    @Override
    public void jacobian(double[] u, DMatrixRMaj out) {
        out.zero();
        for (int i = 0; i < n; i++) {
            out.set(i, i, 2 - h2 * lambda * Math.exp(u[i]));
            if (i > 0) {
                out.set(i, i - 1, -1);
            }
            if (i + 1 < n) {
                out.set(i, i + 1, -1);
            }
        }
    }

    @Override
    public boolean hasJacobianVectorProduct() {
        return derivatives;
    }

    @Override
    public void jacobianTimes(double[] u, double[] v, double[] out) {
        for (int i = 0; i < n; i++) {
            double left = i > 0 ? v[i - 1] : 0.0;
            double right = i + 1 < n ? v[i + 1] : 0.0;
            out[i] = (2 - h2 * lambda * Math.exp(u[i])) * v[i] - left - right;
        }
    }

    /** Solves the tridiagonal system (diag d, off-diagonals -1) by the Thomas algorithm. */
    static void thomas(double[] d, double[] rhs, double[] out) {
        int n = d.length;
        double[] c = new double[n];
        double beta = d[0];
        out[0] = rhs[0] / beta;
        for (int i = 1; i < n; i++) {
            c[i] = -1.0 / beta;
            beta = d[i] + c[i]; // d_i - (-1)(-1)/beta_{i-1}
            out[i] = (rhs[i] + out[i - 1]) / beta;
        }
        for (int i = n - 2; i >= 0; i--) {
            out[i] -= c[i + 1] * out[i + 1];
        }
    }

    /** The inverse of the discrete Laplacian tridiag(-1, 2, -1) (x-independent preconditioner). */
    LinearOperator laplacianInverse() {
        double[] d = new double[n];
        java.util.Arrays.fill(d, 2.0);
        return new LinearOperator() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public void apply(double[] v, double[] out) {
                thomas(d, v, out);
            }
        };
    }

    /**
     * Independent reference: exact Newton with the tridiagonal Jacobian solved by Thomas, from u = 0, until
     * the update is below 1e-15 (or 30 steps). Shares no code with the solver package.
     */
    double[] referenceSolution() {
        double[] u = new double[n];
        double[] f = new double[n];
        double[] d = new double[n];
        double[] du = new double[n];
        for (int it = 0; it < 30; it++) {
            residual(u, f);
            for (int i = 0; i < n; i++) {
                d[i] = 2 - h2 * lambda * Math.exp(u[i]);
                f[i] = -f[i];
            }
            thomas(d, f, du);
            double step = 0;
            for (int i = 0; i < n; i++) {
                u[i] += du[i];
                step = Math.max(step, Math.abs(du[i]));
            }
            if (step < 1e-15) {
                break;
            }
        }
        return u;
    }
}
