package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.LongTime;
import org.dln.linear.result.Method;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;
import org.dln.linear.solver.TwoTimeKernels;
import org.dln.numeric.report.SolverReport;

/**
 * Writes a {@link Solution} as a JSON document of schema "dln-trajectory" version {@value #SCHEMA_VERSION} (docs/formats.md)
 * and reads one back. Formatting only: nothing here computes. An undefined value (NaN: an alignment where y = 0 or
 * its kernel is 0, see {@link org.dln.linear.result.Solutions#requireFinite}) is written as null and read back as NaN.
 */
public final class SolutionJson {
    public static final String SCHEMA = "dln-trajectory";
    public static final int SCHEMA_VERSION = 1;
    public static final String VERSION = "0.1.0";

    private SolutionJson() {
    }

    /** The JSON document. */
    public static ObjectNode toJson(Solution s) {
        ObjectNode o = ProblemJson.MAPPER.createObjectNode();
        o.put("schema", SCHEMA);
        o.put("schema_version", SCHEMA_VERSION);
        o.put("dln_version", VERSION);
        o.put("kind", s.kind());
        o.set("problem", ProblemJson.toJson(s.problem()));
        o.set("method", methodJson(s.method()));
        o.set("report", reportJson(s.report()));
        ObjectNode obs = o.putObject("observables");
        for (Observable ob : s.observables().values()) {
            ObjectNode e = obs.putObject(ob.name());
            e.set("shape", ProblemJson.MAPPER.valueToTree(ob.shape()));
            e.set("value", nested(ob.value(), ob.shape()));
            if (ob.hasStderr()) {
                e.set("stderr", nested(ob.stderr(), ob.shape()));
            }
        }
        if (s.twoTime() != null) {
            o.set("two_time", twoTimeJson(s.twoTime(), s.problem().depth()));
        }
        return o;
    }

    /** The JSON document, indented. */
    public static String toJsonString(Solution s) {
        return pretty(toJson(s));
    }

