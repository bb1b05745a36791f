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
final class SimulateCommand extends DescentCommand {

    @Mixin
    EnsembleOptions ensemble;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA", defaultValue = "0",
            description = "Weight decay lambda >= 0: every weight is multiplied by 1 - eta lambda per step (default 0).")
    double weightDecay;

    @Option(names = "--activation", paramLabel = "NAME|EXPR", defaultValue = "identity",
            description = "identity (default), relu, tanh, erf, or an expression in x (Symja syntax), as for 'dln sample'.")
    String activation;

    @Override
    public Integer call() throws Exception {
        output.check();
        Problem p = descentProblem();
        Solution s = FiniteWidthTraining.simulate(p, ActivationParser.parse(activation), ensemble.width, ensemble.seeds,
                ensemble.run.seed, ensemble.run.threads(), new Progress("simulate", ensemble.seeds), weightDecay);
        output.emit(s, out());
        return DlnCommand.OK;
    }
}
