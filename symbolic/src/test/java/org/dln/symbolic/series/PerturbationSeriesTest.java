package org.dln.symbolic.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.symbolic.SymbolicSession;
import org.junit.jupiter.api.Test;

/**
 * The perturbation series against independent references: the L = 1 closed forms of theory.md section 4 (final NTK
 * 2 sqrt(1 + q^2), whose Taylor coefficients Symja computes; and K(t) = 2 sqrt(1 + q^2 f(t)^2) at every time, checked
 * exactly in the term algebra), and a Runge-Kutta integration of the L = 1 flow df/dt = K (1 - f) at small gamma0,
 * where the truncated series must agree to the first omitted order.
 */
class PerturbationSeriesTest {

    @Test
    void depthOneFinalNtkIsTheSeriesOfTwoSqrtOnePlusQSquaredToQ12() {
        PerturbationSeries s = PerturbationSeries.solve(1, 6);
        try (SymbolicSession symja = new SymbolicSession()) {
            for (int k = 0; k <= 6; k++) {
                String ref = symja.evaluate("SeriesCoefficient(2*Sqrt(1+q^2), {q, 0, " + (2 * k) + "})");
                assertEquals(Rational.parse(ref), s.ntk(k).limitAtInfinity(), "q^" + (2 * k));
            }
        }
    }

    @Test
    void depthOneNtkIsTwoSqrtOnePlusQSquaredFSquaredAtEveryTime() {
        int order = 4;
        PerturbationSeries s = PerturbationSeries.solve(1, order, true);
        // x = g f(t)^2 as a series in g; 2 sqrt(1 + x) = 2 sum_j binom(1/2, j) x^j, truncated at g^order
        ExpPoly[] f = new ExpPoly[order + 1];
        for (int k = 0; k <= order; k++) {
            f[k] = s.f(k);
        }
        ExpPoly[] x = new ExpPoly[order + 1]; // x_k = coefficient of g^k of g f^2
        x[0] = ExpPoly.ZERO;
        for (int k = 1; k <= order; k++) {
            ExpPoly.Builder b = new ExpPoly.Builder();
            for (int i = 0; i <= k - 1; i++) {
                b.add(f[i].multiply(f[k - 1 - i]));
            }
            x[k] = b.build();
        }
        ExpPoly[] sum = new ExpPoly[order + 1];
        ExpPoly[] power = new ExpPoly[order + 1]; // x^j by order
        for (int k = 0; k <= order; k++) {
            sum[k] = ExpPoly.ZERO;
            power[k] = k == 0 ? ExpPoly.ONE : ExpPoly.ZERO;
        }
        Rational binom = Rational.ONE;
        for (int j = 0; j <= order; j++) {
            for (int k = 0; k <= order; k++) {
                sum[k] = sum[k].add(power[k].scale(binom.multiply(2)));
            }
            binom = binom.multiply(Rational.of(1, 2).subtract(Rational.of(j))).divide(j + 1);
            ExpPoly[] next = new ExpPoly[order + 1];
            for (int k = 0; k <= order; k++) {
                ExpPoly.Builder b = new ExpPoly.Builder();
                for (int i = 0; i <= k; i++) {
                    b.add(power[i].multiply(x[k - i]));
                }
                next[k] = b.build();
            }
            power = next;
        }
        for (int k = 0; k <= order; k++) {
            assertEquals(sum[k], s.ntk(k), "order " + k);
            assertEquals(s.ntk(k).scale(Rational.of(1, 2)), s.phi(1, k), "Phi^1(t,t) = K/2 at order " + k);
            assertEquals(s.phi(1, k), s.g(1, k), "G^1 = Phi^1 at order " + k);
        }
    }

    @Test
    void depthOneAgreesWithRungeKuttaToTheFirstOmittedOrder() {
        int order = 3;
        PerturbationSeries s = PerturbationSeries.solve(1, order);
        for (double gamma0 : new double[] {0.1, 0.2}) {
            double g = gamma0 * gamma0;
            // RK4 of df/dt = 2 sqrt(1 + g f^2) (1 - f), f(0) = 0, step 1e-3 (error ~1e-12)
            double h = 1e-3;
            double fv = 0;
            double maxErr = 0;
            for (int i = 0; i < 4000; i++) {
                double t = i * h;
                double series = 0;
                for (int k = 0; k <= order; k++) {
                    series += Math.pow(g, k) * s.f(k).value(t);
                }
                maxErr = Math.max(maxErr, Math.abs(series - fv));
                double k1 = rhs(fv, g);
                double k2 = rhs(fv + h / 2 * k1, g);
                double k3 = rhs(fv + h / 2 * k2, g);
                double k4 = rhs(fv + h * k3, g);
                fv += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            }
            // first omitted order g^{order+1}; its coefficient is O(1) here (|f_k| < 1 on this range)
            assertTrue(maxErr < Math.pow(g, order + 1), "gamma0 " + gamma0 + ": max error " + maxErr);
            assertTrue(maxErr > 1e-3 * Math.pow(g, order + 1), "error should be of the first omitted order, got " + maxErr);
        }
    }

    @Test
    void updateThroughTheLazyMapEqualsRecomputationFromTheEquations() {
        // solve(.., true) recomputes each order from the equations and checks f_k + Delta_k = [k = 0] exactly
        PerturbationSeries fast = PerturbationSeries.solve(3, 3, false);
        PerturbationSeries checked = PerturbationSeries.solve(3, 3, true);
        for (int k = 0; k <= 3; k++) {
            assertEquals(checked.delta(k), fast.delta(k));
            assertEquals(checked.ntk(k), fast.ntk(k));
            for (int l = 1; l <= 3; l++) {
                assertEquals(checked.phi(l, k), fast.phi(l, k));
                assertEquals(checked.g(l, k), fast.g(l, k));
            }
        }
    }

    private static double rhs(double f, double g) {
        return 2 * Math.sqrt(1 + g * f * f) * (1 - f);
    }
}
