package org.dln.linear.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that solves one problem and writes one result document: -h, the problem options and the output options
 * (subclasses add their own). {@link DescentCommand} adds the time axis of gradient descent.
 */
abstract class ProblemCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ProblemOptions problem;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    /** The command's standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The command's standard error. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
