package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dln.linear.io.SolutionJson;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end: solve writes a JSON document whose problem section can be solved again to the same
 * numbers (compare reports zero deviation and exit 0), CSV and plots are written, and stdout carries only results.
 */
class RoundTripTest {
    @TempDir
    Path dir;

    int run(ByteArrayOutputStream out, String... args) {
        return DlnCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), args);
    }

    @Test
    void solveRerunCompare() throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, "solve", "-L", "3", "--gamma0", "1.5", "-T", "30", "--out", a.toString(),
                "--csv", dir.resolve("a.csv").toString(), "--plot", dir.resolve("fig").toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("# dln theory"), "Markdown summary on stdout");
        assertEquals(0, run(new ByteArrayOutputStream(), "solve", "--problem", a.toString(), "--out", b.toString()));
        Solution ta = SolutionJson.read(a);
        assertEquals(3, ta.problem().depth());
        assertEquals(30, ta.timePoints());
        ByteArrayOutputStream cmp = new ByteArrayOutputStream();
        assertEquals(0, run(cmp, "compare", a.toString(), b.toString(), "--max-sigma", "3"));
        String table = cmp.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("| f | 0.000e+00 |"), table);
        assertTrue(table.contains("| ntk | 0.000e+00 |"), table);
        assertTrue(Files.size(dir.resolve("a.csv")) > 1000);
        assertTrue(Files.isRegularFile(dir.resolve("fig_ntk.png")));
        // JSON on stdout is parseable and complete
        ByteArrayOutputStream js = new ByteArrayOutputStream();
        assertEquals(0, run(js, "solve", "--json", "-T", "5"));
        Path c = dir.resolve("c.json");
        Files.writeString(c, js.toString(StandardCharsets.UTF_8));
        assertEquals(5, SolutionJson.read(c).timePoints());
    }
}
