package org.dln.linear.fluct;

import org.dln.linear.problem.Problem;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The lazy limit (gamma0 -> 0, centred output) of the O(1/N) fluctuations of a deep linear network of any depth L
 * (docs/theory.md section 11.5): the NTK is frozen at its random initial value,
 * N Cov(K_ab, K_cd) = c_L (2 Kx_ab Kx_cd + Kx_ac Kx_bd + Kx_ad Kx_bc), c_L = L (L+1) (2L+1) / 6, and the training errors
 * are Delta(t) = (I - eta lambda K)^t y; the delta method in the eigenbasis of Kx gives N Cov(f(t)) in closed form.
 */
public final class LazyLimit {
    private LazyLimit() {
    }

    /** c_L = sum_{l=1..L} l^2 = L (L+1) (2L+1) / 6. */
    public static double ntkFactor(int depth) {
        return depth * (depth + 1.0) * (2.0 * depth + 1) / 6.0;
    }

    /** N Cov(K_ab, K_cd) of the initial NTK on the training inputs. */
    public static double ntkCovariance(double[][] kx, int depth, int a, int b, int c, int d) {
        return ntkFactor(depth) * (2 * kx[a][b] * kx[c][d] + kx[a][c] * kx[b][d] + kx[a][d] * kx[b][c]);
    }

    /** N Cov(f_mu(t), f_nu(t)) on the training inputs after t steps of gradient descent (centred output, gamma0 -> 0). */
    public static double[][] descentCovariance(Problem p, int t) {
        return covariance(p, t, true);
    }

    /** N Cov(f_mu(t), f_nu(t)) on the training inputs at time t of gradient flow (centred output, gamma0 -> 0). */
    public static double[][] flowCovariance(Problem p, double t) {
        return covariance(p, t, false);
    }

    private static double[][] covariance(Problem p, double t, boolean descent) {
        double[][] kx = p.kx();
        int n = kx.length, depth = p.depth();
        double lambda = p.lossScale(), eta = p.eta();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(new DMatrixRMaj(kx))) {
            throw new IllegalStateException("eigen-decomposition of Kx failed");
        }
        double[] kappa = new double[n], yk = new double[n];
        double[][] v = new double[n][n];
        double[] y = p.y();
        for (int j = 0; j < n; j++) {
            kappa[j] = eig.getEigenvalue(j).getReal();
            DMatrixRMaj col = eig.getEigenVector(j);
            for (int i = 0; i < n; i++) {
                v[i][j] = col.get(i);
                yk[j] += col.get(i) * y[i];
            }
        }
        // s[j][k]: the propagator sum_{s<t} m_j^{t-1-s} m_k^s (descent) or int_0^t e^{-a_j (t-s)} e^{-a_k s} ds (flow)
        double[][] s = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double aj = lambda * (depth + 1) * kappa[j], ak = lambda * (depth + 1) * kappa[k];
                s[j][k] = descent ? geometric(1 - eta * aj, 1 - eta * ak, (int) t) : exponential(aj, ak, t);
            }
        }
        double pref = descent ? eta * lambda : lambda;
        double cl = ntkFactor(depth);
        double[][] c = new double[n][n];
        for (int j = 0; j < n; j++) {
            double diag = 0;
            for (int k = 0; k < n; k++) {
                diag += kappa[k] * yk[k] * yk[k] * s[j][k] * s[j][k];
            }
            for (int jp = 0; jp < n; jp++) {
                double v2 = 2 * kappa[j] * kappa[jp] * yk[j] * yk[jp] * s[j][j] * s[jp][jp]
                        + kappa[j] * kappa[jp] * yk[j] * yk[jp] * s[j][jp] * s[jp][j];
                if (j == jp) {
                    v2 += kappa[j] * diag;
                }
                c[j][jp] = pref * pref * cl * v2;
            }
        }
        double[][] out = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    for (int jp = 0; jp < n; jp++) {
                        acc += v[a][j] * c[j][jp] * v[b][jp];
                    }
                }
                out[a][b] = acc;
            }
        }
        return out;
    }

    /** sum_{s=0..t-1} a^{t-1-s} b^s. */
    static double geometric(double a, double b, int t) {
        double acc = 0, pa = 1;
        double[] pb = new double[Math.max(t, 1)];
        double q = 1;
        for (int s = 0; s < t; s++) {
            pb[s] = q;
            q *= b;
        }
        for (int s = t - 1; s >= 0; s--) {
            acc += pa * pb[s];
            pa *= a;
        }
        return acc;
    }

    /** int_0^t e^{-a (t-s)} e^{-b s} ds = t e^{-a t} expm1(x) / x with x = (a - b) t. */
    static double exponential(double a, double b, double t) {
        double x = (a - b) * t;
        double ratio = Math.abs(x) < 1e-300 ? 1 : Math.expm1(x) / x;
        return t * Math.exp(-a * t) * ratio;
    }
}
