package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

/** dln langevin and simulate-langevin --trajectory: documents, arrays, exit codes, bad input named. */
class LangevinCliTest {
    @TempDir
    Path dir;

    @Test
    void kernelRegimeWritesDocumentAndArrays() throws Exception {
        Path arrays = dir.resolve("arr");
        Outcome o = Outcome.run("langevin", "-L", "2", "-g", "0", "--lambda", "0.5", "--temperature", "0.25", "--points", "30",
                "--two-time-points", "5", "--arrays", arrays.toString(), "--json");
        assertEquals(0, o.code(), o.err());
        JsonNode doc = new ObjectMapper().readTree(o.out());
        assertEquals("langevin", doc.at("/method/dynamics").asText());
        assertEquals(30, doc.at("/observables/loss/value").size());
        Npy.Array ndk = Npy.read(arrays.resolve("ndk.npy"));
        assertEquals(5, ndk.shape()[0]);
        Npy.Array f = Npy.read(arrays.resolve("f.npy"));
        assertEquals(30, f.shape()[0]);
        assertTrue(Files.exists(arrays.resolve("phi2_two_time.npy")) && Files.exists(arrays.resolve("time_scales.npy")));
    }

    @Test
    void summaryComparesTheEndStateWithTheBayesianPosterior() {
        Outcome o = Outcome.run("langevin", "-L", "1", "-g", "1", "--points", "20", "--two-time-points", "0");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("max |f(t_max) - posterior mean|"), o.out());
    }

    @Test
    void badValuesAreNamed() {
        Outcome a = Outcome.run("langevin", "--lambda", "-1");
        assertEquals(2, a.code());
        assertTrue(a.err().contains("'lambda'"), a.err());
        assertFalse(a.err().contains("Exception"), a.err());
        Outcome b = Outcome.run("langevin", "--march", "0");
        assertEquals(2, b.code());
        assertTrue(b.err().contains("'march'"), b.err());
        Outcome c = Outcome.run("langevin", "--times", "1,2");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("'times'"), c.err());
        Outcome d = Outcome.run("langevin", "-L", "2", "-g", "1", "--march-scheme", "euler");
        assertEquals(2, d.code());
        assertTrue(d.err().contains("'march-scheme'"), d.err());
        Outcome e = Outcome.run("langevin", "-L", "2", "-g", "1", "--march-sequence", "doubling");
        assertEquals(2, e.code());
        assertTrue(e.err().contains("'march-sequence'") && e.err().contains("harmonic"), e.err());
        Outcome f = Outcome.run("langevin", "-L", "2", "-g", "1", "--march", "0.1,3,2", "--march-sequence", "halving");
        assertEquals(2, f.code());
        assertTrue(f.err().contains("'march'") && f.err().contains("N0 only with"), f.err());
    }

    /**
     * --march H0,LEVELS,N0 runs the harmonic sequence (steps H0/N0 .. H0/(N0+LEVELS-1)) and says so in the report; the
     * same march by halving (H0, H0/2) agrees with it to within the two estimates (theory.md 12.6).
     */
    @Test
    void harmonicAndHalvingSequencesAgree() throws Exception {
        Path a = dir.resolve("a.json"), b = dir.resolve("b.json");
        Outcome h = Outcome.run("langevin", "-L", "2", "-g", "1", "--t-max", "1", "--two-time-points", "0", "--march", "0.1,3,2",
                "-o", a.toString());
        assertEquals(0, h.code(), h.err());
        Outcome v = Outcome.run("langevin", "-L", "2", "-g", "1", "--t-max", "1", "--two-time-points", "0", "--march", "0.05,3",
                "--march-sequence", "halving", "-o", b.toString());
        assertEquals(0, v.code(), v.err());
        ObjectMapper om = new ObjectMapper();
        JsonNode da = om.readTree(Files.readString(a)), db = om.readTree(Files.readString(b));
        assertTrue(da.toString().contains("n = [2, 3, 4]"), "report names the sequence");
        assertTrue(db.toString().contains("n = [1, 2, 4]"), "report names the sequence");
        double ea = da.at("/report/residual").asDouble(), eb = db.at("/report/residual").asDouble();
        JsonNode fa = da.at("/observables/f/value"), fb = db.at("/observables/f/value");
        // a reports every 0.1, b every 0.05: compare at t = 1 (the last row of both)
        JsonNode la = fa.get(fa.size() - 1), lb = fb.get(fb.size() - 1);
        for (int mu = 0; mu < la.size(); mu++) {
            double d = Math.abs(la.get(mu).asDouble() - lb.get(mu).asDouble());
            assertTrue(d <= ea + eb && ea > 0 && eb > 0, "f(1) differs by " + d + ", estimates " + ea + ", " + eb);
        }
    }

    /** Theory (march, L = 2) and a tiny network ensemble on the same times, compared by dln compare. */
    @Test
    void simulationTrajectoryComparesWithTheory() throws Exception {
        Path th = dir.resolve("th.json"), sim = dir.resolve("sim.json");
        Outcome t = Outcome.run("langevin", "-L", "2", "-g", "1", "--times", "0,0.1,0.2", "--march", "0.05,2", "-o", th.toString());
        assertEquals(0, t.code(), t.err());
        Outcome s = Outcome.run("simulate-langevin", "-L", "2", "-g", "1", "-N", "16", "--seeds", "3", "--threads", "1",
                "--trajectory", "lambda=1,temperature=1,times=0;0.1;0.2", "--tune", "dt=0.01", "-o", sim.toString());
        assertEquals(0, s.code(), s.err());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(sim));
        assertEquals(3, doc.at("/observables/f/stderr").size());
        Outcome c = Outcome.run("compare", th.toString(), sim.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("| f |"), c.out());
        double[] times = new double[3];
        for (int i = 0; i < 3; i++) {
            times[i] = doc.at("/method/times/" + i).asDouble();
        }
        assertArrayEquals(new double[] {0, 0.1, 0.2}, times, 1e-12);
    }
}
