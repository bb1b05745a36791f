package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * Arrays in the JSON lines of {@code dln serve} (docs/formats.md "dln serve"): either nested lists of numbers
 * (rectangular; a number is a 0-d array) or {@code {"dtype": "float64", "shape": [...], "base64": "..."}} holding the
 * little-endian float64 values in C order. Decoding checks shape, type and that every value is finite.
 */
public final class ArrayCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ArrayCodec() {
    }

    /** The JSON mapper of dln's documents (for the serve protocol's lines). */
    public static com.fasterxml.jackson.databind.ObjectMapper mapper() {
        return ProblemJson.MAPPER;
    }

    /** The array a request gives under {@code name}. */
    public static Npy.Array decode(JsonNode n, String name) {
        Npy.Array a;
        if (n.isObject()) {
            a = decodeBase64(n, name);
        } else if (n.isArray() || n.isNumber()) {
            a = fromLists(n, name);
        } else {
            throw new InvalidInputException(InputError.WRONG_TYPE, name, "arrays." + name,
                    "nested lists of numbers or {\"dtype\": \"float64\", \"shape\": [...], \"base64\": \"...\"}", describe(n));
        }
        for (int i = 0; i < a.data().length; i++) {
            if (!Double.isFinite(a.data()[i])) {
                throw new InvalidInputException(InputError.NOT_FINITE, name, "arrays." + name, a.data()[i], "flat index " + i);
            }
        }
        return a;
    }

    private static Npy.Array decodeBase64(JsonNode n, String name) {
        String dtype = n.path("dtype").asText("float64");
        if (!dtype.equals("float64") && !dtype.equals("<f8")) {
            throw new InvalidInputException(InputError.UNKNOWN_VALUE, name, "arrays." + name + ".dtype", dtype, "[float64]");
        }
        JsonNode sh = n.get("shape");
        if (sh == null || !sh.isArray()) {
            throw new InvalidInputException(InputError.MISSING, name, "arrays." + name + ".shape", "give the shape as a list of integers");
        }
        int[] shape = new int[sh.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!sh.get(i).canConvertToInt() || sh.get(i).asInt() < 0) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, name, "arrays." + name + ".shape", sh.toString(),
                        "must be a list of integers >= 0");
            }
            shape[i] = sh.get(i).asInt();
            size *= shape[i];
        }
        byte[] b;
        try {
            b = Base64.getDecoder().decode(n.path("base64").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, name, "arrays." + name + ".base64", "...", "not base64: " + e.getMessage());
        }
        if (b.length != 8 * size) {
            throw new InvalidInputException(InputError.SIZE_MISMATCH, name, "arrays." + name + ".base64 (bytes)", b.length,
                    "8 x the shape's " + size + " entries", 8 * size);
        }
        double[] d = new double[(int) size];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(d);
        return new Npy.Array(shape, d);
    }

    /** An array as nested lists (base64 false) or as a base64 object (base64 true). */
    public static JsonNode encode(Npy.Array a, boolean base64) {
        if (base64) {
            ObjectNode o = F.objectNode();
            o.put("dtype", "float64");
            ArrayNode sh = o.putArray("shape");
            for (int d : a.shape()) {
                sh.add(d);
            }
            ByteBuffer buf = ByteBuffer.allocate(8 * a.data().length).order(ByteOrder.LITTLE_ENDIAN);
            buf.asDoubleBuffer().put(a.data());
            o.put("base64", Base64.getEncoder().encodeToString(buf.array()));
            return o;
        }
        if (a.shape().length == 0) {
            return F.numberNode(a.data()[0]);
        }
        int[] at = {0};
        return nest(a, 0, at);
    }

    private static JsonNode nest(Npy.Array a, int depth, int[] at) {
        ArrayNode n = F.arrayNode();
        for (int i = 0; i < a.shape()[depth]; i++) {
            if (depth + 1 == a.shape().length) {
                n.add(a.data()[at[0]++]);
            } else {
                n.add(nest(a, depth + 1, at));
            }
        }
        return n;
    }

    private static String describe(JsonNode n) {
        return n.isTextual() ? "a string" : n.isBoolean() ? "a boolean" : n.isNull() ? "null" : n.getNodeType().toString().toLowerCase();
    }

    /** Nested lists of numbers (rectangular; a number is a 0-d array) to an array. */
    public static Npy.Array fromLists(JsonNode n, String name) {
        List<Integer> shape = new ArrayList<>();
        JsonNode c = n;
        while (c.isArray()) {
            shape.add(c.size());
            if (c.size() == 0) {
                break;
            }
            c = c.get(0);
        }
        int[] sh = shape.stream().mapToInt(Integer::intValue).toArray();
        long size = 1;
        for (int d : sh) {
            size *= d;
        }
        double[] data = new double[(int) size];
        int[] at = {0};
        fill(n, 0, sh, data, at, name);
        return new Npy.Array(sh, data);
    }

    private static void fill(JsonNode n, int depth, int[] sh, double[] data, int[] at, String name) {
        if (depth == sh.length) {
            if (!n.isNumber()) {
                throw new InvalidInputException(InputError.WRONG_TYPE, name, name + " (entry " + at[0] + ")", "a number", describe(n));
            }
            data[at[0]++] = n.asDouble();
            return;
        }
        if (!n.isArray() || n.size() != sh[depth]) {
            throw new InvalidInputException(InputError.WRONG_TYPE, name, name, "a rectangular array (nested lists of equal lengths)",
                    "lists of different lengths at depth " + depth);
        }
        for (JsonNode c : n) {
            fill(c, depth + 1, sh, data, at, name);
        }
    }
}
