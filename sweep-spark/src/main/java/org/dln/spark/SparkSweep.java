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
import scala.Tuple2;

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
    public record Outcome(int points, int resumed, int ran, double wallSeconds) {
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
                List<Tuple2<Integer, String>> rows = points.map(i -> {
                    SweepGrid g = GRIDS.computeIfAbsent(text, t -> SweepGrid.fromText(t, name, Path.of(base)));
                    return new Tuple2<>(i, SweepTable.row(PointRunner.run(g, g.point(i)), g));
                }).collect();
                for (Tuple2<Integer, String> r : rows) {
                    table.appendRow(r._1(), r._2());
                }
            }
            List<String> all = table.finish();
            SweepNpz.write(prefix.resolveSibling(prefix.getFileName() + ".npz"), table.header(), all);
            ParquetTable.write(spark, table.header(), all, prefix.resolveSibling(prefix.getFileName() + ".parquet"));
            return new Outcome(grid.size(), resumed, todo.size(), (System.nanoTime() - start) * 1e-9);
        } finally {
            spark.stop();
        }
    }

    /** The rows of a table for tests: the CSV lines after the header. */
    static List<String> rows(Path csv) throws IOException {
        List<String> l = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
        l.remove(0);
        return l;
    }
}
