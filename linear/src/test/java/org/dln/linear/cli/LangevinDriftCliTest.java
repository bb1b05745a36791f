package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dln.linear.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dln langevin --drift and dln simulate-langevin --drift: fields, arrays, figure, exit codes. */
class LangevinDriftCliTest {
    @TempDir
    Path dir;

    /** gamma0 = 0: drift times 1 / (l lambda) exactly (the log interpolation of an exponential is exact). */
    @Test
    void kernelRegimeDriftTimesAreOneOverLLambda() throws Exception {
        Path arrays = dir.resolve("arr");
        Outcome o = Outcome.run("langevin", "-L", "2", "-g", "0", "--lambda", "0.5", "--temperature", "0.25", "--points", "40",
                "--drift", "4,9", "--arrays", arrays.toString(), "--plot", dir.resolve("p").toString(), "--json");
        assertEquals(0, o.code(), o.err());
        JsonNode doc = new ObjectMapper().readTree(o.out());
        assertEquals("ou-exact", doc.at("/method/drift_method").asText());
        assertEquals(2.0, doc.at("/method/drift_time_phi1").asDouble(), 1e-12);
        assertEquals(1.0, doc.at("/method/drift_time_phi2").asDouble(), 1e-12);
        assertEquals(2.0, doc.at("/method/drift_time_weights2").asDouble(), 1e-12);
        assertEquals(9, doc.at("/method/drift_lag").size());
        Npy.Array phi = Npy.read(arrays.resolve("drift_phi.npy"));
        assertEquals(2, phi.shape()[0]);
        assertEquals(9, phi.shape()[1]);
        assertTrue(Files.exists(arrays.resolve("drift_weights.npy")) && Files.exists(dir.resolve("p_langevin_drift.png")));
    }

    /** L = 2, gamma0 = 1 by the march's late rows: lags on its two-time grid, a stationarity measure reported. */
    @Test
    void marchLateRows() throws Exception {
        Outcome o = Outcome.run("langevin", "-L", "2", "-g", "1", "--lambda", "1", "--temperature", "1", "--t-max", "6",
                "--march", "0.15,2", "--two-time-points", "41", "--drift", "1.2", "--json");
        assertEquals(0, o.code(), o.err());
        JsonNode doc = new ObjectMapper().readTree(o.out());
        assertEquals("march-late-rows", doc.at("/method/drift_method").asText());
        assertEquals(9, doc.at("/method/drift_lag").size());
        assertEquals(1.0, doc.at("/method/drift_phi_trace/1/0").asDouble(), 1e-12);
        assertTrue(doc.at("/method/drift_stationarity").asDouble() < 0.05, o.out());
    }

    @Test
    void badDriftInputIsNamed() {
        for (String[] a : new String[][] {{"--drift", "-1"}, {"--drift", "1,1"}, {"--drift", "x"}, {"--drift", "1,2,3"}}) {
            Outcome o = Outcome.run("langevin", "-L", "1", "-g", "1", a[0], a[1]);
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains("'drift'"), o.err());
            assertFalse(o.err().contains("Exception"), o.err());
        }
        Outcome t = Outcome.run("langevin", "-L", "1", "-g", "1", "--temperature", "0", "--drift", "1");
        assertEquals(2, t.code());
        assertTrue(t.err().contains("'temperature'"), t.err());
        Outcome s = Outcome.run("simulate-langevin", "-L", "1", "-g", "1", "-N", "8", "--seeds", "2", "--drift", "50");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("'drift'"), s.err());
    }

    /** A tiny network: the drift object with the L = 1 theory and z tally, and ess on every observable. */
    @Test
    void simulationWritesDriftBesideTheory() throws Exception {
        Path out = dir.resolve("s.json");
        Outcome o = Outcome.run("simulate-langevin", "-L", "1", "-g", "1", "-N", "16", "--seeds", "2", "--threads", "1",
                "--tune", "dt=0.01,burn-in=1,sample-time=4,thin=10", "--drift", "0.5", "-o", out.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(out));
        assertEquals(6, doc.at("/drift/lag").size());
        assertEquals("single-site", doc.at("/drift/theory/method").asText());
        assertEquals(10, doc.at("/drift/theory/compared").asInt());
        assertTrue(doc.at("/observables/f/ess/0").asDouble() > 0);
        assertTrue(o.out().contains("Within 3 standard errors"), o.out());
    }
}
