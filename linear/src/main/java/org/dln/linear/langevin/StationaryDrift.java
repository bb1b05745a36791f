package org.dln.linear.langevin;

import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.numeric.solver.SolverException;
import org.dln.numeric.solver.SolverMessage;

/**
 * Representational drift (theory.md 12.7): the stationary autocorrelation of the hidden features and of the weights
 * against the lag tau, at infinite width. gamma0 = 0 (any L): exact, Phi^l(t + tau, t) = (sigma^2 e^{-lambda tau})^l Kx
 * and every weight c(tau) = sigma^2 e^{-lambda tau}. L = 1 (any gamma0): the Lyapunov system (12.4) integrated to its
 * stationary state, then the two-time block S(t + tau, t) = U(tau) S propagated over the lags. L >= 2 with gamma0 > 0:
 * the last row of the two-time kernels of a march trajectory ({@link #fromTrajectory}).
 */
public final class StationaryDrift {
    /** Stationarity target of the single-site system: estimated relative distance to the fixed point. */
    static final double STATIONARY_TOL = 1e-11;

    private StationaryDrift() {
    }

    /** points evenly spaced lags 0..tauMax; tauMax finite > 0, points in 2..10000 (field "drift"). */
    public static double[] lags(double tauMax, int points) {
        if (!(tauMax > 0) || !Double.isFinite(tauMax)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "drift", "drift", tauMax,
                    "the largest lag TAU_MAX must be a finite number > 0");
        }
        if (points < 2 || points > 10000) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "drift", "drift", points,
                    "the number of lags must be in 2..10000");
        }
        double[] t = new double[points];
        for (int k = 0; k < points; k++) {
            t[k] = tauMax * k / (points - 1);
        }
        return t;
    }

    /** A stationary state exists only with lambda > 0 and T > 0. */
    public static void requireStationary(LangevinParameters par) {
        if (!(par.lambda() > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "lambda", "lambda", par.lambda(),
                    "representational drift needs a stationary state: weight decay lambda > 0");
        }
        if (!(par.temperature() > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "temperature", "temperature", par.temperature(),
                    "representational drift needs a stationary state: temperature T > 0");
        }
    }

    /** The ODE engines' cases: gamma0 = 0 (exact) or L = 1 (single site). */
    public static boolean supports(int depth, double gamma0) {
        return gamma0 == 0 || depth == 1;
    }

    /** gamma0 = 0 exactly, L = 1 by the single-site system. */
    public static DriftCurve solve(Problem p, LangevinParameters par, double[] lags) {
        requireStationary(par);
        if (p.gamma0() == 0) {
            return exact(p, par, lags);
        }
        if (p.depth() == 1) {
            return singleSite(p, par, lags);
        }
        throw new InvalidInputException(InputError.OUT_OF_RANGE, "gamma0", "gamma0", p.gamma0(),
                "the stationary drift of L >= 2 with gamma0 > 0 comes from the march's two-time kernels (fromTrajectory)");
    }

    /** The kernel regime (theory.md 12.7): c(tau) = sigma^2 e^{-lambda tau}, Phi^l = c^l Kx, every weight c. */
    static DriftCurve exact(Problem p, LangevinParameters par, double[] lags) {
        int L = p.depth();
        double[][] kx = p.jointGram();
        int m = kx.length;
        double[][][][] phi = new double[L][lags.length][m][m];
        double[][] w = new double[L + 1][lags.length];
        for (int k = 0; k < lags.length; k++) {
            double c = par.sigma2() * Math.exp(-par.lambda() * lags[k]);
            for (int l = 1; l <= L; l++) {
                double cl = Math.pow(c, l);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        phi[l - 1][k][i][j] = cl * kx[i][j];
                    }
                }
            }
            for (int l = 0; l <= L; l++) {
                w[l][k] = c;
            }
        }
        return new DriftCurve("ou-exact", lags.clone(), phi, w, Double.POSITIVE_INFINITY, 0, 0);
    }

    /** L = 1: the stationary Lyapunov state, then S(t + tau, t) = U(tau) S over the lags. */
    static DriftCurve singleSite(Problem p, LangevinParameters par, double[] lags) {
        double[][] kJoint = p.jointGram();
        LangevinParameters eff = new LangevinParameters(par.lambda(), par.temperature(), par.beta() * p.lossScale(),
                par.sigma0(), par.tMax(), par.points(), par.twoTimePoints(), par.tolerance());
        SingleSiteModel ss = new SingleSiteModel(kJoint, p.y(), p.gamma0(), eff);
        int dim = ss.dimension(), m = kJoint.length, pn = p.trainCount();
        double chunk = 1 / par.lambda();
        OdeIntegrator ode = new OdeIntegrator(par.tolerance(), Math.min(1e-3, chunk / 10));
        double[] z = ss.initial(), dz = new double[dim];
        double t = 0, prev = Double.NaN, distance = Double.NaN;
        while (true) {
            try {
                ode.integrate(ss, z, t, t + chunk);
            } catch (ArithmeticException e) {
                throw new SolverException(SolverMessage.NON_FINITE_RESULT, "state", "the stationary single-site system",
                        " (" + e.getMessage() + ")", 0, t, Double.NaN);
            }
            t += chunk;
            ss.eval(t, z, dz);
            double r = 0, scale = 1;
            for (int i = 0; i < dim; i++) {
                r = Math.max(r, Math.abs(dz[i]));
                scale = Math.max(scale, Math.abs(z[i]));
            }
            r /= scale;
            // relative distance to the fixed point ~ residual / relaxation rate (the rate from successive residuals)
            double rate = Double.isNaN(prev) || !(r < prev) ? par.lambda() : Math.max(Math.log(prev / r) / chunk, 1e-3 * par.lambda());
            distance = r / rate;
            if (r == 0 || (distance <= STATIONARY_TOL && !Double.isNaN(prev))) {
                break;
            }
            if (t > 5000 * chunk) {
                throw new SolverException(SolverMessage.NOT_CONVERGED, "the stationary single-site system (L = 1)",
                        (int) Math.round(t / chunk), distance, "[relative distance to the fixed point]");
            }
            prev = r;
        }
        int bl = ss.blockLength();
        double[] zb = java.util.Arrays.copyOf(z, dim + bl);
        ss.startBlock(z, zb, dim);
        OdeIntegrator.Rhs rhs = ss.withBlocks(1);
        double[][][][] phi = new double[1][lags.length][][];
        double[][] w = new double[2][lags.length];
        double[][] inv = inverse(kJoint, pn);
        for (int k = 0; k < lags.length; k++) {
            if (k > 0) {
                try {
                    ode.integrate(rhs, zb, t + lags[k - 1], t + lags[k]);
                } catch (ArithmeticException e) {
                    throw new SolverException(SolverMessage.NON_FINITE_RESULT, "two-time block", "the stationary drift",
                            " (" + e.getMessage() + ")", k, lags[k], Double.NaN);
                }
            }
            phi[0][k] = ss.blockPhi(zb, dim);
            w[1][k] = ss.blockG(zb, dim);
            w[0][k] = dataSubspace(inv, phi[0][k], pn);
        }
        return new DriftCurve("single-site", lags.clone(), phi, w, t, par.tolerance(), distance);
    }

    /**
     * L >= 2 with gamma0 > 0 (or any trajectory with two-time kernels): the last two-time row t_K gives
     * Phi^l(t_K, t_K - tau) at the lags tau = t_K - t_j <= tauMax. Stationarity is measured as the largest relative change
     * of the equal-time Phi^l and G^l between t_K - tau_max and t_K; the accuracy is the trajectory's error estimate.
     */
    public static DriftCurve fromTrajectory(Problem p, LangevinTrajectory tr, double tauMax) {
        requireStationary(tr.parameters());
        int[] tt = tr.twoTimeIndex();
        if (tt.length < 2 || tr.phiTwoTime() == null) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "two-time-points", "two-time-points", tt.length,
                    "the drift of L >= 2 with gamma0 > 0 needs the march's two-time kernels: give --two-time-points >= 2 "
                            + "and no --times");
        }
        int a = tt.length - 1, L = p.depth(), pn = p.trainCount();
        double tEnd = tr.times()[tt[a]];
        int count = 0;
        for (int j = a; j >= 0 && tEnd - tr.times()[tt[j]] <= tauMax * (1 + 1e-12); j--) {
            count++;
        }
        if (count < 2) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "drift", "drift", tauMax, String.format(
                    java.util.Locale.ROOT, "the two-time grid spacing is %.4g: raise TAU_MAX or --two-time-points",
                    tEnd - tr.times()[tt[a - 1]]));
        }
        double[] lags = new double[count];
        double[][][][] phi = new double[L][count][][];
        double[][] w = new double[L + 1][count];
        double[][] inv = inverse(p.jointGram(), pn);
        double change = 0;
        LangevinParameters par = tr.parameters();
        for (int k = 0; k < count; k++) {
            int j = a - k;
            double s = tr.times()[tt[j]];
            lags[k] = tEnd - s;
            for (int l = 1; l <= L; l++) {
                phi[l - 1][k] = tr.phiTwoTime()[l - 1][a][j];
                change = Math.max(change, relativeChange(tr.phiTwoTime()[l - 1][j][j], tr.phiTwoTime()[l - 1][a][a]));
                change = Math.max(change, Math.abs(tr.gTwoTime()[l - 1][j][j] - tr.gTwoTime()[l - 1][a][a])
                        / Math.abs(tr.gTwoTime()[l - 1][a][a]));
            }
            w[0][k] = dataSubspace(inv, phi[0][k], pn);
            for (int l = 1; l < L; l++) {
                w[l][k] = par.c(tEnd, s);
            }
            w[L][k] = tr.gTwoTime()[L - 1][a][j];
        }
        double acc = Double.isNaN(tr.errorEstimate()) ? par.tolerance() : tr.errorEstimate();
        return new DriftCurve("march-late-rows", lags, phi, w, tEnd, acc, change);
    }

    private static double relativeChange(double[][] a, double[][] b) {
        double d = 0, s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
                s = Math.max(s, Math.abs(b[i][j]));
            }
        }
        return s == 0 ? d : d / s;
    }

    /**
     * (1/r) tr(Kx^+ Phi_train): the entry autocorrelation of W^0 in the span of the train inputs (r = rank of the train
     * Kx, whose range holds the range of Phi_train since sum_mu v_mu x_mu = 0 gives sum_mu v_mu h_mu = 0).
     */
    static double dataSubspace(double[][] pinv, double[][] phi, int pn) {
        double s = 0;
        for (int i = 0; i < pn; i++) {
            for (int j = 0; j < pn; j++) {
                s += pinv[i][j] * phi[j][i];
            }
        }
        return s / pinv[pn][0];
    }

    /**
     * The pseudo-inverse of the leading n x n block of a Gram matrix (eigenvalues below 1e-10 of the largest dropped),
     * with its rank stored in an extra row: [n][0].
     */
    static double[][] inverse(double[][] k, int n) {
        org.ejml.data.DMatrixRMaj a = new org.ejml.data.DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a.set(i, j, 0.5 * (k[i][j] + k[j][i]));
            }
        }
        var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(a)) {
            throw new SolverException(SolverMessage.NOT_CONVERGED, "the eigen-decomposition of Kx", 0, Double.NaN, "[]");
        }
        double max = 0;
        for (int e = 0; e < n; e++) {
            max = Math.max(max, Math.abs(eig.getEigenvalue(e).getReal()));
        }
        double[][] out = new double[n + 1][n];
        int rank = 0;
        for (int e = 0; e < n; e++) {
            double v = eig.getEigenvalue(e).getReal();
            if (!(v > 1e-10 * max)) {
                continue;
            }
            rank++;
            org.ejml.data.DMatrixRMaj u = eig.getEigenVector(e);
            double nn = 0;
            for (int i = 0; i < n; i++) {
                nn += u.get(i) * u.get(i);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[i][j] += u.get(i) * u.get(j) / (nn * v);
                }
            }
        }
        out[n][0] = Math.max(rank, 1);
        return out;
    }
}
