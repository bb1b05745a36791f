package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad input gets exit code 2, a message on stderr that names the field and the fix, nothing on stdout and no
 * stack trace. Each case is a problem file (JSON) plus command-line flags.
 */
class BadInputTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "non-symmetric Gram | {'Kx': [[1, 0.5], [0.4, 1]], 'y': [1, -1], 'L': 2, 'gamma0': 1, 'eta': 0.05, 'T': 10} | | 'Kx' is not symmetric",
        "non-PSD Gram       | {'Kx': [[1, 2], [2, 1]], 'y': [1, -1], 'L': 2, 'gamma0': 1, 'eta': 0.05, 'T': 10} | | 'Kx' is not positive semi-definite",
        "NaN in Gram        | {'Kx': [[1, 'NaN'], ['NaN', 1]], 'y': [1, -1], 'L': 2, 'gamma0': 1, 'eta': 0.05, 'T': 10} | | 'Kx' contains NaN",
        "NaN in y           | {'Kx': [[1, 0], [0, 1]], 'y': [1, 'nan'], 'L': 2, 'gamma0': 1, 'eta': 0.05, 'T': 10} | | 'y' contains NaN",
        "size mismatch      | {'Kx': [[1, 0], [0, 1]], 'y': [1, -1, 2], 'L': 2, 'gamma0': 1, 'eta': 0.05, 'T': 10} | | 'Kx' has 2 entries but y has 3",
        "non-square Gram    | {'Kx': [[1, 0, 0], [0, 1]], 'y': [1, -1], 'L': 2, 'gamma0': 1, 'eta': 0.05, 'T': 10} | | 'Kx' must be a square",
        "ragged X           | {'X': [[1, 0, 0], [0, 1]], 'y': [1, -1], 'L': 2, 'gamma0': 1, 'eta': 0.05, 'T': 10} | | 'X' row 1 has 2 entries",
        "depth zero         | {'Kx': [[1, 0], [0, 1]], 'y': [1, -1], 'L': 0, 'gamma0': 1, 'eta': 0.05, 'T': 10} | | 'L' = 0 is out of range",
        "negative gamma0    | {'Kx': [[1, 0], [0, 1]], 'y': [1, -1], 'L': 1, 'gamma0': -1, 'eta': 0.05, 'T': 10} | | 'gamma0' = -1.0 is out of range",
        "eta zero           | {'Kx': [[1, 0], [0, 1]], 'y': [1, -1], 'L': 1, 'gamma0': 1, 'eta': 0, 'T': 10} | | 'eta' = 0.0 is out of range",
        "eta negative flag  | {'Kx': [[1, 0], [0, 1]], 'y': [1, -1], 'L': 1, 'gamma0': 1, 'eta': 0.1, 'T': 10} | --eta=-0.1 | 'eta' = -0.1 is out of range",
        "eta beyond limit   | {'Kx': [[1, 0], [0, 1]], 'y': [1, -1], 'L': 2, 'gamma0': 1, 'eta': 0.7, 'T': 10} | | 'eta' = 0.7 is beyond the stability limit",
        "eta diverges later | {'Kx': [[1]], 'y': [3], 'L': 1, 'gamma0': 3, 'eta': 0.9, 'T': 200} | | gradient descent diverged at time step",
        "time points zero   | {'Kx': [[1]], 'y': [1], 'L': 1, 'gamma0': 1, 'eta': 0.1, 'T': 0} | | 'T' = 0 is out of range",
        "bad loss name      | {'Kx': [[1]], 'y': [1], 'L': 1, 'gamma0': 1, 'eta': 0.1, 'T': 5, 'conventions': {'loss': 'avg'}} | | 'conventions.loss' = 'avg' is not one of sum, mean",
        "unknown approx     | {'Kx': [[1]], 'y': [1], 'L': 1, 'gamma0': 1, 'eta': 0.1, 'T': 5} | --approx=nope | 'approx' = 'nope' is not one of full, gia, lazy",
        "missing targets    | {'Kx': [[1]], 'L': 1, 'gamma0': 1, 'eta': 0.1, 'T': 5} | | 'y' is missing",
        "not a number       | {'Kx': [[1]], 'y': [1], 'L': 'two', 'gamma0': 1, 'eta': 0.1, 'T': 5} | | 'L' = \"two\" is out of range: must be a number",
        "negative width     | {'Kx': [[1]], 'y': [1], 'L': 1, 'gamma0': 1, 'eta': 0.1, 'T': 5} | simulate --width=-4 | 'width' = -4 is out of range",
    })
    void badInputExitsTwoWithAClearMessage(String name, String json, String extra, String expected) throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, json.replace('\'', '"'));
        java.util.List<String> args = new java.util.ArrayList<>();
        if (extra != null && extra.startsWith("simulate")) {
            args.add("simulate");
            args.add(extra.substring("simulate ".length()));
        } else {
            args.add("solve");
            if (extra != null) {
                args.add(extra);
            }
        }
        args.add("--problem");
        args.add(f.toString());
        Outcome o = Outcome.run(args.toArray(new String[0]));
        assertEquals(2, o.code(), name + ": exit code; stderr: " + o.err());
        assertTrue(o.err().contains(expected), name + ": stderr was: " + o.err());
        assertTrue(o.err().startsWith("dln: error: "), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertEquals("", o.out(), "nothing on stdout");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing file       | solve --problem /nonexistent/p.json | cannot read problem file",
        "unknown option     | solve --gama0 1                     | Unknown option",
        "bad number flag    | solve --eta abc                     | Invalid value for option '--eta'",
        "unknown command    | solv                                | Unmatched argument",
        "unknown jacobian   | flow --t-max 1 --tune jacobian=exact | 'jacobian' = exact is out of range: must be analytic or differences",
    })
    void badCommandLine(String name, String line, String expected) {
        Outcome o = Outcome.run(line.trim().split("\\s+"));
        assertEquals(2, o.code(), name + ": " + o.err());
        assertTrue(o.err().contains(expected), name + ": stderr was: " + o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }
}
