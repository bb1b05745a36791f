package org.dln.linear.sweep;

import java.util.Collections;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of a sweep: its index in the grid, a stable id (a hash of the grid's fixed part and the point's varying
 * parameters: the same point of the same grid has the same id in every run, which is what resuming matches), the
 * varying parameters (the table's parameter columns) and every parameter with fixed values and defaults filled in.
 */
public record SweepPoint(int index, String id, Map<Parameter, Object> varying, Map<Parameter, Object> all) {
    public SweepPoint {
        varying = Collections.unmodifiableMap(varying);
        all = Collections.unmodifiableMap(all);
    }

    /** The value of a parameter (fixed, varying or default), or null. */
    public Object get(Parameter p) {
        return all.get(p);
    }

    /** "gamma0=1.0, eta=0.1" for messages. */
    public String describe() {
        return varying.entrySet().stream().map(e -> e.getKey().key() + "=" + Parameter.format(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
