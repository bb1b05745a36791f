package org.dln.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.FirstOrderSolver;
import org.dln.linear.solver.FlowExtrapolation;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.SolveOptions;
import org.dln.symbolic.series.PerturbationSeries;
import org.junit.jupiter.api.Test;

/**
 * The exact perturbation series (symbolic module) against the numeric solver (linear module), and the PT1 approximation
 * against both. References: exact gradient descent (causal marching) extrapolated to eta -> 0; the series itself for the
 * eta -> 0 limit of PT1's first-order coefficient.
 */
class SeriesVsNumericTest {

    private static double partialSum(PerturbationSeries s, double q2, int upTo) {
        double v = 0;
        for (int k = 0; k <= upTo; k++) {
            v += s.ntk(k).limitAtInfinity().doubleValue() * Math.pow(q2, k);
        }
        return v;
    }

    @Test
    void depthTwoFinalNtkMatchesTheFlowToTheFirstOmittedOrder() {
        // 4 levels eta = 0.1/1..4; the error estimate (change from 3 to 4 levels, an upper bound in practice) enters the tolerance
        PerturbationSeries s = PerturbationSeries.solve(2, 3);
        double gamma0 = 0.2;
        FlowExtrapolation.Result r = FlowExtrapolation.finalNtk(2, gamma0, 1, 0.1, 4);
        assertTrue(r.errorEstimate() < 1e-4, "extrapolation error " + r.errorEstimate());
        double q2 = gamma0 * gamma0;
        for (int k = 0; k <= 1; k++) {
            // truncated after q^(2k): the error over q^(2k+2) is the next coefficient up to O(q^2) (relative 10% at q = 0.2)
            double ratio = (r.value() - partialSum(s, q2, k)) / Math.pow(q2, k + 1);
            double next = s.ntk(k + 1).limitAtInfinity().doubleValue();
            assertEquals(next, ratio, 0.1 * Math.abs(next) + r.errorEstimate() / Math.pow(q2, k + 1), "order " + k);
        }
    }

    private static Problem threeSamples(double gamma0) {
        double[][] kx = {{1.0, 0.3, -0.2}, {0.3, 0.8, 0.1}, {-0.2, 0.1, 1.2}};
        return new Problem.Builder().gram(kx).y(new double[] {1, -0.6, 0.4}).depth(2).gamma0(gamma0).eta(0.05).timePoints(40).build();
    }

    @Test
    void pt1MinusFullIsFourthOrderInGamma0() {
        double[] gammas = {0.1, 0.2};
        double[] err = new double[2];
        for (int i = 0; i < 2; i++) {
            Problem p = threeSamples(gammas[i]);
            LinearSolution full = new CausalMarchingSolver().solve(p, SolveOptions.DEFAULT);
            LinearSolution pt1 = new FirstOrderSolver().solve(p, SolveOptions.of(Approximation.PT1));
            assertEquals(Approximation.PT1, pt1.approximation());
            double e = 0;
            for (int t = 0; t < p.timePoints(); t++) {
                for (int a = 0; a < 3; a++) {
                    e = Math.max(e, Math.abs(full.f(t, a) - pt1.f(t, a)));
                    for (int b = 0; b < 3; b++) {
                        e = Math.max(e, Math.abs(full.ntk(t, a, b) - pt1.ntk(t, a, b)));
                    }
                }
            }
            err[i] = e;
        }
        double slope = Math.log(err[1] / err[0]) / Math.log(2);
        // O(gamma0^4): slope 4, up to the O(gamma0^6) correction (a few percent here)
        assertEquals(4, slope, 0.3, "errors " + err[0] + ", " + err[1]);
    }

    @Test
    void pt1FirstOrderCoefficientTendsToTheSeriesAsEtaToZero() {
        int depth = 2;
        double exact = PerturbationSeries.solve(depth, 1).ntk(1).limitAtInfinity().doubleValue();
        double gamma0 = 0.1;
        double[] etas = {0.1, 0.05, 0.025};
        double[] k1 = new double[3];
        for (int i = 0; i < 3; i++) {
            int steps = (int) Math.ceil(FlowExtrapolation.defaultHorizon(depth) / etas[i]);
            Problem p = new Problem.Builder().gram(new double[][] {{1}}).y(new double[] {1}).depth(depth).gamma0(gamma0)
                    .eta(etas[i]).timePoints(steps + 1).build();
            LinearSolution pt1 = new FirstOrderSolver().solve(p, SolveOptions.of(Approximation.PT1));
            k1[i] = (pt1.ntk(steps, 0, 0) - (depth + 1)) / (gamma0 * gamma0);
        }
        String msg = "K1 at eta 0.1, 0.05, 0.025: " + java.util.Arrays.toString(k1) + " vs " + exact;
        // gradient descent differs from the flow at O(eta): halving eta about halves the error (O(eta^2) shifts it by ~10%)
        assertEquals(2, Math.abs(k1[0] - exact) / Math.abs(k1[1] - exact), 0.25, msg);
        assertEquals(2, Math.abs(k1[1] - exact) / Math.abs(k1[2] - exact), 0.25, msg);
        // Richardson over the three steps removes O(eta) and O(eta^2): what is left is O(eta^3), ~1e-3 here against ~0.05 raw
        double r1a = 2 * k1[1] - k1[0];
        double r1b = 2 * k1[2] - k1[1];
        double r2 = (4 * r1b - r1a) / 3;
        assertEquals(exact, r2, 3e-3, msg);
        assertTrue(Math.abs(r2 - exact) < 0.1 * Math.abs(k1[2] - exact), msg);
    }
}
