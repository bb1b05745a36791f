package org.dln.linear.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dln.linear.problem.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * The thin spectrum (from X^T X / D, D &lt; P, null space implicit) against the full P x P eigen-decomposition, and the
 * low-rank Bayes predictor against direct kernel ridge regression with ridge 1/(r beta) by a dense solve.
 */
class KernelSpectrumTest {
    static double[][] x(int p, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[p][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    static double[][] gram(double[][] a, double[][] b) {
        int d = a[0].length;
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

    /** Both forms represent the same Kx exactly; differences are rounding, ~1e-13 for O(1) condition numbers. */
    @Test
    void thinAndFullGiveTheSamePredictors() {
        int p = 40, d = 10;
        double[][] x = x(p, d, 5), xt = x(7, d, 6);
        double[] y = KernelSpectrumTest.x(1, p, 7)[0];
        double[][] kx = gram(x, x), kt = gram(xt, x);
        KernelSpectrum full = new KernelSpectrum(kx, y), thin = KernelSpectrum.ofFeatures(x, y);
        assertEquals(d, thin.size());
        assertTrue(thin.nullNorm() > 0.1);
        for (int depth = 1; depth <= 2; depth++) {
            LowRankBayesSolution a = new LowRankBayes().solve(full, kt, depth, 1.3, 0.2);
            LowRankBayesSolution b = new LowRankBayes().solve(thin, kt, depth, 1.3, 0.2);
            assertEquals(a.r(), b.r(), 1e-10 * a.r());
            for (int i = 0; i < 7; i++) {
                assertEquals(a.fTest()[i], b.fTest()[i], 1e-10);
                assertEquals(a.nngpTest()[i], b.nngpTest()[i], 1e-10);
            }
            for (int i = 0; i < p; i++) {
                assertEquals(a.a()[i], b.a()[i], 1e-9);
                assertEquals(a.fTrain()[i], b.fTrain()[i], 1e-10);
            }
            // relative residual: rounding ~1e-16 P times the conditioning of r Kx + I/beta
            assertTrue(b.fullResidual(kx, y) < 1e-11, "residual " + b.fullResidual(kx, y));
            SpectralDecay da = SpectralDecay.solve(full, kx, kt, depth, 1.3, 0.05, 1, 100);
            SpectralDecay db = SpectralDecay.solve(thin, kx, kt, depth, 1.3, 0.05, 1, 100);
            assertEquals(da.a(), db.a(), 1e-10 * da.a());
            // relative residual: rounding ~1e-16 times P times the condition number of I + a Kx (a ~ 1e2 here)
            assertTrue(db.residual() < 1e-10, "decay residual " + db.residual());
            for (int i = 0; i < 7; i++) {
                assertEquals(da.fTest()[i], db.fTest()[i], 1e-10);
                assertEquals(da.lazyTest()[i], db.lazyTest()[i], 1e-10);
            }
        }
        // beta = inf is refused on a singular Kx (P > D)
        assertThrows(InvalidInputException.class, () -> new LowRankBayes().solve(thin, kt, 1, 1.0, 0.0));
    }

    /** f(x) = Kx(x, X) [Kx + I/(r beta)]^{-1} y by a dense solve, independent of the spectrum. */
    @Test
    void predictorIsRidgeRegressionWithRidgeOneOverRBeta() {
        int p = 30, d = 50;
        double[][] x = x(p, d, 8), xt = x(5, d, 9);
        double[] y = KernelSpectrumTest.x(1, p, 10)[0];
        double[][] kx = gram(x, x), kt = gram(xt, x);
        LowRankBayesSolution s = new LowRankBayes().solve(new KernelSpectrum(kx, y), kt, 2, 0.9, 0.3);
        org.ejml.data.DMatrixRMaj k = new org.ejml.data.DMatrixRMaj(kx);
        for (int i = 0; i < p; i++) {
            k.add(i, i, s.ridge());
        }
        org.ejml.data.DMatrixRMaj a = new org.ejml.data.DMatrixRMaj(p, 1);
        org.ejml.dense.row.CommonOps_DDRM.solve(k, new org.ejml.data.DMatrixRMaj(p, 1, true, y), a);
        double[] f = KernelSpectrum.times(kt, a.data);
        for (int i = 0; i < 5; i++) {
            assertEquals(f[i], s.fTest()[i], 1e-11);
        }
        // r solves r = (1 + gamma0^2 m r)^L with m = a^T Kx a, a = (r Kx + I/beta)^{-1} y
        double m = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                m += s.a()[i] * kx[i][j] * s.a()[j];
            }
        }
        assertEquals(s.r(), Math.pow(1 + 0.81 * m * s.r(), 2), 1e-12 * s.r());
    }
}
