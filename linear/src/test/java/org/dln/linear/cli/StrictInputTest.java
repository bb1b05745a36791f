package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dln.linear.io.ProblemJson;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14, strict input: a problem file is read exactly as written or refused with exit 2 and a message naming the
 * field (unknown fields, wrong types, trailing junk, ignored test blocks, overflowing inputs, unreadable matrix files);
 * never a stack trace, never a silently accepted mistake.
 */
class StrictInputTest {
    @TempDir
    Path dir;

    /** Exit 2, the expected text on stderr in the "dln: error:" form, no stack trace or exception name. */
    static void assertBadInput(Outcome o, String expected) {
        assertEquals(2, o.code(), "exit code; stderr: " + o.err());
        assertTrue(o.err().startsWith("dln: error: "), o.err());
        assertTrue(o.err().contains(expected), "expected '" + expected + "' in: " + o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(o.err().contains("Exception"), "no exception name: " + o.err());
    }

    private Path write(String name, String json) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, json.replace('\'', '"'));
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // 1. unknown fields, with the closest known name
        "misspelt gamma0       | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'gama0': 2} | 'gama0' is not a field of a problem file; did you mean 'gamma0'?",
        "lower-case x          | {'x': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5]} | 'x' is not a field of a problem file; did you mean 'X'?",
        "unrelated field       | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'learning_rate_schedule': 1} | 'learning_rate_schedule' is not a field of a problem file (the fields",
        "misspelt convention   | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'conventions': {'los': 'mean'}} | 'conventions.los' is not a field of 'conventions'; did you mean 'conventions.loss'?",
        "unknown in document   | {'schema': 'dln-trajectory', 'problem': {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'etta': 0.1}} | 'etta' is not a field of the 'problem' block of a document; did you mean 'eta'?",
        "alias and name        | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'L': 2, 'depth_L': 3} | give either 'L' or 'depth_L', not both",
        "P disagrees with y    | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'P': 3} | 'P' has 3 entries but y (entries) has 2",
        "Q disagrees with test | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'Q': 1} | 'Q' has 1 entries but Kx_test_train (rows) has 0",
        // 2. wrong types
        "conventions string    | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'conventions': 'mean'} | 'conventions' must be an object such as {\"loss\": \"mean\"",
        "convention number     | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'conventions': {'loss': 1}} | 'conventions.loss' must be a string (sum or mean), not the number 1",
        "gamma0 array          | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'gamma0': [1, 2]} | 'gamma0' must be a number, not an array",
        "eta boolean           | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'eta': true} | 'eta' must be a number, not the boolean true",
        "T null                | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'T': null} | 'T' must be a number, not null",
        "y object              | {'X': [[1, 0.2], [0.1, 1]], 'y': {'a': 1}} | 'y' must be an array of numbers, not an object",
        "X object              | {'X': {'rows': 2}, 'y': [1, -0.5]} | 'X' must be an array of rows or the path of a CSV, JSON, .npy or .npz file, not an object",
        "X row string          | {'X': [[1, 0.2], 'abc'], 'y': [1, -0.5]} | 'X[1]' must be an array of numbers, not the string \"abc\"",
        "problem block string  | {'problem': 'p.json'} | 'problem' must be a JSON object",
        "array document        | [1, 2, 3] | 'problem' must be a JSON object",
        // 4. test blocks that would be ignored
        "Kx_test_train with X  | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'Kx_test_train': [[0.5, 0.5]], 'Kx_test_test': [[1]]} | 'Kx_test_train' cannot be used with 'X'",
        "Kx_test_test with X   | {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'Kx_test_test': [[1]]} | 'Kx_test_test' cannot be used with 'X'",
        "Kx_test_test alone    | {'Kx': [[1, 0.2], [0.2, 1]], 'y': [1, -0.5], 'Kx_test_test': [[1]]} | 'Kx_test_train' is missing",
        "Kx_test_train alone   | {'Kx': [[1, 0.2], [0.2, 1]], 'y': [1, -0.5], 'Kx_test_train': [[0.5, 0.5]]} | 'Kx_test_test' is missing",
        "X_test with Kx        | {'Kx': [[1, 0.2], [0.2, 1]], 'y': [1, -0.5], 'X_test': [[1, 1]]} | give either 'X_test' or 'Kx",
        // 7. the right culprit
        "overflowing X         | {'X': [[1e160, 0.2], [0.1, 1]], 'y': [1, -0.5]} | 'X' is too large: the Gram matrix Kx = X X^T / D has the non-finite entry",
        "overflowing X_test    | {'X': [[1, 0.2], [0.1, 1]], 'X_test': [[1e160, 1]], 'y': [1, -0.5]} | 'X_test' is too large: the Gram matrix Kx_test_",
    })
    void problemFileMistakesAreRefused(String name, String json, String expected) throws Exception {
        Path f = write("p.json", json);
        Outcome o = Outcome.run("solve", "-T", "3", "--problem", f.toString());
        assertBadInput(o, expected);
        assertEquals("", o.out(), "nothing on stdout");
    }

    @Test
    void trailingJunkAfterTheDocumentNamesTheFile() throws Exception {
        Path f = dir.resolve("trail.json");
        Files.writeString(f, "{\"X\": [[1, 0.2], [0.1, 1]], \"y\": [1, -0.5]} junk");
        assertBadInput(Outcome.run("solve", "-T", "3", "--problem", f.toString()), "cannot read problem file '" + f + "'");
        Files.writeString(f, "{\"X\": [[1, 0.2], [0.1, 1]], \"y\": [1, -0.5]} {\"y\": [2, 3]}");
        assertBadInput(Outcome.run("solve", "-T", "3", "--problem", f.toString()), "cannot read problem file '" + f + "'");
        Files.writeString(f, "{\"X\": [[1, 0.2], [0.1, 1]], \"y\": [1, -0.5]}\n\n  \n");
        assertEquals(0, Outcome.run("solve", "-T", "3", "--problem", f.toString()).code(), "trailing white space is fine");
    }

    @Test
    void emptyProblemFileIsNamedAsEmpty() throws Exception {
        Path f = dir.resolve("empty.json");
        Files.writeString(f, "");
        Outcome o = Outcome.run("solve", "--problem", f.toString());
        assertBadInput(o, "cannot read problem file '" + f + "': the file is empty");
        assertFalse(o.err().contains("'y' is missing"), o.err());
    }

    @Test
    void dlnOutputDocumentsStillReadAsProblems() throws Exception {
        Path a = dir.resolve("a.json");
        Outcome first = Outcome.run("solve", "-T", "7", "-L", "3", "--conventions", "loss=mean", "--json", "--out", a.toString());
        assertEquals(0, first.code(), first.err());
        Outcome again = Outcome.run("solve", "--problem", a.toString(), "--json");
        assertEquals(0, again.code(), again.err());
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode x = m.readTree(first.out());
        com.fasterxml.jackson.databind.JsonNode y = m.readTree(again.out());
        assertEquals(x.get("problem"), y.get("problem"), "a rerun of a result solves the same problem");
        assertEquals(x.get("observables"), y.get("observables"), "and reproduces the result");
        // with test inputs (P and Q in the problem block), and the reference run's "inputs" block
        Path t = write("t.json", "{'X': [[1, 0.2], [0.1, 1]], 'X_test': [[0.5, 0.5]], 'y': [1, -0.5], 'T': 4}");
        Path b = dir.resolve("b.json");
        assertEquals(0, Outcome.run("solve", "--problem", t.toString(), "--out", b.toString()).code());
        assertEquals(0, Outcome.run("solve", "--problem", b.toString()).code());
        Path ref = write("ref.json", "{'description': 'a run', 'inputs': {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'D': 2, "
                + "'depth_L': 2, 'gamma0': 1, 'eta': 0.05, 'steps_T': 5}, 'f': [[0, 0]]}");
        assertEquals(0, Outcome.run("solve", "--problem", ref.toString()).code());
        Path wrongD = write("refD.json", "{'inputs': {'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5], 'D': 3}}");
        assertBadInput(Outcome.run("solve", "--problem", wrongD.toString()), "'D' has 3 entries but X (columns) has 2");
    }

    @Test
    void omittedFieldsTakeTheDefaultProblemsValues() throws Exception {
        Problem builtIn = ProblemJson.defaultProblem().build();
        Path f = write("p.json", "{'X': [[1, 0.2], [0.1, 1]], 'y': [1, -0.5]}");
        Problem read = ProblemJson.read(f).build();
        assertEquals(builtIn.depth(), read.depth(), "L");
        assertEquals(builtIn.timePoints(), read.timePoints(), "T");
        assertEquals(builtIn.eta(), read.eta(), "eta");
        assertEquals(builtIn.gamma0(), read.gamma0(), "gamma0");
        assertEquals(builtIn.conventions(), read.conventions(), "conventions");
        assertEquals(2, read.depth());
        assertEquals(80, read.timePoints());
        // the same through flags alone
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "1,0.2\n0.1,1\n");
        Outcome o = Outcome.run("solve", "--x", x.toString(), "--y", "1,-0.5");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("L = 2, gamma0 = 1.0, eta = 0.05, T = 80 time points"), o.out());
    }

    @Test
    void unreadableMatrixFilesAreBadInput() throws Exception {
        Path latin = dir.resolve("latin.csv");
        Files.write(latin, new byte[] {'1', ',', '2', '\n', (byte) 0xff, (byte) 0xfe, ',', '3', '\n'});
        assertBadInput(Outcome.run("solve", "--x", latin.toString(), "--y", "1,2"), "cannot read X file '" + latin + "': it is not UTF-8 text");
        Path quote = dir.resolve("quote.csv");
        Files.writeString(quote, "1,\"2\n3,4\n");
        assertBadInput(Outcome.run("solve", "--x", quote.toString(), "--y", "1,2"), "cannot read X file '" + quote + "': malformed CSV");
        Path self = dir.resolve("self.json");
        Files.writeString(self, "\"self.json\"");
        assertBadInput(Outcome.run("solve", "--x", self.toString(), "--y", "1,2"), "it refers back to itself (self.json -> self.json)");
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Files.writeString(a, "\"b.json\"");
        Files.writeString(b, "\"a.json\"");
        assertBadInput(Outcome.run("solve", "--kx", a.toString(), "--y", "1,2"), "it refers back to itself (a.json -> b.json -> a.json)");
        Path emptyJson = dir.resolve("empty.json");
        Files.writeString(emptyJson, "  ");
        assertBadInput(Outcome.run("solve", "--x", emptyJson.toString(), "--y", "1,2"), "cannot read X file '" + emptyJson + "': the file is empty");
        Path emptyCsv = dir.resolve("empty.csv");
        Files.writeString(emptyCsv, "# nothing\n", StandardCharsets.UTF_8);
        assertBadInput(Outcome.run("solve", "--kx-test", emptyCsv.toString()), "'kx-test'");
    }
}
