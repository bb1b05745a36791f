package org.dln.linear.bayes;

/**
 * The saddle point for whitened data (Kx = I), in closed form up to one scalar equation (docs/reports/bayes-report.md).
 *
 * <p>All kernels have the form Phi^l = I + (c_l - 1) y y^T/|y|^2 and Phihat^l = hhat_l y y^T/|y|^2. Along y the
 * stationarity equations read 1/c_l = 1/c_{l-1} + hhat_l, 1/hhat_l = 1/hhat_{l+1} + c_l, hhat_L = -gamma0^2 |y|^2 /
 * (c + 1/beta)^2 with c = c_L and c_0 = 1. By induction from the top, c_l hhat_l = chi for every l, with
 * chi = -gamma0^2 |y|^2 c/(c + 1/beta)^2, so c_l = (1 - chi)^l and c solves
 * <pre>
 *   c^{1/L} = 1 + gamma0^2 |y|^2 c / (c + 1/beta)^2 .
 * </pre>
 * For L = 1, beta = infinity: c^2 - c - gamma0^2 |y|^2 = 0, c = (1 + sqrt(1 + 4 gamma0^2 |y|^2))/2.
 * The root taken is the one reached by continuation in gamma0 from c = 1 (unique for beta = infinity).
 */
public final class WhitenedBayes {
    private WhitenedBayes() {
    }

    /** h(c) = c^{1/L} - 1 - g2 c/(c + b)^2 and its derivative. */
    private static double[] h(double c, int depth, double g2, double b) {
        double r = Math.pow(c, 1.0 / depth);
        double den = (c + b) * (c + b);
        double v = r - 1 - g2 * c / den;
        double dv = r / (depth * c) - g2 * (b - c) / (den * (c + b));
        return new double[] {v, dv};
    }

    /** c = c_L for |y|^2 = y2, by Newton with continuation in gamma0^2 (64 steps) from c = 1. */
    public static double c(int depth, double gamma0, double y2, double invBeta) {
        double c = 1.0;
        int steps = 64;
        for (int k = 1; k <= steps; k++) {
            double g2 = gamma0 * gamma0 * y2 * k / steps;
            for (int it = 0; it < 100; it++) {
                double[] v = h(c, depth, g2, invBeta);
                double dc = -v[0] / v[1];
                double cn = c + dc;
                c = cn > 0 ? cn : c / 2;
                if (Math.abs(dc) <= 1e-16 * c) {
                    break;
                }
            }
        }
        return c;
    }

    /** c_l = c^{l/L} for l = 0..L. */
    public static double[] layers(int depth, double c) {
        double[] cl = new double[depth + 1];
        for (int l = 0; l <= depth; l++) {
            cl[l] = Math.pow(c, (double) l / depth);
        }
        return cl;
    }

    /** The L = 1, beta = infinity closed form (1 + sqrt(1 + 4 gamma0^2 |y|^2))/2. */
    public static double twoLayerNoiseless(double gamma0, double y2) {
        return (1 + Math.sqrt(1 + 4 * gamma0 * gamma0 * y2)) / 2;
    }
}
