package org.dln.linear.solver;

import java.util.ArrayList;
import java.util.List;
import org.dln.linear.problem.Problem;
import org.dln.numeric.report.SolverReport;

/**
 * The published algorithm, kept as a baseline: a global fixed-point (Picard) iteration of
 * {@link DenseFixedPointMap} over the whole trajectory, from the lazy guess, until the max-norm change of the
 * order parameters falls below a tolerance. Theory.md section 3: it converges only for short horizons and
 * overflows at gamma0 >= 1, eta T >~ 10; do not build on it. Stops on convergence, divergence (non-finite or
 * growing beyond 1e100), an iteration cap or a time budget, and says which.
 */
public final class PicardSolver {

    /** Outcome of a run: the last state and what happened. */
    public record Result(DenseFixedPointMap.State state, SolverReport report, boolean diverged) {
        public double f(int index) {
            return state.f(index);
        }
    }

    public Result solve(Problem p, double tolerance, int maxIterations, double maxSeconds) {
        return solve(p, tolerance, maxIterations, maxSeconds, 1.0);
    }

    /**
     * As {@link #solve(Problem, double, int, double)} with a damped update x <- alpha F(x) + (1 - alpha) x
     * (alpha = 1: plain Picard). The residual is the max-norm of F(x) - x.
     */
    public Result solve(Problem p, double tolerance, int maxIterations, double maxSeconds, double alpha) {
        long start = System.nanoTime();
        DenseFixedPointMap map = new DenseFixedPointMap(p);
        DenseFixedPointMap.State cur = map.initialState();
        DenseFixedPointMap.State next = map.newState();
        List<Double> history = new ArrayList<>();
        boolean converged = false, diverged = false;
        String why = "iteration cap " + maxIterations;
        int it = 0;
        while (it < maxIterations) {
            double r = map.sweep(cur, next);
            map.mix(cur, next, alpha);
            it++;
            history.add(r);
            DenseFixedPointMap.State sw = cur;
            cur = next;
            next = sw;
            if (!(r < 1e100)) {
                diverged = true;
                why = "diverged (residual " + r + ")";
                break;
            }
            if (r < tolerance) {
                converged = true;
                why = "converged";
                break;
            }
            if ((System.nanoTime() - start) * 1e-9 > maxSeconds) {
                why = "time budget " + maxSeconds + " s exhausted";
                break;
            }
        }
        double secs = (System.nanoTime() - start) * 1e-9;
        double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
        SolverReport rep = new SolverReport(alpha == 1.0 ? "picard" : "picard(damping " + alpha + ")", it, h, h.length == 0 ? Double.NaN : h[h.length - 1], converged, secs,
                List.of(why));
        return new Result(cur, rep, diverged);
    }
}
