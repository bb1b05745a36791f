package org.dln.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dln.linear.cli.DlnCommand;
import org.dln.linear.io.GoldenSuite;
import org.dln.linear.io.Npy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oracle mode (issue 6): the golden suite regenerates bit-identically, every case passes 'dln check' against itself,
 * a copy perturbed by 1e-6 in one entry fails at the right time, the published NTK-Euler values (six printed digits,
 * so atol 1e-6) pass while the values of the unfixed research code fail from t = 5 on, and the numpy example runs.
 */
class GoldenSuiteTest {
    @TempDir
    static Path tmp;
    static Path suite;

    @BeforeAll
    static void writeSuite() throws Exception {
        suite = tmp.resolve("golden");
        GoldenSuite.write(suite, solveCases(), k -> { });
    }

    /** Every case of the suite solved by the gradient-descent family, as 'dln golden' does. */
    static List<org.dln.linear.result.Solution> solveCases() {
        var solver = org.dln.linear.dmft.Solvers.gradientDescent(org.dln.linear.problem.Approximation.FULL, false, 0);
        return GoldenSuite.cases().stream().map(c -> solver.solve(c.problem())).toList();
    }

    record Run(int code, String out) { }

    static Run dln(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = DlnCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void regeneratesBitIdentically() throws Exception {
        Path again = tmp.resolve("again");
        GoldenSuite.write(again, solveCases(), k -> { });
        List<Path> files;
        try (Stream<Path> s = Files.walk(suite)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 35 * 10, "files: " + files.size());
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(again.resolve(suite.relativize(f))), f.toString());
        }
    }

    @Test
    void everyCasePassesAgainstItselfAndAPerturbedCopyFails() throws Exception {
        for (GoldenSuite.Case c : GoldenSuite.cases()) {
            Path dir = suite.resolve(c.id());
            Run r = dln("check", dir.resolve("result.json").toString(), "--case", dir.toString());
            assertEquals(0, r.code(), c.id() + "\n" + r.out());
            assertTrue(r.out().contains("verdict: PASS"));
        }
        Path caseDir = suite.resolve("random-P4-L3-g1");
        Path copy = tmp.resolve("perturbed");
        Files.createDirectories(copy);
        Npy.Array f = Npy.read(caseDir.resolve("f.npy"));
        double[] data = f.data().clone();
        int t = 17;
        data[t * f.shape()[1] + 2] += 1e-6;
        Npy.write(copy.resolve("f.npy"), f.shape(), data);
        Run bad = dln("check", copy.toString(), "--case", caseDir.toString());
        assertEquals(1, bad.code(), bad.out());
        assertTrue(bad.out().contains("t = 17, f[2]"), bad.out());
        assertTrue(bad.out().contains("verdict: FAIL (first parting at t = 17)"), bad.out());
    }

    @Test
    void publishedNtkEulerValues() throws Exception {
        Path caseDir = suite.resolve("ntk-euler-P1-L3-g3");
        Path fixed = tmp.resolve("fixed.json");
        Path unfixed = tmp.resolve("unfixed.json");
        Files.writeString(fixed, "{\"t\": [1, 5, 10, 15, 20, 29], \"delta\": [[0.952000], [0.758116], [0.434893], [0.131594], [0.022398], [0.000646]]}");
        Files.writeString(unfixed, "{\"t\": [1, 5, 10, 15, 20, 29], \"delta\": [[0.952000], [0.758094], [0.433945], [0.129131], [0.021248], [0.000575]]}");
        Run ok = dln("check", fixed.toString(), "--case", caseDir.toString(), "--atol", "1e-6", "--allow-partial");
        assertEquals(0, ok.code(), ok.out());
        Run bad = dln("check", unfixed.toString(), "--case", caseDir.toString(), "--atol", "1e-6", "--allow-partial");
        assertEquals(1, bad.code(), bad.out());
        assertTrue(bad.out().contains("first parting at t = 5"), bad.out());
    }

    @Test
    void pythonExampleRunsWithNumpyAlone() throws Exception {
        Path script = Path.of("..", "examples", "python", "check_golden.py").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(script), script.toString());
        Assumptions.assumeTrue(run(List.of("python3", "-c", "import numpy")).code() == 0, "python3 with numpy is not installed");
        Path out = tmp.resolve("toy");
        Run r = run(List.of("python3", script.toString(), suite.toString(), out.toString()));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("all checks PASS"), r.out());
        Run perturbed = run(List.of("python3", script.toString(), suite.toString(), "--perturb"));
        assertEquals(1, perturbed.code(), perturbed.out());
        // the toy solver's .npy output passes dln check too
        Run check = dln("check", out.resolve("whitened-P1-L1-g1").toString(), "--case", suite.resolve("whitened-P1-L1-g1").toString());
        assertEquals(0, check.code(), check.out());
    }

    static Run run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }
}
