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
        this.maxIterations = SolverMessage.requireAtLeast("maxIterations", max, 0);
        return self();
    }

    /** The convergence test (default {@code ConvergenceChecker.of(1e-10, 1e-12)}). */
    public B checker(ConvergenceChecker c) {
        this.checker = Objects.requireNonNull(c);
        return self();
    }

    /** The outer-iteration settings as configured so far. */
    NewtonSettings settings() {
        return new NewtonSettings(maxIterations, checker, lineSearch);
    }

    /** Whether to backtrack (default true); when off every full step is taken. */
    public B lineSearch(boolean on) {
        this.lineSearch = on;
        return self();
    }
}
