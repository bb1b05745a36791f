package org.dln.numeric.report;

import java.util.Arrays;
import java.util.List;

/**
 * What a solver did: its name, how many iterations (or time steps) it took, the residual history, whether
 * it converged, its wall time and free-form notes. Immutable; every solver returns one with its result.
 *
 * @param solver          the algorithm, e.g. "causal-marching" or "picard"
 * @param iterations      iterations (or time steps) taken
 * @param residualHistory max-norm residual after each iteration (may be empty for direct solvers)
 * @param residual        the final residual (NaN if not measured)
 * @param converged       whether the stopping criterion was met
 * @param wallSeconds     wall-clock time of the solve
 * @param notes           anything else worth reporting (one line each)
 */
public record SolverReport(String solver, int iterations, double[] residualHistory, double residual,
                           boolean converged, double wallSeconds, List<String> notes) {

    public SolverReport {
        residualHistory = residualHistory.clone();
        notes = List.copyOf(notes);
    }

    @Override
    public double[] residualHistory() {
        return residualHistory.clone();
    }

    /** The same report with another final residual (e.g. after an a-posteriori check). */
    public SolverReport withResidual(double r, String note) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.add(note);
        return new SolverReport(solver, iterations, residualHistory, r, converged, wallSeconds, n);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s: %d iterations, residual %.3e, %s, %.3f s%s", solver,
                iterations, residual, converged ? "converged" : "NOT converged", wallSeconds,
                residualHistory.length > 0 ? ", history " + Arrays.toString(residualHistory) : "");
    }
}
