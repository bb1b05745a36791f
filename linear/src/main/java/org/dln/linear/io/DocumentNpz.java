package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The observables of a document without a time axis (the Bayesian saddle point, the Langevin posterior) as a NumPy
 * .npz archive: per observable {@code name} its {@code value} as {@code name}, its {@code stderr} as {@code name_se}
 * and its autocorrelation time {@code tau} as {@code name_tau}, float64 in C order.
 */
public final class DocumentNpz {
    private DocumentNpz() {
    }

    /** The arrays of the document's "observables" object, in order. */
    public static Map<String, Npy.Array> arrays(JsonNode doc) {
        Map<String, Npy.Array> out = new LinkedHashMap<>();
        var it = doc.path("observables").fields();
        while (it.hasNext()) {
            var e = it.next();
            put(out, e.getKey(), e.getValue().get("value"));
            put(out, e.getKey() + "_se", e.getValue().get("stderr"));
            put(out, e.getKey() + "_tau", e.getValue().get("tau"));
        }
        return out;
    }

    /** Writes the archive atomically. */
    public static void write(JsonNode doc, Path file) throws IOException {
        Npz.write(file, arrays(doc));
    }

    private static void put(Map<String, Npy.Array> out, String name, JsonNode n) {
        if (n != null && !n.isNull()) {
            out.put(name, array(n, name));
        }
    }

    /** A rectangular nested JSON array of numbers (or one number: a 0-d array). */
    static Npy.Array array(JsonNode n, String name) {
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
        int size = 1;
        for (int d : sh) {
            size *= d;
        }
        double[] data = new double[size];
        int[] at = {0};
        fill(n, 0, sh, data, at, name);
        return new Npy.Array(sh, data);
    }

    private static void fill(JsonNode n, int depth, int[] sh, double[] data, int[] at, String name) {
        if (depth == sh.length) {
            if (!n.isNumber()) {
                throw new IllegalStateException("observable " + name + ": not a number: " + n);
            }
            data[at[0]++] = n.asDouble();
            return;
        }
        if (!n.isArray() || n.size() != sh[depth]) {
            throw new IllegalStateException("observable " + name + " is not a rectangular array");
        }
        for (JsonNode c : n) {
            fill(c, depth + 1, sh, data, at, name);
        }
    }
}
