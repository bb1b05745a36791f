package org.dln.linear.stationary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.SolveOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The weight-decay stationary state (issue 7, done-when 3) against independent references: the closed form of one
 * sample with L = 1, the scalar reduction, the adaptive-NTK predictor identity, and the long-time limit of the exact
 * gradient-descent DMFT with decay.
 */
class WeightDecayStationaryTest {

    /**
     * One sample, Kx = 1, y = 1, L = 1: lambda W = gradient gives a = (gamma0/lambda) Delta b, b = (gamma0/lambda)
     * Delta a, so Delta = lambda/gamma0 and Phi^1 = G^1 = gamma0 f / Delta = gamma0 - lambda (for lambda &lt; gamma0).
     */
    @ParameterizedTest
    @CsvSource({"1.0, 0.3", "2.0, 0.5", "0.5, 0.2"})
    void oneSampleClosedForm(double gamma0, double lambda) {
        Problem p = new Problem.Builder().gram(new double[][] {{1.0}}).y(new double[] {1}).depth(1).gamma0(gamma0)
                .eta(0.1).timePoints(2).build();
        DecayStationaryState st = new DecayStationarySolver().solve(p, lambda, null, null);
        assertTrue(st.report().converged(), st.report().toString());
        assertEquals(1 - lambda / gamma0, st.f(0), 1e-13);
        assertEquals(gamma0 - lambda, st.phi(1, 0, 0), 1e-13);
        assertEquals(gamma0 - lambda, st.g(1), 1e-13);
        assertEquals(2, st.predictorConstant(), 0.0);
    }

    @Test
    void tooStrongDecayHasNoNontrivialState() {
        Problem p = new Problem.Builder().gram(new double[][] {{1.0}}).y(new double[] {1}).depth(1).gamma0(1)
                .eta(0.1).timePoints(2).build();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new DecayStationarySolver().solve(p, 1.5, null, null));
        assertTrue(e.getMessage().contains("weight-decay"), e.getMessage());
    }

    static Problem random(int depth, double gamma0, int timePoints, double eta) {
        SplittableRandom rnd = new SplittableRandom(11);
        int p = 4, q = 2, d = 6;
        double[][] x = new double[p][d];
        double[][] xt = new double[q][d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                r[j] = rnd.nextGaussian();
            }
        }
        for (double[] r : xt) {
            for (int j = 0; j < d; j++) {
                r[j] = rnd.nextGaussian();
            }
        }
        return new Problem.Builder().inputs(x).testInputs(xt).y(new double[] {1.0, -0.8, 0.5, -0.3}).depth(depth)
                .gamma0(gamma0).eta(eta).timePoints(timePoints).build();
    }

    /**
     * Random data, L = 1, 2, 3, gamma0 = 2, lambda = 1: the exact gradient-descent DMFT with decay, run to t = 170
     * steps of eta = 0.1 (the initial weights' share rho^t = 0.9^t is 1.6e-8 at the end; measured distances 4e-10 to 9e-10 at t = 170, 4e-9 to 8e-9 at t = 150), ends within 1e-8 of the
     * Newton stationary state (train and test predictions, NTK, G^l). Newton started from the partly trained state
     * at t = 20 converges quadratically, and reproduces the scalar reduction's root to 1e-12; the adaptive-NTK
     * predictor with c = L + 1 reproduces f on the test inputs.
     */
    @ParameterizedTest
    @CsvSource({"1, 2.0", "2, 2.0", "3, 2.0"})
    void gradientDescentConvergesToTheNewtonState(int depth, double gamma0) {
        double lambda = 1.0;
        Problem p = random(depth, gamma0, 171, 0.1);
        LinearSolution traj = new CausalMarchingSolver().solve(p, SolveOptions.DEFAULT.withWeightDecay(lambda));
        DecayStationaryEquations eq = DecayStationarySolver.equations(p, lambda);
        DecayStationaryState st = new DecayStationarySolver().solve(p, lambda,
                DecayStationarySolver.guessFromTrajectory(traj, 20, eq), "trajectory at t = 20");
        System.err.println("L=" + depth + " " + st.report());
        System.err.println("   notes " + st.report().notes());
        assertTrue(st.report().converged(), st.report().toString());
        int t = traj.timePoints() - 1, s = traj.samples();
        double dev = 0;
        for (int i = 0; i < s; i++) {
            dev = Math.max(dev, Math.abs(traj.f(t, i) - st.f(i)));
            for (int j = 0; j < s; j++) {
                dev = Math.max(dev, Math.abs(traj.ntk(t, i, j) - st.ntk(i, j)));
            }
        }
        for (int l = 1; l <= depth; l++) {
            dev = Math.max(dev, Math.abs(traj.g(l, t) - st.g(l)));
        }
        System.err.printf(java.util.Locale.ROOT, "L=%d: max |trajectory(T) - Newton| = %.3e, ridge 1/a = %.5f%n", depth, dev,
                st.effectiveRidge());
        assertTrue(dev < 1e-8, "trajectory end vs Newton: " + dev);
        // Newton reproduces the scalar reduction
        double[] zr = DecayStationarySolver.fromScalarReduction(p, lambda, eq);
        DecayStationaryState red = DecayStationaryState.of(p, lambda, gs(eq, zr, depth), ds(eq, zr, p.trainCount()), null);
        for (int i = 0; i < s; i++) {
            assertEquals(red.f(i), st.f(i), 1e-12, "f vs scalar reduction, sample " + i);
        }
        // adaptive-NTK predictor identity with the derived constant
        double[] ad = st.adaptivePredictor();
        for (int i = 0; i < s; i++) {
            assertEquals(st.f(i), ad[i], 1e-12, "K(x,X)[K + (L+1) lambda I]^{-1} y, sample " + i);
        }
        // quadratic convergence: residual r_{k+1} <= 100 r_k^2 once r_k < 1e-3 (while not rounding-limited)
        double[] h = st.report().residualHistory();
        for (int k = 0; k + 1 < h.length; k++) {
            if (h[k] < 1e-3 && h[k + 1] > 1e-14) {
                assertTrue(h[k + 1] < 100 * h[k] * h[k], "not quadratic: " + java.util.Arrays.toString(h));
            }
        }
    }

    static double[] gs(DecayStationaryEquations eq, double[] z, int depth) {
        double[] g = new double[depth];
        for (int l = 1; l <= depth; l++) {
            g[l - 1] = eq.g(z, l);
        }
        return g;
    }

    static double[] ds(DecayStationaryEquations eq, double[] z, int p) {
        double[] d = new double[p];
        for (int mu = 0; mu < p; mu++) {
            d[mu] = eq.delta(z, mu);
        }
        return d;
    }
}
