package org.dln.linear.solver;

import java.util.function.ToDoubleFunction;
import org.dln.linear.problem.Problem;
import org.dln.numeric.time.NevilleTable;

/**
 * Gradient flow from exact gradient descent: an observable of {@link CausalMarchingSolver} runs at steps
 * eta_k = eta0 / k (k = 1..levels) over the same horizon, extrapolated to eta = 0 by polynomial (Neville) extrapolation
 * in eta. Gradient descent differs from the flow by a smooth series in eta (theory.md section 5), so with m levels the
 * error is O(eta0^m / m!); the reported error estimate is the change from m - 1 to m levels.
 *
 * <p>For the final NTK of one sample the horizon must let K(t) converge: Delta decays at least like e^{-(L+1) t}, so
 * {@link #defaultHorizon(int)} = 26 / (L + 1) leaves a tail below ~1e-10.
 */
public final class FlowExtrapolation {
    private FlowExtrapolation() { }

    /** The extrapolated value, the error estimate, the steps used and the raw values. */
    public record Result(double value, double errorEstimate, double[] etas, double[] values, double horizon, double seconds) { }

    /** 26 / (L + 1): e^{-(L+1) T} ~ 5e-12 at the horizon. */
    public static double defaultHorizon(int depth) {
        return 26.0 / (depth + 1);
    }

    /** Final NTK (at the horizon) of one sample with Kx = 1 and target y, gradient flow, depth L, gamma0. */
    public static Result finalNtk(int depth, double gamma0, double y, double eta0, int levels) {
        Problem p = new Problem.Builder().gram(new double[][] {{1}}).y(new double[] {y}).depth(depth).gamma0(gamma0)
                .eta(eta0).timePoints(2).build();
        return extrapolate(p, defaultHorizon(depth), eta0, levels, s -> s.ntk(s.timePoints() - 1, 0, 0));
    }

    /** Runs the observable at eta0 / k, k = 1..levels, with horizon eta (T - 1) ~ horizon, and extrapolates to eta = 0. */
    public static Result extrapolate(Problem base, double horizon, double eta0, int levels, ToDoubleFunction<LinearSolution> observable) {
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be >= 1");
        }
        long t0 = System.nanoTime();
        double[] etas = new double[levels];
        double[] values = new double[levels];
        CausalMarchingSolver solver = new CausalMarchingSolver();
        for (int k = 1; k <= levels; k++) {
            double eta = eta0 / k;
            int steps = (int) Math.ceil(horizon / eta);
            Problem p = base.withTime(eta, steps + 1);
            etas[k - 1] = eta;
            values[k - 1] = observable.applyAsDouble(solver.solve(p, SolveOptions.DEFAULT));
        }
        double value = neville(etas, values, levels);
        double previous = levels > 1 ? neville(etas, values, levels - 1) : Double.NaN;
        return new Result(value, Math.abs(value - previous), etas, values, horizon, (System.nanoTime() - t0) * 1e-9);
    }

    /** The value at eta = 0 of the polynomial through the first m points. */
    static double neville(double[] x, double[] y, int m) {
        return NevilleTable.extrapolate(x, y, m);
    }
}
