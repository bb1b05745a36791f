package org.dln.numeric.solver;

import java.util.Objects;
import org.dln.numeric.report.SolverReport;

/**
 * The immutable outcome of a nonlinear solve: the last iterate (the root if {@link #converged()}) and the
 * {@link SolverReport} (residual history with entry 0 for the initial guess, notes on line-search step
 * lengths, linear-solver iterations and any failure message).
 */
public final class NonlinearSolution {

    private final double[] x;
    private final SolverReport report;

    /**
     * @param x      the last iterate (copied)
     * @param report the report
     */
    public NonlinearSolution(double[] x, SolverReport report) {
        this.x = x.clone();
        this.report = Objects.requireNonNull(report);
    }

    /** The last iterate (a fresh copy). */
    public double[] x() {
        return x.clone();
    }

    /** What the solver did. */
    public SolverReport report() {
        return report;
    }

    /** Whether the convergence checker accepted {@link #x()}. */
    public boolean converged() {
        return report.converged();
    }

    @Override
    public String toString() {
        return "NonlinearSolution[n=" + x.length + ", " + report + "]";
    }
}
