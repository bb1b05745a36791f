package org.dln.linear.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted write never leaves a truncated or destroyed file (issue 14): a child JVM runs
 * {@code dln solve --full-kernels --out result.json} (a document of about 20 MB, several hundred ms to
 * write) over an existing valid result; as soon as the write starts (a file appears beside the target, or the target
 * changes) the child is killed (SIGKILL, no shutdown hooks) after 0 to 150 ms. After every kill the target must still
 * parse as a whole JSON document, and be either the previous document or the new one (never truncated, never
 * destroyed); at least one kill must land while the write is under way, else the test would show nothing. A writer
 * that wrote the target in place (the behaviour before issue 14) fails it: its kills leave truncated JSON.
 */
class InterruptedWriteTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void killedWriterLeavesTheOldOrTheNewDocument() throws Exception {
        Path target = dir.resolve("result.json");
        ObjectMapper mapper = new ObjectMapper();
        int killedWhileWriting = 0;
        for (long delay : new long[] {0, 10, 50, 150}) {
            removeOthers(target); // a killed writer leaves its hidden temporary file behind
            Files.writeString(target, PREVIOUS); // the previous, valid document
            Process p = child(target);
            boolean writing = awaitWriteStart(p, target);
            Thread.sleep(delay);
            boolean stillWriting = p.isAlive() && writing && otherFileExists(target);
            p.destroyForcibly().waitFor();
            killedWhileWriting += stillWriting ? 1 : 0;
            JsonNode doc = mapper.readTree(target.toFile()); // throws on a truncated document
            String schema = doc.path("schema").asText();
            assertTrue(schema.equals("previous") || schema.equals("dln-trajectory"), "killed " + delay + " ms into the write: " + schema);
            assertTrue(schema.equals("previous") ? doc.path("complete").asBoolean() : doc.path("two_time").has("Phi1"),
                    "the document is whole");
        }
        assertTrue(killedWhileWriting > 0, "at least one kill must land while the file is being written");
        Files.writeString(target, PREVIOUS);
        Process p = child(target);
        assertEquals(0, p.waitFor(), "an uninterrupted run succeeds");
        assertEquals("dln-trajectory", mapper.readTree(target.toFile()).path("schema").asText());
    }

    private static final String PREVIOUS = "{\"schema\": \"previous\", \"complete\": true}";

    /** Waits until the child starts writing: another file appears beside the target, or the target changes. */
    private static boolean awaitWriteStart(Process p, Path target) throws Exception {
        long size = Files.size(target);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (otherFileExists(target) || Files.size(target) != size) {
                return true;
            }
            Thread.sleep(1);
        }
        return false;
    }

    private static void removeOthers(Path target) throws Exception {
        try (var s = Files.list(target.getParent())) {
            for (Path f : s.filter(f -> !f.equals(target)).toList()) {
                Files.delete(f);
            }
        }
    }

    private static boolean otherFileExists(Path target) throws Exception {
        try (var s = Files.list(target.getParent())) {
            return s.anyMatch(f -> !f.equals(target));
        }
    }

    /** dln solve with two-time kernels (n = P T = 600: several MB of JSON) writing to target, in a child JVM. */
    private static Process child(Path target) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.dln.linear.cli.DlnCommand",
                "solve", "-T", "200", "--full-kernels", "--out", target.toString());
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).directory(new File(target.getParent().toString())).start();
    }
}
