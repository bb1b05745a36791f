package org.dln.linear.fluct;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.Problem;
import org.dln.numeric.activation.Activations;
import org.junit.jupiter.api.Test;

/**
 * The sampled single-site estimator of the O(1/N) prediction variance (any activation, L = 1) with phi = identity
 * against the exact solver: every N Var f_a(t) within 4 Monte Carlo standard errors (6 replicas of 2500 sites; the
 * estimator's bias is O(1/M), below 1e-3 relative), and the standard errors themselves below 8% of the values (so the
 * check has teeth: a variance off by 20% fails).
 */
class SampledFluctuationsTest {

    @Test
    void identityMatchesExactSolver() {
        double[][] x = {{1.0, 0.2, -0.4}, {-0.3, 0.9, 0.5}, {0.4, -0.6, 1.1}};
        for (boolean centred : new boolean[] {false, true}) {
            Problem p = new Problem.Builder().inputs(x).y(new double[] {0.8, -0.5, 0.3}).depth(1).gamma0(1.5).eta(0.1).timePoints(16)
                    .conventions(new Conventions(Conventions.Loss.SUM, centred ? Conventions.Output.CENTRED : Conventions.Output.UNCENTRED))
                    .build();
            Fluctuations exact = FluctuationSolver.forProblem(p).descent(p);
            SampledFluctuations.Result mc = SampledFluctuations.descent(p, Activations.IDENTITY, 2500, 6, 99, 1e-4);
            int compared = 0;
            for (int t = 1; t < 16; t++) {
                for (int a = 0; a < 3; a++) {
                    double v = exact.fVar(t, a), e = mc.fVar()[t][a], se = mc.fVarStderr()[t][a];
                    assertTrue(Math.abs(e - v) < 4 * se, "t=" + t + " a=" + a + " exact " + v + " sampled " + e + " +- " + se);
                    assertTrue(se < 0.08 * v, "standard error " + se + " of " + v);
                    compared++;
                }
            }
            assertTrue(compared == 45);
        }
    }
}
