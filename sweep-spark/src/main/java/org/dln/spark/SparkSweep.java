package org.dln.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.dln.linear.sweep.PointRunner;
import org.dln.linear.sweep.SweepGrid;
import org.dln.linear.sweep.SweepNpz;
import org.dln.linear.sweep.SweepRunner;
import org.dln.linear.sweep.SweepTable;
import java.io.Serializable;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * A sweep as an Apache Spark job: the driver reads the grid and the table (resuming it as {@code dln sweep} does),
 * ships the grid's text with the missing point indices, one task per chunk of points; each executor rebuilds the grid
 * from the text and runs its points through the same {@link PointRunner} and row writer as the thread pool; the driver
 * appends the rows, sorts the table and writes PREFIX.csv (identical row for row to the thread pool's), PREFIX.npz
 * and PREFIX.parquet (a directory, as Spark writes it).
 */
public final class SparkSweep {
    /** Grids rebuilt on an executor, by grid text (one JVM runs many tasks of the same grid). */
    private static final Map<String, SweepGrid> GRIDS = new ConcurrentHashMap<>();

    private SparkSweep() {
    }

    /** What a run did. */
    public record Outcome(int points, int resumed, int ran, int failed, double wallSeconds) {
    }

    /**
     * Runs the missing points of {@code gridFile} on {@code master} in {@code tasks} tasks (0: one per point),
     * writing PREFIX.csv, PREFIX.npz and PREFIX.parquet.
     */
    public static Outcome run(Path gridFile, Path prefix, String master, int tasks, boolean restart) throws IOException {
        return run(gridFile, prefix, master, tasks, restart, null);
    }

    /** As above, shipping {@code jars} (comma-separated; null: none) to the executors of a cluster. */
    public static Outcome run(Path gridFile, Path prefix, String master, int tasks, boolean restart, String jars) throws IOException {
        long start = System.nanoTime();
        String text = Files.readString(gridFile, StandardCharsets.UTF_8);
        String name = gridFile.getFileName().toString();
        String base = gridFile.toAbsolutePath().getParent().toString();
        SweepGrid grid = SweepGrid.fromText(text, name, Path.of(base));
        Path csv = prefix.resolveSibling(prefix.getFileName() + ".csv");
        if (csv.toAbsolutePath().getParent() != null) {
            Files.createDirectories(csv.toAbsolutePath().getParent());
        }
        SparkSession.Builder builder = SparkSession.builder().appName("dln sweep " + name).master(master)
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1");
        if (jars != null && !jars.isBlank()) {
            builder.config("spark.jars", jars);
        }
        SparkSession spark = builder.getOrCreate();
        try (SweepTable table = SweepTable.open(csv, grid, restart)) {
            spark.sparkContext().setLogLevel("WARN");
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Integer> todo = SweepRunner.missing(grid, table);
            int resumed = grid.size() - todo.size();
            System.err.printf("dln-spark: sweep of %d points, %d already in %s, %d to run on %s%n", grid.size(), resumed, csv, todo.size(), master);
            if (!todo.isEmpty()) {
                int slices = tasks > 0 ? Math.min(tasks, todo.size()) : todo.size();
                JavaRDD<Integer> points = sc.parallelize(todo, slices);
                // each task's rows come back to the driver as soon as the task ends and are appended (and flushed) at
                // once, so an interrupted Spark run leaves a table that either runner resumes
                TaskRows handler = new TaskRows(table, todo.size());
                spark.sparkContext().runJob(points.rdd(), new RunPoints(text, name, base), handler,
                        scala.reflect.ClassTag$.MODULE$.apply(String[].class));
                if (handler.failure != null) {
                    throw handler.failure;
                }
            }
            List<String> all = table.finish();
            SweepNpz.write(prefix.resolveSibling(prefix.getFileName() + ".npz"), table.header(), all);
            ParquetTable.write(spark, table.header(), all, prefix.resolveSibling(prefix.getFileName() + ".parquet"));
            int regime = 2 + grid.columns().size();
            int failed = (int) all.stream().filter(r -> SweepTable.parse(r).get(regime).equals("failed")).count();
            return new Outcome(grid.size(), resumed, todo.size(), failed, (System.nanoTime() - start) * 1e-9);
        } finally {
            spark.stop();
        }
    }

    /** An executor's task: the rows of its points, as {index, row, index, row, ...}. */
    static final class RunPoints extends AbstractFunction1<Iterator<Integer>, String[]> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String text;
        private final String name;
        private final String base;

        RunPoints(String text, String name, String base) {
            this.text = text;
            this.name = name;
            this.base = base;
        }

        @Override
        public String[] apply(Iterator<Integer> indices) {
            SweepGrid g = GRIDS.computeIfAbsent(text, t -> SweepGrid.fromText(t, name, Path.of(base)));
            List<String> out = new ArrayList<>();
            while (indices.hasNext()) {
                int i = indices.next();
                out.add(Integer.toString(i));
                out.add(SweepTable.row(PointRunner.run(g, g.point(i)), g));
            }
            return out.toArray(new String[0]);
        }
    }

    /** On the driver: appends the rows of each finished task to the table and reports progress on stderr. */
    static final class TaskRows extends AbstractFunction2<Object, String[], BoxedUnit> {
        private final SweepTable table;
        private final int total;
        private final long start = System.nanoTime();
        private int done;
        private int lastStep = -1;
        IOException failure;

        TaskRows(SweepTable table, int total) {
            this.table = table;
            this.total = Math.max(1, total);
        }

        @Override
        public synchronized BoxedUnit apply(Object partition, String[] rows) {
            try {
                for (int k = 0; k + 1 < rows.length; k += 2) {
                    table.appendRow(Integer.parseInt(rows[k]), rows[k + 1]);
                    done++;
                }
            } catch (IOException e) {
                failure = e;
            }
            int step = 20 * done / total;
            if (step != lastStep) {
                lastStep = step;
                System.err.printf(java.util.Locale.ROOT, "dln-spark: %d/%d points, %.0f s%n", done, total, (System.nanoTime() - start) * 1e-9);
            }
            return BoxedUnit.UNIT;
        }
    }

    /** The rows of a table for tests: the CSV lines after the header. */
    static List<String> rows(Path csv) throws IOException {
        List<String> l = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
        l.remove(0);
        return l;
    }
}
