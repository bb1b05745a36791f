package org.dln.linear.sweep;

import java.util.Map;
import org.dln.linear.result.Solution;

/**
 * What one sweep point gave: its regime, the solver's report figures (converged, iterations, final residual), the
 * observable columns (NaN where undefined), a one-line message (empty unless diverged or failed), the wall time
 * (never in the table, which must not depend on the machine) and the solution (null if none; kept only for the
 * per-point documents).
 */
public record PointResult(SweepPoint point, Regime regime, boolean converged, int iterations, double residual,
                          Map<String, Double> values, String message, double wallSeconds, Solution solution) {
}
