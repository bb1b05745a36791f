package org.dln.linear.fluct;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.dmft.Solvers;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.solver.FlowSolver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Gradient-flow fluctuations at depth by extrapolation of the exact descent engine to eta = 0 (docs/theory.md 11.9),
 * against independent references: (i) at L = 1 the exact flow engine of 11.4 (RK4 on the second-moment map), through
 * the same deep engine the extrapolation uses at L >= 2; (ii) at L = 2, 3 with feature learning the means against the
 * collocation flow solver (`dln flow`); (iii) at L = 2 the lazy closed form of 11.5 for flow, with the O(gamma0^2) part
 * removed by Richardson in gamma0^2 (gamma0 = 0.01, 0.02: remainder O(gamma0^4) ~ 1e-8). Tolerances: each engine's
 * values are normwise within the extrapolation's own estimate, which is asserted to be below its target 1e-8; a factor
 * 10 covers the estimate being that of the order below the one returned.
 */
class FlowByExtrapolationTest {
    private static final double TOL = 1e-8;

    static Problem problem(int depth, double gamma0, boolean centred) {
        return new Problem.Builder().gram(new double[][] {{1, 0.3}, {0.3, 0.8}}).y(new double[] {1, -0.5}).depth(depth)
                .gamma0(gamma0).eta(0.01).timePoints(10)
                .conventions(new Conventions(Conventions.Loss.SUM, centred ? Conventions.Output.CENTRED : Conventions.Output.UNCENTRED))
                .build();
    }

    /** max |a - b| / max |b| over the entries of two equally shaped nested arrays. */
    static double normwise(Object a, Object b) {
        double[] d = new double[2];
        walk(a, b, d);
        return d[1] > 0 ? d[0] / d[1] : d[0];
    }

    private static void walk(Object a, Object b, double[] d) {
        if (a instanceof double[] x) {
            double[] y = (double[]) b;
            assertTrue(x.length == y.length && x.length > 0, "shapes");
            for (int i = 0; i < x.length; i++) {
                d[0] = Math.max(d[0], Math.abs(x[i] - y[i]));
                d[1] = Math.max(d[1], Math.abs(y[i]));
                assertTrue(Double.isFinite(x[i]) && Double.isFinite(y[i]), "finite");
            }
            return;
        }
        Object[] x = (Object[]) a, y = (Object[]) b;
        assertTrue(x.length == y.length && x.length > 0, "shapes");
        for (int i = 0; i < x.length; i++) {
            walk(x[i], y[i], d);
        }
    }

    /** (i) L = 1, gamma0 = 1, both output conventions: the extrapolated deep engine against the exact flow engine. */
    @Test
    void oneHiddenLayerEqualsTheExactFlowEngine() {
        for (boolean centred : new boolean[] {false, true}) {
            Problem p = problem(1, 1, centred);
            double[] times = {0, 0.3, 0.8};
            Fluctuations ex = new FlowByExtrapolation(TOL, DeepFluctuations.unchecked()).flow(p, times);
            Fluctuations exact = FluctuationSolver.forProblem(p, true).flow(p, times);
            assertTrue(ex.maxError() <= TOL, "estimate " + ex.maxError());
            double bound = 10 * Math.max(ex.maxError(), 1e-12);
            for (int k = 0; k < times.length; k++) {
                for (Object[] pair : new Object[][] {{ex.fCov()[k], exact.fCov()[k]}, {ex.ntkVar()[k], exact.ntkVar()[k]},
                        {ex.phiVar()[0][k], exact.phiVar()[0][k]}, {new double[] {ex.gVar()[0][k]}, new double[] {exact.gVar()[0][k]}},
                        {ex.fMean()[k], exact.fMean()[k]}}) {
                    double dev = normwise(pair[0], pair[1]);
                    assertTrue(dev <= bound, "t = " + times[k] + " centred " + centred + ": " + dev + " > " + bound);
                }
            }
        }
    }

