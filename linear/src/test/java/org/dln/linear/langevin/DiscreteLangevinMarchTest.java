package org.dln.linear.langevin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.dmft.Solvers;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The discrete Langevin march without noise (rho = 1 - eta lambda, a = eta, s = 0) is gradient descent with weight
 * decay (theory.md section 8): it must equal dln's causal-marching solver (a separate implementation of the same
 * equations in the Lambda-scaled form) to rounding, 1e-12 on O(1) predictions, for every depth and gamma0.
 */
class DiscreteLangevinMarchTest {

    @ParameterizedTest
    @CsvSource({"1, 1.0, 0.0", "2, 0.0, 0.0", "2, 1.0, 0.0", "3, 1.5, 0.0", "2, 1.0, 0.3", "3, 0.7, 0.2"})
    void noiselessMarchIsGradientDescentWithDecay(int depth, double gamma0, double lambda) {
        Problem p = LangevinLimitsTest.problem(depth, gamma0, LangevinLimitsTest.Y).toBuilder().eta(0.05).timePoints(40).build();
        Solution gd = Solvers.gradientDescent(Approximation.FULL, false, lambda).solve(p);
        DiscreteLangevinMarch mr = new DiscreteLangevinMarch(p.jointGram(), p.y(), p.lossScale(), depth, gamma0, 1.0, 40,
                1 - 0.05 * lambda, 0.05, 0.0, 1.0);
        mr.run();
        double worst = 0;
        for (int t = 0; t < 40; t++) {
            for (int mu = 0; mu < 4; mu++) {
                worst = Math.max(worst, Math.abs(gd.f(t, mu) - mr.f[t * 6 + mu]));
            }
            for (int q = 0; q < 2; q++) {
                worst = Math.max(worst, Math.abs(gd.get("f_test").value(t, q) - mr.f[t * 6 + 4 + q]));
            }
            for (int l = 1; l <= depth; l++) {
                worst = Math.max(worst, Math.abs(gd.get("g" + l).value(t, 0) - mr.gk[l][t * 40 + t]));
                worst = Math.max(worst, Math.abs(gd.get("phi" + l).value(t, 1) - mr.phi[l][(t * 6) * 240 + t * 6 + 1]));
            }
        }
        assertTrue(worst < 1e-12 && Double.isFinite(worst), "max deviation from gradient descent with decay: " + worst);
    }
}
