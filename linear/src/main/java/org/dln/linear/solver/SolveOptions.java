package org.dln.linear.solver;

import java.util.function.IntConsumer;
import org.dln.linear.problem.Approximation;

/**
 * How to solve: which approximation, whether to keep the two-time kernels, and a progress callback that
 * receives each finished time step.
 */
public record SolveOptions(Approximation approximation, boolean keepTwoTime, IntConsumer progress) {

    public static final SolveOptions DEFAULT = new SolveOptions(Approximation.FULL, false, t -> { });

    public static SolveOptions of(Approximation a) {
        return new SolveOptions(a, false, t -> { });
    }

    public SolveOptions withTwoTime(boolean keep) {
        return new SolveOptions(approximation, keep, progress);
    }

    public SolveOptions withProgress(IntConsumer p) {
        return new SolveOptions(approximation, keepTwoTime, p);
    }
}