    /** (ii) L = 2, gamma0 = 1: the extrapolated means f and K against the collocation flow solver at its own times. */
    @Test
    void deepMeansEqualTheFlowSolver() {
        Problem p = problem(2, 1, false);
        Solution flow = Solvers.gradientFlow(Approximation.FULL, FlowSolver.Options.of(0.4), false, 3, 1e-8).solve(p);
        double[] times = flow.method().times();
        Fluctuations ex = new FlowByExtrapolation(TOL, DeepFluctuations.unchecked()).flow(p, times);
        assertTrue(ex.maxError() <= TOL, "estimate " + ex.maxError());
        double worst = 0;
        for (int k = 0; k < times.length; k++) {
            for (int mu = 0; mu < 2; mu++) {
                worst = Math.max(worst, Math.abs(ex.fMean()[k][mu] - flow.f(k, mu)));
                for (int nu = 0; nu < 2; nu++) {
                    worst = Math.max(worst, Math.abs(ex.ntkMean()[k][mu][nu] - flow.ntk(k, mu, nu)) / 10);
                }
            }
        }
        assertTrue(worst <= 10 * TOL, "max deviation from dln flow " + worst);
    }

    /**
     * (ii') strong feature learning, where the NTK grows 3.3x by t = 0.5 (L = 2, gamma0 = 2, y = (1, -0.5), initial rate
     * 3.65): the first level must be chosen from the rate the descent reaches, not the initial one ({@link
     * FlowByExtrapolation#rateAlong}); the extrapolated f against the collocation flow solver, to 10 times the target.
     */
    @Test
    @Tag("slow")
    void strongFeatureLearningMeansEqualTheFlowSolver() {
        Problem p = problem(2, 2, false);
        double t = 0.5;
        FlowByExtrapolation.Extrapolated e = new FlowByExtrapolation(TOL, DeepFluctuations.unchecked()).extrapolate(p, t);
        Solution flow = Solvers.gradientFlow(Approximation.FULL, FlowSolver.Options.of(t), false, 2, 1e-8).solve(p);
        assertTrue(flow.ntk(1, 0, 0) > 3 * flow.ntk(0, 0, 0), "the NTK grows: " + flow.ntk(1, 0, 0));
        double dev = Math.max(Math.abs(e.point().fMean()[0] - flow.f(1, 0)), Math.abs(e.point().fMean()[1] - flow.f(1, 1)));
        assertTrue(e.error() <= TOL && dev <= 10 * TOL, "estimate " + e.error() + ", |f - f_flow| " + dev);
    }

    /**
     * (iii) L = 2, the lazy limit: Richardson in gamma0^2 of the extrapolated flow covariances at gamma0 = 0.01, 0.02
     * against the closed form of 11.5 (flow, centred output) at t = 0.5. Remainder O(gamma0^4) ~ 1e-8 relative, rounding
     * amplified by 1 / gamma0^2 in the centred f ~ 1e-9: tolerance 1e-6 on f and on the NTK variance c_L (2 Kx Kx + ...).
     */
    @Test
    @Tag("slow")
    void lazyLimitAtDepthTwo() {
        double t = 0.5;
        Fluctuations a = new FlowByExtrapolation(TOL, DeepFluctuations.unchecked()).flow(problem(2, 0.01, true), new double[] {0, t});
        Fluctuations b = new FlowByExtrapolation(TOL, DeepFluctuations.unchecked()).flow(problem(2, 0.02, true), new double[] {0, t});
        Problem p = problem(2, 0.01, true);
        double[][] lazy = LazyLimit.flowCovariance(p, t);
        double worstF = 0, worstK = 0;
        for (int mu = 0; mu < 2; mu++) {
            for (int nu = 0; nu < 2; nu++) {
                double f = (4 * a.fCov()[1][mu][nu] - b.fCov()[1][mu][nu]) / 3;
                worstF = Math.max(worstF, Math.abs(f - lazy[mu][nu]) / Math.abs(lazy[mu][mu]));
                double k = (4 * a.ntkVar()[1][mu][nu] - b.ntkVar()[1][mu][nu]) / 3;
                double kLazy = LazyLimit.ntkCovariance(p.kx(), 2, mu, nu, mu, nu);
                worstK = Math.max(worstK, Math.abs(k - kLazy) / kLazy);
            }
        }
        assertTrue(worstF < 1e-6 && worstK < 1e-6, "f: " + worstF + ", K: " + worstK);
    }
}
