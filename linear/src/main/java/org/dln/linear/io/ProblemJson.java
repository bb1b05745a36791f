package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * document whose problem sits under "inputs" or "problem".
 */
public final class ProblemJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ProblemJson() {
    }

    /** Reads a problem file (JSON). */
    public static Problem.Builder read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "problem", "problem file", file, firstLine(e));
        }
        return fromJson(root, file.toAbsolutePath().getParent());
    }

    /** Reads a problem from a stream (JSON), CSV paths relative to baseDir. */
    public static Problem.Builder read(InputStream in, Path baseDir) throws IOException {
        return fromJson(MAPPER.readTree(in), baseDir);
    }

    static Problem.Builder fromJson(JsonNode root, Path baseDir) {
        JsonNode n = root;
        if (n.has("problem")) {
            n = n.get("problem");
        } else if (n.has("inputs")) {
            n = n.get("inputs");
        }
        Problem.Builder b = new Problem.Builder();
        if (n.has("X")) {
            b.inputs(matrix(n.get("X"), "X", baseDir));
        }
        if (n.has("X_test")) {
            b.testInputs(matrix(n.get("X_test"), "X_test", baseDir));
        }
        if (n.has("Kx")) {
            b.gram(matrix(n.get("Kx"), "Kx", baseDir));
        }
        if (n.has("Kx_test_train")) {
            b.testGram(matrix(n.get("Kx_test_train"), "Kx_test_train", baseDir),
                    n.has("Kx_test_test") ? matrix(n.get("Kx_test_test"), "Kx_test_test", baseDir) : null);
        }
        if (n.has("y")) {
            b.y(vector(n.get("y"), "y"));
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
            Conventions.Loss loss = c.has("loss") ? Conventions.parseLoss(c.get("loss").asText()) : Conventions.Loss.SUM;
            Conventions.Output out = c.has("output") ? Conventions.parseOutput(c.get("output").asText())
                    : Conventions.Output.UNCENTRED;
            Conventions.Update up = c.has("update") ? Conventions.parseUpdate(c.get("update").asText()) : Conventions.Update.EXACT;
            b.conventions(new Conventions(loss, out, up));
        }
        return b;
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
        throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, v.toString(), "must be a number");
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
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, v.toString(), "must be an array of numbers");
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
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, v.toString(),
                    "must be an array of rows or the path of a CSV file");
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
        String m = String.valueOf(e.getMessage());
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
