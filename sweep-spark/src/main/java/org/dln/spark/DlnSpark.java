package org.dln.spark;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.problem.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dln-spark sweep GRID --master local[*]|spark://host:7077}: {@code dln sweep} as a Spark job (the same grid
 * file, the same table, plus PREFIX.parquet). Exit 0 done, 1 a point failed (regime 'failed') or Spark failed, 2 bad input.
 */
@Command(name = "dln-spark", mixinStandardHelpOptions = true, subcommands = DlnSpark.Sweep.class,
        description = "dln's sweeps on Apache Spark.")
public final class DlnSpark implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("dln-spark: error: give a command: dln-spark sweep GRID --master local[*]");
        return 2;
    }

    /** The sweep command. */
    @Command(name = "sweep", mixinStandardHelpOptions = true, description = "Run a sweep grid as a Spark job; writes PREFIX.csv, PREFIX.npz, PREFIX.parquet.")
    static final class Sweep implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "GRID")
        Path grid;

        @Option(names = "--master", defaultValue = "local[*]", description = "Spark master URL: local[*], local[K], spark://host:7077 (default local[*]).")
        String master;

        @Option(names = {"-o", "--out"}, paramLabel = "PREFIX", description = "Table prefix (default: the grid's name beside it).")
        Path out;

        @Option(names = "--tasks", defaultValue = "0", description = "Number of tasks (chunks of points); 0 = one per point.")
        int tasks;

        @Option(names = "--jars", paramLabel = "JAR,...", description = "Jars shipped to the executors of a cluster (spark.jars): dln's jar and its lib/; the dln-spark launcher sets it.")
        String jars;

        @Option(names = "--restart", description = "Start the table afresh instead of resuming it.")
        boolean restart;

        @Override
        public Integer call() throws Exception {
            String name = grid.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path prefix = out != null ? out : grid.toAbsolutePath().resolveSibling(dot > 0 ? name.substring(0, dot) : name + "-table");
            SparkSweep.Outcome o = SparkSweep.run(grid, prefix, master, tasks, restart, jars);
            System.err.printf(Locale.ROOT, "dln-spark: %d points (%d resumed, %d run) in %.1f s; wrote %s.csv, .npz, .parquet%n",
                    o.points(), o.resumed(), o.ran(), o.wallSeconds(), prefix);
            if (o.failed() > 0) {
                System.err.printf(Locale.ROOT, "dln-spark: %d points failed (regime 'failed', the table's message column says why)%n", o.failed());
                return 1;
            }
            return 0;
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new DlnSpark());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            Throwable c = ex;
            while (c.getCause() != null && !(c instanceof InvalidInputException)) {
                c = c.getCause();
            }
            if (c instanceof InvalidInputException) {
                System.err.println("dln-spark: error: " + c.getMessage());
                return 2;
            }
            System.err.println("dln-spark: failed: " + ex);
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
