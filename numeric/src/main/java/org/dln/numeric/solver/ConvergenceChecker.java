package org.dln.numeric.solver;

/**
 * Decides when a nonlinear iteration has converged. Called once with the initial guess (iteration 0, step
 * norm {@code +Infinity}) and once after every accepted step. Implementations should be stateless (a
 * solver, and thus its checker, may be shared between threads).
 */
@FunctionalInterface
public interface ConvergenceChecker {

    /**
     * @param iteration    the number of steps taken so far (0 for the initial guess)
     * @param residualNorm max-norm of the residual at {@code x}
     * @param stepNorm     max-norm of the last accepted step ({@code +Infinity} at iteration 0)
     * @param x            the current iterate (read only; do not retain)
     * @return whether {@code x} is accepted as the solution
     */
    boolean converged(int iteration, double residualNorm, double stepNorm, double[] x);

    /**
     * The standard test: converged when {@code |F|_inf <= absTol}, or when the step is small relative to the
     * iterate, {@code |dx|_inf <= relStepTol * (1 + |x|_inf)}, while the residual is at most {@code 100 absTol}
     * (the latter guards against stagnation far from a root being mistaken for convergence; the former
     * accepts iterates whose residual is at rounding level).
     *
     * @param absTol     absolute residual tolerance (max-norm), {@code >= 0}
     * @param relStepTol relative step tolerance, {@code >= 0}
     * @return the checker
     */
    static ConvergenceChecker of(double absTol, double relStepTol) {
        if (!(absTol >= 0) || !(relStepTol >= 0)) {
            throw new IllegalArgumentException(SolverMessage.INVALID_PARAMETER.format("tolerance",
                    absTol + ", " + relStepTol, "must be >= 0"));
        }
        return (iteration, residualNorm, stepNorm, x) -> {
            if (residualNorm <= absTol) {
                return true;
            }
            return stepNorm <= relStepTol * (1.0 + Vectors.maxNorm(x)) && residualNorm <= 100.0 * absTol;
        };
    }
}
