package org.dln.linear.io;

import org.dln.linear.result.Solution;
import org.dln.linear.result.Method;
import org.dln.linear.problem.Problem;
import org.dln.numeric.report.SolverReport;
import org.dln.linear.result.Observable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figures are written headless as PNG and SVG, under the names and formats asked for. */
class PlotterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static final double[] Y = {1.0, -0.5, 0.25};
    static final double ETA = 0.05;

    @TempDir
    Path dir;

    /**
     * A toy run with P = 3, L = 2, T = 301: f_mu relaxes to y_mu, the NTK grows; with {@code noise > 0} it is a
     * "simulation" perturbed by that noise and carrying standard errors, else a "theory" run without them.
     */
    static Solution toyRun(double noise, long seed) {
        int tp = 301;
        int p = Y.length;
        double[][] kx = {{1.0, 0.3, 0.1}, {0.3, 1.2, 0.2}, {0.1, 0.2, 0.8}};
        Random rnd = new Random(seed);
        double[][] f = new double[tp][p];
        double[][] fSe = new double[tp][p];
        double[] loss = new double[tp];
        double[] lossSe = new double[tp];
        double[][][] ntk = new double[tp][p][p];
        double[][][] ntkSe = new double[tp][p][p];
        for (int t = 0; t < tp; t++) {
            double time = ETA * t;
            for (int mu = 0; mu < p; mu++) {
                f[t][mu] = Y[mu] * (1 - Math.exp(-(0.5 + mu) * time)) + noise * rnd.nextGaussian();
                fSe[t][mu] = noise;
                loss[t] += 0.5 * (Y[mu] - f[t][mu]) * (Y[mu] - f[t][mu]);
                for (int nu = 0; nu < p; nu++) {
                    ntk[t][mu][nu] = kx[mu][nu] * (2 + 0.5 * (1 - Math.exp(-time / 3))) + noise * rnd.nextGaussian();
                    ntkSe[t][mu][nu] = noise;
                }
            }
            lossSe[t] = noise * Math.sqrt(loss[t]);
        }
        Map<String, Observable> obs = new LinkedHashMap<>();
        boolean sim = noise > 0;
        obs.put("f", Observable.matrix("f", f, sim ? fSe : null));
        obs.put("loss", Observable.series("loss", loss, sim ? lossSe : null));
        obs.put("ntk", Observable.tensor("ntk", ntk, sim ? ntkSe : null));
        double[][] gram = new double[Y.length][Y.length];
        for (int i = 0; i < Y.length; i++) {
            gram[i][i] = 1;
        }
        Problem problem = new Problem.Builder().gram(gram).y(Y).depth(2).gamma0(1.0).eta(ETA).timePoints(tp).checkStability(false).build();
        Method method = sim ? Method.builder().put("width", 128).put("seeds", 8).build() : Method.builder().approximation("full").build();
        return new Solution(sim ? "simulation" : "theory", problem, method,
                new SolverReport("test", 0, new double[0], Double.NaN, true, 0, List.of()), obs, null);
    }

    private static List<Solution> theoryAndSimulation() {
        return List.of(toyRun(0, 1), toyRun(0.02, 2));
    }

    private void assertThreeFigures(List<Path> files, String ext) throws IOException {
        assertEquals(List.of(dir.resolve("run_loss." + ext), dir.resolve("run_predictions." + ext),
                dir.resolve("run_ntk." + ext)), files);
        for (Path f : files) {
            assertTrue(Files.isRegularFile(f), f + " exists");
            assertTrue(Files.size(f) > 0, f + " is not empty");
        }
    }

    @Test
    void writesPngFigures() throws IOException {
        List<Path> files = Plotter.write(theoryAndSimulation(), dir.resolve("run"), "png");
        assertThreeFigures(files, "png");
        for (Path f : files) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(f), PNG_MAGIC.length);
            assertArrayEquals(PNG_MAGIC, head, f + " starts with the PNG signature");
        }
    }

    @Test
    void writesSvgFigures() throws IOException {
        List<Path> files = Plotter.write(theoryAndSimulation(), dir.resolve("run"), "SVG");
        assertThreeFigures(files, "svg");
        for (Path f : files) {
            assertTrue(Files.readString(f, StandardCharsets.UTF_8).contains("<svg"), f + " is an SVG document");
        }
    }

    @Test
    void writesPdfFigures() throws IOException {
        List<Path> files = Plotter.write(theoryAndSimulation(), dir.resolve("run"), "pdf");
        assertThreeFigures(files, "pdf");
        for (Path f : files) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(f), 5);
            assertEquals("%PDF-", new String(head, StandardCharsets.US_ASCII), f + " starts with the PDF header");
        }
    }

    @Test
    void overwritingALargerFigureLeavesNoTail() throws IOException {
        Path loss = dir.resolve("run_loss.png");
        Files.write(loss, new byte[4_000_000]);
        Plotter.write(List.of(toyRun(0, 1)), dir.resolve("run"), "png");
        byte[] png = Files.readAllBytes(loss);
        assertTrue(png.length < 4_000_000, "file was truncated, size " + png.length);
        byte[] iend = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};
        assertArrayEquals(iend, Arrays.copyOfRange(png, png.length - iend.length, png.length), "ends with IEND");
    }

    @Test
    void createsMissingDirectories() throws IOException {
        List<Path> files = Plotter.write(List.of(toyRun(0, 1)), dir.resolve("a/b/run"), "png");
        assertEquals(3, files.size());
        files.forEach(f -> assertTrue(Files.isRegularFile(f), f + " exists"));
    }

    @Test
    void lossWithErrorBandsReachingZeroStillPlots() throws IOException {
        // A band longer than the loss would cross zero on the log axis; its lower edge is cut instead.
        List<Path> files = Plotter.write(List.of(toyRun(0, 1), toyRun(0.5, 3)), dir.resolve("run"), "png");
        assertThreeFigures(files, "png");
    }

    @Test
    void unknownFormatNamesTheOptionAndWritesNothing() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plotter.write(theoryAndSimulation(), dir.resolve("run"), "jpg"));
        assertTrue(e.getMessage().contains("figure format"), e.getMessage());
        assertTrue(e.getMessage().contains("jpg"), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void noRunsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Plotter.write(List.of(), dir.resolve("run"), "png"));
    }

    @Test
    void linesAreThinnedToVisibleChanges() {
        int n = 10_001;
        double[] x = new double[n];
        double[] flat = new double[n];
        double[] step = new double[n];
        double[] gap = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            flat[i] = 1.0 + 1e-9 * Math.sin(i);
            step[i] = i < 5000 ? 0.0 : 1.0;
            gap[i] = i == 7000 ? Double.NaN : 2.0;
        }
        assertArrayEquals(new double[] {0, 10_000}, Plotter.thin(x, flat, 10_000, 1, false)[0]);
        double[][] s = Plotter.thin(x, step, 10_000, 1, false);
        assertTrue(s[0].length < 100, "thinned to " + s[0].length);
        assertTrue(Arrays.stream(s[0]).anyMatch(v -> v == 5000.0), "the step is kept");
        double[][] g = Plotter.thin(x, gap, 10_000, 1, false);
        assertTrue(Arrays.stream(g[0]).anyMatch(v -> v == 6999.0) && Arrays.stream(g[0]).anyMatch(v -> v == 7001.0),
                "points around the gap are kept");
        assertTrue(Double.isNaN(g[1][Arrays.binarySearch(g[0], 7000.0)]), "the gap stays a gap");
    }

    @Test
    void tickLabelsAreWrittenAsInAPaper() {
        assertEquals("0", Plotter.tickLabel(0.0));
        assertEquals("0.15", Plotter.tickLabel(0.15000000000000002));
        assertEquals("0.05", Plotter.tickLabel(0.05), "a leading zero, never .05");
        assertEquals("\u22122.5", Plotter.tickLabel(-2.5), "a true minus sign");
        assertEquals("1200", Plotter.tickLabel(1200.0));
        assertEquals("10\u207b\u2075", Plotter.tickLabel(1e-5), "10 to the -5 in superscripts, never 1E-5");
        assertEquals("2.5\u00d710\u2077", Plotter.tickLabel(2.5e7));
        // logarithmic axes are drawn as log10 of the values: whole decades as powers of ten, others as numbers
        assertEquals("10\u207b\u2074", FigureTheme.logTickLabel(-4.0));
        assertEquals("1", FigureTheme.logTickLabel(0.0));
        assertEquals("10\u00b9", FigureTheme.logTickLabel(1.0));
        assertEquals("0.032", FigureTheme.logTickLabel(-1.5));
    }

    @Test
    void bandsAreDecimatedEvenly() {
        int[] idx = Plotter.evenlySpaced(30_001, Plotter.MAX_BAND_POINTS);
        assertEquals(Plotter.MAX_BAND_POINTS, idx.length);
        assertEquals(0, idx[0]);
        assertEquals(30_000, idx[idx.length - 1]);
        for (int n = 1; n < idx.length; n++) {
            assertTrue(idx[n] > idx[n - 1], "strictly increasing");
        }
        assertArrayEquals(new int[] {0, 1, 2}, Plotter.evenlySpaced(3, 40));
        assertArrayEquals(new int[] {0}, Plotter.evenlySpaced(1, 40));
    }
}
