package org.dln.numeric.solver;

import java.util.Locale;

/**
 * The catalogue of solver diagnostics: every failure note and every {@link SolverException} text is one of
 * these templates, formatted with {@link Locale#ROOT}. Keeping them in one place keeps messages uniform and
 * lets callers react to a failure by kind ({@link SolverException#getSolverMessage()}) rather than by text.
 */
public enum SolverMessage {

    /** Args: solver name, iterations, final max-norm residual, residual history. */
    NOT_CONVERGED("%s did not converge in %d iterations: residual %.3e (history %s)"),
    /** Args: iteration, current max-norm residual. */
    LINE_SEARCH_FAILED("line search failed at iteration %d: no step in [2^-20, 1] sufficiently decreases the residual %.3e"),
    /** Args: iteration. */
    SINGULAR_JACOBIAN("singular Jacobian at iteration %d"),
    /** Args: requested relative tolerance, iterations, achieved relative residual. */
    GMRES_NOT_CONVERGED("GMRES did not reach relative tolerance %.1e in %d iterations (achieved %.1e)"),
    /** Args: iteration, achieved relative linear residual. */
    NO_DESCENT_DIRECTION("no descent direction at iteration %d: the linear solve left a relative residual %.1e >= 1"),
    /** Args: iteration, component index, value. */
    NON_FINITE_RESIDUAL("non-finite residual at iteration %d: component %d is %s"),
    /** Args: iteration, row, column, value. */
    NON_FINITE_JACOBIAN("non-finite Jacobian at iteration %d: entry (%d, %d) is %s"),
    /** Args: iteration, component index, value. */
    NON_FINITE_OPERATOR("non-finite linear operator output at GMRES iteration %d: component %d is %s"),
    /** Args: what, actual length, expected length. */
    DIMENSION_MISMATCH("dimension mismatch: %s has length %d, expected %d"),
    /** Args: component index, value. */
    NON_FINITE_GUESS("non-finite initial guess: component %d is %s"),
    /** Args: parameter name, value, constraint. */
    INVALID_PARAMETER("invalid %s: %s (%s)"),
    /**
     * A result that may not be written: args: "value" or "standard error", observable name, entry label (e.g. "[0][1]",
     * may be empty), time point index, its time, the value (NaN or +-Infinity).
     */
    NON_FINITE_RESULT("non-finite result: the %s of %s%s at time point t = %d (time %s) is %s; nothing was written"
            + " (the problem is beyond double precision or the solver failed: reduce gamma0, eta, T or the scale of the data)"),
    /** Args: what ran, budget in seconds, what was done, how to go further. */
    BUDGET_EXCEEDED("%s stopped: the time budget of %s s was used up (%s); %s");

    private final String template;

    SolverMessage(String template) {
        this.template = template;
    }

    /** The {@link String#format} template. */
    public String template() {
        return template;
    }

    /** The message for the given arguments (locale-independent). */
    public String format(Object... args) {
        return String.format(Locale.ROOT, template, args);
    }

    /** {@code value}, or an {@link IllegalArgumentException} ({@link #INVALID_PARAMETER}) when it is below {@code min}. */
    static int requireAtLeast(String parameter, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(INVALID_PARAMETER.format(parameter, value, "must be >= " + min));
        }
        return value;
    }
}
