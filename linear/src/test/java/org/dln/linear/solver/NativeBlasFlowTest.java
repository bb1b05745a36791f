package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The gradient flow's native-BLAS kernels (element sweep and tangent, {@link TangentBlas}; skipped without a
 * libblas.so.3) against its pure-Java loops ({@code -Ddln.blas=java}), and the native path on 1 and 2 threads. The same
 * equations with the sums ordered differently: the two converged solutions agree to rounding amplified by the Newton
 * solves, 1e-11 (1 + |x|) (the P = 8, L = 3, t = 10 flow agrees to 2e-13); the thread counts must agree bit for bit (the
 * BLAS calls are a fixed partition of panels).
 */
class NativeBlasFlowTest {

    @Test
    void nativeFlowAgreesWithJavaLoopsAndIsThreadIndependent() {
        Assumptions.assumeTrue(NativeBlas.get() != null, "no native BLAS installed: the Java loops only");
        SplittableRandom rnd = new SplittableRandom(41);
        int p = 5;
        double[][] x = new double[p][8];
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < 8; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i] = rnd.nextGaussian();
        }
        Problem prob = new Problem.Builder().inputs(x).y(y).depth(3).gamma0(1.2).eta(0.01).timePoints(2)
                .checkStability(false).build();
        FlowSolver.Options o = FlowSolver.Options.of(3).withGrid(4, 10).withRefinement(1, 0);
        FlowSolution one;
        FlowSolution two;
        FlowSolution java;
        try {
            System.setProperty(SweepPool.THREADS_PROPERTY, "1");
            one = new FlowSolver().solve(prob, o, k -> { });
            System.setProperty(SweepPool.THREADS_PROPERTY, "2");
            two = new FlowSolver().solve(prob, o, k -> { });
            System.setProperty(NativeBlas.PROPERTY, "java");
            java = new FlowSolver().solve(prob, o, k -> { });
        } finally {
            System.clearProperty(NativeBlas.PROPERTY);
            System.clearProperty(SweepPool.THREADS_PROPERTY);
        }
        assertTrue(one.report().converged() && java.report().converged(), one.report() + " / " + java.report());
        double worst = 0;
        int compared = 0;
        for (int k = 0; k <= 60; k++) {
            double t = 3.0 * k / 60;
            for (int i = 0; i < p; i++) {
                assertEquals(one.f(t, i), two.f(t, i), 0.0, "f thread count");
                worst = Math.max(worst, rel(java.f(t, i), one.f(t, i)));
                compared++;
                for (int j = 0; j < p; j++) {
                    assertEquals(one.ntk(t, i, j), two.ntk(t, i, j), 0.0, "NTK thread count");
                    worst = Math.max(worst, rel(java.ntk(t, i, j), one.ntk(t, i, j)));
                    compared++;
                }
            }
        }
        System.out.printf("flow native vs Java loops: worst %.3g over %d numbers%n", worst, compared);
        assertTrue(compared > 0, "nothing compared");
        assertTrue(worst <= 1e-11, "native BLAS against Java loops: " + worst);
    }

    private static double rel(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(a - b) / (1 + Math.abs(a));
    }
}
