package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The causal march's threaded kernels: every output entry is computed by one task with a fixed summation order, so
 * the solution is bit-identical for any number of threads (f, the NTK and the full two-time kernels), with test
 * samples and with weight decay. The sizes are large enough for the kernels to split (work above the grain; T = 200 for
 * the row products of N, B and S, which split from S t^2 / 2 &gt;= 2^17 on).
 */
class MarchThreadsTest {

    @ParameterizedTest
    @CsvSource({"8, 0, 3, 0.0, 70", "5, 2, 2, 0.0, 70", "6, 1, 3, 0.4, 70", "8, 0, 2, 0.0, 200"})
    void bitIdenticalForAnyThreadCount(int p, int q, int depth, double decay, int timePoints) {
        SplittableRandom rnd = new SplittableRandom(11 + p);
        double[][] x = gaussian(rnd, p, 12), xt = q == 0 ? null : gaussian(rnd, q, 12);
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            y[i] = rnd.nextGaussian();
        }
        Problem prob = new Problem.Builder().inputs(x).testInputs(xt).y(y).depth(depth).gamma0(1.3).eta(0.02)
                .timePoints(timePoints).checkStability(false).build();
        SolveOptions o = SolveOptions.of(Approximation.FULL).withTwoTime(true).withWeightDecay(decay);
        LinearSolution one = new CausalMarchingSolver(1).solve(prob, o);
        for (int threads : new int[] {2, 3}) {
            LinearSolution many = new CausalMarchingSolver(threads).solve(prob, o);
            for (int t = 0; t < one.timePoints(); t++) {
                for (int i = 0; i < one.samples(); i++) {
                    assertEquals(bits(one.f(t, i)), bits(many.f(t, i)), "f at t=" + t + ", threads " + threads);
                    for (int j = 0; j < one.samples(); j++) {
                        assertEquals(bits(one.ntk(t, i, j)), bits(many.ntk(t, i, j)), "K at t=" + t);
                    }
                }
            }
            TwoTimeKernels a = one.twoTime(), b = many.twoTime();
            for (int l = 0; l <= depth; l++) {
                assertArrayBits(a.phi()[l], b.phi()[l], "Phi^" + l);
            }
            for (int l = 1; l <= depth + 1; l++) {
                assertArrayBits(a.g()[l], b.g()[l], "G^" + l);
            }
            for (int l = 1; l < depth; l++) {
                assertArrayBits(a.a()[l], b.a()[l], "A^" + l);
                assertArrayBits(a.b()[l], b.b()[l], "B^" + l);
            }
        }
    }

    private static void assertArrayBits(double[] a, double[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int k = 0; k < a.length; k++) {
            if (Double.doubleToRawLongBits(a[k]) != Double.doubleToRawLongBits(b[k])) {
                assertEquals(a[k], b[k], 0.0, what + " entry " + k);
                assertEquals(bits(a[k]), bits(b[k]), what + " entry " + k + " (sign of zero)");
            }
        }
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    static double[][] gaussian(SplittableRandom rnd, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return m;
    }
}
