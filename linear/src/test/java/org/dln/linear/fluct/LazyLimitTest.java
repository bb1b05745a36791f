package org.dln.linear.fluct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lazy-limit closed form of the prediction covariance (Done-when 2 of issue 16, L = 1..4, P = 4) against two
 * independent routes: (i) for every L, a forward recursion of the tangent dDelta(t+1) = (I - eta K) dDelta(t) - eta dK Delta(t)
 * over explicit layer-by-layer Wishart fluctuations of the initial kernels (dPhi^l = sum_{k<=l} xi^k, dG^l = sum_{m>=l} zeta^m),
 * which checks c_L and the eigenbasis sums; (ii) for L = 1, the exact feature-learning solver at gamma0 = 1e-3 and 2e-3,
 * Richardson-extrapolated in gamma0^2 (every observable is a series in gamma0^2; the remainder is O(gamma0^4) = 1e-12,
 * rounding amplified by 1/gamma0 is ~1e-13).
 */
class LazyLimitTest {

    static Problem problem(int depth, double gamma0, double eta, int tn) {
        Random r = new Random(16);
        double[][] x = new double[4][6];
        double[] y = new double[4];
        for (int mu = 0; mu < 4; mu++) {
            for (int i = 0; i < 6; i++) {
                x[mu][i] = r.nextGaussian();
            }
            y[mu] = r.nextGaussian();
        }
        return new Problem.Builder().inputs(x).y(y).depth(depth).gamma0(gamma0).eta(eta).timePoints(tn)
                .conventions(new Conventions(Conventions.Loss.SUM, Conventions.Output.CENTRED)).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void closedFormMatchesLayerwiseRecursion(int depth) {
        Problem p = problem(depth, 1e-3, 0.05, 40);
        double[][][] rec = recursion(p);
        double scale = 0, worst = 0;
        int compared = 0;
        for (int t = 0; t < p.timePoints(); t++) {
            double[][] c = LazyLimit.descentCovariance(p, t);
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    scale = Math.max(scale, Math.abs(rec[t][a][b]));
                    worst = Math.max(worst, Math.abs(rec[t][a][b] - c[a][b]) / Math.max(1, Math.abs(rec[t][a][b])));
                    assertEquals(rec[t][a][b], c[a][b], 1e-10 * Math.max(1, Math.abs(rec[t][a][b])), "L=" + depth + " t=" + t);
                    compared++;
                }
            }
        }
        assertTrue(scale > 0.1 && compared == 640, "nontrivial covariances compared");
        System.out.printf("lazy closed form vs layerwise recursion, L = %d: max relative deviation %.2e (largest entry %.3f)%n", depth, worst, scale);
    }

    @Test
    void singleLayerSolverTendsToClosedForm() {
        Problem p1 = problem(1, 1e-3, 0.05, 40), p2 = problem(1, 2e-3, 0.05, 40);
        Fluctuations f1 = FluctuationSolver.forProblem(p1).descent(p1), f2 = FluctuationSolver.forProblem(p2).descent(p2);
        double[] times = new double[40];
        for (int t = 0; t < 40; t++) {
            times[t] = 0.05 * t;
        }
        Fluctuations g1 = FluctuationSolver.forProblem(p1).flow(p1, times), g2 = FluctuationSolver.forProblem(p2).flow(p2, times);
        double worstD = 0, worstF = 0;
        for (int t = 0; t < 40; t += 3) {
            double[][] cd = LazyLimit.descentCovariance(p1, t), cf = LazyLimit.flowCovariance(p1, times[t]);
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    double ed = (4 * f1.fCov()[t][a][b] - f2.fCov()[t][a][b]) / 3;
                    double ef = (4 * g1.fCov()[t][a][b] - g2.fCov()[t][a][b]) / 3;
                    worstD = Math.max(worstD, Math.abs(cd[a][b] - ed) / Math.max(1, Math.abs(cd[a][b])));
                    worstF = Math.max(worstF, Math.abs(cf[a][b] - ef) / Math.max(1, Math.abs(cf[a][b])));
                    assertEquals(cd[a][b], ed, 1e-10 * Math.max(1, Math.abs(cd[a][b])), "descent t=" + t);
                    assertEquals(cf[a][b], ef, 1e-10 * Math.max(1, Math.abs(cf[a][b])), "flow t=" + t);
                }
            }
        }
        System.out.printf("lazy closed form vs exact L = 1 solver (Richardson in gamma0^2): descent %.2e, flow %.2e%n", worstD, worstF);
    }

    @Test
    void initialNtkCovarianceOfOneLayerSolverIsUniversal() {
        Problem p = problem(1, 0.7, 0.05, 2);
        Fluctuations f = FluctuationSolver.forProblem(p).descent(p);
        double[][] kx = p.kx();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertEquals(LazyLimit.ntkCovariance(kx, 1, a, b, a, b), f.ntkVar()[0][a][b], 1e-12);
            }
        }
    }

    /** N Cov(Delta(t)) by the layer-resolved tangent recursion, t = 0..T-1. */
    static double[][][] recursion(Problem p) {
        double[][] kx = p.kx();
        int n = 4, depth = p.depth(), tn = p.timePoints();
        double eta = p.eta();
        // directions of the Wick fluctuation of a Gram matrix Kx: R E_ab R^T with R R^T = Kx
        double[][] root = SingleLayerFluctuations.squareRoot(kx);
        int r = root[0].length;
        java.util.List<double[][]> wick = new java.util.ArrayList<>();
        for (int a = 0; a < r; a++) {
            for (int b = a; b < r; b++) {
                double[][] d = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        d[i][j] = a == b ? Math.sqrt(2) * root[i][a] * root[j][a] : root[i][a] * root[j][b] + root[i][b] * root[j][a];
                    }
                }
                wick.add(d);
            }
        }
        // dK = sum_l dPhi^l + Kx sum_l dG^l; xi^k enters dPhi^l for l >= k (L + 1 - k times), zeta^m (N Var 2) enters dG^l for l <= m
        java.util.List<double[][]> dks = new java.util.ArrayList<>();
        for (int k = 1; k <= depth; k++) {
            for (double[][] d : wick) {
                dks.add(scale(d, depth + 1 - k));
            }
        }
        for (int m = 1; m <= depth; m++) {
            dks.add(scale(kx, m * Math.sqrt(2)));
        }
        double[][] k0 = scale(kx, depth + 1);
        double[][][] out = new double[tn][n][n];
        double[][] delta = new double[tn][];
        delta[0] = p.y();
        for (int t = 1; t < tn; t++) {
            delta[t] = minus(delta[t - 1], scaleV(times(k0, delta[t - 1]), eta));
        }
        for (double[][] dk : dks) {
            double[] dd = new double[n];
            for (int t = 0; t < tn; t++) {
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        out[t][a][b] += dd[a] * dd[b];
                    }
                }
                dd = minus(minus(dd, scaleV(times(k0, dd), eta)), scaleV(times(dk, delta[t]), eta));
            }
        }
        return out;
    }

    private static double[][] scale(double[][] m, double c) {
        double[][] o = new double[m.length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                o[i][j] = c * m[i][j];
            }
        }
        return o;
    }

    private static double[] scaleV(double[] v, double c) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = c * v[i];
        }
        return o;
    }

    private static double[] times(double[][] m, double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                o[i] += m[i][j] * v[j];
            }
        }
        return o;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] - b[i];
        }
        return o;
    }
}
