package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dln.linear.io.SolutionJson;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.numeric.linalg.Kernels;
import org.dln.numeric.solver.SolverException;
import org.dln.numeric.solver.SolverMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: no non-finite number leaves with exit 0; undefined alignments are null with a note, not NaN. */
class NonFiniteResultTest {
    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path tmp;

    static void noStackTrace(Outcome o) {
        assertFalse(o.err().contains("\tat ") || o.err().contains("Exception"), o.err());
    }

    static void badInput(Outcome o, String field) {
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("'" + field + "'"), o.err());
        assertTrue(o.out().isEmpty(), "nothing written to stdout: " + o.out());
        noStackTrace(o);
    }

    @Test
    void samplerWithGamma0BeyondDoublePrecisionIsBadInput() {
        // before: exit 0 with NaN in ntk, phi1 and their standard errors
        badInput(Outcome.run("sample", "--activation", "relu", "--samples", "100", "-T", "5", "-g", "1e308", "--json"), "gamma0");
    }

    @Test
    void samplerDivergenceCheckCoversTheKernels() {
        // gamma0^2 is finite but the kernels overflow while f stays finite: before, exit 0 with NaN kernels
        Outcome o = Outcome.run("sample", "--activation", "relu", "--samples", "100", "-T", "5", "-g", "1e100", "--json");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("Phi^") && o.err().contains("at time t = "), o.err());
        assertTrue(o.out().isEmpty());
        noStackTrace(o);
    }

    @Test
    void targetsBeyondDoublePrecisionAreBadInputInEveryFamily() {
        // before: solve and simulate blamed eta ("diverged at time step 0"), flow ran out of memory
        badInput(Outcome.run("solve", "--y", "1e200,-1e200,1e200"), "y");
        badInput(Outcome.run("simulate", "--y", "1e200,-1e200,1e200", "-N", "16", "--seeds", "2", "-T", "3"), "y");
        badInput(Outcome.run("flow", "--y", "1e200,-1e200,1e200", "--t-max", "1"), "y");
        badInput(Outcome.run("decay", "--y", "1e200,-1e200,1e200", "--weight-decay", "0.5", "-T", "3"), "y");
        badInput(Outcome.run("solve", "-g", "1e300", "-T", "3"), "gamma0");
    }

    @Test
    void theSeamRejectsAnyNonFiniteObservableNamingWhereAndWhen() throws Exception {
        Path a = tmp.resolve("a.json");
        assertEquals(0, Outcome.run("solve", "-T", "4", "--out", a.toString()).code());
        Solution s = SolutionJson.read(a);
        Map<String, Observable> obs = new LinkedHashMap<>(s.observables());
        Observable k = obs.get("ntk");
        double[] v = k.value().clone();
        v[2 * k.width() + 1] = Double.NaN; // t = 2, entry [0][1]
        obs.put("ntk", new Observable("ntk", k.shape(), v, null));
        Solution bad = new Solution(s.kind(), s.problem(), s.method(), s.report(), obs, null);
        SolverException e = assertThrows(SolverException.class, () -> Solutions.requireFinite(bad));
        assertEquals(SolverMessage.NON_FINITE_RESULT, e.getSolverMessage());
        assertTrue(e.getMessage().contains("ntk[0][1]") && e.getMessage().contains("t = 2"), e.getMessage());
        // a non-finite alignment where y and K are not zero is not "undefined": it fails too
        obs.put("ntk", k);
        obs.put("align_ntk", Observable.series("align_ntk", new double[] {Double.NaN, 1, 1, 1}, null));
        Solution badAlign = new Solution(s.kind(), s.problem(), s.method(), s.report(), obs, null);
        e = assertThrows(SolverException.class, () -> Solutions.requireFinite(badAlign));
        assertTrue(e.getMessage().contains("align_ntk") && e.getMessage().contains("t = 0"), e.getMessage());
        // and a stochastic standard error
        obs.put("align_ntk", s.get("align_ntk"));
        Observable f = obs.get("f");
        double[] se = new double[f.value().length];
        se[se.length - 1] = Double.POSITIVE_INFINITY;
        obs.put("f", new Observable("f", f.shape(), f.value(), se));
        Solution badSe = new Solution(s.kind(), s.problem(), s.method(), s.report(), obs, null);
        e = assertThrows(SolverException.class, () -> Solutions.requireFinite(badSe));
        assertTrue(e.getMessage().contains("standard error of f[2]") && e.getMessage().contains("t = 3"), e.getMessage());
    }

    @Test
    void undefinedAlignmentsAreNullWithANote() throws Exception {
        Outcome o = Outcome.run("solve", "--y", "0,0,0", "-T", "3", "--json", "--csv", tmp.resolve("s.csv").toString());
        assertEquals(0, o.code(), o.err());
        JsonNode doc = M.readTree(o.out());
        for (JsonNode v : doc.path("observables").path("align_ntk").path("value")) {
            assertTrue(v.isNull(), doc.path("observables").path("align_ntk").toString());
        }
        assertFalse(o.out().contains("NaN"), "no NaN in the document");
        String notes = doc.path("report").path("notes").toString();
        assertTrue(notes.contains("align_ntk undefined at t = 0..2 (|y| = 0 or |K|_F = 0)"), notes);
        assertTrue(notes.contains("align_phi1 undefined"), notes);
        String csv = Files.readString(tmp.resolve("s.csv"));
        assertFalse(csv.contains("NaN"), csv);
        assertTrue(csv.lines().skip(1).allMatch(l -> l.endsWith(",,,")), csv);
        // the document reads back (null -> undefined) and compares with itself
        Path doc1 = tmp.resolve("y0.json");
        Files.writeString(doc1, o.out());
        Outcome c = Outcome.run("compare", doc1.toString(), doc1.toString(), "--max-sigma", "3");
        assertEquals(0, c.code(), c.out() + c.err());
    }

    @Test
    void validAlignmentsAreUnchangedAndHaveNoNote() throws Exception {
        Outcome o = Outcome.run("solve", "-T", "3", "--json");
        assertEquals(0, o.code(), o.err());
        JsonNode doc = M.readTree(o.out());
        assertTrue(doc.path("observables").path("align_ntk").path("value").get(0).isNumber());
        assertFalse(doc.path("report").path("notes").toString().contains("undefined"));
    }

    @Test
    void alignmentIsScaleInvariantBeyondDoublePrecisionOfItsSums() {
        double a = Kernels.alignment(new double[][] {{1e300, 0}, {0, 1e300}}, new double[] {1e200, 1e200});
        assertEquals(Math.sqrt(0.5), a, 1e-15);
        double b = Kernels.alignment(new double[][] {{1e-300, 0}, {0, 1e-300}}, new double[] {1e-200, 1e-200});
        assertEquals(Math.sqrt(0.5), b, 1e-15);
        assertTrue(Double.isNaN(Kernels.alignment(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0})));
        assertTrue(Double.isNaN(Kernels.alignment(new double[][] {{0, 0}, {0, 0}}, new double[] {1, 0})));
        assertNotNull(Kernels.class);
    }
}
