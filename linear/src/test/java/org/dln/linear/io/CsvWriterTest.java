package org.dln.linear.io;

import org.dln.linear.result.Solution;
import org.dln.linear.result.Method;
import org.dln.linear.problem.Problem;
import org.dln.numeric.report.SolverReport;
import org.dln.linear.result.Observable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV table: column names, standard-error columns, time = eta t, and values that read back bit for bit. */
class CsvWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final double ETA = 0.1;
    private static final int T = 3;

    /** P = 2, L = 1, T = 3; f and loss with standard errors (as a simulation would have), awkward doubles. */
    static Solution smallTrajectory() {
        double[][] f = {{0.1 + 0.2, -1e-300}, {Math.PI / 3, 1.0 / 3}, {-0.0, 123456789.123456789}};
        double[][] fSe = {{1e-17, 2.5e-3}, {Math.E, 0.0}, {Double.MIN_VALUE, 7.0 / 9}};
        double[] loss = {0.7, 0.35, 1.1e-12};
        double[] lossSe = {0.01, 0.02, 3e-13};
        double[][][] ntk = new double[T][2][2];
        double[][][] phi = new double[T][2][2];
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    ntk[t][i][j] = 1.0 / (1 + t + 10 * i + 100 * j);
                    phi[t][i][j] = Math.sqrt(2 + t + i + j);
                }
            }
        }
        Map<String, Observable> obs = new LinkedHashMap<>();
        obs.put("f", Observable.matrix("f", f, fSe));
        obs.put("loss", Observable.series("loss", loss, lossSe));
        obs.put("ntk", Observable.tensor("ntk", ntk, null));
        obs.put("phi1", Observable.tensor("phi1", phi, null));
        obs.put("g1", Observable.series("g1", new double[] {1, 1.5, 2.25}, null));
        obs.put("align_phi1", Observable.series("align_phi1", new double[] {0.5, 0.6, 0.7}, null));
        obs.put("align_ntk", Observable.series("align_ntk", new double[] {0.25, 0.5, 0.75}, null));
        Problem problem = new Problem.Builder().gram(new double[][] {{1, 0}, {0, 1}}).y(new double[] {1.0, -1.0}).depth(1)
                .gamma0(1.0).eta(ETA).timePoints(T).checkStability(false).build();
        Method method = Method.builder().put("width", 64).put("seeds", 4).build();
        return new Solution("simulation", problem, method, new SolverReport("test", 0, new double[0], Double.NaN, true, 0, java.util.List.of()), obs, null);
    }

    private static CSVParser parse(Reader in) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in);
    }

    private static void assertSameDouble(double expected, String actual, String where) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(Double.parseDouble(actual)),
                where + ": expected " + expected + " but read " + actual);
    }

    @Test
    void headerNamesEveryEntryWithStandardErrorColumnsAfterEachEntry() throws IOException {
        StringWriter out = new StringWriter();
        CsvWriter.write(smallTrajectory(), out);
        try (CSVParser p = parse(new StringReader(out.toString()))) {
            assertEquals(List.of("t", "time",
                    "f[0]", "f[0]_se", "f[1]", "f[1]_se",
                    "loss", "loss_se",
                    "ntk[0][0]", "ntk[0][1]", "ntk[1][0]", "ntk[1][1]",
                    "phi1[0][0]", "phi1[0][1]", "phi1[1][0]", "phi1[1][1]",
                    "g1", "align_phi1", "align_ntk"), p.getHeaderNames());
            assertEquals(T, p.getRecords().size());
        }
    }

    @Test
    void valuesRoundTripExactly() throws IOException {
        Solution tr = smallTrajectory();
        StringWriter out = new StringWriter();
        CsvWriter.write(tr, out);
        try (CSVParser p = parse(new StringReader(out.toString()))) {
            List<CSVRecord> rows = p.getRecords();
            for (int t = 0; t < T; t++) {
                CSVRecord r = rows.get(t);
                assertEquals(Integer.toString(t), r.get("t"));
                assertSameDouble(ETA * t, r.get("time"), "time at t=" + t);
                for (Observable o : tr.observables().values()) {
                    for (int k = 0; k < o.width(); k++) {
                        String col = o.name() + o.entryLabel(k);
                        assertSameDouble(o.value(t, k), r.get(col), col + " at t=" + t);
                        if (o.hasStderr()) {
                            assertSameDouble(o.stderr(t, k), r.get(col + "_se"), col + "_se at t=" + t);
                        }
                    }
                }
            }
        }
    }

    @Test
    void writesFileWithUnixLineEnds(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.csv");
        CsvWriter.write(smallTrajectory(), file);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("t,time,f[0],f[0]_se,f[1],f[1]_se,loss,loss_se,ntk[0][0]"), text);
        assertEquals(T + 1, text.split("\n").length);
        assertTrue(!text.contains("\r"), "no CR line ends");
        StringWriter direct = new StringWriter();
        CsvWriter.write(smallTrajectory(), direct);
        assertEquals(direct.toString(), text);
    }

}
