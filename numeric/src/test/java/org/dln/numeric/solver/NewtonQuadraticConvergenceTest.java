package org.dln.numeric.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dense Newton on the n = 10 cubic system {@code x^3 + A x = b} with manufactured root {@link CubicSystem}.
 * The errors {@code e_k = |x_k - x*|_inf} are recorded through the (pluggable) convergence checker, which
 * sees every iterate, and compared with the known root, an independent reference.
 */
class NewtonQuadraticConvergenceTest {

    /**
     * Errors at or below this are rounding-dominated: |x*| <= 1.8, |J^-1| = O(1), so the attainable accuracy
     * is a few ulps ~ 1e-15; 1e-13 leaves a margin of 100.
     */
    private static final double ROUNDING_LEVEL = 1e-13;

    @Test
    void convergesQuadraticallyToTheKnownRoot() {
        CubicSystem system = new CubicSystem(10, 42);
        List<Double> errors = new ArrayList<>();
        // residual tolerance 1e-13: the residual's own rounding level is ~|A||x| eps ~ 1e-15
        ConvergenceChecker base = ConvergenceChecker.of(1e-13, 1e-15);
        ConvergenceChecker recording = (k, r, s, x) -> {
            errors.add(maxDiff(x, system.root));
            return base.converged(k, r, s, x);
        };
        NonlinearSolution sol = NewtonSolver.builder().checker(recording).build().solve(system, new double[10]);
        double[] history = sol.report().residualHistory();
        System.out.println("[test 1] " + sol.report());
        System.out.println("[test 1] notes " + sol.report().notes());
        System.out.println("[test 1] errors " + errors);

        assertTrue(sol.converged(), sol.report().toString());
        assertEquals(sol.report().iterations() + 1, history.length, "history has one entry per iterate");
        assertEquals(errors.size(), history.length, "checker called once per iterate");
        // the root: residual <= 1e-13 and |J^-1|_inf = O(1) give |x - x*| ~ 1e-13 at worst, in practice ulps
        double[] x = sol.x();
        for (int i = 0; i < x.length; i++) {
            assertEquals(system.root[i], x[i], 1e-12, "component " + i);
        }
        // quadratic convergence: e_{k+1} ~ C e_k^2, so log e_{k+1} / log e_k -> 2 as e_k -> 0 (for e_k < 1).
        // Take the last two steps whose result is still above the rounding level.
        List<Integer> ks = new ArrayList<>();
        for (int k = 0; k + 1 < errors.size(); k++) {
            if (errors.get(k + 1) > ROUNDING_LEVEL && errors.get(k) < 1) {
                ks.add(k);
            }
        }
        assertTrue(ks.size() >= 2, "need two pre-asymptotic steps: " + errors);
        for (int k : ks.subList(ks.size() - 2, ks.size())) {
            double order = Math.log(errors.get(k + 1)) / Math.log(errors.get(k));
            System.out.printf("[test 1] step %d: e=%.3e -> %.3e, log ratio %.3f, C=%.3f%n", k, errors.get(k),
                    errors.get(k + 1), order, errors.get(k + 1) / (errors.get(k) * errors.get(k)));
            assertTrue(order >= 1.8, "order " + order + " at step " + k + ": " + errors);
            // and the constant stays bounded: C = |J^-1| |F''| / 2 is O(1) here (|F''| = 6|x| <= 11)
            assertTrue(errors.get(k + 1) <= 10 * errors.get(k) * errors.get(k), "C too large: " + errors);
        }
        // full steps (t = 1) throughout the quadratic phase: the line search must not interfere near the root
        String steps = sol.report().notes().stream().filter(s -> s.startsWith("line-search step lengths"))
                .findFirst().orElseThrow();
        assertTrue(steps.endsWith("1, 1, 1]"), steps);
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(java.util.Locale.ROOT, "%.3e", v[i]));
        }
        return sb.append(']').toString();
    }
}
