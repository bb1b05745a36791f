package org.dln.linear.cli;

import org.dln.linear.problem.Problem;
import picocli.CommandLine.Option;

/** The time axis of gradient descent: step eta and number of time points T (override the problem file's). */
public final class DescentOptions {
    @Option(names = "--eta", description = "Gradient descent step eta > 0.")
    Double eta;

    @Option(names = {"-T", "--steps"}, paramLabel = "T", description = "Number of time points t = 0..T-1 (T-1 updates).")
    Integer timePoints;

    /** The builder with eta and T applied where given. */
    Problem.Builder apply(Problem.Builder b) {
        if (eta != null) {
            b.eta(eta);
        }
        if (timePoints != null) {
            b.timePoints(timePoints);
        }
        return b;
    }
}
