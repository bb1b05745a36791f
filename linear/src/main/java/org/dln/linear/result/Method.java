package org.dln.linear.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link Solution} was obtained: the {@code method} block of a result document. The common entries have typed
 * accessors ({@link #solver()}, {@link #time()}, {@link #times()}, ...); a family adds its own parameters (samples,
 * replicas, width, weight decay, ...) in the order they are to be written. Values are plain immutable data: String,
 * Boolean, Number, double[], double[][] or {@link LongTime}. Immutable; build with {@link #builder()}.
 */
public final class Method {
    private final Map<String, Object> entries;

    private Method(Map<String, Object> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these entries, to add or replace some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.entries.putAll(entries);
        return b;
    }

    /** Every entry in document order (arrays are shared: do not modify them). */
    public Map<String, Object> entries() {
        return entries;
    }

    public Object get(String key) {
        return entries.get(key);
    }

    public String string(String key, String otherwise) {
        Object v = entries.get(key);
        return v == null ? otherwise : v.toString();
    }

    public double number(String key, double otherwise) {
        return entries.get(key) instanceof Number n ? n.doubleValue() : otherwise;
    }

    /** The algorithm, e.g. "causal-marching". */
    public String solver() {
        return string("solver", "");
    }

    /** The approximation id (full, gia, lazy, pt1), "full" when absent. */
    public String approximation() {
        return string("approximation", "full");
    }

    public TimeMode time() {
        return TimeMode.parse(string("time", TimeMode.GRADIENT_DESCENT.id()));
    }

    /** The explicit times of the points (gradient flow), or null. */
    public double[] times() {
        return entries.get("times") instanceof double[] t ? t.clone() : null;
    }

    /** The gradient-flow long-time state, or null. */
    public LongTime longTime() {
        return entries.get("long_time") instanceof LongTime l ? l : null;
    }

    /** Builds a {@link Method}: entries keep the order of their first {@code put}. */
    public static final class Builder {
        private final Map<String, Object> entries = new LinkedHashMap<>();

        public Builder put(String key, Object value) {
            if (value instanceof double[] a) {
                value = a.clone();
            } else if (value instanceof double[][] m) {
                value = Solution.copy(m);
            } else if (!(value == null || value instanceof String || value instanceof Boolean || value instanceof Number
                    || value instanceof LongTime)) {
                throw new IllegalArgumentException("method entry " + key + ": unsupported value type " + value.getClass());
            }
            entries.put(key, value);
            return this;
        }

        public Builder solver(String s) {
            return put("solver", s);
        }

        public Builder approximation(String a) {
            return put("approximation", a);
        }

        public Builder time(TimeMode m) {
            return put("time", m.id());
        }

        public Method build() {
            return new Method(entries);
        }
    }
}
