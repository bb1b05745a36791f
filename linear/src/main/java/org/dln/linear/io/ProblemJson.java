package org.dln.linear.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;

/**
 * Reads and writes the problem specification (docs/formats.md "Problem files"). Fields:
 * {@code X} (P x D) or {@code Kx} (P x P); optional {@code X_test} (Q x D) or {@code Kx_test_train} (Q x P) and
 * {@code Kx_test_test} (Q x Q); {@code y} (P); {@code L}; {@code gamma0}; {@code eta}; {@code T} (time points);
 * {@code conventions: {loss: sum|mean, output: uncentred|centred, update: exact|ntk-euler}}. Matrices may also be given as the path of a CSV
 * file (relative to the problem file). The aliases depth_L and steps_T of the reference runs are accepted, as is a
 * document whose problem sits under "inputs" or "problem". Reading is strict: unknown fields (with the nearest known
 * name suggested), values of the wrong type, trailing content and empty files are {@link InvalidInputException}s; a
 * field left out takes the value of the built-in default problem ({@link #newBuilder()}).
 */
public final class ProblemJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Reads one JSON document and nothing after it (trailing junk is an error, not silently dropped). */
    static final ObjectReader READER = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Depth of a problem that does not give one: that of the built-in default problem. */
    public static final int DEFAULT_DEPTH = 2;
    /** Time points of a problem that does not give them: those of the built-in default problem. */
    public static final int DEFAULT_TIME_POINTS = 80;
    /** gamma0 of a problem that does not give one: that of the built-in default problem. */
    public static final double DEFAULT_GAMMA0 = 1.0;
    /** eta of a problem that does not give one: that of the built-in default problem. */
    public static final double DEFAULT_ETA = 0.05;

    /** The fields of a problem file (docs/formats.md); P and Q are written by dln and checked when read. */
    static final List<String> FIELDS = List.of("X", "X_test", "Kx", "Kx_test_train", "Kx_test_test", "y", "L", "gamma0",
            "eta", "T", "conventions", "depth_L", "steps_T", "P", "Q", "description");
    /** Further fields of a problem block inside a document: D (reference runs' "inputs"), beta (dln-bayes). */
    static final List<String> DOCUMENT_FIELDS = List.of("D", "beta");
    static final List<String> CONVENTION_FIELDS = List.of("loss", "output", "update");

    private ProblemJson() {
    }

    /**
     * An empty problem builder with the defaults of the built-in default problem (L = 2, gamma0 = 1, eta = 0.05,
     * T = 80): what a problem file or the problem flags leave out.
     */
    public static Problem.Builder newBuilder() {
        return new Problem.Builder().depth(DEFAULT_DEPTH).gamma0(DEFAULT_GAMMA0).eta(DEFAULT_ETA).timePoints(DEFAULT_TIME_POINTS);
    }

    /** Reads a problem file (JSON). */
    public static Problem.Builder read(Path file) {
        JsonNode root = readDocument(file, "problem", "problem file");
        return fromJson(root, file.toAbsolutePath().getParent());
    }

    /**
     * One JSON document from a file: unreadable, malformed, empty or followed by anything but white space is an error
     * naming {@code field} and the file.
     */
    static JsonNode readDocument(Path file, String field, String what) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = READER.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new InvalidInputException(InputError.UNREADABLE, field, what, file,
                    firstLine(e.getOriginalMessage()) + where + ": it must hold exactly one JSON document");
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(InputError.UNREADABLE, field, what, file, "no such file");
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, field, what, file, firstLine(e));
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidInputException(InputError.UNREADABLE, field, what, file, "the file is empty"
                    + ("problem".equals(field) ? " (a problem file is a JSON object such as {\"X\": [[...]], \"y\": [...]}, docs/formats.md)" : ""));
        }
        return root;
    }

    /** Reads a problem from a stream (JSON), CSV paths relative to baseDir. */
    public static Problem.Builder read(InputStream in, Path baseDir) throws IOException {
        return fromJson(READER.readTree(in), baseDir);
    }

    /** A problem file, or a document holding its problem under "problem" (dln's output) or "inputs" (reference runs). */
    static Problem.Builder fromJson(JsonNode root, Path baseDir) {
        requireObject(root, "problem", "a JSON object such as {\"X\": [[...]], \"y\": [...]}");
        if (root.has("problem")) {
            return fromJson(root.get("problem"), baseDir, "problem");
        } else if (root.has("inputs")) {
            return fromJson(root.get("inputs"), baseDir, "inputs");
        }
        return fromJson(root, baseDir, null);
    }

    /**
     * The problem block of a document (a dln output document's "problem", or a reference run's "inputs", named by
     * {@code block}; null for a bare problem file): its fields are checked against the known ones.
     */
    public static Problem.Builder fromJson(JsonNode n, Path baseDir, String block) {
        requireObject(n, block == null ? "problem" : block, "a JSON object holding the problem's fields");
        List<String> known = new ArrayList<>(FIELDS);
        if (block != null) {
            known.addAll(DOCUMENT_FIELDS);
        }
        checkFields(n, known, "", block == null ? "a problem file" : "the '" + block + "' block of a document");
        Problem.Builder b = newBuilder();
        double[][] x = null;
        double[][] xTest = null;
        double[][] kxTestTrain = null;
        if (n.has("X")) {
            x = matrix(n.get("X"), "X", baseDir);
            b.inputs(x);
        }
        if (n.has("X_test")) {
            xTest = matrix(n.get("X_test"), "X_test", baseDir);
            b.testInputs(xTest);
        }
        if (n.has("Kx")) {
            b.gram(matrix(n.get("Kx"), "Kx", baseDir));
        }
        if (n.has("Kx_test_train") || n.has("Kx_test_test")) {
            kxTestTrain = n.has("Kx_test_train") ? matrix(n.get("Kx_test_train"), "Kx_test_train", baseDir) : null;
            b.testGram(kxTestTrain, n.has("Kx_test_test") ? matrix(n.get("Kx_test_test"), "Kx_test_test", baseDir) : null);
        }
        double[] y = null;
        if (n.has("y")) {
            JsonNode yn = n.get("y");
            y = yn.isTextual() ? MatrixFiles.readVector(baseDir == null ? Path.of(yn.asText()) : baseDir.resolve(yn.asText()), "y")
                    : vector(yn, "y");
            b.y(y);
        }
        if (field(n, "L", "depth_L") != null) {
            b.depth(integer(field(n, "L", "depth_L"), "L"));
        }
        if (n.has("gamma0")) {
            b.gamma0(number(n.get("gamma0"), "gamma0"));
        }
        if (n.has("eta")) {
            b.eta(number(n.get("eta"), "eta"));
        }
        if (field(n, "T", "steps_T") != null) {
            b.timePoints(integer(field(n, "T", "steps_T"), "T"));
        }
        if (n.has("conventions")) {
            JsonNode c = n.get("conventions");
            if (!c.isObject()) {
                throw new InvalidInputException(InputError.WRONG_TYPE, "conventions", "conventions",
                        "an object such as {\"loss\": \"mean\", \"output\": \"centred\"}", describe(c));
            }
            checkFields(c, CONVENTION_FIELDS, "conventions.", "'conventions'");
            Conventions.Loss loss = c.has("loss") ? Conventions.parseLoss(text(c.get("loss"), "conventions.loss", "sum or mean"))
                    : Conventions.Loss.SUM;
            Conventions.Output out = c.has("output")
                    ? Conventions.parseOutput(text(c.get("output"), "conventions.output", "uncentred or centred"))
                    : Conventions.Output.UNCENTRED;
            Conventions.Update up = c.has("update")
                    ? Conventions.parseUpdate(text(c.get("update"), "conventions.update", "exact or ntk-euler"))
                    : Conventions.Update.EXACT;
            b.conventions(new Conventions(loss, out, up));
        }
        if (n.has("P") && y != null) {
            int p = integer(n.get("P"), "P");
            if (p != y.length) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, "P", "P", p, "y (entries)", y.length);
            }
        }
        if (n.has("Q")) {
            int q = integer(n.get("Q"), "Q");
            int given = xTest != null ? xTest.length : kxTestTrain != null ? kxTestTrain.length : 0;
            if (q != given) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, "Q", "Q", q,
                        xTest != null ? "X_test (rows)" : "Kx_test_train (rows)", given);
            }
        }
        if (n.has("D") && x != null && x.length > 0) {
            int d = integer(n.get("D"), "D");
            if (d != x[0].length) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, "D", "D", d, "X (columns)", x[0].length);
            }
        }
        return b;
    }

    /** Every field of {@code n} is one of {@code known} (an alias and its name not both); else the closest is suggested. */
    static void checkFields(JsonNode n, List<String> known, String prefix, String where) {
        Iterator<String> it = n.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!known.contains(f)) {
                String near = closest(f, known);
                throw new InvalidInputException(InputError.UNKNOWN_FIELD, prefix + f, prefix + f, where,
                        near == null ? "" : "; did you mean '" + prefix + near + "'?");
            }
        }
        if (n.has("L") && n.has("depth_L")) {
            throw new InvalidInputException(InputError.BOTH_GIVEN, "L", "L", "depth_L");
        }
        if (n.has("T") && n.has("steps_T")) {
            throw new InvalidInputException(InputError.BOTH_GIVEN, "T", "T", "steps_T");
        }
    }

    /** The known name nearest to {@code f} (edit distance, ignoring case), or null if none is near. */
    static String closest(String f, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(f.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(1, Math.min(3, f.length() / 2)) ? best : null;
    }

    /** Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static void requireObject(JsonNode n, String field, String expected) {
        if (n == null || !n.isObject()) {
            throw new InvalidInputException(InputError.WRONG_TYPE, field, field, expected, describe(n));
        }
    }

    private static String text(JsonNode v, String field, String values) {
        if (!v.isTextual()) {
            throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "a string (" + values + ")", describe(v));
        }
        return v.asText();
    }

    /** What a JSON value is, for messages: "the string \"mean\"", "an object", ... */
    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "missing";
        }
        String shown = v.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 37) + "...";
        }
        if (v.isTextual()) {
            return "the string " + shown;
        } else if (v.isObject()) {
            return "an object (" + shown + ")";
        } else if (v.isArray()) {
            return "an array (" + shown + ")";
        } else if (v.isBoolean()) {
            return "the boolean " + shown;
        } else if (v.isNull()) {
            return "null";
        }
        return "the number " + shown;
    }

    /** The problem as JSON (the same format {@link #read} takes). */
    public static ObjectNode toJson(Problem p) {
        ObjectNode o = MAPPER.createObjectNode();
        if (p.x() != null) {
            o.set("X", MAPPER.valueToTree(p.x()));
            if (p.xTest() != null) {
                o.set("X_test", MAPPER.valueToTree(p.xTest()));
            }
        } else {
            o.set("Kx", MAPPER.valueToTree(p.kx()));
            if (p.testCount() > 0) {
                o.set("Kx_test_train", MAPPER.valueToTree(p.kxTestTrain()));
                o.set("Kx_test_test", MAPPER.valueToTree(p.kxTestTest()));
            }
        }
        o.set("y", MAPPER.valueToTree(p.y()));
        o.put("L", p.depth());
        o.put("gamma0", p.gamma0());
        o.put("eta", p.eta());
        o.put("T", p.timePoints());
        ObjectNode c = o.putObject("conventions");
        String[] ids = p.conventions().ids();
        c.put("loss", ids[0]);
        c.put("output", ids[1]);
        c.put("update", ids[2]);
        o.put("P", p.trainCount());
        o.put("Q", p.testCount());
        return o;
    }

    private static JsonNode field(JsonNode n, String a, String b) {
        return n.has(a) ? n.get(a) : n.get(b);
    }

    static double number(JsonNode v, String field) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            String s = v.asText().trim();
            if (s.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        if (v.isTextual()) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, v.toString(), "must be a number");
        }
        throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "a number", describe(v));
    }

    static int integer(JsonNode v, String field) {
        double d = number(v, field);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, v.toString(), "must be a whole number");
        }
        return (int) d;
    }

    static double[] vector(JsonNode v, String field) {
        if (!v.isArray()) {
            throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "an array of numbers", describe(v));
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(v.get(i), field + "[" + i + "]");
        }
        return out;
    }

    static double[][] matrix(JsonNode v, String field, Path baseDir) {
        if (v.isTextual()) {
            Path p = baseDir == null ? Path.of(v.asText()) : baseDir.resolve(v.asText());
            return MatrixFiles.read(p, field);
        }
        if (!(v instanceof ArrayNode)) {
            throw new InvalidInputException(InputError.WRONG_TYPE, field, field,
                    "an array of rows or the path of a CSV, JSON, .npy or .npz file", describe(v));
        }
        double[][] out = new double[v.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode row = v.get(i);
            if (row.isNumber()) { // a vector given where a matrix is expected: one column
                out[i] = new double[] {row.asDouble()};
            } else {
                out[i] = vector(row, field + "[" + i + "]");
            }
        }
        return out;
    }

    static String firstLine(Exception e) {
        return firstLine(e.getMessage());
    }

    static String firstLine(String message) {
        String m = String.valueOf(message);
        int k = m.indexOf('\n');
        return k < 0 ? m : m.substring(0, k);
    }

    /** Convenience for tests and the CLI: the built-in default problem (the reference run's inputs). */
    public static Problem.Builder defaultProblem() {
        try (InputStream in = ProblemJson.class.getResourceAsStream("/default-problem.json")) {
            return read(in, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path requireFile(Path p, String field) {
        if (!Files.isRegularFile(p)) {
            throw new InvalidInputException(InputError.UNREADABLE, field, field, p, "no such file");
        }
        return p;
    }
}
