package org.dln.linear.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/** Parses "key=value,key=value" options ({@code --conventions}, {@code --tune}) against the keys a command knows. */
final class KeyValues {
    private KeyValues() {
    }

    /** The pairs in order; an unknown key or a pair without '=' is bad input naming the option. */
    static Map<String, String> parse(String spec, String option, List<String> known) {
        Map<String, String> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.trim() : part.substring(0, eq).trim();
            if (eq < 0 || !known.contains(key)) {
                throw new InvalidInputException(InputError.UNKNOWN_VALUE, option, option, part.trim(),
                        "key=value pairs with the keys " + known);
            }
            out.put(key, part.substring(eq + 1).trim());
        }
        return out;
    }

    /** A numeric value of a pair, bad input naming {@code option.key} if it is not a number. */
    static double number(Map<String, String> kv, String key, double otherwise, String option) {
        String v = kv.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, option + "." + key, option + " " + key, v, "must be a number");
        }
    }
}
