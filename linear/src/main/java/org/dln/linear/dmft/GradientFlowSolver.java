package org.dln.linear.dmft;

import java.util.Locale;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.LongTime;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.linear.solver.FlowSolution;
import org.dln.linear.solver.FlowSolver;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.LongTimeState;

/**
 * Family "gradient-flow": the DMFT of gradient flow (eta -> 0) by collocation in time elements solved by Newton /
 * Newton-Krylov ({@link FlowSolver}), approximations full and lazy. The solution is given at the collocation nodes or
 * at {@code resample} equally spaced times; the t = infinity state is estimated and recorded in
 * {@code method.long_time}. The problem's eta and T are not used.
 */
public final class GradientFlowSolver implements DmftSolver {
    private final Approximation approximation;
    private final FlowSolver.Options options;
    private final boolean keepTwoTime;
    private final int resample;
    private final double infinityTolerance;
    private final double timeBudget;

    private GradientFlowSolver(Builder b) {
        this.timeBudget = b.timeBudget;
        this.approximation = b.approximation;
        this.options = b.options;
        this.keepTwoTime = b.keepTwoTime;
        this.resample = b.resample;
        this.infinityTolerance = b.infinityTolerance;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String family() {
        return "gradient-flow";
    }

    @Override
    public Solution solve(Problem problem, SolveListener listener) {
        Problem p = approximation == Approximation.LAZY ? problem.withGamma0(0.0) : problem;
        int blocks = FlowSolver.grid(p, options).blocks();
        FlowSolution sol = new FlowSolver().solve(p, options, b -> listener.progress("flow", b + 1L, blocks),
                timeBudget, listener::note);
        LongTimeState inf = sol.longTime(infinityTolerance);
        LinearSolution out = resample >= 2 ? sol.at(resampleTimes(resample, sol.grid().tMax()))
                : keepTwoTime ? sol.atNodesWithTwoTime() : sol.atNodes();
        String note = !sol.report().converged() ? "t = infinity: not assessed (the solve did not converge)"
                : inf.converged()
                ? String.format(Locale.ROOT, "t = infinity: converged; the values at t = %s are the final state within %.1e "
                        + "(|Delta(t_max)| = %.2e, decay rate %.3g); final NTK %s", inf.tMax(), inf.errorEstimate(), inf.errorNorm(),
                        inf.decayRate(), matrix(inf.ntk()))
                : String.format(Locale.ROOT, "t = infinity: NOT reached at t = %s (estimated remaining change %.2e > %.1e, "
                        + "|Delta| = %.2e); raise --t-max", inf.tMax(), inf.errorEstimate(), infinityTolerance, inf.errorNorm());
        listener.note(note);
        out = out.withReport(out.report().withResidual(out.report().residual(), note));
        return Solutions.of(out).withLongTime(new LongTime(inf.converged(), inf.errorEstimate(), inf.ntk()));
    }

    /** N equally spaced points of [0, tMax], the last exactly tMax. */
    static double[] resampleTimes(int n, double tMax) {
        double[] ts = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = tMax * i / (n - 1);
        }
        ts[n - 1] = tMax;
        return ts;
    }

    /** A matrix as [[a, b], [c, d]] with 12 significant digits. */
    static String matrix(double[][] k) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < k.length; i++) {
            sb.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < k[i].length; j++) {
                sb.append(String.format(Locale.ROOT, j == 0 ? "%.12g" : ", %.12g", k[i][j]));
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    /** Options of {@link GradientFlowSolver}. */
    public static final class Builder {
        private Approximation approximation = Approximation.FULL;
        private FlowSolver.Options options = FlowSolver.Options.of(10);
        private boolean keepTwoTime;
        private int resample;
        private double infinityTolerance = 1e-8;
        private double timeBudget = Double.POSITIVE_INFINITY;

        /**
         * Wall-time budget in seconds (default: none): no element or continuation stage starts after it; the solve
         * then returns not converged, its report saying how far it got.
         */
        public Builder timeBudget(double seconds) {
            if (!(seconds > 0)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "time-budget", "time-budget", seconds, "must be a number of seconds > 0");
            }
            this.timeBudget = seconds;
            return this;
        }

        /** full (default) or lazy; pt1 is the family {@link FirstOrderFlowSolver}, gia exists for gradient descent only. */
        public Builder approximation(Approximation a) {
            if (a == Approximation.GIA || a == Approximation.PT1) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "approx", "approx", a.id(),
                        a == Approximation.GIA ? "gradient flow supports full, lazy and pt1; use gradient descent for gia"
                                : "the first order in gamma0^2 of gradient flow is its own solver (Solvers.gradientFlow picks it)");
            }
            this.approximation = a;
            return this;
        }

        /** Horizon, grid, Newton tolerance and Jacobian ({@link FlowSolver.Options}). */
        public Builder options(FlowSolver.Options o) {
            if (!(o.tMax() > 0) || Double.isInfinite(o.tMax())) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "t-max", "t-max", o.tMax(), "must be a finite number > 0");
            }
            this.options = o;
            return this;
        }

        /** Keep the two-time kernels at the collocation nodes (not with resampling). */
        public Builder keepTwoTime(boolean keep) {
            this.keepTwoTime = keep;
            return this;
        }

        /** Give the solution at n >= 2 equally spaced times of [0, t_max] instead of the nodes (0 = nodes). */
        public Builder resample(int n) {
            if (n < 0 || n == 1) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "resample", "resample", n, "must be 0 (nodes) or >= 2");
            }
            this.resample = n;
            return this;
        }

        /** Largest estimated change between t_max and infinity for the long-time state to count as reached. */
        public Builder infinityTolerance(double tol) {
            if (!(tol > 0)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "infinity-tolerance", "infinity-tolerance", tol, "must be > 0");
            }
            this.infinityTolerance = tol;
            return this;
        }

        public GradientFlowSolver build() {
            if (keepTwoTime && resample >= 2) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "full-kernels", "--full-kernels", "with --resample",
                        "two-time kernels are written at the collocation nodes only; drop --resample");
            }
            return new GradientFlowSolver(this);
        }
    }
}
