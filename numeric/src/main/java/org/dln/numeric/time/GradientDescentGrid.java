package org.dln.numeric.time;

import java.util.Locale;

/**
 * The time grid of full-batch gradient descent with step eta: nodes t_i = i eta (i = 0..T-1) and
 * Q = eta S with S the strictly causal mask, which is exact for gradient descent (theory.md section 5).
 * Every node is its own block unless a block size is given.
 */
public final class GradientDescentGrid implements TimeGrid {
    private final double eta;
    private final int steps;
    private final int blockSize;

    /**
     * @param eta   step, {@code > 0}
     * @param steps number of time points T, {@code >= 1}
     */
    public GradientDescentGrid(double eta, int steps) {
        this(eta, steps, 1);
    }

    /**
     * Gradient descent with steps grouped into blocks of {@code blockSize} nodes after node 0 (the equations are the
     * same; a block solver then has to iterate within a block, which tests it against exact marching).
     */
    public GradientDescentGrid(double eta, int steps, int blockSize) {
        if (!(eta > 0) || steps < 1 || blockSize < 1) {
            throw new IllegalArgumentException("eta must be > 0, T >= 1, block size >= 1; got " + eta + ", " + steps + ", " + blockSize);
        }
        this.eta = eta;
        this.steps = steps;
        this.blockSize = blockSize;
    }

    /** The step. */
    public double eta() {
        return eta;
    }

    @Override
    public int size() {
        return steps;
    }

    @Override
    public double time(int i) {
        return i * eta;
    }

    @Override
    public double[] quadrature() {
        double[] q = new double[steps * steps];
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < i; j++) {
                q[i * steps + j] = eta;
            }
        }
        return q;
    }

    @Override
    public int blocks() {
        return 1 + (steps - 1 + blockSize - 1) / blockSize;
    }

    @Override
    public int blockStart(int k) {
        return k == 0 ? 0 : 1 + (k - 1) * blockSize;
    }

    @Override
    public boolean strictlyCausal() {
        return true;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "gradient descent, eta = %s, %d steps%s", eta, steps,
                blockSize > 1 ? ", blocks of " + blockSize : "");
    }
}
