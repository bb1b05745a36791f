package org.dln.linear.sweep;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parameter of a sweep point (docs/formats.md, "Sweep grids"): a problem field (L, gamma0, eta, T, and, for random
 * teacher data, P, D, Q, data_seed) or a run setting (command, approx, N, seeds, seed, activation, t_max, samples,
 * beta, weight_decay). Each may be fixed for the whole grid or be an axis.
 */
public enum Parameter {
    COMMAND("command", Type.STRING, "solve"),
    APPROX("approx", Type.STRING, "full"),
    L("L", Type.INT, null),
    GAMMA0("gamma0", Type.DOUBLE, null),
    ETA("eta", Type.DOUBLE, null),
    T("T", Type.INT, null),
    P("P", Type.INT, null),
    D("D", Type.INT, 16),
    Q("Q", Type.INT, 0),
    DATA_SEED("data_seed", Type.INT, 1),
    N("N", Type.INT, 1024),
    SEEDS("seeds", Type.INT, 8),
    SEED("seed", Type.INT, 1),
    ACTIVATION("activation", Type.STRING, "identity"),
    T_MAX("t_max", Type.DOUBLE, 10.0),
    SAMPLES("samples", Type.INT, 10000),
    BETA("beta", Type.DOUBLE, null),
    WEIGHT_DECAY("weight_decay", Type.DOUBLE, 0.0);

    /** The value type of a parameter. */
    public enum Type { INT, DOUBLE, STRING }

    /** The commands a sweep point can run. */
    public static final List<String> COMMANDS = List.of("solve", "flow", "sample", "simulate", "decay", "bayes");

    private final String key;
    private final Type type;
    private final Object fallback;

    Parameter(String key, Type type, Object fallback) {
        this.key = key;
        this.type = type;
        this.fallback = fallback;
    }

    /** The name in a grid file and the table's column. */
    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    /** The value when neither fixed nor an axis (null: the problem's own value, or required by the command). */
    public Object fallback() {
        return fallback;
    }

    /** The parameter of that name, or null. */
    public static Parameter of(String key) {
        for (Parameter p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        return null;
    }

    /** "command, approx, L, ..." for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Parameter::key).collect(Collectors.joining(", "));
    }

    /** The value as written in the table and hashed into the point id: integers plain, doubles by Double.toString. */
    public static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        return v.toString();
    }
}
