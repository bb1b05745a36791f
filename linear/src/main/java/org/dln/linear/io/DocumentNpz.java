package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The observables of a document without a time axis (the Bayesian saddle point, the Langevin posterior) as a NumPy
 * .npz archive: per observable {@code name} its {@code value} as {@code name}, its {@code stderr} as {@code name_se}
 * its autocorrelation time {@code tau} as {@code name_tau} and effective sample size as {@code name_ess}, float64 in C order.
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
            put(out, e.getKey() + "_ess", e.getValue().get("ess"));
        }
        return out;
    }

    /** Writes the archive atomically. */
    public static void write(JsonNode doc, Path file) throws IOException {
        Npz.write(file, arrays(doc));
    }

    private static void put(Map<String, Npy.Array> out, String name, JsonNode n) {
        if (n != null && !n.isNull()) {
            out.put(name, ArrayCodec.fromLists(n, name));
        }
    }
}
