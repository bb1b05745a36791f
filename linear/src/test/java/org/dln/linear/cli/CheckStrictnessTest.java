package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dln.linear.io.Npy;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: dln check cannot pass on NaN, empty, partial or malformed input, nor with meaningless tolerances. */
class CheckStrictnessTest {
    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    static Path suite;
    static Path caseDir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void golden() {
        assertEquals(0, Outcome.run("golden", "-o", suite.toString(), "--cases", "random-P1-L3-g1").code());
        caseDir = suite.resolve("random-P1-L3-g1"); // T = 51 time points, P = 1
    }

    private Path file(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static Outcome check(Path result, String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "check";
        args[1] = result.toString();
        args[2] = "--case";
        args[3] = caseDir.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return Outcome.run(args);
    }

    static void fails(Outcome o, String... needles) {
        assertEquals(1, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("verdict: FAIL"), o.out());
        for (String n : needles) {
            assertTrue(o.out().contains(n), "'" + n + "' in:\n" + o.out());
        }
        NonFiniteResultTest.noStackTrace(o);
    }

    static void badInput(Outcome o, String... needles) {
        assertEquals(2, o.code(), o.out() + o.err());
        for (String n : needles) {
            assertTrue(o.err().contains(n), "'" + n + "' in:\n" + o.err());
        }
        NonFiniteResultTest.noStackTrace(o);
    }

    @Test
    void theCaseItselfPassesAndTheReportCountsTheValues() {
        Outcome o = check(caseDir.resolve("result.json"));
        assertEquals(0, o.code(), o.out());
        assertTrue(o.out().contains("| f | 51 |"), o.out());
        assertTrue(o.out().contains("compared 714 values in 14 observables"), o.out());
    }

    @Test
    void anEmptyObservableFails() throws Exception {
        // before: {"f": []} passed
        fails(check(file("empty.json", "{\"f\": []}")), "f: no values");
        fails(check(file("null.json", "{\"f\": null}")), "f: no values");
        Path dir = Files.createDirectories(tmp.resolve("npy-empty"));
        Npy.write(dir.resolve("f.npy"), new int[] {0, 1}, new double[0]);
        fails(check(dir), "f: no values");
    }

    @Test
    void aResultMustCoverEveryTimePointUnlessAllowedPartial() throws Exception {
        // before: a result with only t = 0 passed
        Path t0 = file("t0.json", "{\"t\": [0], \"f\": [[0.0]]}");
        fails(check(t0), "covers 1 of the case's 51 time points");
        Outcome partial = check(t0, "--allow-partial");
        assertEquals(0, partial.code(), partial.out());
        assertTrue(partial.out().contains("compared 1 values"), partial.out());
    }

    @Test
    void fractionalTimeIndicesAreBadInput() throws Exception {
        // before: t = 0.5 was truncated to 0
        badInput(check(file("frac.json", "{\"t\": [0, 0.5], \"f\": [[0.0], [0.0]]}"), "--allow-partial"), "'t'", "t[1]");
        badInput(check(file("frac.csv", "t,f[0]\n0,0.0\n1.5,0.0\n"), "--allow-partial"), "'t'");
        Path dir = Files.createDirectories(tmp.resolve("npy-frac"));
        Npy.write(dir.resolve("t.npy"), new int[] {1}, new double[] {0.25});
        Npy.write(dir.resolve("f.npy"), new int[] {1, 1}, new double[] {0.0});
        badInput(check(dir, "--allow-partial"), "'t'");
    }

    @Test
    void nanNeverPasses() throws Exception {
        ObjectNode doc = (ObjectNode) M.readTree(caseDir.resolve("result.json").toFile());
        ((ArrayNode) doc.path("observables").path("f").path("value").get(3)).set(0, M.nullNode());
        Path nan = file("nan.json", doc.toPrettyString());
        fails(check(nan), "non-finite value NaN at t = 3, f[0]");
        // before: --atol Infinity turned the NaN into a PASS
        badInput(check(nan, "--atol", "Infinity"), "'atol'");
        fails(check(file("nan-csv.csv", "t,f[0]\n0,\n"), "--allow-partial"), "non-finite");
    }

    @Test
    void tolerancesMustBeFiniteAndNonNegative() {
        Path ok = caseDir.resolve("result.json");
        badInput(check(ok, "--atol", "-1"), "'atol'");
        badInput(check(ok, "--atol", "NaN"), "'atol'");
        badInput(check(ok, "--rtol", "NaN"), "'rtol'");
        badInput(check(ok, "--rtol", "-1e-9"), "'rtol'");
        badInput(check(ok, "--rtol", "Infinity"), "'rtol'");
    }

    @Test
    void malformedDocumentsAreBadInputNamingTheField() throws Exception {
        ObjectNode doc = (ObjectNode) M.readTree(caseDir.resolve("result.json").toFile());
        ObjectNode noObs = doc.deepCopy();
        noObs.remove("observables");
        badInput(check(file("no-obs.json", noObs.toPrettyString())), "'observables'", "no-obs.json");
        ObjectNode noShape = doc.deepCopy();
        ((ObjectNode) noShape.path("observables").path("f")).remove("shape");
        badInput(check(file("no-shape.json", noShape.toPrettyString())), "observables.f.shape");
        ObjectNode badShape = doc.deepCopy();
        ((ObjectNode) badShape.path("observables").path("f")).set("shape", M.createArrayNode().add(7));
        badInput(check(file("bad-shape.json", badShape.toPrettyString())), "observables.f");
        badInput(check(file("array.json", "[1, 2, 3]")), "array.json");
    }

    @Test
    void corruptNpyFilesAreBadInputNamingTheFile() throws Exception {
        byte[] good = Files.readAllBytes(caseDir.resolve("f.npy"));
        Path header = Files.createDirectories(tmp.resolve("bad-header"));
        Files.write(header.resolve("f.npy"), Arrays.copyOf(good, 40));
        badInput(check(header), "f.npy", "truncated header");
        Path data = Files.createDirectories(tmp.resolve("truncated-data"));
        Files.write(data.resolve("f.npy"), Arrays.copyOf(good, good.length - 12));
        badInput(check(data), "f.npy", "truncated data");
        Path garbled = Files.createDirectories(tmp.resolve("garbled"));
        byte[] g = good.clone();
        String h = new String(g, 10, 60, java.nio.charset.StandardCharsets.US_ASCII);
        byte[] replaced = h.replace("'shape'", "'shapx'").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(replaced, 0, g, 10, replaced.length);
        Files.write(garbled.resolve("f.npy"), g);
        badInput(check(garbled), "f.npy", "malformed header");
        Path notNpy = Files.createDirectories(tmp.resolve("not-npy"));
        Files.writeString(notNpy.resolve("f.npy"), "hello");
        badInput(check(notNpy), "f.npy");
    }
}
