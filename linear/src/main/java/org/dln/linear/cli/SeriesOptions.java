package org.dln.linear.cli;

import java.util.ArrayList;
import java.util.List;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.symbolic.series.SeriesQuantity;

/** Parsing shared by the series commands (series, equations, check --expr, guess). */
final class SeriesOptions {
    private SeriesOptions() { }

    /** "2", "1..4" or "1,3" into depths, each in 1..maxDepth. */
    static int[] depths(String spec, int maxDepth) {
        List<Integer> out = new ArrayList<>();
        try {
            for (String part : spec.split(",")) {
                String p = part.trim();
                int i = p.indexOf("..");
                if (i >= 0) {
                    int a = Integer.parseInt(p.substring(0, i).trim());
                    int b = Integer.parseInt(p.substring(i + 2).trim());
                    for (int d = a; d <= b; d++) {
                        out.add(d);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            }
        } catch (NumberFormatException e) {
            throw new InvalidInputException(InputError.BAD_RANGE, "depth", "depth", spec, e.getMessage());
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(InputError.BAD_RANGE, "depth", "depth", spec, "empty");
        }
        for (int d : out) {
            if (d < 1 || d > maxDepth) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "depth", "depth", d, "the series is built for 1 <= L <= " + maxDepth);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static int order(int k, int max) {
        if (k < 0 || k > max) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "order", "order", k, "use 0 <= K <= " + max + " (the coefficient of gamma0^(2K) is the last one)");
        }
        return k;
    }

    static SeriesQuantity quantity(String s) {
        SeriesQuantity q = SeriesQuantity.parse(s);
        if (q == null) {
            throw new InvalidInputException(InputError.UNKNOWN_VALUE, "quantity", "quantity", s, SeriesQuantity.names());
        }
        return q;
    }

    static String format(String s, String... allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        throw new InvalidInputException(InputError.UNKNOWN_VALUE, "format", "format", s, String.join(", ", allowed));
    }

    static double[] doubles(String field, String spec) {
        String[] parts = spec.split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field + "[" + i + "]", parts[i], "a comma-separated list of numbers");
            }
            if (!(v[i] > 0) || Double.isInfinite(v[i])) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field + "[" + i + "]", parts[i], "must be a finite number > 0");
            }
        }
        return v;
    }

    /** A finite number (a flag value): NaN and infinities are refused, naming the flag. */
    static double finite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, v, "must be a finite number");
        }
        return v;
    }

    /** A finite number > 0 (a step or a tolerance). */
    static double positive(String field, double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, v, what + " must be a finite number > 0");
        }
        return v;
    }

    /** A finite number >= 0. */
    static double nonNegative(String field, double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, v, what + " must be a finite number >= 0");
        }
        return v;
    }

    /** An integer >= min. */
    static int atLeast(String field, int v, int min, String what) {
        if (v < min) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, v, what + " must be at least " + min);
        }
        return v;
    }
}
