package org.dln.linear.problem;

import java.util.Locale;

/**
 * Inputs that are valid numbers but beyond what double precision can carry through a solve: named as bad input
 * (exit 2) rather than reported as a divergence of the dynamics. Checked once, when a {@link Problem} is built, so
 * every solver family and the simulator see only representable problems.
 */
public final class Ranges {
    private Ranges() {
    }

    /**
     * The initial loss (1/2) s sum_mu y_mu^2 (f = 0 at t = 0 at infinite width) must be finite: otherwise the targets
     * are beyond double precision ('y' named, exit 2).
     */
    public static void requireRepresentableTargets(Problem p) {
        double[] y = p.y();
        double sum = 0, max = 0;
        for (double v : y) {
            sum += v * v;
            max = Math.max(max, Math.abs(v));
        }
        double loss = 0.5 * p.lossScale() * sum;
        if (!Double.isFinite(loss)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "y", "y", String.format(Locale.ROOT, "(max |y| = %.3g)", max),
                    "the initial loss 1/2 sum y^2 = " + loss + " overflows double precision; rescale the targets (e.g. divide y by its largest entry)");
        }
    }

    /** gamma0^2 (the learning-rate scale of every weight) must be finite ('gamma0' named, exit 2). */
    public static void requireRepresentableGamma0(Problem p) {
        double g2 = p.gamma0() * p.gamma0();
        if (!Double.isFinite(g2)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "gamma0", "gamma0", p.gamma0(),
                    "gamma0^2 overflows double precision; use a gamma0 below 1e150 (and in practice of order 1)");
        }
    }
}
