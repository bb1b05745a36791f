package org.dln.linear.adaptive;

/**
 * Closed-form single-site averages of a ReLU layer over h ~ N(0, K) (the arc-cosine kernels of Cho and Saul): for a
 * pair with variances k11, k22 and covariance k12, cos theta = k12 / sqrt(k11 k22),
 * <pre>
 *   E[phi(h) phi(h')]   = sqrt(k11 k22) (sin theta + (pi - theta) cos theta) / (2 pi)
 *   E[phi'(h) phi'(h')] = (pi - theta) / (2 pi).
 * </pre>
 * For a two-layer muP network these are the lazy kernels: NNGP Phi^1 = E[phi phi'], NTK K = Phi^1 + Kx o E[phi' phi']
 * (readout weights of unit variance).
 */
public final class ReluKernels {
    private ReluKernels() {
    }

    /** theta of a pair (clamped to [0, pi] against rounding). */
    static double theta(double k11, double k12, double k22) {
        double d = Math.sqrt(k11 * k22);
        if (d == 0) {
            return Math.PI / 2;
        }
        return Math.acos(Math.max(-1, Math.min(1, k12 / d)));
    }

    /** E[relu(h) relu(h')]. */
    public static double nngp(double k11, double k12, double k22) {
        double t = theta(k11, k12, k22);
        return Math.sqrt(k11 * k22) * (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI);
    }

    /** E[step(h) step(h')]. */
    public static double derivative(double k11, double k12, double k22) {
        return (Math.PI - theta(k11, k12, k22)) / (2 * Math.PI);
    }

    /** The two-layer NTK entry Phi^1 + Kx E[phi' phi']. */
    public static double ntk(double k11, double k12, double k22) {
        return nngp(k11, k12, k22) + k12 * derivative(k11, k12, k22);
    }
}
