package org.dln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dln.linear.cli.DlnCommand;
import org.dln.linear.sweep.SweepTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark runner (local mode, 2 executor threads, one task per point) writes the thread pool's table row for row
 * (byte-identical CSV and .npz), resumes a table the thread pool started, and its Parquet holds the same numbers.
 */
class SparkSweepTest {
    @TempDir
    Path dir;

    static final String GRID = """
            { "fixed": {"L": 2, "P": 4, "T": 30, "Q": 2},
              "axes": {"gamma0": [0.5, 1, 2, 4], "eta": {"from": 0.05, "to": 0.4, "count": 3, "scale": "log"}},
              "observables": ["loss_final", "ntk_final", "sharpness_max", "test_loss_final"] }
            """;

    private static int dln(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DlnCommand.execute(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), args);
        if (code != 0) {
            System.err.println(err);
        }
        return code;
    }

    @Test
    void sparkTableIsTheThreadPoolTable() throws Exception {
        Path g = dir.resolve("g.json");
        Files.writeString(g, GRID);
        assertEquals(0, dln("sweep", g.toString(), "--threads", "2", "-o", dir.resolve("pool").toString()));
        SparkSweep.Outcome o = SparkSweep.run(g, dir.resolve("spark"), "local[2]", 0, true);
        assertEquals(12, o.ran());
        assertArrayEquals(Files.readAllBytes(dir.resolve("pool.csv")), Files.readAllBytes(dir.resolve("spark.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("pool.npz")), Files.readAllBytes(dir.resolve("spark.npz")));

        // a table started by the thread pool (4 rows) is completed by Spark: 8 points run, same table
        assertEquals(0, dln("sweep", g.toString(), "--limit", "4", "-o", dir.resolve("mixed").toString()));
        SparkSweep.Outcome m = SparkSweep.run(g, dir.resolve("mixed"), "local[2]", 3, false);
        assertEquals(4, m.resumed());
        assertEquals(8, m.ran());
        assertArrayEquals(Files.readAllBytes(dir.resolve("pool.csv")), Files.readAllBytes(dir.resolve("mixed.csv")));

        // the Parquet file: the same rows, in point order, with the CSV's numbers (exact: both are the same doubles)
        List<String> csv = SparkSweep.rows(dir.resolve("pool.csv"));
        List<String> header = SweepTable.parse(Files.readAllLines(dir.resolve("pool.csv")).get(0));
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> d = spark.read().parquet(dir.resolve("spark.parquet").toString()).orderBy("index");
            List<Row> rows = d.collectAsList();
            assertEquals(csv.size(), rows.size());
            int k = header.indexOf("ntk_final_0_1"), r = header.indexOf("regime");
            for (int i = 0; i < rows.size(); i++) {
                List<String> cells = SweepTable.parse(csv.get(i));
                assertEquals(i, rows.get(i).getInt(0));
                assertEquals(cells.get(r), rows.get(i).getString(r));
                if (cells.get(k).isEmpty()) {
                    assertEquals(true, rows.get(i).isNullAt(k));
                } else {
                    assertEquals(Double.parseDouble(cells.get(k)), rows.get(i).getDouble(k));
                }
            }
        } finally {
            spark.stop();
        }
    }
}
