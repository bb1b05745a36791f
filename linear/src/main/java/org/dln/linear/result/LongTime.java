package org.dln.linear.result;

/**
 * The t = infinity state of a gradient-flow solution: whether the state at the horizon is the final one within
 * {@code errorEstimate} (NaN when not estimated), and the NTK there (train then test samples).
 */
public record LongTime(boolean converged, double errorEstimate, double[][] ntk) {
    public LongTime {
        ntk = Solution.copy(ntk);
    }

    @Override
    public double[][] ntk() {
        return Solution.copy(ntk);
    }
}
