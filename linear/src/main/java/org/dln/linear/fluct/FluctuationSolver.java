package org.dln.linear.fluct;

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

    /** The solver for this problem: exact for one hidden layer (L = 1); deeper networks are refused (exit 2). */
    static FluctuationSolver forProblem(Problem p) {
        return SingleLayerFluctuations.supporting(p);
    }
}
