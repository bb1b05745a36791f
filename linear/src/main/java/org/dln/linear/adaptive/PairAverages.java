package org.dln.linear.adaptive;

import org.dln.numeric.activation.Activation;

/**
 * Gaussian pair averages E[phi(u) phi(v)], (u, v) ~ N(0, [[k11, k12], [k12, k22]]), by the tensor trapezoid rule on
 * u = sqrt(k11) z1, v = sqrt(k22) (c z1 + sqrt(1 - c^2) z2) over z in [-10, 10] with 401 nodes per axis: for a smooth
 * phi (tanh, erf) the rule converges geometrically (to rounding at this grid), for ReLU only algebraically (use
 * {@link ReluKernels}). The NNGP kernel of a two-layer network with any activation: Phi^1 = E[phi phi].
 */
public final class PairAverages {
    static final int NODES = 401;
    static final double HALF = 10;

    private PairAverages() {
    }

    public static double nngp(Activation act, double k11, double k12, double k22) {
        double s1 = Math.sqrt(Math.max(k11, 0)), s2 = Math.sqrt(Math.max(k22, 0));
        double c = s1 * s2 > 0 ? Math.max(-1, Math.min(1, k12 / (s1 * s2))) : 0;
        double sc = Math.sqrt(1 - c * c), dz = 2 * HALF / (NODES - 1);
        double[] z = new double[NODES], wt = new double[NODES];
        for (int i = 0; i < NODES; i++) {
            z[i] = -HALF + i * dz;
            wt[i] = Math.exp(-0.5 * z[i] * z[i]) * dz / Math.sqrt(2 * Math.PI);
        }
        double acc = 0;
        for (int i = 0; i < NODES; i++) {
            double pu = act.value(s1 * z[i]);
            double inner = 0;
            for (int j = 0; j < NODES; j++) {
                inner += wt[j] * act.value(s2 * (c * z[i] + sc * z[j]));
            }
            acc += wt[i] * pu * inner;
        }
        return acc;
    }

    /** The NNGP kernel over all inputs (train first): closed form for ReLU, quadrature otherwise. */
    public static double[][] nngp(Activation act, double[][] k) {
        int m = k.length;
        double[][] out = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                double v = act.name().equals("relu") ? ReluKernels.nngp(k[i][i], k[i][j], k[j][j])
                        : act.isIdentity() ? k[i][j] : nngp(act, k[i][i], k[i][j], k[j][j]);
                out[i][j] = v;
                out[j][i] = v;
            }
        }
        return out;
    }

    /** Kernel ridge predictor phi(all, X) [phi(X, X) + I / beta]^{-1} y on all inputs (train first, P of them). */
    public static double[] predictor(double[][] phi, int p, double[] y, double beta) {
        org.ejml.data.DMatrixRMaj kk = new org.ejml.data.DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                kk.set(i, j, phi[i][j] + (i == j ? 1 / beta : 0));
            }
        }
        org.ejml.data.DMatrixRMaj a = new org.ejml.data.DMatrixRMaj(p, 1);
        if (!org.ejml.dense.row.CommonOps_DDRM.solve(kk, new org.ejml.data.DMatrixRMaj(p, 1, true, y), a)) {
            throw new IllegalStateException("singular NNGP system");
        }
        double[] f = new double[phi.length];
        for (int i = 0; i < phi.length; i++) {
            for (int j = 0; j < p; j++) {
                f[i] += phi[i][j] * a.get(j);
            }
        }
        return f;
    }
}
