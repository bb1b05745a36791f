package org.dln.linear.cli;

import java.io.PrintStream;
import org.dln.linear.problem.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dln} command line. Results go to stdout or files; progress and messages to stderr.
 * Exit codes: 0 success, 1 not converged or failed check, 2 bad input.
 */
@Command(name = "dln", mixinStandardHelpOptions = true, version = "dln 0.1.0",
        description = "DMFT of deep networks trained by gradient descent in the feature-learning (muP) regime.",
        subcommands = {SolveCommand.class, FlowCommand.class, SampleCommand.class, DecayCommand.class, BayesCommand.class,
                SimulateCommand.class, SimulateLangevinCommand.class, LangevinCommand.class, CompareCommand.class, CheckCommand.class, ClosedFormCommand.class,
                GoldenCommand.class, SeriesCommand.class, GuessCommand.class, EquationsCommand.class, DecayTableCommand.class, AdaptiveCommand.class,
                BenchCommand.class, SweepCommand.class, SweepPlotCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class DlnCommand implements java.util.concurrent.Callable<Integer> {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code dln} without a command: the usage on stderr and exit 2 (nothing was done). */
    @Override
    public Integer call() {
        java.io.PrintWriter err = spec.commandLine().getErr();
        err.println("dln: error: a command is missing: give one of the commands below (e.g. 'dln solve'), or 'dln --help'");
        spec.commandLine().usage(err);
        err.flush();
        return BAD_INPUT;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs the command line with the given streams; returns the exit code (used by tests). */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new DlnCommand());
        cl.setUsageHelpAutoWidth(true);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            Throwable cause = ex;
            while (cause.getCause() != null && !(cause instanceof InvalidInputException)) {
                cause = cause.getCause();
            }
            if (cause instanceof InvalidInputException iie) {
                err.println("dln: error: " + iie.getMessage());
                return BAD_INPUT;
            }
            if (ex instanceof IllegalArgumentException) {
                err.println("dln: error: " + ex.getMessage());
                return BAD_INPUT;
            }
            if (cause instanceof org.dln.numeric.solver.SolverException se) {
                // a numerical failure of a solver (catalogue message), not bad input: exit 1 with what happened
                err.println("dln: failed: " + se.getMessage()
                        + se.partialReport().map(r -> " (after " + r.iterations() + " iterations, residual " + r.residual() + ")").orElse(""));
                return FAILED;
            }
            err.println("dln: failed: " + ex);
            if (System.getenv("DLN_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("(set DLN_DEBUG=1 for the stack trace)");
            }
            return FAILED;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("dln: error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("See 'dln " + (ex.getCommandLine().getCommandName().equals("dln") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return BAD_INPUT;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError oom) {
            // a size the memory guards let through (they estimate the solvers' arrays, not every output): a clear line,
            // never a stack trace
            err.println(String.format(java.util.Locale.ROOT, "dln: failed: out of memory (heap %.1f GiB): reduce the sizes "
                    + "(P, T, L, width) or raise the heap, e.g. DLN_JAVA_OPTS=-Xmx16g", Runtime.getRuntime().maxMemory() / 1073741824.0));
            return FAILED;
        }
    }
}
