package org.dln.linear.sweep;

import org.dln.linear.result.Solution;
import org.dln.linear.result.TimeMode;

/**
 * The regime of a sweep point, from the solver's report and the trajectory (docs/formats.md "Sweep tables"):
 * <ul>
 * <li>{@code converged}: the solver converged and the run trained (final loss at most loss_tolerance times the
 *     initial loss; a stationary state: the solver converged), with the loss never rising;</li>
 * <li>{@code unfinished}: the solver converged, the loss never rose, but it is still above the tolerance at T;</li>
 * <li>{@code edge}: the stability edge was crossed and survived: eta lambda_max(K(t)) >= 2 at some t (for gradient
 *     descent; eta beyond the lazy limit at t = 0 included) or the loss rose at some step (oscillation, catapult);</li>
 * <li>{@code diverged}: gradient descent (or the simulation) diverged;</li>
 * <li>{@code not-converged}: the solver stopped without converging (flow, Bayes, stationary state);</li>
 * <li>{@code failed}: the solver failed for another reason (the table's message column says why).</li>
 * </ul>
 */
public enum Regime {
    CONVERGED("converged"), UNFINISHED("unfinished"), EDGE("edge"), DIVERGED("diverged"), NOT_CONVERGED("not-converged"), FAILED("failed");

    /** Relative rise of the loss in one step that counts as a rise (rounding stays far below it). */
    static final double RISE = 1e-9;

    private final String id;

    Regime(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The regime of id, or null. */
    public static Regime of(String id) {
        for (Regime r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }

    /** Classifies a finished solve; {@code sharpnessMax} is max_t eta lambda_max(K(t)) (NaN when not defined). */
    static Regime classify(Solution s, double sharpnessMax, double lossTolerance) {
        if (!s.report().converged()) {
            return NOT_CONVERGED;
        }
        int t = s.timePoints();
        if (s.method().time() == TimeMode.STATIONARY || t == 1) {
            return CONVERGED;
        }
        boolean rose = false;
        for (int k = 1; k < t; k++) {
            double a = s.loss(k - 1), b = s.loss(k);
            if (b > a * (1 + RISE) + Double.MIN_NORMAL) {
                rose = true;
            }
        }
        if (!(s.loss(t - 1) <= s.loss(0) * 10 + 1e-300) || !Double.isFinite(s.loss(t - 1))) {
            return DIVERGED;
        }
        if (rose || sharpnessMax >= 2) {
            return EDGE;
        }
        return s.loss(t - 1) <= lossTolerance * s.loss(0) ? CONVERGED : UNFINISHED;
    }
}
