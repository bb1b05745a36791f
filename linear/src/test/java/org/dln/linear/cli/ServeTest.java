package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: {@code dln serve} answers each JSON line with one JSON line, through the same command code as the
 * command line (the reference: the CLI's own JSON document for the same arguments), and survives bad requests.
 */
class ServeTest {
    static final ObjectMapper M = new ObjectMapper();

    record Session(List<JsonNode> responses, String protocol, String stderr) {
    }

    static Session serve(String... lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] in = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        PrintStream savedErr = System.err;
        int code = ServeCommand.serve(new ByteArrayInputStream(in), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertEquals(savedErr, System.err, "stderr restored");
        String text = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> r = new ArrayList<>();
        for (String l : text.split("\n")) {
            r.add(M.readTree(l)); // every protocol line is one JSON object: nothing else reaches stdout
        }
        assertTrue(r.get(0).path("ready").asBoolean(), text);
        return new Session(r.subList(1, r.size()), text, err.toString(StandardCharsets.UTF_8));
    }

    static double[] flat(JsonNode n) {
        return NumpyFilesTest.flatten(n);
    }

    @Test
    void solveMatchesTheCommandLineAndSurvivesBadRequests() throws Exception {
        String x = "[[1.0, 0.2, -0.3], [0.1, 1.0, 0.4]]";
        Session s = serve(
                "{\"id\": 1, \"command\": \"ping\"}",
                "{\"id\": 2, \"command\": \"solve\", \"args\": [\"-T\", \"9\", \"-g\", \"0.5\"], \"arrays\": {\"X\": " + x + ", \"y\": [1, -0.5]}}",
                "this is not json",
                "{\"id\": 3, \"command\": \"solve\", \"arrays\": {\"X\": [[1, 2], [3]], \"y\": [1, 2]}}",
                "{\"id\": 4, \"command\": \"solve\", \"args\": [\"-T\", \"9\", \"-g\", \"0.5\"], \"arrays\": {\"X\": " + x
                        + ", \"y\": [1, -0.5]}, \"encoding\": \"base64\"}",
                "{\"id\": 5, \"command\": \"no-such-command\"}",
                "{\"id\": 6, \"command\": \"solve\", \"arrays\": {\"y\": [1, \"a\", 2]}}",
                "{\"id\": 7, \"command\": \"solve\", \"args\": [\"-T\", \"4\", \"--eta\", \"-1\"]}",
                "{\"id\": 8, \"command\": \"flow\", \"args\": [\"--t-max\", \"2\"], \"arrays\": {\"X\": " + x + ", \"y\": [1, -0.5]}}",
                "{\"command\": \"shutdown\"}",
                "{\"id\": 9, \"command\": \"ping\"}");
        List<JsonNode> r = s.responses();
        assertEquals(10, r.size(), s.protocol()); // nothing after shutdown
        assertEquals(0, r.get(0).get("status").asInt());

        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("serve-test");
        java.nio.file.Path p = dir.resolve("p.json");
        java.nio.file.Files.writeString(p, "{\"X\": " + x + ", \"y\": [1, -0.5]}");
        Outcome cli = Outcome.run("solve", "--problem", p.toString(), "-T", "9", "-g", "0.5", "--json");
        JsonNode doc = M.readTree(cli.out());
        JsonNode solve = r.get(1);
        assertEquals(0, solve.get("status").asInt(), solve.toString());
        assertEquals(2, solve.get("id").asInt());
        assertEquals("sum", solve.get("conventions").get("loss").asText());
        assertEquals(doc.get("report").get("iterations"), solve.get("report").get("iterations"));
        JsonNode b64 = r.get(4).get("arrays");
        var names = doc.get("observables").fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            double[] want = flat(doc.get("observables").get(n).get("value"));
            assertArrayEquals(want, flat(solve.get("arrays").get(n)), 0.0, n);
            byte[] raw = java.util.Base64.getDecoder().decode(b64.get(n).get("base64").asText());
            double[] got = new double[raw.length / 8];
            java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(got);
            assertArrayEquals(want, got, 0.0, n + " (base64)");
        }
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, flat(solve.get("arrays").get("t")), 0.0);

        assertEquals(2, r.get(2).get("status").asInt());
        assertTrue(r.get(2).get("error").asText().contains("not JSON"));
        assertEquals(2, r.get(3).get("status").asInt());
        assertTrue(r.get(3).get("error").asText().contains("rectangular"), r.get(3).toString());
        assertEquals(2, r.get(5).get("status").asInt());
        assertEquals(2, r.get(6).get("status").asInt());
        assertTrue(r.get(6).get("error").asText().contains("'y"), r.get(6).toString());
        assertEquals(2, r.get(7).get("status").asInt());
        assertTrue(r.get(7).get("error").asText().contains("'eta'"), r.get(7).toString());
        assertFalse(r.get(7).has("arrays"), "no result on bad input");
        JsonNode flow = r.get(8);
        assertEquals("gradient-flow", flow.get("method").get("time").asText(), flow.toString());
        double[] time = flat(flow.get("arrays").get("time"));
        assertEquals(0.0, time[0]);
        assertEquals(2.0, time[time.length - 1], 1e-12);
        assertEquals("shutdown", r.get(9).get("command").asText());
        assertTrue(s.stderr().contains("dln: error:"), "messages go to stderr");
    }
}
