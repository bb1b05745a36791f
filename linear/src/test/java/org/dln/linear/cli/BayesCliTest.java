package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dln bayes and dln simulate --langevin: documents, exit codes, bad input named with its fix. */
class BayesCliTest {
    @TempDir
    Path dir;

    @Test
    void bayesWritesTheDocumentWithTestRows() throws Exception {
        Outcome o = Outcome.run("bayes", "--teacher-student", "6,3,8,1.0,0.1,2", "-L", "2", "-g", "1.5", "--beta", "5", "--json");
        assertEquals(0, o.code(), o.err());
        JsonNode doc = new ObjectMapper().readTree(o.out());
        assertEquals("dln-bayes", doc.get("schema").asText());
        assertTrue(doc.at("/report/converged").asBoolean());
        assertEquals(3, doc.at("/observables/phi2_test_train/value").size());
        assertEquals(3, doc.at("/observables/f_test/value").size());
        assertEquals(6, doc.at("/observables/phihat1/value").size());
    }

    @Test
    void sweepNeedsTestTargets() {
        Outcome o = Outcome.run("bayes", "--gamma-sweep", "0,1");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--teacher-student"), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
    }

    @Test
    void badBetaIsNamed() {
        Outcome o = Outcome.run("bayes", "--beta", "0");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("'beta'") && o.err().contains("> 0 or inf"), o.err());
        Outcome s = Outcome.run("simulate-langevin", "--beta", "inf");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("finite beta"), s.err());
    }

    /** A tiny Langevin run (N = 16, 2 chains of 1 time unit): the document, its stderr and tau fields. */
    @Test
    void langevinWritesMeansWithErrors() throws Exception {
        Outcome o = Outcome.run("simulate-langevin", "--beta", "1", "-L", "2", "-g", "1", "-N", "16", "--seeds", "2",
                "--tune", "burn-in=0.2,sample-time=1,dt=0.01", "--threads", "1", "--json");
        assertEquals(0, o.code(), o.err());
        JsonNode doc = new ObjectMapper().readTree(o.out());
        assertEquals("dln-bayes-simulation", doc.get("schema").asText());
        assertEquals(3, doc.at("/observables/f/stderr").size());
        assertTrue(doc.at("/observables/phi1/tau/0/0").asDouble() > 0);
    }
}
