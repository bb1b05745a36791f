package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dln solve|flow --width N}: the variance observables in JSON and CSV, the band figures, the refusals (exit 2). */
class FluctuationCliTest {
    @TempDir
    Path dir;

    /** One sample, Kx = 1, uncentred: N Var K(0) = 4 and N Var f(0) = 1 / gamma0^2 (docs/theory.md 11.4). */
    @Test
    void solveWritesVariances() throws Exception {
        Path json = dir.resolve("t.json"), csv = dir.resolve("t.csv");
        Outcome o = Outcome.run("solve", "--kx", write("kx.csv", "1\n"), "--y", "1", "-L", "1", "-g", "2", "--eta", "0.1", "-T", "20",
                "--width", "512", "-o", json.toString(), "--csv", csv.toString(), "--plot", dir.resolve("fig").toString());
        assertEquals(0, o.code(), o.err());
        JsonNode n = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(512, n.get("method").get("fluctuation_width").asInt());
        assertEquals(4.0, n.get("observables").get("var_ntk").get("value").get(0).get(0).get(0).asDouble(), 1e-13);
        assertEquals(0.25, n.get("observables").get("var_f").get("value").get(0).get(0).asDouble(), 1e-14);
        assertTrue(n.get("observables").has("snr_phi1") && n.get("observables").has("var_g1"));
        String header = Files.readAllLines(csv).get(0);
        assertTrue(header.contains("var_f[0]") && header.contains("var_ntk[0][0]"), header);
        assertTrue(Files.size(dir.resolve("fig_predictions.png")) > 0);
    }

