package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The factored march ({@link FactoredMarch}, Phi^l = Z^l Y^l Z^l^T, the default) against the dense march (the packed
 * two-time kernels, the path of {@code keepTwoTime}): two evaluations of the same exact equations in different orders
 * of summation, so they agree to rounding. The bound: every output is a sum of O(L T) terms of size up to the largest
 * kernel entry, each carrying a relative error of a few ulps, so 1e-12 of the output's scale (measured differences:
 * 1e-15 to 1e-14; a wrong term, a missing decay factor or an off-by-one in the causal ranges moves them by 1e-3 or more).
 * Every approximation, update, test inputs, weight decay, depth 1 to 4; and the factored march is bit-identical for
 * any number of threads.
 */
class FactoredMarchTest {

    @ParameterizedTest
    @CsvSource({
        "1, 0, 1, 0.0, FULL, EXACT, 1.0, 40",
        "4, 0, 2, 0.0, FULL, EXACT, 1.5, 60",
        "5, 2, 3, 0.0, FULL, EXACT, 1.3, 50",
        "3, 1, 4, 0.0, FULL, EXACT, 0.8, 40",
        "6, 1, 3, 0.4, FULL, EXACT, 1.3, 50",
        "4, 2, 2, 0.7, FULL, EXACT, 2.0, 45",
        "5, 0, 3, 0.0, GIA, EXACT, 1.2, 40",
        "4, 1, 3, 0.0, LAZY, EXACT, 1.2, 40",
        "4, 1, 3, 0.0, FULL, NTK_EULER, 1.2, 40",
        "8, 0, 3, 0.0, FULL, EXACT, 1.0, 120"})
    void agreesWithTheDenseMarch(int p, int q, int depth, double decay, Approximation approx, Conventions.Update update,
                                 double gamma0, int timePoints) {
        Problem prob = problem(p, q, depth, gamma0, timePoints, update);
        SolveOptions o = SolveOptions.of(approx).withWeightDecay(decay);
        LinearSolution fac = new CausalMarchingSolver(1, CausalMarchingSolver.MarchKind.FACTORED).solve(prob, o);
        LinearSolution dense = new CausalMarchingSolver(1).solve(prob, o.withTwoTime(true));
        assertTrue(fac.report().notes().get(0).contains("factored"), fac.report().notes().get(0));
        double scale = 0;
        for (int t = 0; t < dense.timePoints(); t++) {
            for (int i = 0; i < dense.samples(); i++) {
                scale = Math.max(scale, Math.abs(dense.f(t, i)));
                for (int j = 0; j < dense.samples(); j++) {
                    scale = Math.max(scale, Math.abs(dense.ntk(t, i, j)));
                }
            }
        }
        double worst = 0;
        for (int t = 0; t < dense.timePoints(); t++) {
            for (int i = 0; i < dense.samples(); i++) {
                worst = Math.max(worst, diff(fac.f(t, i), dense.f(t, i)));
                for (int j = 0; j < dense.samples(); j++) {
                    worst = Math.max(worst, diff(fac.ntk(t, i, j), dense.ntk(t, i, j)));
                    for (int l = 1; l <= depth; l++) {
                        worst = Math.max(worst, diff(fac.phi(l, t, i, j), dense.phi(l, t, i, j)));
                    }
                }
            }
            for (int l = 1; l <= depth; l++) {
                worst = Math.max(worst, diff(fac.g(l, t), dense.g(l, t)));
            }
        }
        assertTrue(scale > 0.1, "the comparison has something to compare: scale " + scale);
        assertTrue(worst <= 1e-12 * scale, "max |factored - dense| = " + worst + " against scale " + scale);
    }

    @ParameterizedTest
    @CsvSource({"8, 0, 3, 0.0, 200", "6, 2, 2, 0.4, 150"})
    void bitIdenticalForAnyThreadCount(int p, int q, int depth, double decay, int timePoints) {
        Problem prob = problem(p, q, depth, 1.3, timePoints, Conventions.Update.EXACT);
        SolveOptions o = SolveOptions.of(Approximation.FULL).withWeightDecay(decay);
        LinearSolution one = new CausalMarchingSolver(1, CausalMarchingSolver.MarchKind.FACTORED).solve(prob, o);
        LinearSolution two = new CausalMarchingSolver(2, CausalMarchingSolver.MarchKind.FACTORED).solve(prob, o);
        for (int t = 0; t < one.timePoints(); t++) {
            for (int i = 0; i < one.samples(); i++) {
                assertEquals(Double.doubleToRawLongBits(one.f(t, i)), Double.doubleToRawLongBits(two.f(t, i)), "f at " + t);
                for (int j = 0; j < one.samples(); j++) {
                    assertEquals(Double.doubleToRawLongBits(one.ntk(t, i, j)), Double.doubleToRawLongBits(two.ntk(t, i, j)));
                }
            }
        }
    }

