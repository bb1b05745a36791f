package org.dln.linear.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.numeric.report.SolverReport;

/**
 * Leading-order perturbation theory in gamma0^2 (approximation PT1) for any data: every observable X (predictions, NTK,
 * Phi^l(t,t), G^l(t,t)) of exact gradient descent is an analytic function of g = gamma0^2 (odd powers of gamma0 vanish,
 * theory.md section 4), X = X_0 + g X_1 + O(g^2), and PT1 reports X_0 + gamma0^2 X_1.
 *
 * <p>How X_1 is obtained: from the exact causal-marching solver at g = 0, h and 2h (h = 1e-4 / (1 + max_mu y_mu^2 max Kx)),
 * X_1 = (4 (X(h) - X_0) - (X(2h) - X_0)) / (2h), whose error is O(h^2 X_3) + O(eps / h), about 1e-8 relative. This is a
 * numerical derivative of the exact gradient-descent solver at gamma0 = 0 (for gradient flow the first-order theory is
 * derived by the symbolic layer and evaluated in closed form: {@link FlowFirstOrder}); for one sample with Kx = 1 its X_1 tends (as eta -> 0) to the exact coefficient of {@code dln series}, which
 * the tests check.
 */
public final class FirstOrderSolver implements LinearDmftSolver {

    @Override
    public String name() {
        return "pt1-first-order";
    }

    /** The step h in g = gamma0^2 used for the derivative. */
    static double step(Problem p) {
        double ymax = 0;
        for (double v : p.y()) {
            ymax = Math.max(ymax, v * v);
        }
        double kmax = 0;
        for (double[] row : p.kx()) {
            for (double v : row) {
                kmax = Math.max(kmax, Math.abs(v));
            }
        }
        return 1e-4 / (1 + ymax * kmax);
    }

    @Override
    public LinearSolution solve(Problem problem, SolveOptions options) {
        long start = System.nanoTime();
        double h = step(problem);
        // the dense march: it computes the rows of identical samples (a test input equal to a training input) by the
        // same arithmetic, bit for bit, so the derivative's 1/h amplification of rounding cannot tell them apart
        CausalMarchingSolver exact = new CausalMarchingSolver(CausalMarchingSolver.defaultThreads(),
                CausalMarchingSolver.MarchKind.DENSE);
        SolveOptions o = SolveOptions.of(Approximation.FULL).withProgress(options.progress());
        LinearSolution s0 = exact.solve(problem.withGamma0(0), o);
        LinearSolution s1 = exact.solve(problem.withGamma0(Math.sqrt(h)), o);
        LinearSolution s2 = exact.solve(problem.withGamma0(Math.sqrt(2 * h)), o);
        double g = problem.gamma0() * problem.gamma0();
        int T = s0.timePoints();
        int S = s0.samples();
        int L = problem.depth();
        double[][] f = new double[T][S];
        double[][][] ntk = new double[T][S][S];
        double[][][][] phi = new double[L][T][S][S];
        double[][] gk = new double[L][T];
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < S; i++) {
                f[t][i] = combine(s0.f(t, i), s1.f(t, i), s2.f(t, i), h, g);
                for (int j = 0; j < S; j++) {
                    ntk[t][i][j] = combine(s0.ntk(t, i, j), s1.ntk(t, i, j), s2.ntk(t, i, j), h, g);
                    for (int l = 1; l <= L; l++) {
                        phi[l - 1][t][i][j] = combine(s0.phi(l, t, i, j), s1.phi(l, t, i, j), s2.phi(l, t, i, j), h, g);
                    }
                }
            }
            for (int l = 1; l <= L; l++) {
                gk[l - 1][t] = combine(s0.g(l, t), s1.g(l, t), s2.g(l, t), h, g);
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "pt1: X_0 + gamma0^2 X_1 with X_1 = d X / d(gamma0^2) at 0 from exact solves at gamma0^2 = 0, %.1e, %.1e "
                + "(second-order one-sided difference)", h, 2 * h));
        SolverReport report = new SolverReport(name(), 3 * T, new double[0], Double.NaN, true, (System.nanoTime() - start) * 1e-9, notes);
        return new LinearSolution(problem, Approximation.PT1, f, ntk, phi, gk, null, report);
    }

    /** X_0 + g X_1 with X_1 = (4 (X(h) - X_0) - (X(2h) - X_0)) / (2 h). */
    static double combine(double x0, double xh, double x2h, double h, double g) {
        return x0 + g * firstOrder(x0, xh, x2h, h);
    }

    static double firstOrder(double x0, double xh, double x2h, double h) {
        return (4 * (xh - x0) - (x2h - x0)) / (2 * h);
    }
}
