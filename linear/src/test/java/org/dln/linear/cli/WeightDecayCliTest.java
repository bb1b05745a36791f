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

/**
 * {@code dln solve --weight-decay}: the stationary-state document and its contents, exit codes for a state that does
 * not exist and for bad values (exit 2, field named, no stack trace).
 */
class WeightDecayCliTest {
    @TempDir
    Path dir;

    /** One sample, Kx = 1, y = 1, L = 1: the stationary state is f = 1 - lambda/gamma0, G^1 = gamma0 - lambda. */
    @Test
    void stationaryDocumentHasTheClosedForm() throws Exception {
        Path f = dir.resolve("st.json");
        Outcome o = Outcome.run("decay", "--kx", write("kx.csv", "1\n"), "--y", "1", "-L", "1", "-g", "2", "--eta", "0.1", "-T", "150",
                "--weight-decay", "0.5", "--stationary", f.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Stationary state with weight decay"), o.out());
        JsonNode n = new ObjectMapper().readTree(Files.readString(f));
        assertEquals("dln-decay-stationary", n.get("schema").asText());
        assertEquals(1, n.get("schema_version").asInt());
        assertEquals(0.75, n.get("f").get(0).asDouble(), 1e-12);
        assertEquals(1.5, n.get("g").get(0).asDouble(), 1e-12);
        assertEquals(2.0, n.get("predictor_constant_c").asDouble(), 0.0);
        assertTrue(n.get("trajectory_end_max_deviation").asDouble() < 1e-6, n.toString());
    }

    @Test
    void noNontrivialStateExitsOne() throws Exception {
        Outcome o = Outcome.run("decay", "--kx", write("kx.csv", "1\n"), "--y", "1", "-L", "1", "-g", "1", "--eta", "0.1", "-T", "5",
                "--weight-decay", "2");
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains("'weight-decay'"), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
    }

    @Test
    void badDecayExitsTwo() throws Exception {
        for (String[] args : new String[][] {
                {"decay", "--weight-decay=-1", "-T", "5"},
                {"decay", "--weight-decay", "0.5", "--approx", "gia", "-T", "5"},
                {"simulate", "--weight-decay", "30", "-T", "5", "--seeds", "2", "-N", "8"},
                {"decay-table", "--weight-decay", "0"}}) {
            Outcome o = Outcome.run(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertTrue(o.err().contains("'weight-decay'"), o.err());
            assertFalse(o.err().contains("Exception"), o.err());
            assertEquals("", o.out());
        }
    }

    private String write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }
}
