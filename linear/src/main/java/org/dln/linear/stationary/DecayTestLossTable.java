package org.dln.linear.stationary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.problem.TeacherStudent;

/**
 * Test loss of the weight-decay adaptive predictor against the lazy kernel predictor over gamma0 on a
 * {@link TeacherStudent} task. Adaptive: the stationary state of gradient descent with decay lambda
 * ({@link DecayStationarySolver}, Newton from the scalar reduction), f(x) = K(x,X)[K + (L+1) lambda I]^{-1} y with
 * the adapted NTK K. Lazy: the same formula with the initial NTK K0 = (L+1) Kx (frozen kernel, same ridge), i.e.
 * Kx(x,X)[Kx + lambda I]^{-1} y. When the decay is too strong for a nontrivial stationary state, gradient descent
 * ends at zero weights (f = 0): the row says so and reports the test loss of f = 0. Summed loss convention.
 * For reference, the last column is the lazy kernel with the test-optimal ridge (an oracle, not a predictor):
 * for deep linear networks the adaptive predictor is itself input-space ridge regression with ridge 1/a.
 */
public final class DecayTestLossTable {

    /** One row. {@code adaptive} is NaN-free; {@code nontrivial} false means f = 0 (no nontrivial state). */
    public record Row(double gamma0, boolean nontrivial, double ridge, double adaptive, double lazy, int iterations,
                      double residual, double lazyBest, double lazyBestRidge) {
    }

    private DecayTestLossTable() {
    }

    public static List<Row> compute(TeacherStudent task, int depth, double lambda, double[] gammas) {
        List<Row> rows = new ArrayList<>();
        for (double g : gammas) {
            Problem p = task.builder().depth(depth).gamma0(g).eta(1e-3).timePoints(1).checkStability(false).build();
            int pn = p.trainCount(), q = p.testCount();
            DecayStationaryState lazyHolder = DecayStationaryState.of(p, lambda, ones(depth), new double[pn], null);
            double lazy = task.testLoss(slice(lazyHolder.lazyPredictor(), pn, q));
            // oracle: the lazy kernel with the test-optimal input ridge on a grid 10^(-6..1), 8 per decade
            double best = Double.POSITIVE_INFINITY, bestRidge = Double.NaN;
            double[][] kx = p.jointGram();
            for (int e = -48; e <= 8; e++) {
                double r = Math.pow(10, e / 8.0);
                double v = task.testLoss(slice(lazyHolder.kernelPredictor(kx, r), pn, q));
                if (v < best) {
                    best = v;
                    bestRidge = r;
                }
            }
            try {
                DecayStationaryState st = new DecayStationarySolver().solve(p, lambda, null, null);
                double adaptive = task.testLoss(slice(st.predictions(), pn, q));
                rows.add(new Row(g, true, st.effectiveRidge(), adaptive, lazy, st.report().iterations(),
                        st.report().residual(), best, bestRidge));
            } catch (InvalidInputException e) {
                rows.add(new Row(g, false, Double.POSITIVE_INFINITY, task.testLoss(new double[q]), lazy, 0, 0, best, bestRidge));
            }
        }
        return rows;
    }

    static double[] ones(int n) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, 1.0);
        return o;
    }

    static double[] slice(double[] a, int from, int len) {
        return java.util.Arrays.copyOfRange(a, from, from + len);
    }

    public static String markdown(List<Row> rows, TeacherStudent task, int depth, double lambda) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "Test loss (MSE on %d clean test targets) of the weight-decay adaptive predictor vs the lazy kernel predictor; "
                        + "teacher-student, D = %d, P = %d, alpha = %s, noise = %s, seed = %d; L = %d, lambda = %s (summed loss).%n%n",
                task.yTest().length, task.spectrum().length, task.y().length, task.alpha(), task.noise(), task.seed(), depth, lambda));
        sb.append("| gamma0 | stationary state | input ridge 1/a (adaptive) | ridge (lazy) | test MSE adaptive | test MSE lazy | Newton iterations | Newton residual | test MSE lazy, oracle ridge (ridge) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.5f | %.5f | %d | %.1e | %.5f (%.2e) |%n", r.gamma0(),
                    r.nontrivial() ? "nontrivial" : "none: weights decay to 0, f = 0",
                    r.nontrivial() ? String.format(Locale.ROOT, "%.5f", r.ridge()) : "inf",
                    String.format(Locale.ROOT, "%.5f", lambda), r.adaptive(), r.lazy(), r.iterations(), r.residual(),
                    r.lazyBest(), r.lazyBestRidge()));
        }
        return sb.toString();
    }
}
