package org.dln.linear.solver;

import java.util.ArrayList;
import java.util.List;
import org.dln.linear.dmft.DmftSolver;
import org.dln.linear.dmft.SolveListener;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.numeric.report.SolverReport;

/**
 * Family "picard": the published algorithm, kept as a baseline. A global fixed-point (Picard) iteration of
 * {@link DenseFixedPointMap} (the literal dense equations over the whole trajectory, O((P T)^3) per sweep) from the
 * lazy guess, x &lt;- alpha F(x) + (1 - alpha) x (alpha = 1: plain Picard), until the max-norm change of the order
 * parameters falls below a tolerance. Theory.md section 3: it converges only for short horizons and overflows at
 * gamma0 &gt;= 1, eta T &gt;~ 10; do not build on it. Stops on convergence, divergence (non-finite or growing beyond
 * 1e100), an iteration cap or a time budget, says which in the report's notes, and returns the last iterate with
 * {@code converged = false} unless it converged.
 */
public final class PicardSolver implements DmftSolver {
    private final double tolerance;
    private final int maxIterations;
    private final double maxSeconds;
    private final double damping;

    private PicardSolver(Builder b) {
        this.tolerance = b.tolerance;
        this.maxIterations = b.maxIterations;
        this.maxSeconds = b.maxSeconds;
        this.damping = b.damping;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String family() {
        return "picard";
    }

    @Override
    public Solution solve(Problem p, SolveListener listener) {
        long start = System.nanoTime();
        DenseFixedPointMap map = new DenseFixedPointMap(p);
        DenseFixedPointMap.State cur = map.initialState();
        DenseFixedPointMap.State next = map.newState();
        List<Double> history = new ArrayList<>();
        boolean converged = false;
        String why = "iteration cap " + maxIterations;
        int it = 0;
        while (it < maxIterations) {
            double r = map.sweep(cur, next);
            map.mix(cur, next, damping);
            it++;
            history.add(r);
            listener.progress("picard", it, maxIterations);
            DenseFixedPointMap.State sw = cur;
            cur = next;
            next = sw;
            if (!(r < 1e100)) {
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
        double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
        SolverReport rep = new SolverReport(damping == 1.0 ? "picard" : "picard(damping " + damping + ")", it, h,
                h.length == 0 ? Double.NaN : h[h.length - 1], converged, (System.nanoTime() - start) * 1e-9, List.of(why));
        return Solutions.of(map.solutionOf(cur, p, Approximation.FULL, rep));
    }

    /** Options of {@link PicardSolver}. */
    public static final class Builder {
        private double tolerance = 1e-10;
        private int maxIterations = 200;
        private double maxSeconds = 120;
        private double damping = 1.0;

        /** Stop when the max-norm change of all order parameters under one sweep is below this (default 1e-10). */
        public Builder tolerance(double tol) {
            if (!(tol > 0)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "tolerance", "tolerance", tol, "must be > 0");
            }
            this.tolerance = tol;
            return this;
        }

        /** Iteration cap (default 200). */
        public Builder maxIterations(int n) {
            if (n < 1) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "max-iterations", "max-iterations", n, "must be >= 1");
            }
            this.maxIterations = n;
            return this;
        }

        /** Time budget in seconds (default 120). */
        public Builder maxSeconds(double s) {
            if (!(s > 0)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "picard-budget", "picard-budget", s, "must be > 0 seconds");
            }
            this.maxSeconds = s;
            return this;
        }

        /** Damping alpha in (0, 1] (default 1: the plain published iteration). */
        public Builder damping(double alpha) {
            if (!(alpha > 0 && alpha <= 1)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "picard-damping", "picard-damping", alpha, "must be in (0, 1]");
            }
            this.damping = alpha;
            return this;
        }

        public PicardSolver build() {
            return new PicardSolver(this);
        }
    }
}
