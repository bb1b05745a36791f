package org.dln.linear.solver;

import java.util.function.IntConsumer;
import org.dln.linear.problem.Approximation;

/**
 * How to solve: which approximation, whether to keep the two-time kernels, a progress callback that
 * receives each finished time step, and the weight decay lambda >= 0 (every weight is multiplied by
 * rho = 1 - eta lambda at every step in addition to the gradient update; 0 = plain gradient descent).
 */
public record SolveOptions(Approximation approximation, boolean keepTwoTime, IntConsumer progress, double weightDecay) {

    public static final SolveOptions DEFAULT = new SolveOptions(Approximation.FULL, false, t -> { }, 0.0);

    public SolveOptions(Approximation approximation, boolean keepTwoTime, IntConsumer progress) {
        this(approximation, keepTwoTime, progress, 0.0);
    }

    public static SolveOptions of(Approximation a) {
        return new SolveOptions(a, false, t -> { });
    }

    public SolveOptions withTwoTime(boolean keep) {
        return new SolveOptions(approximation, keep, progress, weightDecay);
    }

    public SolveOptions withProgress(IntConsumer p) {
        return new SolveOptions(approximation, keepTwoTime, p, weightDecay);
    }

    /** The same options with weight decay lambda (see {@link CausalMarchingSolver} for the equations). */
    public SolveOptions withWeightDecay(double lambda) {
        return new SolveOptions(approximation, keepTwoTime, progress, lambda);
    }
}
