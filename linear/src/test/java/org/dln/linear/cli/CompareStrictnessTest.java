package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: dln compare cannot pass on NaN, zero standard errors, a bad --max-sigma, mismatched or empty input. */
class CompareStrictnessTest {
    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path tmp;
    Path a;
    ObjectNode withSe;

    @BeforeEach
    void documents() throws Exception {
        a = tmp.resolve("a.json");
        assertEquals(0, Outcome.run("solve", "-T", "5", "--out", a.toString()).code());
        // B: the same numbers with a standard error 0.1 on every entry (a stand-in for a simulation)
        withSe = (ObjectNode) M.readTree(a.toFile());
        withSe.put("kind", "simulation");
        Iterator<Map.Entry<String, JsonNode>> it = withSe.path("observables").fields();
        while (it.hasNext()) {
            ObjectNode o = (ObjectNode) it.next().getValue();
            o.set("stderr", constant(o.get("value"), 0.1));
        }
    }

    private static JsonNode constant(JsonNode n, double c) {
        if (n.isArray()) {
            ArrayNode out = M.createArrayNode();
            n.forEach(x -> out.add(constant(x, c)));
            return out;
        }
        return M.getNodeFactory().numberNode(c);
    }

    private Path b(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode d = withSe.deepCopy();
        edit.accept((ObjectNode) d.path("observables"));
        Path p = tmp.resolve("b" + System.nanoTime() + ".json");
        Files.writeString(p, d.toPrettyString());
        return p;
    }

    private static ArrayNode row(ObjectNode obs, String name, String field, int t) {
        return (ArrayNode) obs.path(name).path(field).get(t);
    }

    private Outcome compare(Path b, String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "compare";
        args[1] = a.toString();
        args[2] = b.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return Outcome.run(args);
    }

    static void failed(Outcome o, String... needles) {
        assertEquals(1, o.code(), o.out() + o.err());
        for (String n : needles) {
            assertTrue(o.err().contains(n), "'" + n + "' in:\n" + o.err());
        }
        NonFiniteResultTest.noStackTrace(o);
    }

    @Test
    void identicalDocumentsPassAndSayHowManyValuesWereCompared() throws Exception {
        Outcome o = compare(b(obs -> { }), "--max-sigma", "3");
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("compared 180 values in 10 observables"), o.out());
    }

    @Test
    void aNanValueFailsNamingObservableAndEntry() throws Exception {
        // before: "max abs dev Infinity" and exit 0 with --max-sigma 3
        Outcome o = compare(b(obs -> row(obs, "f", "value", 2).set(1, M.nullNode())), "--max-sigma", "3");
        failed(o, "f: value NaN in B at t = 2, f[1]");
        // without --max-sigma too
        failed(compare(b(obs -> row(obs, "f", "value", 2).set(1, M.nullNode()))), "f[1]");
        failed(compare(b(obs -> ((ArrayNode) row(obs, "ntk", "stderr", 1).get(0)).set(1, M.getNodeFactory().textNode("NaN")))),
                "ntk: stderr NaN in B at t = 1, ntk[0][1]");
    }

    @Test
    void aZeroStandardErrorWithADeviationIsInfinitelyManySigmas() throws Exception {
        // before: the infinite sigma was filtered out and the comparison passed
        Outcome o = compare(b(obs -> {
            row(obs, "f", "value", 2).set(1, row(obs, "f", "value", 2).get(1).asDouble() + 0.5);
            row(obs, "f", "stderr", 2).set(1, 0.0);
        }), "--max-sigma", "3");
        failed(o, "Infinity standard errors (t = 2, f[1])");
    }

    @Test
    void maxSigmaMustBeAFinitePositiveNumber() throws Exception {
        Path b = b(obs -> row(obs, "f", "value", 2).set(1, 1000.0)); // thousands of sigmas
        for (String z : new String[] {"NaN", "0", "-3", "Infinity"}) {
            Outcome o = compare(b, "--max-sigma", z);
            assertEquals(2, o.code(), z + ": " + o.err());
            assertTrue(o.err().contains("'max-sigma'"), o.err());
            NonFiniteResultTest.noStackTrace(o);
        }
        failed(compare(b, "--max-sigma", "3"), "exceeds --max-sigma");
    }

    @Test
    void aShapeMismatchFailsNamingTheObservable() throws Exception {
        // before: skipped silently
        Outcome o = compare(b(obs -> {
            ObjectNode k = (ObjectNode) obs.path("ntk");
            ArrayNode shape = M.createArrayNode().add(5).add(9);
            k.set("shape", shape);
        }), "--max-sigma", "3");
        failed(o, "ntk: shape [5, 3, 3] in A but [5, 9] in B");
    }

    @Test
    void noCommonValuesIsAFailureNotAPass() throws Exception {
        // before: two documents without a common observable "passed"
        Outcome o = compare(b(obs -> {
            obs.retain("loss");
            ObjectNode loss = (ObjectNode) obs.path("loss");
            loss.set("shape", M.createArrayNode().add(0));
            loss.set("value", M.createArrayNode());
            loss.remove("stderr");
        }), "--max-sigma", "3");
        failed(o, "no values compared");
        assertTrue(o.out().contains("compared 0 values"), o.out());
        assertFalse(o.out().contains("NaN"));
    }

    @Test
    void aMalformedDocumentIsBadInputNamingTheField() throws Exception {
        Path b = b(obs -> ((ObjectNode) obs.path("f")).remove("shape"));
        Outcome o = compare(b);
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("observables.f.shape"), o.err());
        NonFiniteResultTest.noStackTrace(o);
    }
}
