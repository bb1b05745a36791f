package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.dln.linear.io.Npy;
import org.dln.linear.sweep.SweepTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dln sweep: the table does not depend on the thread count; an interrupted sweep (stopped after k rows, or with a
 * torn last row) completes only the missing points and ends byte-identical to an uninterrupted one; the regime agrees
 * with the closed-form stability limit of the lazy limit; bad grids exit 2 naming the field.
 */
class SweepCommandTest {
    @TempDir
    Path dir;

    /** 12 points (4 gamma0 x 3 eta), P = 4 random teacher data, L = 2, T = 30: a few ms each. */
    static final String GRID = """
            { "fixed": {"L": 2, "P": 4, "T": 30, "Q": 2},
              "axes": {"gamma0": [0.5, 1, 2, 4], "eta": {"from": 0.05, "to": 0.4, "count": 3, "scale": "log"}},
              "observables": ["loss_final", "ntk_final", "sharpness_max", "test_loss_final"] }
            """;

    private Path grid(String name, String text) throws Exception {
        Path g = dir.resolve(name);
        Files.writeString(g, text);
        return g;
    }

    private static int rows(Path csv) throws Exception {
        return Files.readAllLines(csv).size() - 1;
    }

    @Test
    void sameTableWhateverTheThreadCount() throws Exception {
        Path g = grid("g.json", GRID);
        Outcome one = Outcome.run("sweep", g.toString(), "--threads", "1", "-o", dir.resolve("t1").toString());
        Outcome three = Outcome.run("sweep", g.toString(), "--threads", "3", "-o", dir.resolve("t3").toString());
        assertEquals(0, one.code(), one.err());
        assertEquals(0, three.code(), three.err());
        assertEquals(12, rows(dir.resolve("t1.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("t1.csv")), Files.readAllBytes(dir.resolve("t3.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("t1.npz")), Files.readAllBytes(dir.resolve("t3.npz")));
        // the table is sorted by point index and the regimes cover more than one phase (the grid crosses the edge)
        List<String> lines = Files.readAllLines(dir.resolve("t1.csv"));
        for (int i = 1; i < lines.size(); i++) {
            assertEquals(Integer.toString(i - 1), SweepTable.parse(lines.get(i)).get(0));
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(",diverged,")) || lines.stream().anyMatch(l -> l.contains(",edge,")), String.join("\n", lines));
    }

