package org.dln.numeric.solver;

import java.util.Optional;
import org.dln.numeric.report.SolverReport;

/**
 * Thrown when a solver cannot continue (e.g. the residual is NaN at an iterate). Its text always comes
 * from the {@link SolverMessage} catalogue. When thrown by a nonlinear solver it carries the report of the
 * iterations done so far. Not thrown for mere non-convergence, which is a {@link NonlinearSolution} with
 * {@code converged() == false}.
 */
public final class SolverException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SolverMessage solverMessage;
    private final transient Object[] arguments;
    private final transient SolverReport partialReport;

    /**
     * @param message the catalogue entry
     * @param args    its arguments
     */
    public SolverException(SolverMessage message, Object... args) {
        this(null, message, args);
    }

    /**
     * @param partialReport the report of the iterations before the failure (may be null)
     * @param message       the catalogue entry
     * @param args          its arguments
     */
    public SolverException(SolverReport partialReport, SolverMessage message, Object... args) {
        super(message.format(args));
        this.solverMessage = message;
        this.arguments = args.clone();
        this.partialReport = partialReport;
    }

    /** The catalogue entry. */
    public SolverMessage getSolverMessage() {
        return solverMessage;
    }

    /** The message arguments (a copy). */
    public Object[] getArguments() {
        return arguments == null ? new Object[0] : arguments.clone();
    }

    /** The report of the iterations done before the failure, if the thrower had one. */
    public Optional<SolverReport> partialReport() {
        return Optional.ofNullable(partialReport);
    }

    /** The same failure with a partial report attached. */
    SolverException withReport(SolverReport report) {
        return new SolverException(report, solverMessage, arguments);
    }
}
