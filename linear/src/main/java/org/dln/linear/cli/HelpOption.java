package org.dln.linear.cli;

import picocli.CommandLine.Option;

/** The -h/--help option of every subcommand (the version is an option of 'dln' itself). */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
