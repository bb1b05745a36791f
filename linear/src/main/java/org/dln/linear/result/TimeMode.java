package org.dln.linear.result;

/** How the time axis of a {@link Solution} is to be read. */
public enum TimeMode {
    /** Full-batch gradient descent: point t is step t, at time eta t. */
    GRADIENT_DESCENT("gradient-descent"),
    /** Gradient flow: explicit times (collocation nodes or resampled times). */
    GRADIENT_FLOW("gradient-flow"),
    /** A stationary state (t = infinity): one point, no time. */
    STATIONARY("stationary");

    private final String id;

    TimeMode(String id) {
        this.id = id;
    }

    /** The name used in result documents ({@code method.time}). */
    public String id() {
        return id;
    }

    /** The mode of a document's {@code method.time} (gradient descent when absent or unknown). */
    public static TimeMode parse(String id) {
        for (TimeMode m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        return GRADIENT_DESCENT;
    }
}
