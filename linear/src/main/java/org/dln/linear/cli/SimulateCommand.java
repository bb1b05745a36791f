package org.dln.linear.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dln.linear.io.SimulationTrajectory;
import org.dln.linear.io.Trajectory;
import org.dln.linear.problem.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln simulate}: trains real width-N networks of the same parameterization and reports mean and standard error. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Train finite-width deep linear networks (muP, learning rate gamma0^2 N eta) by full-batch gradient descent",
                "for several seeds; report every observable as mean and standard error, in the same format as 'dln solve'."})
final class SimulateCommand implements Callable<Integer> {
    @Mixin
    ProblemOptions problem;

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
            description = "identity (default), relu, tanh, erf, or an expression in x (Symja syntax), as for 'dln solve'.")
    String activation;

    @Option(names = "--langevin", description = "Sample the Bayesian posterior by Langevin dynamics (noisy gradient descent) instead of training by gradient descent; see 'dln bayes'.")
    boolean langevin;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1", description = "With --langevin: inverse temperature beta > 0 (default 1).")
    String beta;

    @Option(names = "--dt", defaultValue = "0.005", description = "With --langevin: time step (default 0.005); bias O(dt) (at 0.01 visible in the kernels at 1e3 samples, docs/reports/bayes-report.md).")
    double dt;

    @Option(names = "--burn-in", defaultValue = "3", description = "With --langevin: burn-in time, not recorded (default 3).")
    double burnIn;

    @Option(names = "--sample-time", defaultValue = "12", description = "With --langevin: recorded time per chain (default 12).")
    double sampleTime;

    @Option(names = "--thin", defaultValue = "10", description = "With --langevin: steps between recorded samples (default 10).")
    int thin;

    @Option(names = "--integrator", paramLabel = "exponential|euler", defaultValue = "exponential",
            description = "With --langevin: exponential Euler (prior part exact, default) or Euler-Maruyama.")
    String integrator;

    @Override
    public Integer call() throws Exception {
        if (langevin) {
            if (weightDecay != 0) {
                throw new org.dln.linear.problem.InvalidInputException(org.dln.linear.problem.InputError.OUT_OF_RANGE, "weight-decay",
                        "weight-decay", weightDecay, "drop --weight-decay with --langevin (the Gaussian prior of the posterior is the decay)");
            }
            Problem pl = problem.builder().checkStability(false).build();
            return LangevinRun.run(pl, beta, width, seeds, seed, threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                    dt, burnIn, sampleTime, thin, integrator, output.out, output.json, spec.commandLine().getOut());
        }
        Problem p = problem.build();
        Trajectory tr = SimulationTrajectory.simulate(p, org.dln.linear.sampling.ActivationParser.parse(activation), width, seeds, seed,
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), new Progress("simulate", seeds), weightDecay);
        output.emit(tr, List.of(), spec.commandLine().getOut());
        return DlnCommand.OK;
    }
}
