package org.dln.linear.adaptive;

import java.util.List;
import org.dln.linear.bayes.BayesSolution;
import org.dln.numeric.report.SolverReport;

/**
 * The Bayesian saddle point in its low-rank form (immutable; {@link LowRankBayes}): Phi^l = Kx + c_l w w^T with
 * w = Kx a, Phihat^l = sigma_l a a^T, and the predictors. Arrays are returned as copies.
 *
 * @param r         the scalar root, 1 + c_L m (r = 1: the NNGP)
 * @param a         (Phi^L + I/beta)^{-1} y = (r Kx + I/beta)^{-1} y
 * @param w         Kx a
 * @param m         a^T Kx a
 * @param c         c_l, l = 0..L (c_0 = 0)
 * @param sigma     sigma_l, l = 1..L (index 0 unused)
 * @param fTrain    adaptive predictor on the train inputs, r w
 * @param fTest     adaptive predictor on the test inputs, r Kx(x, X) a
 * @param nngpTrain lazy NNGP predictor on the train inputs, Kx (Kx + I/beta)^{-1} y
 * @param nngpTest  lazy NNGP predictor on the test inputs
 * @param action    S at the saddle point (rank-one closed form: sum_l [-sigma_l q_l + ln(1 + sigma_l q_{l-1})]/2
 *                  + gamma0^2 y.a / 2, q_l = m r^{l/L})
 * @param report    the scalar Newton's report
 */
