package org.dln.linear.cli;

import java.util.concurrent.Callable;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.sampling.ActivationParser;
import org.dln.linear.simulation.FiniteWidthTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln simulate}: trains real width-N networks of the same parameterization and reports mean and standard error. */
@Command(name = "simulate",
        description = {"Train finite-width networks (muP, learning rate gamma0^2 N eta) by full-batch gradient descent for several " +
                "seeds; report every observable as mean and standard error, in the same format as 'dln solve'."})
final class SimulateCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ProblemOptions problem;

    @Mixin
    DescentOptions descent;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Option(names = {"-N", "--width"}, defaultValue = "1024", description = "Width N of every hidden layer (default 1024).")
    int width;

    @Option(names = "--seeds", defaultValue = "8", description = "Number of independently initialized networks (>= 2).")
    int seeds;

    @Option(names = "--seed", defaultValue = "1", description = "First seed; network s uses seed + s.")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = number of cores). Results do not depend on it.")
    int threads;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA", defaultValue = "0",
            description = "Weight decay lambda >= 0: every weight is multiplied by 1 - eta lambda per step (default 0).")
    double weightDecay;

    @Option(names = "--activation", paramLabel = "NAME|EXPR", defaultValue = "identity",
            description = "identity (default), relu, tanh, erf, or an expression in x (Symja syntax), as for 'dln sample'.")
    String activation;

    @Override
    public Integer call() throws Exception {
        Problem p = problem.build(descent);
        Solution s = FiniteWidthTraining.simulate(p, ActivationParser.parse(activation), width, seeds, seed,
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), new Progress("simulate", seeds), weightDecay);
        output.emit(s, spec.commandLine().getOut());
        return DlnCommand.OK;
    }
}
