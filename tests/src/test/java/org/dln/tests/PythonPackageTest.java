package org.dln.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python package's tests (python/tests, unittest: they compare the package with the command line's JSON,
 * closed forms and numpy's reading of --npz) against the jar this build made, so that {@code mvn -B verify} covers
 * them. Skipped, saying why, only where python3 with numpy is not installed.
 */
class PythonPackageTest {
    static Path root() {
        Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("python").resolve("dln"))) {
            d = d.getParent();
        }
        return d;
    }

    static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void pythonPackageTestsPass() throws Exception {
        Path root = root();
        assertTrue(root != null, "python/dln not found above " + System.getProperty("user.dir"));
        assumeTrue(pythonWithNumpy(), "python3 with numpy is not installed: the Python package's tests are skipped");
        Path jar = root.resolve("linear/target/dln.jar");
        assumeTrue(Files.isRegularFile(jar), "no " + jar + " (it is built by the package phase: mvn -B verify)");
        ProcessBuilder pb = new ProcessBuilder(List.of("python3", "-m", "unittest", "discover", "-s", "python/tests", "-v"))
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("DLN_JAR", jar.toString());
        pb.environment().put("DLN_JAVA_OPTS", "-Xmx1g");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the Python tests did not finish in 10 minutes");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "python3 -m unittest discover -s python/tests failed:\n" + text);
        assertTrue(text.contains("OK") && !text.contains("Ran 0 tests"), text);
    }
}
