package org.dln.linear.cli;

import static org.dln.linear.cli.StrictInputTest.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14, strict command lines: malformed numeric flags, unusable output paths (refused before any computation) and
 * unusable closed forms exit 2 with a message naming the flag; 'dln' alone is not a success.
 */
class StrictCommandLineTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sample threads      | sample --threads -4 -T 3 --samples 100          | 'threads' = -4 is out of range",
        "simulate threads    | simulate --threads -4 -T 3 -N 8 --seeds 2       | 'threads' = -4 is out of range",
        "langevin threads    | simulate-langevin --threads -1 -N 8 --seeds 2   | 'threads' = -1 is out of range",
        "bench sampler       | bench sampler --threads -2                      | 'threads' = -2 is out of range",
        "series y NaN        | series --y NaN --order 1 --compare 1            | 'y' = NaN is out of range",
        "series y infinite   | series --y Infinity --order 1 --compare 1       | 'y' = Infinity is out of range",
        "series eta0         | series --eta0 -0.1 --order 1 --compare 1        | 'eta0' = -0.1 is out of range",
        "series levels       | series --levels 0 --order 1 --compare 1         | 'levels' = 0 is out of range",
        "guess tol NaN       | guess --tol NaN                                 | 'tol' = NaN is out of range",
        "guess tol negative  | guess --tol -1e-8                               | 'tol' = -1.0E-8 is out of range",
        "guess margin        | guess --margin -1                               | 'margin' = -1 is out of range",
        "closed-form y NaN   | closed-form 2 --y NaN                           | 'y' = NaN is out of range",
        "closed-form time    | closed-form y --quantity f --time NaN           | 'time' = NaN is out of range",
        "decay-table noise   | decay-table --noise NaN                         | 'noise' = NaN is out of range",
        "decay-table alpha   | decay-table --alpha NaN                         | 'alpha' = NaN is out of range",
        "decay-table depth   | decay-table -L 0                                | 'depth' = 0 is out of range",
        "closed-form python  | closed-form g**2+y[0]                           | 'y[' indexes a variable",
        "closed-form 1/0     | closed-form 1/0 --gammas 0.5                    | 'expr' = '1/0' is not a valid expression: it has no finite value",
    })
    void malformedFlagsAreRefused(String name, String line, String expected) {
        Outcome o = Outcome.run(line.trim().split("\\s+"));
        assertBadInput(o, expected);
    }

    @Test
    void noCommandIsNotASuccess() {
        Outcome o = Outcome.run();
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("a command is missing"), o.err());
        assertTrue(o.err().contains("Usage: dln"), "usage on stderr: " + o.err());
        assertEquals("", o.out());
        assertEquals(0, Outcome.run("--version").code());
    }

    @Test
    void outputPathsAreCheckedBeforeTheComputation() throws Exception {
        Path missing = dir.resolve("no/such/dir/a.json");
        Path file = Files.writeString(dir.resolve("afile"), "x");
        String[][] cases = {
            {"solve", "-T", "3", "--out", missing.toString(), "cannot write 'out' file '" + missing + "': the directory"},
            {"solve", "-T", "3", "--out", dir.toString(), "cannot write 'out' file '" + dir + "': it is a directory"},
            {"solve", "-T", "3", "--csv", missing.toString(), "cannot write 'csv' file"},
            {"solve", "-T", "3", "--plot", file.resolve("fig").toString(), "cannot write 'plot' figures"},
            {"flow", "--t-max", "1", "--out", missing.toString(), "cannot write 'out' file"},
            {"sample", "-T", "3", "--samples", "100", "--out", missing.toString(), "cannot write 'out' file"},
            {"simulate", "-T", "3", "-N", "8", "--seeds", "2", "--csv", dir.toString(), "cannot write 'csv' file"},
            {"decay", "--weight-decay", "0.5", "-T", "5", "--stationary", missing.toString(), "cannot write 'stationary' file"},
            {"bayes", "--out", missing.toString(), "cannot write 'out' file"},
            {"simulate-langevin", "-N", "8", "--seeds", "2", "--out", dir.toString(), "cannot write 'out' file"},
            {"golden", "--out", file.toString(), "cannot write 'out' directory"},
            {"bench", "--out", missing.toString(), "cannot write 'out' file"},
            {"decay-table", "--csv", missing.toString(), "cannot write 'csv' file"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOf(c, c.length - 1);
            long t0 = System.nanoTime();
            Outcome o = Outcome.run(args);
            assertBadInput(o, c[c.length - 1]);
            assertFalse(o.err().contains("dln: wrote"), String.join(" ", args) + ": " + o.err());
            assertTrue((System.nanoTime() - t0) * 1e-9 < 20, String.join(" ", args) + ": refused before computing");
        }
        // a --plot prefix in a directory still to be made keeps working (the plotter creates it)
        Outcome o = Outcome.run("solve", "-T", "3", "--plot", dir.resolve("figs/sub/tour").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.isRegularFile(dir.resolve("figs/sub/tour_loss.png")));
    }
}
