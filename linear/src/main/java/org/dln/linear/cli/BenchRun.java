package org.dln.linear.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A benchmark command: -h, the random problems' depth, gamma0 and seed, and where its table goes. */
abstract class BenchRun implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    BenchOptions bench;

    @Spec
    CommandSpec spec;
}
