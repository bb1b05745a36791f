package org.dln.linear.fluct;

/**
 * The exact reduction of a two-layer network (L = 1) trained on one sample with Kx = 1 to two scalars, written from
 * the issue / docs/theory.md section 11.3 alone (no dln solver code): P = |h + w|^2 / (2N), Q = |h - w|^2 / (2N),
 * independent chi^2_N / N at t = 0 (so N Var P0 = N Var Q0 = 2, means 1);
 * gradient descent P' = P (1 + eta gamma0 Delta)^2, Q' = Q (1 - eta gamma0 Delta)^2; gradient flow P = P0 e^{2 gamma0 v},
 * Q = Q0 e^{-2 gamma0 v}, dv/dt = Delta; K = P + Q, f = (P - Q) / (2 gamma0) (minus (P0 - Q0) / (2 gamma0) when centred),
 * Delta = y - f. The delta method: N Var X(t) = 2 (dX/dP0)^2 + 2 (dX/dQ0)^2, derivatives by forward-mode chain rule.
 * Each row of a result is {Delta, N Var Delta, K, N Var K}.
 */
public final class TwoScalarReduction {
    private TwoScalarReduction() {
    }

    /** Gradient descent, T steps. */
    public static double[][] descent(double y, double gamma0, double eta, int tn, boolean centred) {
        double p = 1, q = 1;
        double[] dp = {1, 0}, dq = {0, 1}; // derivatives with respect to (P0, Q0)
        double[][] out = new double[tn][];
        for (int t = 0; t < tn; t++) {
            double delta = y - (p - q) / (2 * gamma0);
            double[] dd = new double[2];
            for (int i = 0; i < 2; i++) {
                dd[i] = -(dp[i] - dq[i] - (centred ? (i == 0 ? 1 : -1) : 0)) / (2 * gamma0);
            }
            out[t] = row(delta, dd, p + q, new double[] {dp[0] + dq[0], dp[1] + dq[1]});
            double a = 1 + eta * gamma0 * delta, b = 1 - eta * gamma0 * delta;
            for (int i = 0; i < 2; i++) {
                dp[i] = dp[i] * a * a + p * 2 * a * eta * gamma0 * dd[i];
                dq[i] = dq[i] * b * b - q * 2 * b * eta * gamma0 * dd[i];
            }
            p *= a * a;
            q *= b * b;
        }
        return out;
    }

    /** Gradient flow at times t_j = j * dt, j = 0..T-1, by RK4 on (v, dv/dP0, dv/dQ0) with {@code sub} steps per dt. */
    static double[][] flow(double y, double gamma0, double dt, int tn, boolean centred, int sub) {
        double[] z = {0, 0, 0};
        double[][] out = new double[tn][];
        for (int t = 0; t < tn; t++) {
            double e = Math.exp(2 * gamma0 * z[0]), ei = 1 / e;
            double p = e, q = ei;
            double[] dp = {e + 2 * gamma0 * e * z[1], 2 * gamma0 * e * z[2]};
            double[] dq = {-2 * gamma0 * ei * z[1], ei - 2 * gamma0 * ei * z[2]};
            double delta = y - (p - q) / (2 * gamma0);
            double[] dd = new double[2];
            for (int i = 0; i < 2; i++) {
                dd[i] = -(dp[i] - dq[i] - (centred ? (i == 0 ? 1 : -1) : 0)) / (2 * gamma0);
            }
            out[t] = row(delta, dd, p + q, new double[] {dp[0] + dq[0], dp[1] + dq[1]});
            double h = dt / sub;
            for (int s = 0; s < sub && t + 1 < tn; s++) {
                double[] k1 = rate(z, y, gamma0, centred);
                double[] k2 = rate(add(z, k1, h / 2), y, gamma0, centred);
                double[] k3 = rate(add(z, k2, h / 2), y, gamma0, centred);
                double[] k4 = rate(add(z, k3, h), y, gamma0, centred);
                for (int i = 0; i < 3; i++) {
                    z[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
                }
            }
        }
        return out;
    }

    /** d/dt (v, a, b) with a = dv/dP0, b = dv/dQ0, at P0 = Q0 = 1. */
    private static double[] rate(double[] z, double y, double gamma0, boolean centred) {
        double e = Math.exp(2 * gamma0 * z[0]), ei = 1 / e;
        double delta = y - (e - ei) / (2 * gamma0);
        double dfdv = e + ei; // d f / d v at P0 = Q0 = 1
        double da = -((e + (centred ? -1 : 0)) / (2 * gamma0) + dfdv * z[1]);
        double db = -((-ei + (centred ? 1 : 0)) / (2 * gamma0) + dfdv * z[2]);
        return new double[] {delta, da, db};
    }

    private static double[] add(double[] z, double[] k, double h) {
        return new double[] {z[0] + h * k[0], z[1] + h * k[1], z[2] + h * k[2]};
    }

    private static double[] row(double delta, double[] dd, double k, double[] dk) {
        return new double[] {delta, 2 * (dd[0] * dd[0] + dd[1] * dd[1]), k, 2 * (dk[0] * dk[0] + dk[1] * dk[1])};
    }
}
