package org.dln.linear.bayes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.dln.symbolic.BayesActionDerivatives;
import org.dln.symbolic.SymbolicSession;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The matrix-form stationarity equations and Jacobian of {@link BayesSaddleEquations} against Symja's derivatives of
 * the action written out entry by entry (symmetric matrices: one symbol per independent entry), for P <= 3, at random
 * points away from the saddle. Both sides are exact; the tolerance 1e-10 covers rounding in the double evaluation of
 * the matrix form (inverses of well-conditioned 2x2 and 3x3 matrices).
 */
class BayesSymbolicCheckTest {

    static void check(int p, int depth, long seed) {
        Random r = new Random(seed);
        // every number on the dyadic grid 2^-12: exact in binary and short as Symja rationals (long rationals of
        // arbitrary doubles make Symja's exact arithmetic very slow at P = 3)
        double[][] kx = BayesSaddleTest.randomGram(p, p + 2, seed);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                kx[i][j] = dyadic(kx[i][j]);
                kx[j][i] = kx[i][j];
            }
        }
        double[] y = BayesSaddleTest.randomVector(p, seed + 1);
        for (int i = 0; i < p; i++) {
            y[i] = dyadic(y[i]);
        }
        double gamma0 = 1.25;
        double invBeta = 0.375;
        BayesSaddleEquations eq = new BayesSaddleEquations(kx, y, depth, gamma0, invBeta);
        double[] x = eq.lazyGuess();
        for (int i = 0; i < x.length; i++) {
            x[i] = dyadic(x[i] + 0.1 * r.nextGaussian());
        }
        int n = eq.dimension();
        double[] res = new double[n];
        eq.residual(x, res);
        DMatrixRMaj jac = new DMatrixRMaj(n, n);
        eq.jacobian(x, jac);
        BayesActionDerivatives sym = new BayesActionDerivatives(p, depth);
        try (SymbolicSession session = new SymbolicSession()) {
            double[] grad = sym.gradient(session, kx, y, gamma0, invBeta, x);
            double[] matrixForm = sym.matrixFormGradient(session, kx, y, gamma0, invBeta, x);
            double[][] hess = sym.hessian(session, x);
            for (int i = 0; i < n; i++) {
                assertEquals(grad[i], res[i], 1e-10, "gradient " + sym.variables().get(i));
                assertEquals(grad[i], matrixForm[i], 1e-10, "Symja matrix form " + sym.variables().get(i));
                for (int j = 0; j < n; j++) {
                    assertEquals(hess[i][j], jac.get(i, j), 1e-10,
                            "Hessian " + sym.variables().get(i) + ", " + sym.variables().get(j));
                }
            }
        }
    }

    static double dyadic(double v) {
        return Math.rint(v * 4096) / 4096;
    }

    /** P = 2, L = 2: both layer couplings (Phi^1 with Phihat^2) and the loss term. */
    @Test
    void twoSamplesTwoLayers() {
        check(2, 2, 21);
    }

    /**
     * P = 3, L = 1 and L = 2 (12 and 24 variables, 78 and 300 second derivatives). Each derivative is taken of the
     * action with the other entries at their values (univariate / bivariate in Symja), which keeps it to minutes.
     */
    @Test
    @Tag("slow")
    void threeSamples() {
        check(3, 1, 31);
        check(3, 2, 32);
    }
}
