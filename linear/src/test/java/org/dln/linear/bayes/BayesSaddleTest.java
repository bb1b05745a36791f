package org.dln.linear.bayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The saddle-point equations against closed forms, finite differences and the NNGP limit. */
class BayesSaddleTest {

    static double[][] randomGram(int p, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[p][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] k = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    s += x[i][t] * x[j][t];
                }
                k[i][j] = s / d;
            }
        }
        return k;
    }

    static double[] randomVector(int p, long seed) {
        Random r = new Random(seed);
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            y[i] = r.nextGaussian();
        }
        return y;
    }

    static double[][] identity(int p) {
        double[][] k = new double[p][p];
        for (int i = 0; i < p; i++) {
            k[i][i] = 1;
        }
        return k;
    }

    /** The residual is the gradient of the action: central differences of S, error O(h^2) ~ 1e-8. */
    @Test
    void residualIsTheGradientOfTheAction() {
        int p = 3;
        BayesSaddleEquations eq = new BayesSaddleEquations(randomGram(p, 5, 1), randomVector(p, 2), 2, 0.8, 0.5);
        double[] x = eq.lazyGuess();
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] += 0.05 * r.nextGaussian();
        }
        double[] g = new double[x.length];
        eq.residual(x, g);
        double h = 1e-5;
        for (int i = 0; i < x.length; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double fd = (eq.action(xp) - eq.action(xm)) / (2 * h);
            assertEquals(fd, g[i], 1e-7, "component " + i);
        }
    }

    /** The analytic Jacobian against central differences (error O(h^2) + O(eps/h) ~ 1e-9) and its symmetry (a Hessian). */
    @Test
    void jacobianMatchesFiniteDifferencesAndIsSymmetric() {
        int p = 4;
        BayesSaddleEquations eq = new BayesSaddleEquations(randomGram(p, 6, 4), randomVector(p, 5), 3, 1.3, 0.3);
        double[] x = eq.lazyGuess();
        Random r = new Random(6);
        for (int i = 0; i < x.length; i++) {
            x[i] += 0.05 * r.nextGaussian();
        }
        int n = eq.dimension();
        DMatrixRMaj j = new DMatrixRMaj(n, n);
        eq.jacobian(x, j);
        DMatrixRMaj fd = new DMatrixRMaj(n, n);
        double[] fp = new double[n];
        double[] fm = new double[n];
        double h = 1e-6;
        for (int b = 0; b < n; b++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[b] += h;
            xm[b] -= h;
            eq.residual(xp, fp);
            eq.residual(xm, fm);
            for (int a = 0; a < n; a++) {
                fd.set(a, b, (fp[a] - fm[a]) / (2 * h));
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                assertEquals(fd.get(a, b), j.get(a, b), 2e-6, "J[" + a + "][" + b + "]");
                assertEquals(j.get(b, a), j.get(a, b), 1e-12, "symmetry [" + a + "][" + b + "]");
            }
        }
    }

    /** gamma0 = 0 gives the NNGP: Phi^l = Kx, Phihat^l = 0 for every beta. */
    @Test
    void lazyLimitIsTheNngp() {
        double[][] kx = randomGram(5, 7, 7);
        double[] y = randomVector(5, 8);
        BayesSolution s = new BayesSaddleSolver().solve(kx, y, new double[0][5], new double[0][0], 3, 0.0, 0.25);
        assertTrue(s.converged());
        for (int l = 1; l <= 3; l++) {
            for (int i = 0; i < 5; i++) {
                for (int k = 0; k < 5; k++) {
                    assertEquals(kx[i][k], s.phi()[l][i][k], 1e-14);
                    assertEquals(0.0, s.phiHat()[l][i][k], 1e-14);
                }
            }
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(s.nngpTrain()[i], s.fTrain()[i], 1e-13);
        }
    }

    /** Done-when 1: whitened data, the P x P Newton solution against the scalar equation to 1e-12. */
    @Test
    void whitenedDataReducesToTheScalarEquation() {
        int p = 5;
        double[] y = randomVector(p, 9);
        double y2 = 0;
        for (double v : y) {
            y2 += v * v;
        }
        for (int depth = 1; depth <= 3; depth++) {
            for (double gamma0 : new double[] {0.5, 1.0, 2.0}) {
                for (double invBeta : new double[] {0.0, 0.1, 1.0}) {
                    BayesSolution s = new BayesSaddleSolver().solve(identity(p), y, new double[0][p], new double[0][0],
                            depth, gamma0, invBeta);
                    assertTrue(s.converged(), s.report().toString());
                    double c = WhitenedBayes.c(depth, gamma0, y2, invBeta);
                    double[] cl = WhitenedBayes.layers(depth, c);
                    for (int l = 1; l <= depth; l++) {
                        for (int i = 0; i < p; i++) {
                            for (int k = 0; k < p; k++) {
                                double expect = (i == k ? 1 : 0) + (cl[l] - 1) * y[i] * y[k] / y2;
                                assertEquals(expect, s.phi()[l][i][k], 1e-12,
                                        "L=" + depth + " gamma0=" + gamma0 + " 1/beta=" + invBeta + " Phi^" + l);
                            }
                        }
                    }
                }
            }
        }
    }

    /** L = 1, beta = infinity, |y| = 1: c = (1 + sqrt(1 + 4 gamma0^2))/2. */
    @Test
    void twoLayerNoiselessClosedForm() {
        for (double gamma0 : new double[] {0.1, 0.5, 1.0, 2.0, 5.0}) {
            double c = WhitenedBayes.c(1, gamma0, 1.0, 0.0);
            assertEquals(WhitenedBayes.twoLayerNoiseless(gamma0, 1.0), c, 1e-14 * c);
        }
    }

    /** Newton converges quadratically on a nontrivial case: e_{k+1} <= C e_k^2 on the residual history. */
    @Test
    void newtonConvergesQuadratically() {
        int p = 8;
        double[][] kx = randomGram(p, 12, 10);
        double[] y = randomVector(p, 11);
        BayesSolution s = new BayesSaddleSolver(1e-14).solve(kx, y, new double[0][p], new double[0][0], 3, 2.0, 0.25);
        assertTrue(s.converged(), s.report().toString());
        double[] h = s.report().residualHistory();
        // at least one step in the asymptotic regime: r_{k+1} / r_k^2 bounded while r_k decreases by orders
        boolean quadratic = false;
        for (int k = 1; k + 1 < h.length; k++) {
            if (h[k] < 1e-3 && h[k + 1] > 1e-15 && h[k + 1] <= 10 * h[k] * h[k]) {
                quadratic = true;
            }
        }
        assertTrue(quadratic, java.util.Arrays.toString(h));
    }

    /**
     * beta = infinity: Phi^L(x, X) = Kx(x, X) B and Phi^L(X, X) = Kx B with the same B (product of the
     * (I + Phihat^l Phi^{l-1})^{-1}), so the adaptive predictor on test inputs equals the NNGP one exactly, at every gamma0.
     * Also a check of the test-row propagation against the train block (a test input equal to a train input).
     */
    @Test
    void noiselessPredictorEqualsNngpAndTestRowsMatchTrainRows() {
        int p = 4;
        int d = 7;
        Random r = new Random(12);
        double[][] x = new double[p + 2][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        x[p + 1] = x[1].clone();   // test input 1 is train input 1
        double[][] all = new double[p + 2][p + 2];
        for (int i = 0; i < p + 2; i++) {
            for (int j = 0; j < p + 2; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    s += x[i][t] * x[j][t];
                }
                all[i][j] = s / d;
            }
        }
        double[][] kx = new double[p][p];
        double[][] tt = new double[2][p];
        double[][] ss = new double[2][2];
        for (int i = 0; i < p + 2; i++) {
            for (int j = 0; j < p + 2; j++) {
                if (i < p && j < p) {
                    kx[i][j] = all[i][j];
                } else if (i >= p && j < p) {
                    tt[i - p][j] = all[i][j];
                } else if (i >= p && j >= p) {
                    ss[i - p][j - p] = all[i][j];
                }
            }
        }
        double[] y = randomVector(p, 13);
        for (double invBeta : new double[] {0.0, 0.3}) {
            BayesSolution s = new BayesSaddleSolver().solve(kx, y, tt, ss, 3, 1.5, invBeta);
            assertTrue(s.converged());
            for (int l = 1; l <= 3; l++) {
                for (int j = 0; j < p; j++) {
                    assertEquals(s.phi()[l][1][j], s.phiTestTrain()[l][1][j], 1e-12, "test row = train row, layer " + l);
                }
                assertEquals(s.phi()[l][1][1], s.phiTestTest()[l][1][1], 1e-12, "test diagonal = train diagonal");
            }
            if (invBeta == 0.0) {
                for (int i = 0; i < 2; i++) {
                    assertEquals(s.nngpTest()[i], s.fTest()[i], 1e-10, "beta = inf: adaptive = NNGP on test inputs");
                }
            }
        }
    }
}
