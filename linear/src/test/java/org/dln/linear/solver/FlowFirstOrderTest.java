package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dln.linear.problem.Problem;
import org.dln.symbolic.SymbolicSession;
import org.dln.symbolic.series.FirstOrderTheory;
import org.dln.symbolic.series.PerturbationSeries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PT1 for gradient flow (symbolic first-order theory evaluated numerically) against two independent references:
 * the exact perturbation series for one sample (every observable, time-dependent, to rounding), and the full
 * collocation solver for random data with a test input, where pt1 - full = O(gamma0^4): halving gamma0 must divide
 * the difference by 2^4 = 16 (the gamma0^6 term shifts the ratio by O(gamma0^2) = 1%, the solver's 1e-12 error is
 * negligible against differences of 1e-6..1e-5).
 */
class FlowFirstOrderTest {
    private static SymbolicSession symja;

    @BeforeAll
    static void open() {
        symja = new SymbolicSession();
    }

    @AfterAll
    static void close() {
        symja.close();
    }

    @Test
    void oneSampleMatchesTheExactSeriesThroughGammaSquared() {
        double[] ts = {0, 0.05, 0.3, 1, 2.5, 6};
        for (int depth = 1; depth <= 3; depth++) {
            FirstOrderTheory th = FirstOrderTheory.derive(symja, depth);
            PerturbationSeries series = PerturbationSeries.solve(depth, 1);
            double y = 0.8, gamma = 0.7, g2 = gamma * gamma;
            Problem p = new Problem.Builder().gram(new double[][] {{1}}).y(new double[] {y}).depth(depth).gamma0(gamma)
                    .eta(0.01).timePoints(2).checkStability(false).build();
            LinearSolution s = FlowFirstOrder.solve(p, th, ts);
            for (int k = 0; k < ts.length; k++) {
                double t = ts[k];
                // the series is at y = 1: f_k carries y^{2k+1}, kernels y^{2k}
                double f = y * series.f(0).value(t) + g2 * y * y * y * series.f(1).value(t);
                double ntk = series.ntk(0).value(t) + g2 * y * y * series.ntk(1).value(t);
                assertEquals(f, s.f(k, 0), 1e-14, "f, L = " + depth + ", t = " + t);
                assertEquals(ntk, s.ntk(k, 0, 0), 1e-13, "K, L = " + depth + ", t = " + t);
                for (int l = 1; l <= depth; l++) {
                    assertEquals(1 + g2 * y * y * series.phi(l, 1).value(t), s.phi(l, k, 0, 0), 1e-14);
                    assertEquals(1 + g2 * y * y * series.g(l, 1).value(t), s.g(l, k), 1e-14);
                }
            }
        }
    }

    @Test
    void randomDataDiffersFromTheFullFlowAtOrderGammaToTheFourth() {
        int depth = 3;
        SplittableRandom rnd = new SplittableRandom(7);
        double[][] x = new double[4][6];
        double[][] xt = new double[1][6];
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i] = rnd.nextGaussian();
        }
        for (int j = 0; j < 6; j++) {
            xt[0][j] = rnd.nextGaussian();
        }
        FirstOrderTheory th = FirstOrderTheory.derive(symja, depth);
        double tMax = 3;
        double[] diff = new double[2];
        double[] gammas = {0.2, 0.1};
        for (int c = 0; c < 2; c++) {
            Problem p = new Problem.Builder().inputs(x).testInputs(xt).y(y).depth(depth).gamma0(gammas[c]).eta(0.01).timePoints(2)
                    .checkStability(false).build();
            FlowSolution full = new FlowSolver().solve(p, FlowSolver.Options.of(tMax).withGrid(4, 12).withRefinement(1, 0), k -> { });
            assertTrue(full.report().converged());
            double[] ts = new double[31];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = tMax * i / (ts.length - 1);
            }
            LinearSolution pt1 = FlowFirstOrder.solve(p, th, ts);
            LinearSolution ref = full.at(ts);
            for (int k = 0; k < ts.length; k++) {
                for (int i = 0; i < 5; i++) {
                    diff[c] = Math.max(diff[c], Math.abs(pt1.f(k, i) - ref.f(k, i)));
                    for (int j = 0; j < 5; j++) {
                        diff[c] = Math.max(diff[c], Math.abs(pt1.ntk(k, i, j) - ref.ntk(k, i, j)));
                        for (int l = 1; l <= depth; l++) {
                            diff[c] = Math.max(diff[c], Math.abs(pt1.phi(l, k, i, j) - ref.phi(l, k, i, j)));
                        }
                    }
                }
            }
        }
        double ratio = diff[0] / diff[1];
        System.err.printf("pt1 vs full flow, L = 3, P = 4 + 1 test: max diff %.3e (gamma0 0.2), %.3e (0.1), ratio %.3f%n", diff[0], diff[1], ratio);
        assertTrue(ratio > 14.5 && ratio < 17.5, "pt1 - full must scale like gamma0^4: ratio " + ratio + " (diffs " + diff[0] + ", " + diff[1] + ")");
    }
}
