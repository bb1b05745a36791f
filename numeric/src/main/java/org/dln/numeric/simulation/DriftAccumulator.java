package org.dln.numeric.simulation;

/**
 * Accumulates, along one stationary chain, the lagged products of the hidden features and of the readout weights:
 * Phi^l(t + k ds, t) = h^l(t + k ds) . h^l(t) / N (M x M, entry [mu][nu] = h_mu(later) . h_nu(earlier)) and
 * C_w(k ds) = w(t + k ds) . w(t) / N, for k = 0..K, averaged over the time origins t of the chain. Keeps a ring buffer
 * of the last K + 1 states (allocated once).
 */
final class DriftAccumulator {
    private final int depth, m, n, lagCount;
    private final double[][][] hRing; // [slot][l-1][m*n]
    private final double[][] wRing;   // [slot][n]
    private final double[][][] phiSum; // [l-1][k][m*m]
    private final double[] wSum;
    private final long[] count;
    private long recorded;

    DriftAccumulator(int depth, int m, int n, int lags) {
        this.depth = depth;
        this.m = m;
        this.n = n;
        this.lagCount = lags + 1;
        hRing = new double[lagCount][depth][m * n];
        wRing = new double[lagCount][n];
        phiSum = new double[depth][lagCount][m * m];
        wSum = new double[lagCount];
        count = new long[lagCount];
    }

    /** Adds the state at the next recording time: hidden[l-1] the M x N row-major features, w the readout. */
    void add(double[][] hidden, double[] w) {
        int slot = (int) (recorded % lagCount);
        for (int l = 0; l < depth; l++) {
            System.arraycopy(hidden[l], 0, hRing[slot][l], 0, m * n);
        }
        System.arraycopy(w, 0, wRing[slot], 0, n);
        for (int k = 0; k < lagCount && k <= recorded; k++) {
            int old = (int) ((recorded - k) % lagCount);
            for (int l = 0; l < depth; l++) {
                double[] now = hRing[slot][l], then = hRing[old][l], acc = phiSum[l][k];
                for (int mu = 0; mu < m; mu++) {
                    int a = mu * n;
                    for (int nu = 0; nu < m; nu++) {
                        int b = nu * n;
                        double s = 0;
                        for (int i = 0; i < n; i++) {
                            s += now[a + i] * then[b + i];
                        }
                        acc[mu * m + nu] += s / n;
                    }
                }
            }
            double s = 0;
            double[] now = wRing[slot], then = wRing[old];
            for (int i = 0; i < n; i++) {
                s += now[i] * then[i];
            }
            wSum[k] += s / n;
            count[k]++;
        }
        recorded++;
    }

    /** The chain's averages: [l-1][k][m*m] for Phi^l, then one extra row [depth][k][0] for C_w. */
    double[][][] averages() {
        double[][][] out = new double[depth + 1][lagCount][];
        for (int k = 0; k < lagCount; k++) {
            double c = Math.max(1, count[k]);
            for (int l = 0; l < depth; l++) {
                out[l][k] = new double[m * m];
                for (int j = 0; j < m * m; j++) {
                    out[l][k][j] = phiSum[l][k][j] / c;
                }
            }
            out[depth][k] = new double[] {wSum[k] / c};
        }
        return out;
    }
}
