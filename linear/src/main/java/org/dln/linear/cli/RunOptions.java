package org.dln.linear.cli;

import picocli.CommandLine.Option;

/** Seed and worker threads of a stochastic run: results depend on the seed only, never on the thread count. */
public final class RunOptions {
    @Option(names = "--seed", defaultValue = "1", description = "Seed (default 1); runs are reproducible from it, whatever --threads.")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = number of cores).")
    int threads;

    /** The thread count, 0 resolved to the number of cores. */
    int threads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
