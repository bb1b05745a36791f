package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.problem.Problem;
import org.dln.numeric.time.CollocationGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradient flow by collocation + Newton against independent references:
 * <ul>
 * <li>L = 1, one sample, Kx = 1: the closed form of theory.md section 4, K = 2 sqrt(1 + gamma0^2 f^2), with f(t) from
 * the exact quadrature t(f) = [F(f) - F(0)] / (2 s), F(x) = ln[(1 + g^2 y x + s sqrt(1 + g^2 x^2)) / (y - x)],
 * s = sqrt(1 + g^2 y^2) (df/dt = K (y - f) integrated by separation of variables), inverted by bisection to 1e-16.
 * Tolerance 1e-10 (the target; the discretization error at 14 nodes is below 1e-11).</li>
 * <li>Newton converges quadratically: r_{k+1} &lt;= C r_k^2 on an element of a nontrivial problem (L = 2, P = 2).</li>
 * <li>Gradient descent approaches the flow at O(eta) (L = 3, P = 4): the error halves with eta.</li>
 * </ul>
 */
class FlowSolverTest {

    static double exactF(double t, double g, double y) {
        double s = Math.sqrt(1 + g * g * y * y);
        double lo = 0, hi = y;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            double tm = (bigF(mid, g, y, s) - bigF(0, g, y, s)) / (2 * s);
            if (tm < t) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double bigF(double x, double g, double y, double s) {
        return Math.log((1 + g * g * y * x + s * Math.sqrt(1 + g * g * x * x)) / (y - x));
    }

    static Problem oneSample(int depth, double gamma0, double y) {
        return new Problem.Builder().gram(new double[][] {{1}}).y(new double[] {y}).depth(depth).gamma0(gamma0)
                .eta(0.01).timePoints(2).checkStability(false).build();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 2})
    void twoLayerOneSampleMatchesTheClosedForm(double gamma0) {
        closedForm(gamma0);
    }

    /** gamma0 = 5 needs adaptive refinement of the fast transient: slow (tens of seconds). */
    @org.junit.jupiter.api.Tag("slow")
    @Test
    void twoLayerOneSampleMatchesTheClosedFormAtGammaFive() {
        closedForm(5);
    }

    private void closedForm(double gamma0) {
        double y = 1.0;
        // horizon 16 so that the slowest case (gamma0 = 0.5, decay rate 2.2) has reached t = infinity within 1e-12
        FlowSolution sol = new FlowSolver().solve(oneSample(1, gamma0, y), FlowSolver.Options.of(16), k -> { });
        assertTrue(sol.report().converged(), sol.report().toString());
        double errF = 0, errK = 0;
        for (int i = 0; i <= 400; i++) {
            double t = 10.0 * i / 400;
            double fe = exactF(t, gamma0, y);
            errF = Math.max(errF, Math.abs(sol.f(t, 0) - fe));
            errK = Math.max(errK, Math.abs(sol.ntk(t, 0, 0) - 2 * Math.sqrt(1 + gamma0 * gamma0 * fe * fe)));
        }
        LongTimeState inf = sol.longTime(1e-10);
        double errFinal = Math.abs(inf.ntk()[0][0] - 2 * Math.sqrt(1 + gamma0 * gamma0 * y * y));
        System.err.printf("L = 1, gamma0 = %.1f: max |f - exact| %.2e, max |K - exact| %.2e (401 interpolated times), "
                + "|K(inf) - 2 sqrt(1 + g^2 y^2)| %.2e, t = inf converged %s%n", gamma0, errF, errK, errFinal, inf.converged());
        assertTrue(errF < 1e-10 && errK < 1e-10, errF + " " + errK);
        assertTrue(inf.converged() && errFinal < 1e-10, inf.toString());
    }

    @org.junit.jupiter.api.Tag("slow")
    @Test
    void continuationReachesGammaTen() {
        double gamma0 = 10, y = 1;
        FlowSolution sol = new FlowSolver().solve(oneSample(1, gamma0, y), FlowSolver.Options.of(10), k -> { });
        assertTrue(sol.report().converged(), sol.report().toString());
        assertTrue(sol.report().notes().stream().anyMatch(n -> n.startsWith("continuation in gamma0")), sol.report().notes().toString());
        double err = 0;
        for (int i = 0; i <= 200; i++) {
            double t = 10.0 * i / 200;
            err = Math.max(err, Math.abs(sol.f(t, 0) - exactF(t, gamma0, y)));
        }
        double errFinal = Math.abs(sol.longTime(1e-10).ntk()[0][0] - 2 * Math.sqrt(1 + gamma0 * gamma0));
        System.err.printf("gamma0 = 10 by continuation: max |f - exact| %.2e, final NTK error %.2e%n", err, errFinal);
        assertTrue(err < 1e-10 && errFinal < 1e-10, err + " " + errFinal);
    }

