package org.dln.linear.cli;

import org.dln.linear.problem.InputError;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Seed and worker threads of a stochastic run: results depend on the seed only, never on the thread count. */
public final class RunOptions {
    @Option(names = "--seed", defaultValue = "1", description = "Seed (default 1); runs are reproducible from it, whatever --threads.")
    long seed;

    int threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = number of cores).")
    void threads(int t) {
        if (t < 0) {
            throw new ParameterException(spec.commandLine(), threadsMessage(t));
        }
        threads = t;
    }

    /** The catalogue message for a negative --threads. */
    static String threadsMessage(int t) {
        return InputError.OUT_OF_RANGE.format("threads", t, "give the number of worker threads, >= 1, or 0 for the number of cores");
    }

    /** The thread count, 0 resolved to the number of cores. */
    int threads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
