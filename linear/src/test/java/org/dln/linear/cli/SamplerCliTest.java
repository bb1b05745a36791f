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
 * {@code dln solve --activation ...}: the sampler's document (solver name, standard errors, reproducibility from the
 * seed) and bad sampler options (exit 2, field named, no stack trace).
 */
class SamplerCliTest {
    @TempDir
    Path dir;

    private String kx() throws Exception {
        Path p = dir.resolve("kx.csv");
        Files.writeString(p, "1,0.3\n0.3,1\n");
        return p.toString();
    }

    @Test
    void marchDocumentCarriesStandardErrorsAndIsReproducible() throws Exception {
        String[] base = {"sample", "--kx", kx(), "--y", "1,-0.5", "-L", "2", "-g", "1", "--eta", "0.1", "-T", "4",
                "--activation", "tanh", "--samples", "2048", "--seed", "3", "--json", "--out"};
        JsonNode[] docs = new JsonNode[2];
        for (int k = 0; k < 2; k++) {
            Path f = dir.resolve("mc" + k + ".json");
            String[] args = java.util.Arrays.copyOf(base, base.length + 1);
            args[base.length] = f.toString();
            Outcome o = Outcome.run(args);
            assertEquals(0, o.code(), o.err());
            docs[k] = new ObjectMapper().readTree(Files.readString(f));
        }
        JsonNode n = docs[0];
        assertEquals("monte-carlo-causal-march", n.get("method").get("solver").asText());
        // automatic replicas: S = 2048 draws, n = P T = 8: clamp(2048 / 250, 8, 64) = 8; Student-t with 7 degrees of freedom
        assertEquals(8, n.get("method").get("replicas").asInt());
        assertEquals(7, n.get("method").get("stderr_dof").asInt());
        assertEquals("split-half jackknife per replica", n.get("method").get("bias_correction").asText());
        JsonNode f = n.get("observables").get("f");
        assertTrue(f.get("stderr").get(3).get(0).asDouble() > 0, f.toString());
        assertEquals(f.toString(), docs[1].get("observables").get("f").toString());
    }

    @Test
    void unknownMethodIsBadInput() throws Exception {
        Outcome o = Outcome.run("sample", "--kx", kx(), "--y", "1,-0.5", "-T", "4", "--activation", "relu", "--samples", "2048",
                "--tune", "method=gibbs");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("method"), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
    }
}