    /**
     * The memory guard's estimate covers every array the factored march allocates and is not loose (between the
     * allocation and 1.3 times it), and a size the dense march cannot hold in 8 GiB fits: L = 3, P = 8, T = 3000
     * (P T = 24,000) is 2.7 GB of factored arrays against the dense march's 12 GB.
     */
    @ParameterizedTest
    @CsvSource({"8, 0, 3, 60", "3, 2, 1, 45", "5, 1, 4, 30"})
    void memoryEstimateCoversTheArrays(int p, int q, int depth, int timePoints) throws IllegalAccessException {
        Problem prob = problem(p, q, depth, 1.0, timePoints, Conventions.Update.EXACT);
        FactoredMarch m = new FactoredMarch(p, prob.jointGram(), timePoints, depth, 1.0, new double[timePoints * timePoints],
                new double[timePoints], true);
        long doubles = 0;
        for (java.lang.reflect.Field f : FactoredMarch.class.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            doubles += count(f.get(m));
        }
        long estimate = FactoredMarch.bytesNeeded(p + q, timePoints, depth);
        assertTrue(8 * doubles <= estimate && estimate <= 1.3 * 8 * doubles, 8 * doubles + " bytes allocated, estimate " + estimate);
        long eightGiB = 8L << 30;
        assertTrue(CausalMarchingSolver.workspaceBytes(8, 3000, 3) < 0.85 * eightGiB, "factored " + CausalMarchingSolver.workspaceBytes(8, 3000, 3));
        assertTrue(CausalMarchingSolver.denseWorkspaceBytes(8, 3000, 3) > eightGiB, "dense " + CausalMarchingSolver.denseWorkspaceBytes(8, 3000, 3));
    }

    /**
     * The auto choice: the factored march unless it counts more than 4 times the dense march's operations (L = 6, one
     * sample: 6 times, dense), or the two-time kernels are asked for; both give the same trajectory.
     */
    @org.junit.jupiter.api.Test
    void autoChoiceFollowsTheOperationCounts() {
        Problem deepOne = problem(1, 0, 6, 1.0, 30, Conventions.Update.EXACT);
        Problem wide = problem(8, 0, 3, 1.0, 30, Conventions.Update.EXACT);
        assertTrue(CausalMarchingSolver.flops(1, 30, 6) > 4 * CausalMarchingSolver.denseFlops(1, 30, 6));
        assertTrue(CausalMarchingSolver.flops(8, 30, 3) < CausalMarchingSolver.denseFlops(8, 30, 3));
        LinearSolution auto = new CausalMarchingSolver(1).solve(deepOne, SolveOptions.DEFAULT);
        assertTrue(!auto.report().notes().get(0).contains("factored"), auto.report().notes().get(0));
        LinearSolution forced = new CausalMarchingSolver(1, CausalMarchingSolver.MarchKind.FACTORED).solve(deepOne, SolveOptions.DEFAULT);
        assertTrue(forced.report().notes().get(0).contains("factored"), forced.report().notes().get(0));
        for (int t = 0; t < 30; t++) {
            assertEquals(auto.f(t, 0), forced.f(t, 0), 1e-13, "f at " + t);
        }
        assertTrue(new CausalMarchingSolver(1).solve(wide, SolveOptions.DEFAULT).report().notes().get(0).contains("factored"));
        assertTrue(!new CausalMarchingSolver(1).solve(wide, SolveOptions.DEFAULT.withTwoTime(true)).report().notes().get(0)
                .contains("factored"));
    }

    /**
     * The dense march's guard counts the two-time kernels it hands out (n x n per layer): L = 3, P = 8, T = 4000 with
     * them needs (L + 1) n^2 doubles = 33 GB and is refused before anything is allocated, naming T.
     */
    @org.junit.jupiter.api.Test
    void theTwoTimeKernelsAreCountedByTheGuard() {
        Problem prob = problem(8, 0, 3, 1.0, 4000, Conventions.Update.EXACT);
        org.dln.linear.problem.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.dln.linear.problem.InvalidInputException.class,
                () -> new CausalMarchingSolver(1).solve(prob, SolveOptions.DEFAULT.withTwoTime(true)));
        assertTrue(e.getMessage().contains("'T' = 4000"), e.getMessage());
        assertTrue(CausalMarchingSolver.twoTimeBytes(8, 4000, 3) > 3.2e10, "two-time bytes");
    }

    /** Doubles held by an array field (nested arrays of doubles; shared arrays counted once per reference). */
    private static long count(Object o) {
        if (o instanceof double[] a) {
            return a.length;
        }
        long sum = 0;
        if (o instanceof Object[] arr) {
            for (Object e : arr) {
                sum += count(e);
            }
        }
        return sum;
    }

    private static double diff(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b) ? Math.abs(a - b) : Double.POSITIVE_INFINITY;
    }

    private static Problem problem(int p, int q, int depth, double gamma0, int timePoints, Conventions.Update update) {
        SplittableRandom rnd = new SplittableRandom(31 + 7 * p + q);
        double[][] x = MarchThreadsTest.gaussian(rnd, p, 10), xt = q == 0 ? null : MarchThreadsTest.gaussian(rnd, q, 10);
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            y[i] = rnd.nextGaussian();
        }
        return new Problem.Builder().inputs(x).testInputs(xt).y(y).depth(depth).gamma0(gamma0).eta(0.05)
                .timePoints(timePoints).conventions(new Conventions(Conventions.Loss.SUM, Conventions.Output.UNCENTRED, update))
                .checkStability(false).build();
    }
}
