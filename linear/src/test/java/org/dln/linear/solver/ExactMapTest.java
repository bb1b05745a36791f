package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * theory.md section 4: two layers (L = 1), one sample with Kx = 1, gradient descent with step eta is the exact map
 * f <- f + eta K Delta + eta^2 g^2 f Delta^2,  K <- K + 4 eta g^2 f Delta + eta^2 g^2 Delta^2 K,  from f = 0, K = 2.
 * The marching solver is exact, so the only difference is rounding: 1e-12 relative.
 */
class ExactMapTest {

    @ParameterizedTest
    @CsvSource({"0.5, 0.1, 1.0", "1.0, 0.05, 1.0", "2.0, 0.05, -0.7", "3.0, 0.02, 1.5", "0.0, 0.1, 1.0"})
    void twoLayerOneSampleReproducesExactMap(double gamma0, double eta, double y) {
        int steps = 120;
        Problem p = new Problem.Builder().gram(new double[][] {{1.0}}).y(new double[] {y}).depth(1)
                .gamma0(gamma0).eta(eta).timePoints(steps).build();
        LinearSolution sol = new CausalMarchingSolver().solve(p, SolveOptions.of(Approximation.FULL));
        double f = 0, k = 2, g2 = gamma0 * gamma0;
        for (int t = 0; t < steps; t++) {
            assertEquals(f, sol.f(t, 0), 1e-12 * Math.max(1, Math.abs(f)), "f at t=" + t);
            assertEquals(k, sol.ntk(t, 0, 0), 1e-12 * k, "K at t=" + t);
            double delta = y - f;
            double fn = f + eta * k * delta + eta * eta * g2 * f * delta * delta;
            double kn = k + 4 * eta * g2 * f * delta + eta * eta * g2 * delta * delta * k;
            f = fn;
            k = kn;
        }
    }
}