    /**
     * Residual history of Newton on one element: r_{k+1} <= 10 r_k^2 once r_k < 1e-2, with the dense analytic Jacobian
     * (L = 1, P = 2, 22 unknowns) and with Newton-Krylov on analytic Jacobian-vector products (L = 3, P = 3, dense
     * limit 0; the Eisenstat-Walker forcing term eta_k ~ (r_k / r_{k-1})^2 keeps the outer iteration quadratic).
     */
    @ParameterizedTest
    @CsvSource({"1, 2, 12, 100", "3, 3, 8, 0"})
    void newtonConvergesQuadratically(int depth, int samples, int nodes, int denseLimit) {
        Problem p = DenseCrossCheckTest.random(samples, 0, depth, 1.5, 0.05, 2, false, 7);
        CollocationGrid grid = CollocationGrid.uniform(2.0, 1, nodes);
        BlockMarchingSolver.Result r = new BlockMarchingSolver(1e-15, denseLimit, 30).solve(p, grid, 1.5, null, k -> { });
        double[] h = r.residualHistories().get(0);
        System.err.printf("Newton residual history (L = %d, P = %d, gamma0 = 1.5, element [0, 2], %s, %d analytic products): %s%n",
                depth, samples, denseLimit > 0 ? "dense Jacobian" : "Newton-Krylov", r.products(), java.util.Arrays.toString(h));
        assertTrue(r.products() > 0, "analytic derivatives were not used");
        assertTrue(h.length >= 4, "a nontrivial case needs several steps");
        int checked = 0;
        for (int k = 0; k + 1 < h.length; k++) {
            if (h[k] < 1e-2 && h[k + 1] > 1e-13) {
                assertTrue(h[k + 1] <= 10 * h[k] * h[k], "step " + k + ": " + h[k] + " -> " + h[k + 1]);
                checked++;
            }
        }
        assertTrue(checked >= 1, "no step in the quadratic regime: " + java.util.Arrays.toString(h));
    }

    /**
     * Gradient descent differs from gradient flow at O(eta): for L = 3, P = 4 the maximum error over the trajectory
     * (predictions and NTK at t = 0..2) halves when eta halves (ratio in [1.8, 2.2]).
     */
    @Test
    void gradientDescentApproachesTheFlowAtOrderEta() {
        Problem base = DenseCrossCheckTest.random(4, 0, 3, 1.0, 0.04, 2, false, 5);
        double tMax = 2.0;
        FlowSolution flow = new FlowSolver().solve(base, FlowSolver.Options.of(tMax), k -> { });
        assertTrue(flow.report().converged());
        double prev = Double.NaN;
        for (double eta : new double[] {0.04, 0.02, 0.01}) {
            int steps = (int) Math.round(tMax / eta) + 1;
            LinearSolution gd = new CausalMarchingSolver().solve(base.withTime(eta, steps), SolveOptions.DEFAULT);
            double err = 0;
            for (int t = 0; t < steps; t++) {
                double time = Math.min(tMax, t * eta);
                for (int i = 0; i < 4; i++) {
                    err = Math.max(err, Math.abs(gd.f(t, i) - flow.f(time, i)));
                    for (int j = 0; j < 4; j++) {
                        err = Math.max(err, Math.abs(gd.ntk(t, i, j) - flow.ntk(time, i, j)));
                    }
                }
            }
            System.err.printf("L = 3, P = 4: eta = %.3f, max |GD - flow| = %.3e%s%n", eta, err,
                    Double.isNaN(prev) ? "" : String.format(" (ratio %.3f)", prev / err));
            if (!Double.isNaN(prev)) {
                assertTrue(prev / err > 1.8 && prev / err < 2.2, "ratio " + prev / err);
            }
            prev = err;
        }
    }

    /**
     * The two-time output at the nodes: symmetric, its diagonal equals the equal-time kernels, the initial row is
     * Phi(0,0) = Kx = 1, and the cross-time kernel satisfies Cauchy-Schwarz Phi(t,s)^2 <= Phi(t,t) Phi(s,s).
     */
    @Test
    void twoTimeKernelsAtTheNodes() {
        Problem p = oneSample(1, 1.5, 1.0);
        FlowSolution sol = new FlowSolver().solve(p, FlowSolver.Options.of(3).withGrid(3, 8).withRefinement(1, 0), k -> { });
        LinearSolution s = sol.atNodesWithTwoTime();
        TwoTimeKernels k = s.twoTime();
        int T = s.timePoints();
        assertTrue(Math.abs(k.phi(1, 0, 0, 0, 0) - 1) < 1e-14);
        for (int t = 0; t < T; t++) {
            assertTrue(Math.abs(k.phi(1, t, 0, t, 0) - s.phi(1, t, 0, 0)) < 1e-14);
            assertTrue(Math.abs(k.g(1, t, t) - s.g(1, t)) < 1e-14);
            for (int u = 0; u < T; u++) {
                assertTrue(Math.abs(k.phi(1, t, 0, u, 0) - k.phi(1, u, 0, t, 0)) < 1e-14);
                double c = k.phi(1, t, 0, u, 0);
                assertTrue(c * c <= k.phi(1, t, 0, t, 0) * k.phi(1, u, 0, u, 0) * (1 + 1e-12));
            }
        }
    }
}