    /** L = 2: the formal-site-measure engine; at t = 0 N Var f = Kx / gamma0^2 and N Var K = 4 c_2 Kx^2 = 20 (Wick). */
    @Test
    void deepSolveWritesVariances() throws Exception {
        Path json = dir.resolve("d.json");
        Outcome o = Outcome.run("solve", "--kx", write("kx.csv", "1\n"), "--y", "1", "-L", "2", "-g", "2", "--eta", "0.1", "-T", "4",
                "--width", "256", "-o", json.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode n = new ObjectMapper().readTree(Files.readString(json));
        assertEquals("formal-site-measures", n.get("method").get("fluctuations").asText());
        assertEquals(20.0, n.get("observables").get("var_ntk").get("value").get(0).get(0).get(0).asDouble(), 1e-12);
        assertEquals(0.25, n.get("observables").get("var_f").get("value").get(0).get(0).asDouble(), 1e-14);
        assertTrue(n.get("observables").has("var_phi2") && n.get("observables").has("snr_g2"));
    }

    @Test
    void flowWritesVariances() throws Exception {
        Path json = dir.resolve("f.json");
        Outcome o = Outcome.run("flow", "--kx", write("kx.csv", "1\n"), "--y", "1", "-L", "1", "-g", "1", "--t-max", "3",
                "--width", "100", "-o", json.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode n = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(4.0, n.get("observables").get("var_ntk").get("value").get(0).get(0).get(0).asDouble(), 1e-12);
        JsonNode last = n.get("observables").get("var_f").get("value");
        assertTrue(last.get(last.size() - 1).get(0).asDouble() > 0);
    }

    /**
     * L = 2, gradient flow: extrapolated from descent (docs/theory.md 11.9); at t = 0 the Wick values N Var K = 20 and
     * N Var f = Kx / gamma0^2 = 1 hold exactly, later times carry the estimate err_fluct below the target.
     */
    @Test
    void deepFlowWritesVariancesWithTheirErrorEstimate() throws Exception {
        Path json = dir.resolve("df.json");
        Outcome o = Outcome.run("flow", "--kx", write("kx.csv", "1\n"), "--y", "1", "-L", "2", "-g", "1", "--t-max", "0.3",
                "--resample", "3", "--width", "128", "-o", json.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode n = new ObjectMapper().readTree(Files.readString(json));
        assertEquals("formal-site-measures-extrapolated-in-eta", n.get("method").get("fluctuations").asText());
        assertEquals(20.0, n.get("observables").get("var_ntk").get("value").get(0).get(0).get(0).asDouble(), 1e-12);
        assertEquals(1.0, n.get("observables").get("var_f").get("value").get(0).get(0).asDouble(), 1e-13);
        JsonNode err = n.get("observables").get("err_fluct").get("value");
        assertEquals(3, err.size());
        assertTrue(err.get(2).asDouble() > 0 && err.get(2).asDouble() <= 1e-8, err.toString());
        assertTrue(n.get("method").get("fluctuations_error").asDouble() <= 1e-8);
    }

    /** A flow tolerance the extrapolation cannot reach (below rounding) is exit 1, with the error reached in the document. */
    @Test
    void deepFlowMissingItsToleranceExitsOne() throws Exception {
        Path json = dir.resolve("dm.json");
        Outcome o = Outcome.run("flow", "--kx", write("kx.csv", "1\n"), "--y", "1", "-L", "2", "-g", "1", "--t-max", "0.3",
                "--resample", "2", "--width", "64", "--width-tolerance", "1e-16", "-o", json.toString());
        assertEquals(1, o.code(), o.err());
        JsonNode n = new ObjectMapper().readTree(Files.readString(json));
        double reached = n.get("method").get("fluctuations_error").asDouble();
        assertTrue(reached > 1e-16 && reached < 1e-6, "error reached " + reached);
        assertTrue(o.err().contains("NOT"), o.err());
    }

    @Test
    void edgeOfStabilityIsFlagged() throws Exception {
        Path json = dir.resolve("e.json");
        Outcome o = Outcome.run("solve", "--kx", write("kx.csv", "1\n"), "--y", "1", "-L", "1", "-g", "5", "--eta", "0.2", "-T", "30",
                "--width", "1024", "-o", json.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("period doubling"), o.err());
        JsonNode n = new ObjectMapper().readTree(Files.readString(json));
        assertTrue(n.get("method").get("fluctuations_unreliable").asText().contains("period doubling"));
    }

    /** compare of a --width theory with an ensemble adds the variance rows; mismatched output conventions fail. */
    @Test
    void compareChecksEnsembleVariance() throws Exception {
        String kx = write("kx.csv", "1,0.3\n0.3,1\n");
        Path th = dir.resolve("th.json"), sim = dir.resolve("sim.json"), simc = dir.resolve("simc.json");
        String[] common = {"--kx", kx, "--y", "1,-0.5", "-L", "1", "-g", "1", "--eta", "0.1", "-T", "8"};
        assertEquals(0, Outcome.run(concat(new String[] {"solve", "--width", "64", "-o", th.toString()}, common)).code());
        assertEquals(0, Outcome.run(concat(new String[] {"simulate", "-N", "64", "--seeds", "200", "-o", sim.toString()}, common)).code());
        Outcome o = Outcome.run("compare", th.toString(), sim.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("| N var f |") && o.out().contains("| N var ntk |") && o.out().contains("SE of a variance"), o.out());
        assertEquals(0, Outcome.run(concat(new String[] {"simulate", "-N", "64", "--seeds", "20", "--conventions", "output=centred",
                "-o", simc.toString()}, common)).code());
        Outcome c = Outcome.run("compare", th.toString(), simc.toString());
        assertEquals(1, c.code(), c.out());
        assertTrue(c.out().contains("output convention"), c.out());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] o = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }

    @Test
    void refusalsExitTwo() throws Exception {
        String kx = write("kx.csv", "1\n");
        for (String[] args : new String[][] {
                {"solve", "--kx", kx, "--y", "1", "-L", "2", "-g", "1", "--eta", "0.1", "-T", "5", "--width", "64", "--conventions", "update=ntk-euler"},
                {"solve", "--kx", kx, "--y", "1", "-L", "1", "-g", "1", "--eta", "0.1", "-T", "5", "--width", "0"},
                {"solve", "--kx", kx, "--y", "1", "-L", "1", "-g", "1", "--eta", "0.1", "-T", "5", "--width", "64", "--approx", "gia"},
                {"flow", "--kx", kx, "--y", "1", "-L", "3", "-g", "1", "--width", "64", "--width-tolerance", "0"}}) {
            Outcome o = Outcome.run(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertTrue(o.err().contains("'width'") || o.err().contains("'--width'") || o.err().contains("'depth'")
                    || o.err().contains("'width-tolerance'"), o.err());
            assertFalse(o.err().contains("Exception"), o.err());
        }
    }

    private String write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }
}
