package org.dln.numeric.solver;

/**
 * A solver for square nonlinear systems {@code F(x) = 0}. Implementations are immutable and thread-safe
 * (all mutable state lives in per-solve workspaces).
 */
public interface NonlinearSolver {

    /**
     * Solves {@code system} starting from {@code initialGuess}.
     *
     * @param system       the system
     * @param initialGuess the starting point, length {@code system.dimension()} (not modified)
     * @return the last iterate and a report; {@code converged()} is false if the iteration budget ran out,
     *         the line search stalled or the Jacobian was singular
     * @throws SolverException if the solver cannot continue (e.g. a non-finite residual at an iterate)
     * @throws IllegalArgumentException if the guess has the wrong length or non-finite components
     */
    NonlinearSolution solve(NonlinearSystem system, double[] initialGuess);
}
