package org.dln.numeric.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The state-chain statistics against closed forms: on AR(1) chains x_{t+1} = rho x_t + sqrt(1 - rho^2) xi the integrated
 * autocorrelation time (Sokal's convention tau_int = 1/2 + sum_k rho^k) is 2 tau_int = (1 + rho) / (1 - rho) and the
 * standard error of the mean sqrt(2 tau_int / n) (unit variance); the lagged products of {@link DriftAccumulator}
 * against a direct double loop.
 */
class AutocorrelationTimeTest {

    @Test
    void ar1ChainHasTheKnownIntegratedAutocorrelationTime() {
        for (double rho : new double[] {0.5, 0.8, 0.9}) {
            SplittableRandom r = new SplittableRandom(42);
            List<double[][]> runs = new ArrayList<>();
            int chains = 16, len = 40000;
            double s = Math.sqrt(1 - rho * rho);
            for (int c = 0; c < chains; c++) {
                double[][] x = new double[len][1];
                double v = r.nextGaussian();
                for (int t = 0; t < len; t++) {
                    x[t][0] = v;
                    v = rho * v + s * r.nextGaussian();
                }
                runs.add(x);
            }
            LangevinEnsemble.Result res = LangevinEnsemble.statistics(runs, 1.0, 0);
            double expected = (1 + rho) / (1 - rho);
            // the windowed estimator's relative sd is about sqrt(2 (2W + 1) / n) with W ~ 5 tau: < 2.5% here; plus the
            // truncation bias rho^W / (1 - rho) relative, < 1e-3; tolerance 6%
            assertEquals(expected, 2 * res.tau()[0], 0.06 * expected, "rho = " + rho);
            double n = chains * (double) len;
            assertEquals(Math.sqrt(expected / n), res.stderr()[0], 0.06 * Math.sqrt(expected / n), "rho = " + rho);
        }
    }

    @Test
    void driftAccumulatorMatchesDirectLaggedProducts() {
        int depth = 2, m = 3, n = 7, lags = 4, len = 25;
        SplittableRandom r = new SplittableRandom(3);
        double[][][] h = new double[len][depth][m * n];
        double[][] w = new double[len][n];
        DriftAccumulator acc = new DriftAccumulator(depth, m, n, lags);
        for (int t = 0; t < len; t++) {
            for (int l = 0; l < depth; l++) {
                for (int j = 0; j < m * n; j++) {
                    h[t][l][j] = r.nextGaussian() + 0.3 * (t > 0 ? h[t - 1][l][j] : 0);
                }
            }
            for (int i = 0; i < n; i++) {
                w[t][i] = r.nextGaussian();
            }
            acc.add(h[t], w[t]);
        }
        double[][][] avg = acc.averages();
        for (int k = 0; k <= lags; k++) {
            for (int l = 0; l < depth; l++) {
                for (int mu = 0; mu < m; mu++) {
                    for (int nu = 0; nu < m; nu++) {
                        double s = 0;
                        for (int t = k; t < len; t++) {
                            for (int i = 0; i < n; i++) {
                                s += h[t][l][mu * n + i] * h[t - k][l][nu * n + i];
                            }
                        }
                        assertEquals(s / n / (len - k), avg[l][k][mu * m + nu], 1e-12);
                    }
                }
            }
            double s = 0;
            for (int t = k; t < len; t++) {
                for (int i = 0; i < n; i++) {
                    s += w[t][i] * w[t - k][i];
                }
            }
            assertEquals(s / n / (len - k), avg[depth][k][0], 1e-12);
            assertTrue(Double.isFinite(avg[depth][k][0]));
        }
    }
}
