package org.dln.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dln.linear.bayes.BayesSaddleSolver;
import org.dln.linear.bayes.BayesSolution;
import org.dln.numeric.simulation.LangevinEnsemble;
import org.dln.numeric.simulation.LangevinSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, Done-when 2: the Bayesian saddle point (kernels of every layer on train and test inputs, predictions)
 * against Langevin-sampled networks of width N = 1024. Data: P = 8 train and Q = 4 test inputs, D = 16, Gaussian X
 * and y (java.util.Random(42)); beta = 1; L = 2, 3; gamma0 = 0.5, 1, 2. Langevin: exponential Euler, dt = 0.005 (at
 * dt = 0.01 the O(dt) bias put kernel entries at 4-5 SE, docs/reports/bayes-report.md run C), burn-in 3, 12 recorded time units
 * per chain, 2 chains, a sample every 10 steps (480 samples per configuration).
 *
 * <p>Tolerances: standard errors from the integrated autocorrelation time (Sokal window). Finite width biases the
 * posterior means by O(1/N) ~ 1e-3 and the time step by O(dt); both are below the standard errors (~0.005) but not by a
 * large factor, and the SE itself is estimated from ~30 effective samples (relative error ~15%). So: every prediction
 * within 4 SE; kernels (156 or 234 entries, correlated) with root-mean-square z below 1.5 and none beyond 4.5 SE. The
 * test can fail: the lazy NNGP values are rejected at |z| > 20 in every configuration (asserted).
 *
 * <p>Tagged slow: about 20 minutes of CPU (N^2 Gaussian draws per hidden layer per step); mvn -Pslow verify.
 */
@Tag("slow")
class BayesVsLangevinTest {

    @Test
    void saddlePointMatchesLangevinNetworks() {
        int p = 8;
        int d = 16;
        int q = 4;
        Random r = new Random(42);
        double[][] x = new double[p][d];
        double[][] xt = new double[q][d];
        double[] y = new double[p];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (double[] row : xt) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (int i = 0; i < p; i++) {
            y[i] = r.nextGaussian();
        }
        double[][] kx = gram(x, x, d);
        double[][] ktt = gram(xt, x, d);
        double[][] kss = gram(xt, xt, d);
        double beta = 1.0;
        List<String> failures = new ArrayList<>();
        for (int depth : new int[] {2, 3}) {
            for (double gamma0 : new double[] {0.5, 1.0, 2.0}) {
                BayesSolution th = new BayesSaddleSolver().solve(kx, y, ktt, kss, depth, gamma0, 1 / beta);
                assertTrue(th.converged());
                LangevinSpec spec = new LangevinSpec(x, xt, y, depth, gamma0, beta, 1024, 0.005, 3, 12, 10, true, 2);
                LangevinEnsemble.Result res = LangevinEnsemble.run(spec, 77 + 1000L * depth + (long) (10 * gamma0), 2, null);
                int m = p + q;
                double z2 = 0;
                int n = 0;
                double maxZ = 0;
                double minNngpZ = Double.POSITIVE_INFINITY;
                double nngpZ = 0;
                for (int l = 1; l <= depth; l++) {
                    for (int i = 0; i < m; i++) {
                        for (int j = i; j < m; j++) {
                            int idx = (l - 1) * m * m + i * m + j;
                            double t;
                            double nn;
                            if (j < p) {
                                t = th.phi()[l][i][j];
                                nn = kx[i][j];
                            } else if (i < p) {
                                t = th.phiTestTrain()[l][j - p][i];
                                nn = ktt[j - p][i];
                            } else {
                                t = th.phiTestTest()[l][i - p][j - p];
                                nn = kss[i - p][j - p];
                            }
                            double z = (res.mean()[idx] - t) / res.stderr()[idx];
                            z2 += z * z;
                            n++;
                            maxZ = Math.max(maxZ, Math.abs(z));
                            nngpZ = Math.max(nngpZ, Math.abs((res.mean()[idx] - nn) / res.stderr()[idx]));
                        }
                    }
                }
                double rms = Math.sqrt(z2 / n);
                int off = depth * m * m;
                double maxF = 0;
                double nngpF = 0;
                for (int i = 0; i < m; i++) {
                    double t = i < p ? th.fTrain()[i] : th.fTest()[i - p];
                    double nn = i < p ? th.nngpTrain()[i] : th.nngpTest()[i - p];
                    maxF = Math.max(maxF, Math.abs((res.mean()[off + i] - t) / res.stderr()[off + i]));
                    nngpF = Math.max(nngpF, Math.abs((res.mean()[off + i] - nn) / res.stderr()[off + i]));
                }
                double tauMax = 0;
                for (double t : res.tau()) {
                    tauMax = Math.max(tauMax, t);
                }
                String line = String.format(Locale.ROOT,
                        "L=%d gamma0=%.1f: kernels rms z %.2f max |z| %.2f (NNGP %.0f); predictions max |z| %.2f (NNGP %.0f); "
                                + "max tau %.2f; %d samples; %.0f s",
                        depth, gamma0, rms, maxZ, nngpZ, maxF, nngpF, tauMax, res.samples(), res.wallSeconds());
                System.err.println(line);
                if (!(rms < 1.5 && maxZ < 4.5 && maxF < 4 && nngpZ > 20 && nngpF > 20)) {
                    failures.add(line);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    static double[][] gram(double[][] a, double[][] b, int d) {
        double[][] k = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    s += a[i][t] * b[j][t];
                }
                k[i][j] = s / d;
            }
        }
        return k;
    }
}
