package org.dln.numeric.solver;

import java.util.Objects;

/**
 * The settings of the outer Newton iteration that {@link NewtonSolver} and {@link NewtonKrylovSolver} share
 * (built by {@link NewtonBuilder}, run by {@link NewtonDriver}).
 *
 * @param maxIterations the cap on Newton steps
 * @param checker       the convergence test
 * @param lineSearch    whether to backtrack (off: every full step is taken)
 */
record NewtonSettings(int maxIterations, ConvergenceChecker checker, boolean lineSearch) {
    NewtonSettings {
        Objects.requireNonNull(checker);
    }

    /** The report line saying whether the steps are backtracked. */
    String lineSearchNote() {
        return "line search: " + (lineSearch ? "armijo backtracking" : "off");
    }
}
