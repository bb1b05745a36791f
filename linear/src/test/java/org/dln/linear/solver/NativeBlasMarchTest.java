package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The march's native-BLAS kernels (when a libblas.so.3 is installed; skipped otherwise) against its pure-Java loops
 * ({@code -Ddln.blas=java}): the same equations with the sums ordered differently, so f, the NTK and the full two-time
 * kernels agree to rounding. Tolerance: each entry is a sum of O(n T) products of O(1) terms accumulated over T steps;
 * 1e-13 (1 + |x|) is some tens of ulps at these sizes (the P = 8, L = 3, T = 400 march agrees to 4e-14). The step eta keeps
 * every case below the stability edge (eta lambda_max(K) &lt; 2): beyond it rounding differences grow with the catapult
 * (P = 8 at eta = 0.02 reaches eta K = 2.3 and the two orders drift apart to 1e-12). Both layouts of
 * the BLAS path (full C^T, A^T, D and packed with the Java tail), with test samples, weight decay and the GIA.
 */
class NativeBlasMarchTest {

    @ParameterizedTest
    @CsvSource({"8, 0, 3, 0.0, FULL, false, 0.005", "8, 0, 3, 0.0, FULL, true, 0.005", "5, 2, 2, 0.0, FULL, false, 0.02",
            "6, 1, 3, 0.4, FULL, false, 0.02", "6, 1, 3, 0.4, FULL, true, 0.02", "4, 1, 2, 0.0, GIA, false, 0.02",
            "4, 0, 1, 0.0, LAZY, false, 0.02"})
    void nativeKernelsAgreeWithJavaLoops(int p, int q, int depth, double decay, Approximation approx, boolean packed,
                                         double eta) {
        Assumptions.assumeTrue(NativeBlas.get() != null, "no native BLAS installed: the Java loops only");
        SplittableRandom rnd = new SplittableRandom(29 + p);
        double[][] x = MarchThreadsTest.gaussian(rnd, p, 10), xt = q == 0 ? null : MarchThreadsTest.gaussian(rnd, q, 10);
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            y[i] = rnd.nextGaussian();
        }
        Problem prob = new Problem.Builder().inputs(x).testInputs(xt).y(y).depth(depth).gamma0(1.3).eta(eta)
                .timePoints(60).checkStability(false).build();
        SolveOptions o = SolveOptions.of(approx).withTwoTime(approx != Approximation.GIA).withWeightDecay(decay);
        LinearSolution fast;
        LinearSolution java;
        try {
            SweepArrays.packedTransposeForTests = packed;
            fast = new CausalMarchingSolver(2).solve(prob, o);
            System.setProperty(NativeBlas.PROPERTY, "java");
            java = new CausalMarchingSolver(2).solve(prob, o);
        } finally {
            System.clearProperty(NativeBlas.PROPERTY);
            SweepArrays.packedTransposeForTests = false;
        }
        double worst = 0;
        int compared = 0;
        for (int t = 0; t < java.timePoints(); t++) {
            for (int i = 0; i < java.samples(); i++) {
                worst = Math.max(worst, rel(java.f(t, i), fast.f(t, i)));
                compared++;
                for (int j = 0; j < java.samples(); j++) {
                    worst = Math.max(worst, rel(java.ntk(t, i, j), fast.ntk(t, i, j)));
                    compared++;
                }
            }
        }
        if (o.keepTwoTime()) {
            for (int l = 0; l <= depth; l++) {
                double[] a = java.twoTime().phi()[l], b = fast.twoTime().phi()[l];
                assertEquals(a.length, b.length);
                for (int k = 0; k < a.length; k++) {
                    worst = Math.max(worst, rel(a[k], b[k]));
                    compared++;
                }
            }
        }
        double fmax = 0;
        for (int t = 0; t < java.timePoints(); t++) {
            for (int i = 0; i < java.samples(); i++) {
                fmax = Math.max(fmax, Math.abs(java.ntk(t, i, i)));
            }
        }
        System.out.printf("native vs Java: P=%d Q=%d L=%d decay=%s %s packed=%s eta=%s: worst %.3g (max K_ii %.3g)%n", p, q,
                depth, decay, approx, packed, eta, worst, fmax);
        assertTrue(compared > 0, "nothing compared");
        assertTrue(worst <= 1e-13, "native BLAS against Java loops: " + worst);
    }

    private static double rel(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(a - b) / (1 + Math.abs(a));
    }
}
