package org.dln.numeric.dmft;

import org.dln.numeric.activation.Activation;

/**
 * What the sampling solver solves: full-batch gradient descent (quadrature Q = eta S, exact) of an L-layer network
 * with activation phi in the mean-field parameterization of theory.md section 1, on P training inputs given by
 * their Gram matrix Kx = X X^T / D, with targets y, loss (lossScale / 2) sum_mu (f_mu - y_mu)^2 and T time points
 * t = 0..T-1 (T - 1 updates).
 *
 * @param activation phi
 * @param kx         P x P input Gram matrix (symmetric PSD)
 * @param y          targets, length P
 * @param depth      L &gt;= 1 hidden layers
 * @param gamma0     feature-learning strength &gt; 0
 * @param eta        gradient-descent step &gt; 0
 * @param timePoints T &gt;= 1
 * @param lossScale  1 (sum convention) or 1/P (mean convention)
 */
public record SamplingProblem(Activation activation, double[][] kx, double[] y, int depth, double gamma0, double eta,
                              int timePoints, double lossScale) {

    public SamplingProblem {
        if (activation == null) {
            throw new IllegalArgumentException("activation must be set");
        }
        if (y == null || kx == null || kx.length != y.length || y.length == 0) {
            throw new IllegalArgumentException("kx must be P x P with P = length of y >= 1");
        }
        double[][] k = new double[kx.length][];
        for (int i = 0; i < kx.length; i++) {
            if (kx[i].length != y.length) {
                throw new IllegalArgumentException("kx must be P x P, row " + i + " has length " + kx[i].length);
            }
            k[i] = kx[i].clone();
        }
        kx = k;
        y = y.clone();
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        if (!(gamma0 > 0) || !Double.isFinite(gamma0)) {
            throw new IllegalArgumentException("gamma0 must be finite and > 0 for the sampler, got " + gamma0);
        }
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new IllegalArgumentException("eta must be finite and > 0, got " + eta);
        }
        if (timePoints < 1) {
            throw new IllegalArgumentException("timePoints must be >= 1, got " + timePoints);
        }
        if (!(lossScale > 0)) {
            throw new IllegalArgumentException("lossScale must be > 0, got " + lossScale);
        }
    }

    /** @return number of training samples P */
    public int samples() {
        return y.length;
    }

    @Override
    public double[][] kx() {
        double[][] c = new double[kx.length][];
        for (int i = 0; i < kx.length; i++) {
            c[i] = kx[i].clone();
        }
        return c;
    }

    @Override
    public double[] y() {
        return y.clone();
    }
}
