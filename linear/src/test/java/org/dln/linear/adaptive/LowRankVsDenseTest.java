package org.dln.linear.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.bayes.BayesSaddleSolver;
import org.dln.linear.bayes.BayesSolution;
import org.dln.linear.problem.Problem;
import org.dln.linear.problem.TeacherStudent;
import org.dln.linear.stationary.DecayStationarySolver;
import org.dln.linear.stationary.DecayStationaryState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Done-when 2 of issue 20: the large-P solvers (low-rank Bayes saddle point, spectral weight-decay state) agree with
 * the dense Newton solvers on 2 L P(P+1)/2 (resp. L P(P+1)/2 + L + P) unknowns to 1e-10 in every kernel entry and
 * prediction. Both solve to ~1e-13 residual with O(1) condition numbers here, so their difference is rounding-level
 * (~1e-13); 1e-10 leaves room for the conditioning of the dense Jacobian (~1e2).
 */
class LowRankVsDenseTest {
    static final double TOL = 1e-10;

    static Problem problem(int p, int q, int depth, double gamma0, long seed) {
        TeacherStudent ts = TeacherStudent.of(3 * p, p, q, 1.0, 0.1, seed);
        return ts.builder().checkStability(false).depth(depth).gamma0(gamma0).build();
    }

    static void bayesAgrees(int p, int depth, double gamma0, double invBeta) {
        Problem pr = problem(p, 5, depth, gamma0, 11 + p);
        BayesSolution dense = new BayesSaddleSolver(1e-13).solve(pr.kx(), pr.y(), pr.kxTestTrain(), pr.kxTestTest(), depth,
                gamma0, invBeta);
        assertTrue(dense.converged());
        LowRankBayesSolution lr = new LowRankBayes().solve(new KernelSpectrum(pr.kx(), pr.y()), pr.kxTestTrain(), depth,
                gamma0, invBeta);
        assertTrue(lr.converged());
        assertTrue(lr.r() > 1.01, "feature learning visible: r = " + lr.r());
        assertTrue(lr.fullResidual(pr.kx(), pr.y()) < 1e-12, "residual " + lr.fullResidual(pr.kx(), pr.y()));
        BayesSolution b = lr.toBayesSolution(pr.kx(), pr.kxTestTrain(), pr.kxTestTest());
        double worst = 0;
        for (int l = 1; l <= depth; l++) {
            worst = Math.max(worst, maxDiff(dense.phi()[l], b.phi()[l]));
            worst = Math.max(worst, maxDiff(dense.phiHat()[l], b.phiHat()[l]));
            worst = Math.max(worst, maxDiff(dense.phiTestTrain()[l], b.phiTestTrain()[l]));
            worst = Math.max(worst, maxDiff(dense.phiTestTest()[l], b.phiTestTest()[l]));
        }
        worst = Math.max(worst, maxDiff(new double[][] {dense.fTrain(), dense.fTest(), dense.nngpTest()},
                new double[][] {b.fTrain(), b.fTest(), b.nngpTest()}));
        System.err.printf("bayes P = %d, L = %d, gamma0 = %s, 1/beta = %s: r = %.6f, max |low-rank - dense| = %.2e%n", p, depth,
                gamma0, invBeta, lr.r(), worst);
        assertTrue(worst < TOL, "P = " + p + ", L = " + depth + ": max difference " + worst);
        assertEquals(dense.action(), b.action(), TOL * Math.max(1, Math.abs(dense.action())));
    }

    static void decayAgrees(int p, int depth, double gamma0, double lambda) {
        Problem pr = problem(p, 5, depth, gamma0, 21 + p);
        DecayStationaryState dense = new DecayStationarySolver().solve(pr, lambda, null, null);
        KernelSpectrum spec = new KernelSpectrum(pr.kx(), pr.y());
        SpectralDecay sd = SpectralDecay.solve(spec, pr.kx(), pr.kxTestTrain(), depth, gamma0, lambda, pr.lossScale(), 4096);
        // backward error at rounding times the condition number of the ridge regression (dln adaptive's acceptance bound)
        assertTrue(sd.residual() < AdaptiveStudy.rounding(spec, 1 / sd.a()), "residual " + sd.residual() + ", bound "
                + AdaptiveStudy.rounding(spec, 1 / sd.a()));
        double worst = 0;
        for (int i = 0; i < p; i++) {
            worst = Math.max(worst, Math.abs(dense.f(i) - sd.fTrain()[i]));
        }
        for (int i = 0; i < pr.testCount(); i++) {
            worst = Math.max(worst, Math.abs(dense.f(p + i) - sd.fTest()[i]));
        }
        for (int l = 1; l <= depth; l++) {
            worst = Math.max(worst, Math.abs(dense.g(l) - sd.g()[l - 1]) / Math.max(1, Math.abs(dense.g(l))));
        }
        System.err.printf("decay P = %d, L = %d: ridge 1/a = %.6g, max |spectral - dense| = %.2e%n", p, depth, 1 / sd.a(), worst);
        assertTrue(worst < TOL, "P = " + p + ", L = " + depth + ": max difference " + worst);
    }

    @Test
    void bayesSmall() {
        bayesAgrees(6, 1, 1.5, 0.2);
        bayesAgrees(10, 2, 1.0, 0.1);
        bayesAgrees(8, 3, 0.7, 0.5);
        bayesAgrees(12, 1, 2.0, 0.0); // beta = inf, Kx invertible (D = 3P)
    }

    @Test
    void decaySmall() {
        decayAgrees(8, 1, 1.0, 0.05);
        decayAgrees(12, 2, 1.5, 0.02);
    }

    @Test
    @Tag("slow")
    void largerP() {
        bayesAgrees(32, 1, 1.5, 0.1);
        bayesAgrees(24, 2, 1.0, 0.1);
        decayAgrees(64, 1, 1.0, 0.05);
        decayAgrees(64, 2, 1.5, 0.02);
    }

    static double maxDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].length, b[i].length);
            for (int j = 0; j < a[i].length; j++) {
                double d = Math.abs(a[i][j] - b[i][j]);
                if (Double.isNaN(d)) {
                    return Double.POSITIVE_INFINITY;
                }
                m = Math.max(m, d);
            }
        }
        return m;
    }
}
