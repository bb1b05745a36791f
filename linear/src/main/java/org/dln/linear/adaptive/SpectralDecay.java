package org.dln.linear.adaptive;

import java.util.List;
import org.dln.linear.stationary.DecayScalarReduction;
import org.dln.linear.stationary.DecayStationaryEquations;
import org.dln.numeric.report.SolverReport;

/**
 * The weight-decay stationary state of a deep linear network (docs/theory.md section 8) for any P from its scalar
 * reduction in the eigenbasis of Kx: the largest root a of L ln(kappa s^2 m(a)) + (L-1) ln(lambda a / s) = 0
 * ({@link DecayScalarReduction}, bisection to the last bit), Delta = (I + a Kx)^{-1} y, and the rank-one kernels
 * Phi^l = kappa G^l v_l v_l^T with v_1 = Kx delta, v_{l+1} = kappa G^l (v_l . delta) v_l, delta = s Delta. The predictor is
 * ridge regression on Kx with ridge 1/a: f(x) = a Kx(x, X) Delta. The lazy comparison is the same formula with the
 * frozen NTK (L+1) Kx, i.e. ridge lambda/s on Kx.
 *
 * @param a          the self-consistent inverse ridge
 * @param delta      Delta = y - f on the train inputs
 * @param g          G^l, l = 1..L (index l - 1)
 * @param fTrain     adaptive predictions on the train inputs
 * @param fTest      adaptive predictions on the test inputs
 * @param lazyTest   NTK ridge regression (ridge lambda/s on Kx) on the test inputs
 * @param residual   componentwise backward error of the P x P stationary equations ({@link DecayStationaryEquations})
 * @param report     what was done
 */
public record SpectralDecay(double a, double[] delta, double[] g, double[] fTrain, double[] fTest, double[] lazyTest,
                            double residual, SolverReport report) {

    /**
     * @param kx          train Gram matrix (for the a-posteriori residual)
     * @param checkLimit  largest P for which the P x P residual is evaluated (it needs L P(P+1)/2 doubles; O(L P^2) time)
     */
    public static SpectralDecay solve(KernelSpectrum s, double[][] kx, double[][] kxTestTrain, int depth, double gamma0,
                                      double lambda, double scale, int checkLimit) {
        long start = System.nanoTime();
        int p = s.samples(), ks = s.size();
        double[] eig = new double[ks], yr = new double[ks];
        for (int k = 0; k < ks; k++) {
            eig[k] = s.eigenvalue(k);
            yr[k] = s.yHat(k);
        }
        DecayScalarReduction red = new DecayScalarReduction(eig, yr, depth, gamma0, lambda, scale);
        double a = red.solve();
        double root = Math.abs(red.phi(Math.log(a)));
        double[] gd = new double[ks], gf = new double[ks], gl = new double[ks];
        for (int k = 0; k < ks; k++) {
            gd[k] = 1 / (1 + a * eig[k]);
            gf[k] = a * eig[k] / (1 + a * eig[k]);
            gl[k] = 1 / (eig[k] + lambda / scale);
        }
        double[] delta = s.apply(gd, 1);
        double[] fTrain = s.apply(gf, 0);
        double[] fTest = KernelSpectrum.times(kxTestTrain, delta);
        for (int i = 0; i < fTest.length; i++) {
            fTest[i] *= a;
        }
        double[] lazyTest = KernelSpectrum.times(kxTestTrain, s.apply(gl, scale / lambda));
        double kappa = red.kappa();
        double g1 = lambda * a / scale;
        double e = g1 * scale * scale * red.m(a);
        double[] g = new double[depth];
        for (int l = 1; l <= depth; l++) {
            g[l - 1] = Math.pow(kappa * e, depth + 1 - l);
        }
        g[0] = g1;
        double residual = Double.NaN;
        if (p <= checkLimit) {
            residual = check(kx, s.y(), depth, gamma0, lambda, scale, kappa, g, delta);
        }
        String note = String.format(java.util.Locale.ROOT,
                "scalar reduction in the eigenbasis of Kx: a = %.15g (ridge 1/a = %.6g), |phi(ln a)| = %.2e; %s", a, 1 / a, root,
                Double.isNaN(residual) ? "P x P residual not evaluated (P > " + checkLimit + ")"
                        : String.format(java.util.Locale.ROOT, "P x P stationary residual %.2e", residual));
        SolverReport rep = new SolverReport("decay-scalar-bisection", 0, new double[] {root}, Double.isNaN(residual) ? root : residual,
                true, (System.nanoTime() - start) * 1e-9, List.of(note));
        return new SpectralDecay(a, delta, g, fTrain, fTest, lazyTest, residual, rep);
    }

    /**
     * The residual of the P x P equations ({@link DecayStationaryEquations}) at the rank-one state as a componentwise
     * backward error: each entry divided by the magnitude of its terms (unknown and right-hand side).
     */
    static double check(double[][] kx, double[] y, int depth, double gamma0, double lambda, double scale, double kappa,
                        double[] g, double[] delta) {
        int p = y.length;
        double[] d = new double[p];
        for (int i = 0; i < p; i++) {
            d[i] = scale * delta[i];
        }
        double[] v = KernelSpectrum.times(kx, d);
        double[][][] phi = new double[depth][p][p];
        for (int l = 1; l <= depth; l++) {
            double c = kappa * g[l - 1];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    phi[l - 1][i][j] = c * v[i] * v[j];
                }
            }
            double vd = 0;
            for (int i = 0; i < p; i++) {
                vd += v[i] * d[i];
            }
            double[] next = new double[p];
            for (int i = 0; i < p; i++) {
                next[i] = c * vd * v[i];
            }
            v = next;
        }
        DecayStationaryEquations eq = new DecayStationaryEquations(kx, y, depth, gamma0, lambda, scale);
        double[] z = eq.pack(phi, g, delta);
        double[] out = new double[z.length];
        eq.residual(z, out);
        // componentwise backward error: |residual| / (sum of the magnitudes of its terms, products counted with |.|)
        double r = 0;
        int idx = 0;
        for (int l = 1; l <= depth; l++) {
            double[] ka = new double[p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    ka[i] += Math.abs((l == 1 ? kx[i][j] : phi[l - 2][i][j]) * d[j]);
                }
            }
            double c = Math.abs(kappa * g[l - 1]);
            for (int i = 0; i < p; i++) {
                for (int j = i; j < p; j++, idx++) {
                    double mag = Math.abs(z[idx]) + c * ka[i] * ka[j];
                    r = Math.max(r, mag == 0 ? Math.abs(out[idx]) : Math.abs(out[idx]) / mag);
                }
            }
        }
        for (int l = 1; l <= depth; l++, idx++) {
            double qa = 0;
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    qa += Math.abs(d[i] * phi[l - 1][i][j] * d[j]);
                }
            }
            double gu = l < depth ? g[l] : 1.0;
            double mag = Math.abs(z[idx]) + Math.abs(kappa) * gu * gu * qa;
            r = Math.max(r, mag == 0 ? Math.abs(out[idx]) : Math.abs(out[idx]) / mag);
        }
        for (int mu = 0; mu < p; mu++, idx++) {
            double mag = Math.abs(z[idx]) + Math.abs(y[mu]);
            for (int j = 0; j < p; j++) {
                mag += Math.abs(phi[depth - 1][mu][j] * d[j]) / lambda;
            }
            r = Math.max(r, mag == 0 ? Math.abs(out[idx]) : Math.abs(out[idx]) / mag);
        }
        return r;
    }
}
