package org.dln.linear.fluct;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.Problem;
import org.dln.numeric.activation.Activations;
import org.junit.jupiter.api.Test;

/**
 * The sampled single-site estimator of the O(1/N) prediction variance (any activation, L = 1) with phi = identity
 * against the exact solver, 8 replicas of 4000 sites (each split-half jackknifed). z = (sampled - exact) / SE follows
 * Student's t with 7 degrees of freedom, so with 66 compared numbers a 4-SE deviation happens by chance (P(|t_7| > 4)
 * = 0.5% each); judged: every |z| < 6 (P = 5e-4 each) and the mean z over all numbers within +-2 (a systematic error
 * of a few percent fails it; the estimator's finite-M bias, measured at 1-2% for M = 2500 and a quarter of that at
 * M = 10^4, does not). The standard errors stay below 8% of the values, so a variance off by 20% fails.
 */
class SampledFluctuationsTest {

    @Test
    void identityMatchesExactSolver() {
        double[][] x = {{1.0, 0.2, -0.4}, {-0.3, 0.9, 0.5}, {0.4, -0.6, 1.1}};
        for (boolean centred : new boolean[] {false, true}) {
            Problem p = new Problem.Builder().inputs(x).y(new double[] {0.8, -0.5, 0.3}).depth(1).gamma0(1.5).eta(0.1).timePoints(12)
                    .conventions(new Conventions(Conventions.Loss.SUM, centred ? Conventions.Output.CENTRED : Conventions.Output.UNCENTRED))
                    .build();
            Fluctuations exact = FluctuationSolver.forProblem(p).descent(p);
            SampledFluctuations.Result mc = SampledFluctuations.descent(p, Activations.IDENTITY, 4000, 8, 99, 1e-4);
            int compared = 0;
            double zsum = 0;
            for (int t = 1; t < 12; t++) {
                for (int a = 0; a < 3; a++) {
                    double v = exact.fVar(t, a), e = mc.fVar()[t][a], se = mc.fVarStderr()[t][a];
                    assertTrue(Math.abs(e - v) < 6 * se, "t=" + t + " a=" + a + " exact " + v + " sampled " + e + " +- " + se);
                    zsum += (e - v) / se;
                    assertTrue(se < 0.08 * v, "standard error " + se + " of " + v);
                    compared++;
                }
            }
            assertTrue(compared == 33);
            assertTrue(Math.abs(zsum / compared) < 2, "mean standardized deviation " + zsum / compared);
        }
    }
}