    static String pretty(JsonNode n) {
        try {
            return ProblemJson.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode methodJson(Method m) {
        ObjectNode o = ProblemJson.MAPPER.createObjectNode();
        for (Map.Entry<String, Object> e : m.entries().entrySet()) {
            Object v = e.getValue();
            String k = e.getKey();
            if (v == null) {
                o.putNull(k);
            } else if (v instanceof LongTime lt) {
                ObjectNode n = o.putObject(k);
                n.put("converged", lt.converged());
                finiteOrNull(n, "error_estimate", lt.errorEstimate());
                n.set("ntk", ProblemJson.MAPPER.valueToTree(lt.ntk()));
            } else {
                o.set(k, ProblemJson.MAPPER.valueToTree(v));
            }
        }
        return o;
    }

    public static ObjectNode reportJson(SolverReport r) {
        ObjectNode o = ProblemJson.MAPPER.createObjectNode();
        o.put("solver", r.solver());
        o.put("iterations", r.iterations());
        finiteOrNull(o, "residual", r.residual());
        o.set("residual_history", ProblemJson.MAPPER.valueToTree(r.residualHistory()));
        o.put("converged", r.converged());
        o.put("wall_seconds", r.wallSeconds());
        o.set("notes", ProblemJson.MAPPER.valueToTree(r.notes()));
        return o;
    }

    private static void finiteOrNull(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static ObjectNode twoTimeJson(TwoTimeKernels k, int depth) {
        ObjectNode o = ProblemJson.MAPPER.createObjectNode();
        o.put("index", "i = t * S + mu, S = P + Q (train then test), t = 0..T-1");
        int n = k.samples() * k.timePoints();
        for (int l = 1; l <= depth; l++) {
            o.set("Phi" + l, rows(k.phi()[l], n, n));
            o.set("G" + l, rows(k.g()[l], k.timePoints(), k.timePoints()));
        }
        for (int l = 1; l < depth; l++) {
            if (k.a() != null && k.a()[l] != null) {
                o.set("A" + l, rows(k.a()[l], n, k.timePoints()));
            }
            if (k.b() != null && k.b()[l] != null) {
                o.set("B" + l, rows(k.b()[l], k.timePoints(), n));
            }
        }
        return o;
    }

    private static ArrayNode rows(double[] a, int r, int c) {
        ArrayNode out = ProblemJson.MAPPER.createArrayNode();
        for (int i = 0; i < r; i++) {
            ArrayNode row = out.addArray();
            for (int j = 0; j < c; j++) {
                row.add(a[i * c + j]);
            }
        }
        return out;
    }

    private static JsonNode nested(double[] v, int[] shape) {
        return nestedFrom(v, shape, 0, 0);
    }

    private static JsonNode nestedFrom(double[] v, int[] shape, int dim, int offset) {
        ArrayNode a = ProblemJson.MAPPER.createArrayNode();
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        for (int i = 0; i < shape[dim]; i++) {
            if (dim == shape.length - 1) {
                double x = v[offset + i];
                if (Double.isFinite(x)) {
                    a.add(x);
                } else {
                    a.addNull(); // an undefined alignment (Solutions.requireFinite lets nothing else through)
                }
            } else {
                a.add(nestedFrom(v, shape, dim + 1, offset + i * stride));
            }
        }
        return a;
    }

    /** Reads a document written by {@link #toJson} (the two-time kernels are not read back). */
    public static Solution read(Path file) {
        JsonNode root;
        try {
            root = ProblemJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", "result file", file, ProblemJson.firstLine(e));
        }
        return fromJson(root, file);
    }

    /** A solution from a parsed document; {@code source} names it in error messages. */
    static Solution fromJson(JsonNode root, Path source) {
        if (!SCHEMA.equals(root.path("schema").asText()) || root.path("schema_version").asInt() != SCHEMA_VERSION) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", "result file", source,
                    "not a " + SCHEMA + " document of schema_version " + SCHEMA_VERSION);
        }
        if (!root.path("observables").isObject()) {
            throw malformed(source, "observables", "the document has no 'observables' object");
        }
        Map<String, Observable> obs = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("observables").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode o = e.getValue();
            String field = "observables." + e.getKey();
            JsonNode sh = o.path("shape");
            if (!sh.isArray() || sh.size() == 0) {
                throw malformed(source, field + ".shape", "missing or empty: give the dimensions, time first, e.g. [T, P]");
            }
            int[] shape = new int[sh.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!sh.get(i).canConvertToInt() || !sh.get(i).isIntegralNumber() || sh.get(i).asInt() < 0) {
                    throw malformed(source, field + ".shape", "entry " + i + " = " + sh.get(i) + " is not a whole number >= 0");
                }
                shape[i] = sh.get(i).asInt();
            }
            if (!o.path("value").isArray()) {
                throw malformed(source, field + ".value", "missing: give the values as nested arrays of the shape");
            }
            double[] v = flat(o.get("value"));
            double[] se = o.hasNonNull("stderr") ? flat(o.get("stderr")) : null;
            try {
                obs.put(e.getKey(), new Observable(e.getKey(), shape, v, se));
            } catch (IllegalArgumentException ex) {
                throw malformed(source, field, ex.getMessage() + (se != null && se.length != v.length ? " (or its stderr)" : ""));
            }
        }
        if (!obs.containsKey("loss")) {
            throw malformed(source, "observables.loss", "a dln-trajectory document needs the observable 'loss'");
        }
        Problem p = ProblemJson.fromJson(root.path("problem"), source.toAbsolutePath().getParent(), "problem").checkStability(false).build();
        return new Solution(root.path("kind").asText(), p, readMethod(root.path("method")), readReport(root.path("report")), obs, null);
    }

    private static InvalidInputException malformed(Path source, String field, String why) {
        return new InvalidInputException(InputError.UNREADABLE, field, "result file", source, "'" + field + "': " + why);
    }

    private static Method readMethod(JsonNode m) {
        Method.Builder b = Method.builder();
        Iterator<Map.Entry<String, JsonNode>> it = m.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (e.getKey().equals("long_time") && v.isObject()) {
                b.put("long_time", new LongTime(v.path("converged").asBoolean(),
                        v.path("error_estimate").isNumber() ? v.path("error_estimate").asDouble() : Double.NaN,
                        ProblemJson.MAPPER.convertValue(v.get("ntk"), double[][].class)));
            } else if (v.isTextual()) {
                b.put(e.getKey(), v.asText());
            } else if (v.isBoolean()) {
                b.put(e.getKey(), v.asBoolean());
            } else if (v.isIntegralNumber()) {
                b.put(e.getKey(), v.asLong());
            } else if (v.isNumber()) {
                b.put(e.getKey(), v.asDouble());
            } else if (v.isArray() && v.size() > 0 && v.get(0).isArray()) {
                b.put(e.getKey(), ProblemJson.MAPPER.convertValue(v, double[][].class));
            } else if (v.isArray()) {
                b.put(e.getKey(), flat(v));
            } else if (!v.isNull()) {
                b.put(e.getKey(), v.toString());
            }
        }
        return b.build();
    }

    private static SolverReport readReport(JsonNode r) {
        List<String> notes = new ArrayList<>();
        r.path("notes").forEach(n -> notes.add(n.asText()));
        return new SolverReport(r.path("solver").asText(), r.path("iterations").asInt(), flat(r.path("residual_history")),
                r.path("residual").isNumber() ? r.path("residual").asDouble() : Double.NaN, r.path("converged").asBoolean(),
                r.path("wall_seconds").asDouble(), notes);
    }

    private static double[] flat(JsonNode n) {
        List<Double> out = new ArrayList<>();
        flatInto(n, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatInto(JsonNode n, List<Double> out) {
        if (n == null || n.isMissingNode()) {
            return;
        }
        if (n.isArray()) {
            for (JsonNode c : n) {
                flatInto(c, out);
            }
        } else {
            out.add(n.isNumber() ? n.asDouble() : Double.NaN);
        }
    }
}
