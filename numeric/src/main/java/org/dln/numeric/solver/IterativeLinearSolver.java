package org.dln.numeric.solver;

/**
 * An iterative solver for square linear systems {@code A x = b} given by a {@link LinearOperator}.
 * Implementations may keep workspaces and are then not thread-safe.
 */
public interface IterativeLinearSolver {

    /**
     * Solves {@code A x = b} to a relative residual {@code |b - A x|_2 <= relativeTolerance |b|_2}.
     *
     * @param a                 the operator
     * @param preconditioner    a right preconditioner {@code M ~ A^-1} (the solver works on {@code A M y = b},
     *                          {@code x = M y}), or null for none
     * @param b                 the right-hand side (read only)
     * @param x                 on entry the initial guess, on exit the approximate solution
     * @param relativeTolerance the target relative residual, {@code > 0}
     * @return iterations used and the achieved relative residual
     */
    LinearSolveResult solve(LinearOperator a, LinearOperator preconditioner, double[] b, double[] x,
                            double relativeTolerance);
}
