package org.dln.linear.dmft;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.SolveOptions;

/**
 * Family "gradient-descent": the infinite-width DMFT of full-batch gradient descent of a deep linear network by exact
 * causal marching ({@link CausalMarchingSolver}, theory.md section 3), in the approximations full, gia and lazy, with
 * optional weight decay. The full {@link org.dln.linear.solver.LinearSolution} is attached to the solution.
 */
public final class GradientDescentSolver implements DmftSolver {
    private final Approximation approximation;
    private final boolean keepTwoTime;
    private final double weightDecay;

    private GradientDescentSolver(Builder b) {
        this.approximation = b.approximation;
        this.keepTwoTime = b.keepTwoTime;
        this.weightDecay = b.weightDecay;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String family() {
        return "gradient-descent";
    }

    @Override
    public Solution solve(Problem problem, SolveListener listener) {
        int total = problem.timePoints();
        SolveOptions o = new SolveOptions(approximation, keepTwoTime, t -> listener.progress("solve", t + 1L, total), weightDecay);
        Solution s = Solutions.of(new CausalMarchingSolver().solve(problem, o));
        if (weightDecay != 0) {
            s = s.withMethod(s.method().toBuilder().put("weight_decay", weightDecay).build());
        }
        return s;
    }

    /** Options of {@link GradientDescentSolver}. */
    public static final class Builder {
        private Approximation approximation = Approximation.FULL;
        private boolean keepTwoTime;
        private double weightDecay;

        /** full (default), gia or lazy; pt1 is the family {@link FirstOrderDescentSolver}. */
        public Builder approximation(Approximation a) {
            if (a == Approximation.PT1) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "approx", "approx", a.id(),
                        "the first order in gamma0^2 is its own solver (Solvers.gradientDescent picks it)");
            }
            this.approximation = a;
            return this;
        }

        /** Keep the two-time kernels Phi^l(t,s), G^l(t,s), A^l, B^l (memory O(L (P T)^2)). */
        public Builder keepTwoTime(boolean keep) {
            this.keepTwoTime = keep;
            return this;
        }

        /** Weight decay lambda >= 0 (every weight multiplied by 1 - eta lambda per step; 0 = none). */
        public Builder weightDecay(double lambda) {
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "weight-decay", "weight-decay", lambda,
                        "must be a finite number >= 0");
            }
            this.weightDecay = lambda;
            return this;
        }

        public GradientDescentSolver build() {
            return new GradientDescentSolver(this);
        }
    }
}
