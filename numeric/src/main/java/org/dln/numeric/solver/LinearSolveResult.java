package org.dln.numeric.solver;

/**
 * The outcome of an iterative linear solve {@code A x = b}.
 *
 * @param iterations       inner iterations (operator applications in the Krylov process) used
 * @param relativeResidual the achieved true relative residual {@code |b - A x|_2 / |b|_2} (recomputed
 *                         from {@code x}, not the recurrence estimate; 0 when {@code b = 0})
 * @param converged        whether {@code relativeResidual <= } the requested tolerance
 * @param restarts         number of completed restart cycles
 */
public record LinearSolveResult(int iterations, double relativeResidual, boolean converged, int restarts) {
}