public record LowRankBayesSolution(int depth, double gamma0, double invBeta, double r, double[] a, double[] w, double m,
                                   double[] c, double[] sigma, double[] fTrain, double[] fTest, double[] nngpTrain,
                                   double[] nngpTest, double action, SolverReport report) {

    static LowRankBayesSolution of(KernelSpectrum s, double[][] kxTestTrain, int depth, double gamma0, double invBeta,
                                   double r, SolverReport report) {
        int p = s.samples(), ks = s.size();
        double[] ga = new double[ks], gw = new double[ks], g0 = new double[ks], g0w = new double[ks];
        double nul = invBeta > 0 ? 1 / invBeta : 0;
        for (int k = 0; k < ks; k++) {
            double l = s.eigenvalue(k);
            double d = r * l + invBeta, d0 = l + invBeta;
            ga[k] = d > 0 ? 1 / d : 0;
            gw[k] = d > 0 ? l / d : 0;
            g0[k] = d0 > 0 ? 1 / d0 : 0;
            g0w[k] = d0 > 0 ? l / d0 : 0;
        }
        double[] a = s.apply(ga, nul);
        double[] w = s.apply(gw, 0);
        double m = LowRankBayes.m(s, r, invBeta);
        double[] c = new double[depth + 1];
        double[] sigma = new double[depth + 1];
        double g2 = gamma0 * gamma0;
        double action = 0;
        for (int l = 1; l <= depth; l++) {
            double rl = Math.pow(r, (double) l / depth), rPrev = Math.pow(r, (double) (l - 1) / depth);
            c[l] = m > 0 ? (rl - 1) / m : 0;
            sigma[l] = -g2 * r / rl;
            action += 0.5 * (-sigma[l] * m * rl + Math.log1p(sigma[l] * m * rPrev));
        }
        double[] y = s.y();
        double ya = 0;
        for (int i = 0; i < p; i++) {
            ya += y[i] * a[i];
        }
        action += 0.5 * g2 * ya;
        double[] fTrain = new double[p];
        for (int i = 0; i < p; i++) {
            fTrain[i] = r * w[i];
        }
        double[] fTest = KernelSpectrum.times(kxTestTrain, a);
        for (int i = 0; i < fTest.length; i++) {
            fTest[i] *= r;
        }
        double[] nTrain = s.apply(g0w, 0);
        double[] nTest = KernelSpectrum.times(kxTestTrain, s.apply(g0, nul));
        return new LowRankBayesSolution(depth, gamma0, invBeta, r, a, w, m, c, sigma, fTrain, fTest, nTrain, nTest, action,
                report);
    }

    public boolean converged() {
        return report.converged();
    }

    /** Ridge of the equivalent kernel ridge regression on Kx, 1/(r beta). */
    public double ridge() {
        return invBeta / r;
    }

    /** Phi^l (l = 0..L) as a dense P x P matrix from Kx. */
    public double[][] phi(double[][] kx, int l) {
        int p = a.length;
        double[][] out = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                out[i][j] = kx[i][j] + c[l] * w[i] * w[j];
            }
        }
        return out;
    }

    /**
     * Residual of the saddle-point equations in multiplied form, with the P x P matrices Phi^l formed explicitly and
     * multiplied by vectors (O(L P^2)): (I + Phi^{l-1} Phihat^l) Phi^l - Phi^{l-1}, Phihat^l (I + Phi^l Phihat^{l+1})
     * - Phihat^{l+1} (l < L), Phihat^L + gamma0^2 a a^T and (Phi^L + I/beta) a - y, each entry as a componentwise backward
     * error: |residual| / (sum of the magnitudes of its terms, a product Phi a counted as |Phi| |a|), so that rounding
     * gives ~1e-16 P whatever the conditioning of Phi^L + I/beta (at ridges 1/(r beta) ~ 1e-9 on real data a has
     * entries ~1e8 and the forward error is ~1e7 larger).
     */
    public double fullResidual(double[][] kx, double[] y) {
        int p = a.length;
        double res = 0;
        double[][] prev = phi(kx, 0);
        for (int l = 1; l <= depth; l++) {
            double[][] cur = phi(kx, l);
            double[] u = KernelSpectrum.times(prev, a);
            double[] v = KernelSpectrum.times(cur, a);
            double[] ua = absTimes(prev, a), va = absTimes(cur, a); // |Phi| |a|: the size of the terms summed in u, v
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double t = sigma[l] * u[i] * v[j];
                    res = Math.max(res, rel(cur[i][j] + t - prev[i][j],
                            Math.abs(cur[i][j]) + Math.abs(sigma[l]) * ua[i] * va[j] + Math.abs(prev[i][j])));
                }
            }
            if (l < depth) {
                double q = dot(a, v), qa = 0;
                for (int i = 0; i < p; i++) {
                    qa += Math.abs(a[i]) * va[i];
                }
                double coef = sigma[l] + sigma[l] * sigma[l + 1] * q - sigma[l + 1];
                res = Math.max(res, rel(coef, Math.abs(sigma[l]) + Math.abs(sigma[l] * sigma[l + 1]) * qa + Math.abs(sigma[l + 1])));
            } else {
                res = Math.max(res, rel(sigma[l] + gamma0 * gamma0, Math.abs(sigma[l]) + gamma0 * gamma0));
                for (int i = 0; i < p; i++) {
                    double mag = Math.abs(invBeta * a[i]) + Math.abs(y[i]);
                    for (int j = 0; j < p; j++) {
                        mag += Math.abs(cur[i][j] * a[j]);
                    }
                    res = Math.max(res, rel(v[i] + invBeta * a[i] - y[i], mag));
                }
            }
            prev = cur;
        }
        return res;
    }

    private static double[] absTimes(double[][] m, double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < m.length; i++) {
            double acc = 0;
            for (int j = 0; j < x.length; j++) {
                acc += Math.abs(m[i][j] * x[j]);
            }
            out[i] = acc;
        }
        return out;
    }

    private static double rel(double r, double mag) {
        return mag == 0 ? Math.abs(r) : Math.abs(r) / mag;
    }

    /** The dense form (for comparison with the dense Newton): Phi^l, Phihat^l, test rows and blocks, predictors. */
    public BayesSolution toBayesSolution(double[][] kx, double[][] kxTestTrain, double[][] kxTestTest) {
        int p = a.length, q = kxTestTrain.length;
        double[][][] phi = new double[depth + 1][][];
        double[][][] hat = new double[depth + 1][][];
        double[][][] tt = new double[depth + 1][][];
        double[][][] ts = new double[depth + 1][][];
        double[] ka = KernelSpectrum.times(kxTestTrain, a);
        for (int l = 0; l <= depth; l++) {
            phi[l] = phi(kx, l);
            if (l > 0) {
                hat[l] = new double[p][p];
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        hat[l][i][j] = sigma[l] * a[i] * a[j];
                    }
                }
            }
            tt[l] = new double[q][p];
            ts[l] = new double[q][q];
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < p; j++) {
                    tt[l][i][j] = kxTestTrain[i][j] + c[l] * ka[i] * w[j];
                }
                for (int j = 0; j < q; j++) {
                    ts[l][i][j] = kxTestTest[i][j] + c[l] * ka[i] * ka[j];
                }
            }
        }
        return new BayesSolution(phi, hat, tt, ts, fTrain.clone(), fTest.clone(), nngpTrain.clone(), nngpTest.clone(), action,
                report, List.of(gamma0));
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double maxAbs(double[] x) {
        double s = 0;
        for (double v : x) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }
}
