package org.dln.linear.langevin;

/**
 * The stationary autocorrelation of Langevin training at infinite width against the lag tau (representational drift,
 * theory.md 12.7). Samples are the M = P + Q inputs, train first.
 *
 * @param method       "ou-exact" (gamma0 = 0, any L), "single-site" (L = 1: the stationary Lyapunov state propagated
 *                     over the lag) or "march-late-rows" (L >= 2 with gamma0 > 0: the last row of the march's two-time
 *                     kernels)
 * @param lags         lags tau_k, increasing, the first 0
 * @param phi          Phi^l(t + tau_k, t) [l-1][k][M][M] (entry [mu][nu] = h_mu(t + tau) . h_nu(t) / N)
 * @param weights      entry autocorrelation of the weights [l][k], l = 0..L: l = 0 W^0 in the span of the train inputs,
 *                     (1/r) tr(Kx^+ Phi^1(t + tau, t)) over the train block (r = rank Kx); 1..L-1 the hidden W^l (c, the gradient part is O(1/N));
 *                     L the readout w, G^L(t + tau, t)
 * @param time         the stationary time t the lags are counted from (infinity for the exact forms)
 * @param accuracy     an error estimate of the entries (the march's Richardson estimate; 0 for the exact forms; the
 *                     ODE tolerance for the single-site system)
 * @param stationarity relative change of the equal-time kernels over the lag window (march) or the relative rate of
 *                     change of the Lyapunov state (single site); 0 for the exact forms
 */
public record DriftCurve(String method, double[] lags, double[][][][] phi, double[][] weights, double time, double accuracy,
                         double stationarity) {

    public int depth() {
        return phi.length;
    }

    /** Phi^l(t + tau_k, t) / Phi^l(t, t), entry by entry (NaN where Phi^l(t, t) is 0). */
    public double[][] normalisedPhi(int l, int k) {
        double[][] a = phi[l - 1][k], b = phi[l - 1][0];
        double[][] o = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                o[i][j] = b[i][j] == 0 ? Double.NaN : a[i][j] / b[i][j];
            }
        }
        return o;
    }

    /** tr Phi^l(t + tau, t) / tr Phi^l(t, t) over the first n inputs, against the lag. */
    public double[] phiTrace(int l, int n) {
        double[] o = new double[lags.length];
        double d = trace(phi[l - 1][0], n);
        for (int k = 0; k < lags.length; k++) {
            o[k] = trace(phi[l - 1][k], n) / d;
        }
        return o;
    }

    /** C_W^l(tau) / C_W^l(0), l = 0..L. */
    public double[] normalisedWeights(int l) {
        double[] o = new double[lags.length];
        for (int k = 0; k < lags.length; k++) {
            o[k] = weights[l][k] / weights[l][0];
        }
        return o;
    }

    /** 1/e decorrelation time of tr Phi^l over the first n inputs (NaN if not reached within the lags). */
    public double phiDriftTime(int l, int n) {
        return decorrelationTime(lags, phiTrace(l, n));
    }

    /** 1/e decorrelation time of the weights of layer l = 0..L. */
    public double weightDriftTime(int l) {
        return decorrelationTime(lags, normalisedWeights(l));
    }

    /**
     * The first lag where a normalised autocorrelation r (r[0] = 1) falls to 1/e, interpolated linearly in log r between
     * the bracketing lags (NaN if it stays above 1/e).
     */
    public static double decorrelationTime(double[] lags, double[] r) {
        double target = Math.exp(-1);
        for (int k = 1; k < r.length; k++) {
            if (r[k] <= target) {
                double a = r[k - 1], b = r[k];
                if (!(b > 0) || !(a > 0)) {
                    return lags[k - 1] + (lags[k] - lags[k - 1]) * (a - target) / (a - b);
                }
                double x = (Math.log(a) + 1) / (Math.log(a) - Math.log(b));
                return lags[k - 1] + x * (lags[k] - lags[k - 1]);
            }
        }
        return Double.NaN;
    }

    private static double trace(double[][] a, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i][i];
        }
        return s;
    }
}
