package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.problem.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Weight decay, two layers (L = 1), one sample with Kx = 1. With first-layer weights a = W^0 (N x 1) and readout
 * b = w^1, gradient descent with decay is a' = rho a + gamma0 eta Delta b, b' = rho b + gamma0 eta Delta a
 * (rho = 1 - eta lambda), so A = |a|^2/N = Phi^1, B = |b|^2/N = G^1 and gamma0 f = a.b/N follow the closed map
 * <pre>
 *   f' = rho^2 f + rho eta Delta (A + B) + gamma0^2 eta^2 Delta^2 f
 *   A' = rho^2 A + 2 rho gamma0^2 eta Delta f + gamma0^2 eta^2 Delta^2 B     (B' likewise with A and B swapped)
 * </pre>
 * from A = B = 1, f = 0, at every width (no approximation). The marching solver must reproduce it to rounding.
 */
class WeightDecayExactMapTest {

    @ParameterizedTest
    @CsvSource({"0.5, 0.1, 1.0, 0.2", "1.0, 0.05, 1.0, 0.5", "2.0, 0.05, -0.7, 1.0", "3.0, 0.02, 1.5, 2.0",
            "0.0, 0.1, 1.0, 0.3"})
    void twoLayerOneSampleReproducesDecayMap(double gamma0, double eta, double y, double lambda) {
        int steps = 150;
        Problem p = new Problem.Builder().gram(new double[][] {{1.0}}).y(new double[] {y}).depth(1)
                .gamma0(gamma0).eta(eta).timePoints(steps).build();
        LinearSolution sol = new CausalMarchingSolver().solve(p, SolveOptions.of(Approximation.FULL).withWeightDecay(lambda));
        double f = 0, a = 1, b = 1, g2 = gamma0 * gamma0, rho = 1 - eta * lambda;
        for (int t = 0; t < steps; t++) {
            assertEquals(f, sol.f(t, 0), 1e-12 * Math.max(1, Math.abs(f)), "f at t=" + t);
            assertEquals(a + b, sol.ntk(t, 0, 0), 1e-12 * (a + b), "K at t=" + t);
            assertEquals(a, sol.phi(1, t, 0, 0), 1e-12 * Math.max(1, a), "Phi^1 at t=" + t);
            assertEquals(b, sol.g(1, t), 1e-12 * Math.max(1, b), "G^1 at t=" + t);
            double d = y - f;
            double fn = rho * rho * f + rho * eta * d * (a + b) + g2 * eta * eta * d * d * f;
            double an = rho * rho * a + 2 * rho * g2 * eta * d * f + g2 * eta * eta * d * d * b;
            double bn = rho * rho * b + 2 * rho * g2 * eta * d * f + g2 * eta * eta * d * d * a;
            f = fn;
            a = an;
            b = bn;
        }
    }

    @Test
    void zeroDecayIsBitIdenticalToPlainGradientDescent() {
        Problem p = new Problem.Builder().inputs(new double[][] {{1, 0.3, -0.2}, {0.1, 1.2, 0.4}, {-0.5, 0.2, 0.9}})
                .y(new double[] {1, -0.5, 0.3}).depth(3).gamma0(1.5).eta(0.05).timePoints(40).build();
        LinearSolution plain = new CausalMarchingSolver().solve(p, SolveOptions.of(Approximation.FULL));
        LinearSolution zero = new CausalMarchingSolver().solve(p, SolveOptions.of(Approximation.FULL).withWeightDecay(0.0));
        for (int t = 0; t < p.timePoints(); t++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(plain.f(t, i), zero.f(t, i), 0.0);
                assertEquals(plain.ntk(t, i, 0), zero.ntk(t, i, 0), 0.0);
            }
        }
    }

    @Test
    void badDecayIsRejectedNamingTheField() {
        Problem p = new Problem.Builder().gram(new double[][] {{1.0}}).y(new double[] {1}).depth(1)
                .gamma0(1).eta(0.1).timePoints(5).build();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new CausalMarchingSolver().solve(p, SolveOptions.of(Approximation.FULL).withWeightDecay(-1)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("weight-decay"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> new CausalMarchingSolver().solve(p, SolveOptions.of(Approximation.GIA).withWeightDecay(0.1)));
    }
}
