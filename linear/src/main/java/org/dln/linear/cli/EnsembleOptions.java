package org.dln.linear.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A finite-width ensemble: width N, number of networks (or chains), seed and threads. */
public final class EnsembleOptions {
    @Option(names = {"-N", "--width"}, defaultValue = "1024", description = "Width N of every hidden layer (default 1024).")
    int width;

    @Option(names = "--seeds", defaultValue = "8", description = "Number of independent networks or chains, seeds seed, seed + 1, ... (>= 2, default 8).")
    int seeds;

    @Mixin
    RunOptions run;
}
