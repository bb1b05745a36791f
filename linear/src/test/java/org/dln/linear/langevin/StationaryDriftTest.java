package org.dln.linear.langevin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;

/**
 * Representational drift (theory.md 12.7) against independent computations: (1) without data the single-site
 * system at gamma0 = 1 gives the OU forms Phi^1 = c Kx, w and W^0 entries c (limit (d)); (2) gamma0 -> 0 of the
 * single-site system is the exact kernel-regime formula; (3) L = 1, gamma0 = 0.5 and 1: the stationary state found here
 * by Newton on the self-consistency f = S_hw / gamma0 of the algebraic Lyapunov equation A S + S A^T + Q = 0 (a Kronecker
 * solve), then S(t + tau, t) = expm(A tau) S (Taylor with scaling and squaring) - a computation that shares nothing with
 * the ODE integration; (4) the march's late rows against (3) at the march's accuracy; (5) bad input named.
 */
class StationaryDriftTest {

    static Problem problem(int depth, double gamma0, double[] y, int d) {
        SplittableRandom r = new SplittableRandom(5);
        double[][] x = new double[4][d], xt = new double[1][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = r.nextGaussian();
            }
        }
        for (int k = 0; k < d; k++) {
            xt[0][k] = r.nextGaussian();
        }
        return new Problem.Builder().inputs(x).testInputs(xt).y(y).depth(depth).gamma0(gamma0).checkStability(false).build();
    }

    static final double[] Y = {1.0, -0.5, 0.3, 0.8};

    static LangevinParameters par(double lambda, double t, double beta) {
        return new LangevinParameters(lambda, t, beta, 1, 10, 20, 0, 1e-12);
    }

    /** (d) no data: Phi^1(t + tau, t) = c(tau) Kx, w and W^0 (pseudo-inverse, rank 3 of P = 4 in D = 3) entries c. */
    @Test
    void noDataIsTheOrnsteinUhlenbeckProcess() {
        Problem p = problem(1, 1.0, new double[4], 3);
        LangevinParameters par = par(0.5, 0.2, 1);
        double[] lags = StationaryDrift.lags(4, 9);
        DriftCurve d = StationaryDrift.solve(p, par, lags);
        double[][] kx = p.jointGram();
        double worst = 0;
        for (int k = 0; k < lags.length; k++) {
            double c = 0.4 * Math.exp(-0.5 * lags[k]);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    worst = Math.max(worst, Math.abs(d.phi()[0][k][i][j] - c * kx[i][j]));
                }
            }
            worst = Math.max(worst, Math.abs(d.weights()[0][k] - c));
            worst = Math.max(worst, Math.abs(d.weights()[1][k] - c));
        }
        // the integrator's local tolerance is 1e-12 relative; the stationarity target 1e-11
        assertTrue(worst < 1e-9, "max deviation " + worst);
        assertEquals(2.0, d.phiDriftTime(1, 4), 2.0 * 0.02); // 1/lambda, linear interpolation in log on a 0.5 grid: exact
        assertEquals(2.0, d.weightDriftTime(1), 1e-9);
    }

    /** gamma0 -> 0 of the single-site system (gamma0 = 1e-4: corrections O(gamma0^2) = 1e-8) is the exact formula. */
    @Test
    void singleSiteTendsToTheKernelRegime() {
        LangevinParameters par = par(1, 1, 2);
        double[] lags = StationaryDrift.lags(3, 7);
        DriftCurve a = StationaryDrift.solve(problem(1, 1e-4, Y, 6), par, lags);
        DriftCurve b = StationaryDrift.solve(problem(1, 0, Y, 6), par, lags);
        assertEquals("ou-exact", b.method());
        double worst = 0;
        for (int k = 0; k < lags.length; k++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    worst = Math.max(worst, Math.abs(a.phi()[0][k][i][j] - b.phi()[0][k][i][j]));
                }
            }
            worst = Math.max(worst, Math.abs(a.weights()[1][k] - b.weights()[1][k]));
            worst = Math.max(worst, Math.abs(a.weights()[0][k] - b.weights()[0][k]));
        }
        assertTrue(worst < 1e-6 && worst > 0, "max deviation " + worst);
    }

    /** L = 1 at gamma0 = 0.5 and 1 against the algebraic Lyapunov equation and the matrix exponential. */
    @Test
    void singleSiteMatchesLyapunovAndPropagator() {
        for (double g : new double[] {0.5, 1.0}) {
            Problem p = problem(1, g, Y, 6);
            LangevinParameters par = par(1, 0.5, 1);
            double[] lags = StationaryDrift.lags(3, 7);
            DriftCurve d = StationaryDrift.solve(p, par, lags);
            double[][] ref = reference(p.jointGram(), Y, g, 1, 0.5, 1, lags);
            double worst = 0;
            for (int k = 0; k < lags.length; k++) {
                DMatrixRMaj s = new DMatrixRMaj(6, 6, true, ref[k]);
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 5; j++) {
                        worst = Math.max(worst, Math.abs(d.phi()[0][k][i][j] - s.get(i, j)));
                    }
                }
                worst = Math.max(worst, Math.abs(d.weights()[1][k] - s.get(5, 5)));
            }
            // Newton to 1e-14, Taylor expm to 1e-15; the ODE side 1e-12 local, stationarity 1e-11 relative
            assertTrue(worst < 1e-8, "gamma0 = " + g + ": max deviation " + worst);
            double r = d.phiTrace(1, 4)[lags.length - 1];
            assertTrue(r > 0 && r < 1, "decorrelates: " + r);
        }
    }

    /** The march's last rows (L = 1, gamma0 = 1) against the same reference, within its own error estimate x 3. */
    @Test
    void marchLateRowsAgreeWithinTheirAccuracy() {
        Problem p = problem(1, 1.0, Y, 6);
        LangevinParameters par = new LangevinParameters(1, 0.5, 1, 1, 10, 41, 41, 1e-12);
        LangevinTrajectory tr = LangevinEngine.solveMarch(p, par, new double[] {0.25, 3});
        DriftCurve d = StationaryDrift.fromTrajectory(p, tr, 2);
        assertEquals(9, d.lags().length);
        double[][] ref = reference(p.jointGram(), Y, 1.0, 1, 0.5, 1, d.lags());
        double worst = 0;
        for (int k = 0; k < d.lags().length; k++) {
            DMatrixRMaj s = new DMatrixRMaj(6, 6, true, ref[k]);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    worst = Math.max(worst, Math.abs(d.phi()[0][k][i][j] - s.get(i, j)));
                }
            }
            worst = Math.max(worst, Math.abs(d.weights()[1][k] - s.get(5, 5)));
        }
        assertTrue(worst < 3 * d.accuracy() + 1e-6 && worst < 1e-2, "max deviation " + worst + " vs accuracy " + d.accuracy()
                + ", stationarity " + d.stationarity());
    }

    /** L = 2 by the march at gamma0 = 0 (its late rows) against the exact kernel-regime forms (12.8). */
    @Test
    void marchLateRowsDeepKernelRegimeAreExactForms() {
        Problem p = problem(2, 0.0, Y, 6);
        LangevinParameters par = new LangevinParameters(1, 0.5, 1, 1, 10, 40, 21, 1e-12);
        LangevinTrajectory tr = LangevinEngine.solveMarch(p, par, new double[] {0.25, 3});
        DriftCurve d = StationaryDrift.fromTrajectory(p, tr, 2);
        DriftCurve e = StationaryDrift.solve(p, par, d.lags());
        double worst = 0;
        for (int k = 0; k < d.lags().length; k++) {
            for (int l = 1; l <= 2; l++) {
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 5; j++) {
                        worst = Math.max(worst, Math.abs(d.phi()[l - 1][k][i][j] - e.phi()[l - 1][k][i][j]));
                    }
                }
            }
            for (int l = 0; l <= 2; l++) {
                worst = Math.max(worst, Math.abs(d.weights()[l][k] - e.weights()[l][k]));
            }
        }
        // the rows are at t = 10: the initial condition has decayed to e^{-2 lambda t} ~ 2e-9 (sigma0^2 = 1 vs sigma^2 = 0.5)
        assertTrue(worst < 3 * d.accuracy() + 1e-6, "max deviation " + worst + " vs accuracy " + d.accuracy());
    }

    @Test
    void badInputIsNamed() {
        InvalidInputException a = Assertions.assertThrows(InvalidInputException.class, () -> StationaryDrift.lags(-1, 5));
        assertTrue(a.getMessage().contains("'drift'"), a.getMessage());
        InvalidInputException b = Assertions.assertThrows(InvalidInputException.class,
                () -> StationaryDrift.solve(problem(1, 1, Y, 6), par(1, 0, 1), StationaryDrift.lags(1, 3)));
        assertTrue(b.getMessage().contains("'temperature'"), b.getMessage());
        InvalidInputException c = Assertions.assertThrows(InvalidInputException.class,
                () -> StationaryDrift.solve(problem(1, 1, Y, 6), par(0, 1, 1), StationaryDrift.lags(1, 3)));
        assertTrue(c.getMessage().contains("'lambda'"), c.getMessage());
    }

    /**
     * S(t + tau, t) of the stationary linear SDE (12.4), row-major (M+1) x (M+1), for each lag: f from Newton on
     * F(f) = S_hw(f) / gamma0 - f (finite-difference Jacobian), S(f) from A S + S A^T + Q = 0 as a Kronecker system.
     */
    static double[][] reference(double[][] kx, double[] y, double g, double lam, double temp, double beta, double[] lags) {
        int p = y.length, m = kx.length, n = m + 1;
        double[] f = new double[p];
        // continuation in gamma0 from 0.05 keeps Newton on the branch that grows out of the kernel regime (the
        // self-consistency has other roots at gamma0 = 1)
        for (int c = 1; c <= 20; c++) {
            f = newton(kx, y, f, g * c / 20, lam, temp, beta);
        }
        DMatrixRMaj a = drift(kx, y, f, g, lam, beta);
        DMatrixRMaj s = lyapunov(a, kx, temp);
        double[][] out = new double[lags.length][];
        for (int k = 0; k < lags.length; k++) {
            DMatrixRMaj u = expm(a, lags[k]);
            DMatrixRMaj us = new DMatrixRMaj(n, n);
            CommonOps_DDRM.mult(u, s, us);
            out[k] = us.data.clone();
        }
        return out;
    }

    static double[] newton(double[][] kx, double[] y, double[] f0, double g, double lam, double temp, double beta) {
        int p = y.length;
        double[] f = f0.clone();
        for (int it = 0; it < 60; it++) {
            double[] r = residual(kx, y, f, g, lam, temp, beta);
            double norm = 0;
            for (double v : r) {
                norm = Math.max(norm, Math.abs(v));
            }
            if (norm < 1e-14) {
                break;
            }
            DMatrixRMaj jac = new DMatrixRMaj(p, p);
            for (int j = 0; j < p; j++) {
                double[] f2 = f.clone();
                double h = 1e-7;
                f2[j] += h;
                double[] r2 = residual(kx, y, f2, g, lam, temp, beta);
                for (int i = 0; i < p; i++) {
                    jac.set(i, j, (r2[i] - r[i]) / h);
                }
            }
            DMatrixRMaj step = new DMatrixRMaj(p, 1);
            CommonOps_DDRM.solve(jac, new DMatrixRMaj(p, 1, true, r), step);
            for (int i = 0; i < p; i++) {
                f[i] -= step.get(i);
            }
        }
        return f;
    }

    static double[] residual(double[][] kx, double[] y, double[] f, double g, double lam, double temp, double beta) {
        DMatrixRMaj s = lyapunov(drift(kx, y, f, g, lam, beta), kx, temp);
        int m = kx.length;
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = s.get(i, m) / g - f[i];
        }
        return r;
    }

    static DMatrixRMaj drift(double[][] kx, double[] y, double[] f, double g, double lam, double beta) {
        int p = y.length, m = kx.length, n = m + 1;
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            a.set(i, i, -lam);
        }
        for (int i = 0; i < m; i++) {
            double k = 0;
            for (int al = 0; al < p; al++) {
                k += kx[i][al] * (y[al] - f[al]);
            }
            a.set(i, m, beta * g * k);
        }
        for (int al = 0; al < p; al++) {
            a.set(m, al, beta * g * (y[al] - f[al]));
        }
        return a;
    }

    /** Solves A S + S A^T + Q = 0, Q = 2 T diag(Kx, 1), as (I kron A + A kron I) vec S = -vec Q. */
    static DMatrixRMaj lyapunov(DMatrixRMaj a, double[][] kx, double temp) {
        int n = a.numRows, m = kx.length;
        DMatrixRMaj big = new DMatrixRMaj(n * n, n * n);
        DMatrixRMaj q = new DMatrixRMaj(n * n, 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int row = i * n + j;
                for (int k = 0; k < n; k++) {
                    big.add(row, k * n + j, a.get(i, k));
                    big.add(row, i * n + k, a.get(j, k));
                }
                double qq = i < m && j < m ? kx[i][j] : (i == m && j == m ? 1 : 0);
                q.set(row, -2 * temp * qq);
            }
        }
        DMatrixRMaj v = new DMatrixRMaj(n * n, 1);
        CommonOps_DDRM.solve(big, q, v);
        return new DMatrixRMaj(n, n, true, v.data);
    }

    /** e^{A t}: Taylor series (30 terms) of A t / 2^s, then s squarings, |A t| / 2^s <= 1/2. */
    static DMatrixRMaj expm(DMatrixRMaj a, double t) {
        int n = a.numRows;
        double norm = CommonOps_DDRM.elementMaxAbs(a) * n * t;
        int sq = Math.max(0, (int) Math.ceil(Math.log(Math.max(norm, 1e-300) / 0.5) / Math.log(2)));
        DMatrixRMaj x = a.copy();
        CommonOps_DDRM.scale(t / Math.pow(2, sq), x);
        DMatrixRMaj sum = CommonOps_DDRM.identity(n), term = CommonOps_DDRM.identity(n), tmp = new DMatrixRMaj(n, n);
        for (int k = 1; k <= 30; k++) {
            CommonOps_DDRM.mult(term, x, tmp);
            CommonOps_DDRM.scale(1.0 / k, tmp, term);
            CommonOps_DDRM.addEquals(sum, term);
        }
        for (int s = 0; s < sq; s++) {
            CommonOps_DDRM.mult(sum, sum, tmp);
            sum.setTo(tmp);
        }
        return sum;
    }
}