    @Test
    void interruptedSweepCompletesOnlyTheMissingPoints() throws Exception {
        Path g = grid("g.json", GRID);
        Path full = dir.resolve("full");
        assertEquals(0, Outcome.run("sweep", g.toString(), "--threads", "2", "-o", full.toString()).code());
        Path part = dir.resolve("part");
        // "killed" after 5 rows: the table holds 5 rows in completion order
        Outcome first = Outcome.run("sweep", g.toString(), "--threads", "2", "--limit", "5", "-o", part.toString());
        assertEquals(0, first.code(), first.err());
        assertEquals(5, rows(dir.resolve("part.csv")));
        assertFalse(Files.exists(dir.resolve("part.npz")), "no columnar table before the table is complete");
        // and the kill tore a sixth row in the middle
        String fullRow6 = Files.readAllLines(full.resolveSibling("full.csv")).get(9);
        Files.writeString(dir.resolve("part.csv"), fullRow6.substring(0, fullRow6.length() / 2), java.nio.file.StandardOpenOption.APPEND);
        Outcome second = Outcome.run("sweep", g.toString(), "--threads", "2", "-o", part.toString());
        assertEquals(0, second.code(), second.err());
        assertTrue(second.err().contains("sweep of 12 points, 5 already in"), second.err());
        assertTrue(second.err().contains("7 to run"), second.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("full.csv")), Files.readAllBytes(dir.resolve("part.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("full.npz")), Files.readAllBytes(dir.resolve("part.npz")));
        // a third run has nothing left to do
        Outcome third = Outcome.run("sweep", g.toString(), "-o", part.toString());
        assertTrue(third.err().contains("12 already in") && third.err().contains("0 to run"), third.err());
    }

    /**
     * At gamma0 = 0 the NTK is frozen (lazy limit) and gradient descent diverges exactly when eta lambda_max(K(0)) > 2,
     * the loss scale included: the regime must be diverged just above 2 / lambda_max and not just below, and
     * sharpness_max must equal eta lambda_max(K(0)) (the kernel does not move; 1e-12 relative: rounding of an
     * 4 x 4 eigenvalue problem).
     */
    @Test
    void regimeFollowsTheLazyStabilityLimit() throws Exception {
        // lambda_max(K(0)) of this problem: from a first sweep at small eta (K is frozen, so sharpness / eta is it)
        Path probe = grid("probe.json", "{\"fixed\": {\"L\": 2, \"P\": 4, \"T\": 3, \"gamma0\": 0, \"approx\": \"lazy\"}, "
                + "\"axes\": {\"eta\": [0.01]}, \"observables\": [\"sharpness_max\", \"ntk_lmax_initial\"]}");
        assertEquals(0, Outcome.run("sweep", probe.toString(), "-o", dir.resolve("probe").toString()).code());
        List<String> ph = SweepTable.parse(Files.readAllLines(dir.resolve("probe.csv")).get(0));
        List<String> pr = SweepTable.parse(Files.readAllLines(dir.resolve("probe.csv")).get(1));
        double lam = Double.parseDouble(pr.get(ph.indexOf("sharpness_max"))) / 0.01;
        assertEquals(Double.parseDouble(pr.get(ph.indexOf("ntk_lmax_initial"))), lam, 1e-12 * lam);
        double below = 0.98 * 2 / lam, above = 1.02 * 2 / lam;
        Path g = grid("lazy.json", "{\"fixed\": {\"L\": 2, \"P\": 4, \"T\": 400, \"gamma0\": 0, \"approx\": \"lazy\"}, "
                + "\"axes\": {\"eta\": [" + below + ", " + above + "]}, \"observables\": [\"sharpness_max\", \"loss_final\"]}");
        Outcome o = Outcome.run("sweep", g.toString(), "-o", dir.resolve("lazy").toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = Files.readAllLines(dir.resolve("lazy.csv"));
        List<String> h = SweepTable.parse(lines.get(0)), lo = SweepTable.parse(lines.get(1)), hi = SweepTable.parse(lines.get(2));
        int regime = h.indexOf("regime");
        // below the limit the loss decays monotonically in every eigendirection (|1 - eta lambda| < 1, no rise)
        assertTrue(List.of("converged", "unfinished").contains(lo.get(regime)), "below the limit: " + lines.get(1));
        assertEquals("diverged", hi.get(regime), lines.get(2));
        assertEquals(below * lam, Double.parseDouble(lo.get(h.indexOf("sharpness_max"))), 1e-12);
    }

    @Test
    void columnarTableHoldsTheCsvNumbers() throws Exception {
        Path g = grid("g.json", GRID);
        assertEquals(0, Outcome.run("sweep", g.toString(), "-o", dir.resolve("t").toString()).code());
        List<String> lines = Files.readAllLines(dir.resolve("t.csv"));
        List<String> header = SweepTable.parse(lines.get(0));
        int col = header.indexOf("ntk_final_1_2");
        byte[] zip = Files.readAllBytes(dir.resolve("t.npz"));
        int seen = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals("ntk_final_1_2.npy") || e.getName().equals("gamma0.npy")) {
                    Path f = dir.resolve(e.getName());
                    Files.write(f, in.readAllBytes());
                    Npy.Array a = Npy.read(f);
                    int c = e.getName().startsWith("gamma0") ? header.indexOf("gamma0") : col;
                    for (int r = 1; r < lines.size(); r++) {
                        String cell = SweepTable.parse(lines.get(r)).get(c);
                        double want = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(a.data()[r - 1]), e.getName() + " row " + r);
                    }
                    seen++;
                }
            }
        }
        assertEquals(2, seen);
    }

    @Test
    void plotsOfTheTable() throws Exception {
        Path g = grid("g.json", GRID);
        assertEquals(0, Outcome.run("sweep", g.toString(), "-o", dir.resolve("t").toString()).code());
        Outcome o = Outcome.run("sweep-plot", dir.resolve("t.csv").toString(), "--phase", "gamma0,eta", "--heat", "gamma0,eta,ntk_final_0_0",
                "--lines", "eta,loss_final,gamma0", "--log", "xyz");
        assertEquals(0, o.code(), o.err());
        for (String f : List.of("t_phase.png", "t_heat_ntk_final_0_0.png", "t_lines_loss_final.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 1000, f);
        }
        Outcome bad = Outcome.run("sweep-plot", dir.resolve("t.csv").toString(), "--heat", "gamma0,eta,ntk_nope");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("'heat' = 'ntk_nope' is not one of"), bad.err());
    }

    /**
     * Every command runs through the seam as a point, and the row holds what the command itself gives: the final loss
     * of each point equals (bit for bit: the same solver, the same problem) the one of the command line's JSON document.
     */
    @Test
    void everyCommandIsAPoint() throws Exception {
        Path g = grid("all.json", "{\"fixed\": {\"L\": 1, \"T\": 12}, \"points\": ["
                + "{\"command\": \"solve\"}, {\"command\": \"flow\", \"t_max\": 2}, {\"command\": \"decay\", \"weight_decay\": 0.5},"
                + "{\"command\": \"bayes\", \"beta\": 4}, {\"command\": \"simulate\", \"N\": 64, \"seeds\": 2},"
                + "{\"command\": \"sample\", \"activation\": \"relu\", \"samples\": 400}], \"observables\": [\"loss_final\"]}");
        Outcome o = Outcome.run("sweep", g.toString(), "--threads", "2", "--documents", dir.resolve("docs").toString(), "-o", dir.resolve("all").toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = Files.readAllLines(dir.resolve("all.csv"));
        List<String> h = SweepTable.parse(lines.get(0));
        assertEquals(7, lines.size());
        String[][] cli = {{"solve", "-L", "1", "-T", "12"}, {"flow", "-L", "1", "--t-max", "2"}, {"decay", "-L", "1", "-T", "12", "--weight-decay", "0.5"},
                {}, {"simulate", "-L", "1", "-T", "12", "-N", "64", "--seeds", "2"}, {}};
        for (int i = 0; i < 6; i++) {
            List<String> row = SweepTable.parse(lines.get(i + 1));
            assertFalse(row.get(h.indexOf("regime")).equals("failed") || row.get(h.indexOf("regime")).equals("diverged"), lines.get(i + 1));
            double loss = Double.parseDouble(row.get(h.indexOf("loss_final")));
            assertTrue(Double.isFinite(loss) && loss >= 0, lines.get(i + 1));
            if (cli[i].length > 0) {
                List<String> args = new java.util.ArrayList<>(List.of(cli[i]));
                args.addAll(List.of("--json"));
                Outcome direct = Outcome.run(args.toArray(new String[0]));
                assertEquals(0, direct.code(), direct.err());
                com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(direct.out());
                com.fasterxml.jackson.databind.JsonNode v = doc.path("observables").path("loss").path("value");
                assertEquals(v.get(v.size() - 1).asDouble(), loss, 0.0, cli[i][0]);
            }
            assertTrue(Files.exists(dir.resolve("docs").resolve("point-" + i + ".json")) || i == 3, "document of point " + i);
        }
    }

    /**
     * n_var_f_final at T = 1 is N Var f(0) over the ensemble, whose expectation is exactly mean_mu Kx_mu,mu / gamma0^2
     * (f(0) = w . h^L / (gamma0 N) with E (h^L_i)^2 = Kx_mu,mu for a linear network). With 400 networks the relative
     * standard deviation of a variance estimate is sqrt(2 / 399) = 7 %; the tolerance is 4 of them (28 %).
     */
    @Test
    void finiteWidthVarianceOfThePredictionAtInitialisation() throws Exception {
        Path g = grid("var.json", "{\"fixed\": {\"command\": \"simulate\", \"T\": 1, \"N\": 64, \"seeds\": 400, \"gamma0\": 0.5},"
                + " \"axes\": {\"L\": [1, 2]}, \"observables\": [\"n_var_f_final\"]}");
        Outcome o = Outcome.run("sweep", g.toString(), "--point-threads", "2", "-o", dir.resolve("var").toString());
        assertEquals(0, o.code(), o.err());
        double[][] kx = org.dln.linear.io.ProblemJson.defaultProblem().build().kx();
        double want = 0;
        for (int i = 0; i < kx.length; i++) {
            want += kx[i][i] / kx.length / 0.25;
        }
        List<String> lines = Files.readAllLines(dir.resolve("var.csv"));
        int c = SweepTable.parse(lines.get(0)).indexOf("n_var_f_final");
        for (int r = 1; r <= 2; r++) {
            double got = Double.parseDouble(SweepTable.parse(lines.get(r)).get(c));
            assertEquals(want, got, 0.28 * want, lines.get(r));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown axis      | {'axes': {'gama0': [1, 2]}} | 'gama0' is not a field of the sweep parameters",
        "wrong type        | {'axes': {'eta': [0.1, 'x']}} | 'axes.eta[1]' must be a number",
        "integer expected  | {'axes': {'L': [1, 2.5]}} | 'axes.L[1]' must be an integer",
        "empty axis        | {'axes': {'eta': []}} | 'axes.eta' = [] is out of range",
        "log range <= 0    | {'axes': {'eta': {'from': 0, 'to': 1, 'count': 3, 'scale': 'log'}}} | 'axes.eta.from' = 0.0 is out of range",
        "points not a list | {'points': {'eta': 0.1}} | 'points' must be a list",
        "unknown command   | {'axes': {'command': ['solve', 'train']}} | 'axes.command[1]' = 'train' is not one of",
        "unknown observable| {'axes': {'eta': [0.1]}, 'observables': ['loss_finale']} | 'observables[0]' = 'loss_finale' is not one of",
        "unknown field     | {'axis': {'eta': [0.1]}} | 'axis' is not a field of a sweep grid",
        "fixed and axis    | {'fixed': {'eta': 0.1}, 'axes': {'eta': [0.1]}} | 'axes.eta' cannot be used with 'fixed.eta'",
        "bad point         | {'axes': {'L': [2, 0]}} | sweep point 1 (L=0): 'L' = 0 is out of range",
        "bayes sans beta   | {'axes': {'command': ['bayes']}} | 'beta' is missing",
        "test loss sans Q  | {'fixed': {'P': 3}, 'axes': {'eta': [0.1]}, 'observables': ['test_loss_final']} | 'y_test' is missing",
    })
    void badGridsExitTwoNamingTheField(String name, String json, String expected) throws Exception {
        Path g = grid("bad.json", json.replace('\'', '"'));
        Outcome o = Outcome.run("sweep", g.toString(), "-o", dir.resolve("bad").toString());
        assertEquals(2, o.code(), name + ": " + o.err());
        assertTrue(o.err().contains(expected), name + ": " + o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertEquals("", o.out());
    }

    @Test
    void tableOfAnotherGridIsNotResumed() throws Exception {
        Path g = grid("g.json", GRID);
        assertEquals(0, Outcome.run("sweep", g.toString(), "--limit", "2", "-o", dir.resolve("t").toString()).code());
        Path other = grid("h.json", GRID.replace("\"T\": 30", "\"T\": 31"));
        Outcome o = Outcome.run("sweep", other.toString(), "-o", dir.resolve("t").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("cannot be resumed") && o.err().contains("is not a point of this grid"), o.err());
        assertEquals(0, Outcome.run("sweep", other.toString(), "--restart", "-o", dir.resolve("t").toString()).code());
    }

    @Test
    void yamlGridGivesTheSameTable() throws Exception {
        Path json = grid("g.json", GRID);
        Path yaml = grid("g.yaml", """
                fixed: {L: 2, P: 4, T: 30, Q: 2}
                axes:
                  gamma0: [0.5, 1, 2, 4]
                  eta: {from: 0.05, to: 0.4, count: 3, scale: log}
                observables: [loss_final, ntk_final, sharpness_max, test_loss_final]
                """);
        assertEquals(0, Outcome.run("sweep", json.toString(), "-o", dir.resolve("j").toString()).code());
        assertEquals(0, Outcome.run("sweep", yaml.toString(), "-o", dir.resolve("y").toString()).code());
        assertEquals(Files.readString(dir.resolve("j.csv"), StandardCharsets.UTF_8), Files.readString(dir.resolve("y.csv"), StandardCharsets.UTF_8));
    }
}
