package org.dln.numeric.time;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Legendre-Gauss-Lobatto nodes on [0, 1] (both end points included) with their quadrature weights (exact for
 * polynomials of degree 2m - 3), the integration matrix W_kj = Int_0^{x_k} l_j(x) dx of the Lagrange basis l_j,
 * and barycentric interpolation. Immutable.
 */
public final class LegendreGaussLobatto {
    private final int m;
    private final double[] x;      // nodes on [0, 1], increasing
    private final double[] w;      // weights on [0, 1]
    private final double[] bary;   // barycentric weights
    private final double[] integ;  // m x m integration matrix on [0, 1]

    /** @param m number of nodes, 2 &lt;= m &lt;= 64 */
    public LegendreGaussLobatto(int m) {
        if (m < 2 || m > 64) {
            throw new IllegalArgumentException("nodes per element must be in 2..64, got " + m);
        }
        this.m = m;
        int n = m - 1;
        double[] xs = new double[m];
        double[] ws = new double[m];
        double[] p = new double[m + 1];
        for (int j = 0; j < m; j++) {
            double xi = -Math.cos(Math.PI * j / n);
            if (j > 0 && j < n) {
                for (int it = 0; it < 100; it++) {
                    legendre(xi, n, p);
                    double dx = (xi * p[n] - p[n - 1]) / (m * p[n]);
                    xi -= dx;
                    if (Math.abs(dx) < 1e-16) {
                        break;
                    }
                }
            }
            legendre(xi, n, p);
            xs[j] = xi;
            ws[j] = 2.0 / (n * (n + 1.0) * p[n] * p[n]);
        }
        x = new double[m];
        w = new double[m];
        for (int j = 0; j < m; j++) {
            x[j] = 0.5 * (xs[j] + 1.0);
            w[j] = 0.5 * ws[j];
        }
        x[0] = 0.0;
        x[n] = 1.0;
        bary = new double[m];
        for (int j = 0; j < m; j++) {
            double prod = 1.0;
            for (int k = 0; k < m; k++) {
                if (k != j) {
                    prod *= xs[j] - xs[k];
                }
            }
            bary[j] = 1.0 / prod;
        }
        // Lagrange basis in Legendre polynomials: l_j = sum_k c_kj P_k, c = V^{-1}, V_ik = P_k(x_i).
        DMatrixRMaj v = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            legendre(xs[i], n, p);
            for (int k = 0; k < m; k++) {
                v.set(i, k, p[k]);
            }
        }
        DMatrixRMaj c = new DMatrixRMaj(m, m);
        if (!CommonOps_DDRM.invert(v, c)) {
            throw new IllegalStateException("singular Legendre-Vandermonde matrix");
        }
        integ = new double[m * m];
        double[] pk = new double[m + 2];
        for (int i = 0; i < m; i++) {
            legendre(xs[i], n + 1, pk);
            for (int j = 0; j < m; j++) {
                double s = c.get(0, j) * (xs[i] + 1.0);
                for (int k = 1; k < m; k++) {
                    s += c.get(k, j) * (pk[k + 1] - pk[k - 1]) / (2.0 * k + 1.0);
                }
                integ[i * m + j] = 0.5 * s;
            }
        }
    }

    /** P_0..P_n at x by the three-term recurrence, into out[0..n]. */
    static void legendre(double x, int n, double[] out) {
        out[0] = 1.0;
        if (n >= 1) {
            out[1] = x;
        }
        for (int k = 2; k <= n; k++) {
            out[k] = ((2.0 * k - 1.0) * x * out[k - 1] - (k - 1.0) * out[k - 2]) / k;
        }
    }

    public int size() {
        return m;
    }

    /** Node j on [0, 1]. */
    public double node(int j) {
        return x[j];
    }

    /** Quadrature weight j on [0, 1]. */
    public double weight(int j) {
        return w[j];
    }

    /** W_kj = Int_0^{x_k} l_j(x) dx. */
    public double integration(int k, int j) {
        return integ[k * m + j];
    }

    /**
     * The values at {@code xi} in [0, 1] of the Lagrange basis (derivative = 0) or of its first derivative
     * (derivative = 1), into {@code out[0..m-1]}.
     */
    public void basis(double xi, int derivative, double[] out) {
        double z = 2.0 * xi - 1.0; // nodes on [-1, 1] for the barycentric weights
        for (int j = 0; j < m; j++) {
            double xj = 2.0 * x[j] - 1.0;
            if (Math.abs(z - xj) < 1e-15) {
                // at a node: value = delta; derivative from the differentiation matrix
                if (derivative == 0) {
                    java.util.Arrays.fill(out, 0.0);
                    out[j] = 1.0;
                } else {
                    double diag = 0;
                    for (int k = 0; k < m; k++) {
                        if (k != j) {
                            double xk = 2.0 * x[k] - 1.0;
                            out[k] = bary[k] / bary[j] / (xj - xk);
                            diag -= out[k];
                        }
                    }
                    out[j] = diag;
                    for (int k = 0; k < m; k++) {
                        out[k] *= 2.0; // d/dxi = 2 d/dz
                    }
                }
                return;
            }
        }
        // l_j(z) = ell(z) bary_j / (z - z_j), ell = prod (z - z_k)
        double ell = 1.0;
        double sumInv = 0.0;
        for (int j = 0; j < m; j++) {
            double d = z - (2.0 * x[j] - 1.0);
            ell *= d;
            sumInv += 1.0 / d;
        }
        for (int j = 0; j < m; j++) {
            double d = z - (2.0 * x[j] - 1.0);
            double lj = ell * bary[j] / d;
            out[j] = derivative == 0 ? lj : 2.0 * lj * (sumInv - 1.0 / d);
        }
    }
}
