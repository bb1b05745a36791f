package org.dln.linear.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * The values of an axis: a list ({@code [0.1, 0.2]}) or a range {@code {"from": a, "to": b, "count": n, "scale":
 * "linear"|"log"}} (n points including both ends; log spacing needs a, b > 0); and the Cartesian product of axes.
 */
final class Axes {
    private Axes() {
    }

    static List<Object> values(Parameter p, JsonNode spec, String field) {
        List<Object> out = new ArrayList<>();
        if (spec.isArray()) {
            if (spec.isEmpty()) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, "[]", "an axis needs at least one value");
            }
            for (int i = 0; i < spec.size(); i++) {
                out.add(SweepGrid.value(p, spec.get(i), field + "[" + i + "]"));
            }
        } else if (spec.isObject()) {
            for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!List.of("from", "to", "count", "scale").contains(f)) {
                    throw new InvalidInputException(InputError.UNKNOWN_FIELD, field + "." + f, field + "." + f, "a range",
                            " (a range is {\"from\": a, \"to\": b, \"count\": n, \"scale\": \"linear\" or \"log\"})");
                }
            }
            if (p.type() == Parameter.Type.STRING) {
                throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "a list of values", "a range");
            }
            double from = number(spec, "from", field), to = number(spec, "to", field);
            JsonNode c = spec.get("count");
            if (c == null || !c.isInt() || c.asInt() < 1 || c.asInt() > 1_000_000) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field + ".count", field + ".count", c == null ? "missing" : c.toString(),
                        "give the number of values, an integer in 1..1000000");
            }
            int n = c.asInt();
            String scale = spec.path("scale").asText("linear");
            if (!scale.equals("linear") && !scale.equals("log")) {
                throw new InvalidInputException(InputError.UNKNOWN_VALUE, field + ".scale", field + ".scale", scale, "linear, log");
            }
            boolean log = scale.equals("log");
            if (log && !(from > 0 && to > 0)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field + ".from", field + ".from", from,
                        "a log-spaced range needs from > 0 and to > 0");
            }
            for (int i = 0; i < n; i++) {
                double s = n == 1 ? 0 : (double) i / (n - 1);
                double v = i == n - 1 && n > 1 ? to : log ? from * Math.pow(to / from, s) : from + s * (to - from);
                if (p.type() == Parameter.Type.INT) {
                    long r = Math.round(v);
                    if (out.isEmpty() || !out.get(out.size() - 1).equals((int) r)) {
                        out.add((int) r);
                    }
                } else {
                    out.add(v);
                }
            }
        } else {
            out.add(SweepGrid.value(p, spec, field));
        }
        return out;
    }

    private static double number(JsonNode spec, String key, String field) {
        JsonNode v = spec.get(key);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field + "." + key, field + "." + key, v == null ? "missing" : v.toString(),
                    "a range needs finite numbers from and to");
        }
        return v.asDouble();
    }

    /** The Cartesian product, first axis slowest; no axes: one empty point. */
    static List<Map<Parameter, Object>> product(List<Parameter> names, List<List<Object>> values, int max) {
        long total = 1;
        for (List<Object> v : values) {
            total *= v.size();
            if (total > max) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "axes", "axes", "a product of " + total + "+ points",
                        "at most " + max + " points per grid: split the sweep");
            }
        }
        List<Map<Parameter, Object>> out = new ArrayList<>();
        int[] idx = new int[names.size()];
        for (long k = 0; k < total; k++) {
            long rem = k;
            for (int a = names.size() - 1; a >= 0; a--) {
                idx[a] = (int) (rem % values.get(a).size());
                rem /= values.get(a).size();
            }
            Map<Parameter, Object> m = new LinkedHashMap<>();
            for (int a = 0; a < names.size(); a++) {
                m.put(names.get(a), values.get(a).get(idx[a]));
            }
            out.add(m);
        }
        return out;
    }
}
