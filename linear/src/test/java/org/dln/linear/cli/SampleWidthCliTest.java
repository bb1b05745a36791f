package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dln sample --width N}: sampled O(1/N) prediction variances (docs/theory.md 11.8) through the command line. */
class SampleWidthCliTest {
    @TempDir
    Path dir;

    /**
     * The identity activation is a linear network, whose variances {@code dln solve --width} computes exactly: the sampled
     * N Var f(t) (4000 sites x 8 replicas) must lie within 6 of its standard errors of the exact one at every entry
     * (Student-t with 7 degrees of freedom: two-sided 6e-4 per entry), the mean standardized deviation within 2
     * (33 entries), and the standard errors must resolve the variance (below 8 % of it).
     */
    @Test
    void identityMatchesTheExactVariances() throws Exception {
        String x = write("x.csv", "1.0,0.2,-0.4\n-0.3,0.9,0.5\n0.4,-0.6,1.1\n");
        String[] common = {"--x", x, "--y", "0.8,-0.5,0.3", "-L", "1", "-g", "1.5", "--eta", "0.1", "-T", "12", "--width", "256"};
        Path exact = dir.resolve("exact.json"), sampled = dir.resolve("sampled.json");
        Outcome e = Outcome.run(concat(new String[] {"solve"}, common, new String[] {"-o", exact.toString()}));
        assertEquals(0, e.code(), e.err());
        Outcome s = Outcome.run(concat(new String[] {"sample", "--activation", "identity", "--samples", "4000", "--seed", "99"}, common,
                new String[] {"-o", sampled.toString(), "--plot", dir.resolve("fig").toString()}));
        assertEquals(0, s.code(), s.err());
        JsonNode ve = new ObjectMapper().readTree(Files.readString(exact)).get("observables").get("var_f").get("value");
        JsonNode sd = new ObjectMapper().readTree(Files.readString(sampled));
        assertEquals(256, sd.get("method").get("fluctuation_width").asInt());
        JsonNode vs = sd.get("observables").get("var_f").get("value"), se = sd.get("observables").get("var_f").get("stderr");
        int compared = 0;
        double zsum = 0;
        for (int t = 1; t < 12; t++) {
            for (int a = 0; a < 3; a++) {
                double v = ve.get(t).get(a).asDouble(), m = vs.get(t).get(a).asDouble(), err = se.get(t).get(a).asDouble();
                assertTrue(Math.abs(m - v) < 6 * err, "t=" + t + " a=" + a + " exact " + v + " sampled " + m + " +- " + err);
                assertTrue(err < 0.08 * v, "standard error " + err + " of " + v);
                zsum += (m - v) / err;
                compared++;
            }
        }
        assertEquals(33, compared);
        assertTrue(Math.abs(zsum / compared) < 2, "mean standardized deviation " + zsum / compared);
        assertTrue(Files.size(dir.resolve("fig_predictions.png")) > 0);
    }

    @Test
    void deepNetworksAndBadWidthsAreRefused() {
        Outcome deep = Outcome.run("sample", "-L", "2", "--samples", "100", "-T", "5", "--width", "64");
        assertEquals(2, deep.code(), deep.err());
        assertTrue(deep.err().startsWith("dln: error: 'width'"), deep.err());
        Outcome zero = Outcome.run("sample", "-L", "1", "--samples", "100", "-T", "5", "--width", "0");
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().contains("width"), zero.err());
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    private String write(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f.toString();
    }
}
