package org.dln.linear.fluct;

import org.dln.linear.dmft.SolveListener;
import org.dln.linear.problem.Problem;

/**
 * Computes the O(1/N) covariance of the order parameters of a problem's trajectory (docs/theory.md section 11).
 * Implementations never print; bad input is an {@link org.dln.linear.problem.InvalidInputException}.
 */
public interface FluctuationSolver {

    /** Gradient descent with the problem's step eta, at steps t = 0..T-1. */
    Fluctuations descent(Problem p);

    /** Gradient flow, at the given times (increasing, the first 0). */
    Fluctuations flow(Problem p, double[] times);

    /** {@link #descent(Problem)}, telling its progress (stage "fluctuations", in work units) when it is long. */
    default Fluctuations descent(Problem p, SolveListener listener) {
        return descent(p);
    }

    /** {@link #flow(Problem, double[])}, telling its progress (stage "fluctuations", in work units) when it is long. */
    default Fluctuations flow(Problem p, double[] times, SolveListener listener) {
        return flow(p, times);
    }

    /** The solver for gradient descent on this problem: exact for one hidden layer (L = 1), the formal site measures beyond. */
    static FluctuationSolver forProblem(Problem p) {
        return forProblem(p, false);
    }

    /** The default target relative error of the extrapolated flow fluctuations at depth ({@link #forProblem(Problem, boolean, double)}). */
    double FLOW_TOLERANCE = 1e-8;

    /** {@link #forProblem(Problem, boolean, double)} with the default tolerance {@link #FLOW_TOLERANCE}. */
    static FluctuationSolver forProblem(Problem p, boolean flow) {
        return forProblem(p, flow, FLOW_TOLERANCE);
    }

    /**
     * The solver for this problem: the exact one-hidden-layer engine for L = 1 (gradient descent and flow), the formal
     * site measures of docs/theory.md section 11.7 for L >= 2, exact for gradient descent and, for gradient flow,
     * extrapolated from descent to eta = 0 until the estimated relative error is below {@code flowTolerance}
     * (section 11.9).
     */
    static FluctuationSolver forProblem(Problem p, boolean flow, double flowTolerance) {
        if (p.depth() == 1) {
            return SingleLayerFluctuations.supporting(p);
        }
        return DeepFluctuations.supporting(p, flow, flowTolerance);
    }

    /** A short name of the engine, for the method block of results. */
    default String engine() {
        return "exact-one-hidden-layer";
    }
}
