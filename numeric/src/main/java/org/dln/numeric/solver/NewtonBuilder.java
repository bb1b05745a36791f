package org.dln.numeric.solver;

import java.util.Objects;

/**
 * The options every Newton-type solver shares (iteration cap, convergence test, line search), for the builders of
 * {@link NewtonSolver} and {@link NewtonKrylovSolver}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class NewtonBuilder<B extends NewtonBuilder<B>> {
    int maxIterations = 50;
    ConvergenceChecker checker = ConvergenceChecker.of(1e-10, 1e-12);
    boolean lineSearch = true;

    NewtonBuilder() {
    }

    /** This builder, typed as the concrete builder. */
    abstract B self();

    /** Maximum number of Newton steps (default 50). */
    public B maxIterations(int max) {
        if (max < 0) {
            throw new IllegalArgumentException(SolverMessage.INVALID_PARAMETER.format("maxIterations", max, "must be >= 0"));
        }
        this.maxIterations = max;
        return self();
    }

    /** The convergence test (default {@code ConvergenceChecker.of(1e-10, 1e-12)}). */
    public B checker(ConvergenceChecker c) {
        this.checker = Objects.requireNonNull(c);
        return self();
    }

    /** Whether to backtrack (default true); when off every full step is taken. */
    public B lineSearch(boolean on) {
        this.lineSearch = on;
        return self();
    }
}
