package org.dln.linear.adaptive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.numeric.report.SolverReport;

/**
 * The Bayesian saddle point of a deep linear network (docs/theory.md section 9) for any P, by its exact low-rank
 * structure (section 13): Phihat^l = sigma_l a a^T and Phi^l = Kx + c_l (Kx a)(Kx a)^T with
 * a = (Phi^L + I/beta)^{-1} y, and everything follows from one scalar r = 1 + c_L m, m = a^T Kx a, the smallest
 * root r >= 1 of
 * <pre>
 *   g(u) = u - L ln(1 + gamma0^2 r m(r)) = 0,   u = ln r,   m(r) = y^T (r Kx + I/beta)^{-2} Kx y,
 * </pre>
 * with r_l = r^{l/L}, c_l = (r_l - 1)/m, sigma_l = -gamma0^2 r / r_l, a = (r Kx + I/beta)^{-1} y. The predictor is
 * f(x) = r Kx(x, X) a = Kx(x, X) [Kx + I/(r beta)]^{-1} y: kernel ridge regression with ridge 1/(r beta). After one
 * eigen-decomposition of Kx every evaluation of g costs O(P); the root is found by scanning u upward from 0 in steps of
 * 1/4 and safeguarded Newton (bisection fallback) inside the first bracket; |g| after each step is the residual
 * history. The result is checked a posteriori on the saddle-point equations in multiplied form with the P x P matrices
 * formed explicitly ({@link LowRankBayesSolution#fullResidual}).
 */
public final class LowRankBayes {
    private final double tol;

    /** @param tol |g(u)| tolerance of the scalar root (default 1e-14) */
    public LowRankBayes(double tol) {
        this.tol = tol;
    }

    public LowRankBayes() {
        this(1e-14);
    }

    /**
     * @param s            spectrum of the train Gram matrix and the targets
     * @param kxTestTrain  Q x P Kx(x, X) (Q may be 0)
     * @param depth        L >= 1
     * @param gamma0       >= 0
     * @param invBeta      1/beta >= 0
     */
    public LowRankBayesSolution solve(KernelSpectrum s, double[][] kxTestTrain, int depth, double gamma0, double invBeta) {
        long start = System.nanoTime();
        if (invBeta == 0) {
            boolean singular = s.nullNorm() > 1e-10;
            for (int a = 0; a < s.size(); a++) {
                singular |= s.eigenvalue(a) <= 1e-12 * s.largest() && Math.abs(s.yHat(a)) > 1e-12;
            }
            if (singular) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "beta", "beta", "inf",
                        "Kx is singular (P > D, or centred inputs) and y has a component on its null space: beta = inf needs "
                                + "an invertible Kx; give a finite beta");
            }
        }
        double g2 = gamma0 * gamma0;
        List<Double> history = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double u = 0;
        int iterations = 0;
        boolean converged = true;
        if (g2 > 0 && m(s, 1.0, invBeta) > 0) {
            double lo = 0, hi = Double.NaN;
            for (double v = 0.25; v <= 400; v += 0.25) {
                if (g(s, v, depth, g2, invBeta) > 0) {
                    hi = v;
                    break;
                }
                lo = v;
            }
            if (Double.isNaN(hi)) {
                throw new IllegalStateException("no root of the scalar saddle equation below r = e^400");
            }
            u = lo;
            converged = false;
            for (iterations = 1; iterations <= 200; iterations++) {
                double gv = g(s, u, depth, g2, invBeta);
                if (gv > 0) {
                    hi = u;
                } else {
                    lo = u;
                }
                double next = u - gv / dg(s, u, depth, g2, invBeta);
                if (!(next > lo && next < hi)) {
                    next = 0.5 * (lo + hi);
                }
                u = next;
                double res = Math.abs(g(s, u, depth, g2, invBeta));
                history.add(res);
                if (res <= tol || hi - lo <= 4 * Math.ulp(hi)) {
                    converged = res <= Math.max(tol, 1e-13);
                    break;
                }
            }
            notes.add(String.format(Locale.ROOT, "root bracket found by scanning u = ln r upward from 0; r = %.15g", Math.exp(u)));
        } else {
            notes.add("gamma0 = 0 or y has no component on the range of Kx: r = 1 (the NNGP)");
        }
        double[] hist = history.stream().mapToDouble(Double::doubleValue).toArray();
        SolverReport report = new SolverReport("low-rank-scalar-newton", iterations, hist,
                hist.length == 0 ? 0.0 : hist[hist.length - 1], converged, (System.nanoTime() - start) * 1e-9, notes);
        return LowRankBayesSolution.of(s, kxTestTrain, depth, gamma0, invBeta, Math.exp(u), report);
    }

    /** m(r) = sum_a lambda_a yhat_a^2 / (r lambda_a + 1/beta)^2 = a^T Kx a. */
    static double m(KernelSpectrum s, double r, double invBeta) {
        double acc = 0;
        for (int a = 0; a < s.size(); a++) {
            double l = s.eigenvalue(a), d = r * l + invBeta;
            if (l > 0) {
                acc += l * s.yHat(a) * s.yHat(a) / (d * d);
            }
        }
        return acc;
    }

    /** m'(r). */
    static double dm(KernelSpectrum s, double r, double invBeta) {
        double acc = 0;
        for (int a = 0; a < s.size(); a++) {
            double l = s.eigenvalue(a), d = r * l + invBeta;
            if (l > 0) {
                acc -= 2 * l * l * s.yHat(a) * s.yHat(a) / (d * d * d);
            }
        }
        return acc;
    }

    static double g(KernelSpectrum s, double u, int depth, double g2, double invBeta) {
        double r = Math.exp(u);
        return u - depth * Math.log1p(g2 * r * m(s, r, invBeta));
    }

    static double dg(KernelSpectrum s, double u, int depth, double g2, double invBeta) {
        double r = Math.exp(u);
        double n = r * m(s, r, invBeta);
        double dn = m(s, r, invBeta) + r * dm(s, r, invBeta);
        return 1 - depth * g2 * r * dn / (1 + g2 * n);
    }
}
