package org.dln.linear.cli;

/**
 * How the cost of a solver's units of work grows, so that a progress bar measures work and not units: the causal
 * march's step t costs about t^2 (its kernels are t x t blocks, O(S^2 T^3) in all), flow elements, sampling
 * iterations, series orders and seeds cost about the same each.
 */
enum WorkModel {
    /** Unit k (0-based) costs (k + 1)^2: the causal march of gradient descent. */
    QUADRATIC {
        @Override
        double cumulative(long done) {
            double n = done;
            return n * (n + 1) * (2 * n + 1) / 6.0;
        }
    },
    /** Every unit costs the same (flow elements, series orders, seeds, iterations). */
    UNIFORM {
        @Override
        double cumulative(long done) {
            return done;
        }
    };

    /** The model of a solver's stage: "solve" (the causal march of dln solve and dln decay) is quadratic, others uniform. */
    static WorkModel of(String stage) {
        return "solve".equals(stage) ? QUADRATIC : UNIFORM;
    }

    /** The cost of the first {@code done} units, in the model's own unit. */
    abstract double cumulative(long done);

    /** The fraction of the work of {@code total} units that the first {@code done} units are, in [0, 1]. */
    double fraction(long done, long total) {
        if (total <= 0) {
            return 1.0;
        }
        long d = Math.max(0, Math.min(done, total));
        return cumulative(d) / cumulative(total);
    }
}
