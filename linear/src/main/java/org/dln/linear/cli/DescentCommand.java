package org.dln.linear.cli;

import org.dln.linear.problem.Problem;
import picocli.CommandLine.Mixin;

/** A {@link ProblemCommand} on the time axis of gradient descent (--eta, -T). */
abstract class DescentCommand extends ProblemCommand {
    @Mixin
    DescentOptions descent;

    /** The validated problem with --eta and -T applied. */
    Problem descentProblem() {
        return problem.build(descent);
    }
}
