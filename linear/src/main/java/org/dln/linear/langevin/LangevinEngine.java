package org.dln.linear.langevin;

import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.numeric.linalg.Kernels;
import org.dln.numeric.solver.SolverException;
import org.dln.numeric.solver.SolverMessage;

/**
 * Integrates the Langevin DMFT of a deep linear network (theory.md section 12) on the output times: the kernel regime
 * (gamma0 = 0, {@link NdkModel}) for any L, two-layer networks (L = 1, {@link SingleSiteModel}) for any gamma0; any
 * depth and gamma0 on a uniform grid by the Richardson-extrapolated trapezoid march ({@link TrapezoidLangevinMarch},
 * theory.md 12.6; the first-order discrete march of 12.5 on request). Measures the two time scales.
 */
public final class LangevinEngine {

    private LangevinEngine() {
    }

    /**
     * The march's trajectory at the given times (each must be one of its grid times to 1e-9 relative); two-time
     * kernels are dropped.
     */
    public static LangevinTrajectory select(LangevinTrajectory tr, double[] times) {
        int[] idx = new int[times.length];
        double scale = tr.times()[tr.timePoints() - 1];
        for (int i = 0; i < times.length; i++) {
            int best = -1;
            for (int k = 0; k < tr.timePoints(); k++) {
                if (Math.abs(tr.times()[k] - times[i]) <= 1e-9 * scale) {
                    best = k;
                }
            }
            if (best < 0) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "times", "times[" + i + "]", times[i],
                        "with the march every time must be a multiple of its step " + tr.times()[1]);
            }
            idx[i] = best;
        }
        int L = tr.phi().length;
        double[][] f = new double[idx.length][];
        double[] loss = new double[idx.length];
        double[][][][] phi = new double[L][idx.length][][];
        double[][] g = new double[L][idx.length];
        double[] ts = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            ts[i] = tr.times()[idx[i]];
            f[i] = tr.f()[idx[i]];
            loss[i] = tr.loss()[idx[i]];
            for (int l = 0; l < L; l++) {
                phi[l][i] = tr.phi()[l][idx[i]];
                g[l][i] = tr.g()[l][idx[i]];
            }
        }
        return new LangevinTrajectory(tr.model(), tr.parameters(), ts, f, loss, phi, g, new int[0], null, null, null,
                tr.fastTime(), tr.slowTime(), tr.fastPredicted(), tr.slowPredicted(), tr.steps(), tr.wallSeconds(),
                tr.errorEstimate());
    }

    /** Whether the engine solves this depth and gamma0. */
    public static boolean supports(int depth, double gamma0) {
        return gamma0 == 0 || depth == 1;
    }

    /** The output times: 0, then points - 1 log-spaced times from t1 to tMax. */
    public static double[] outputTimes(Problem p, LangevinParameters par) {
        double rate = (p.depth() + 1) * par.beta() * Math.pow(par.sigma0(), 2 * p.depth())
                * Math.max(1e-300, Kernels.eigenvalueRange(p.kx(), p.trainCount())[1]) * p.lossScale() + (p.depth() + 1) * par.lambda();
        double t1 = Math.min(par.tMax() / 100, 1e-2 / rate);
        int n = par.points();
        double[] ts = new double[n];
        for (int i = 1; i < n; i++) {
            ts[i] = n == 2 ? par.tMax() : t1 * Math.pow(par.tMax() / t1, (i - 1) / (double) (n - 2));
        }
        ts[n - 1] = par.tMax();
        return ts;
    }

    /**
     * The trajectory: on {@link #outputTimes} by the ODE systems where they apply (gamma0 = 0 or L = 1), else by the
     * extrapolated trapezoid march on a uniform grid ({@link #solveMarch} with {@link #defaultMarch}).
     */
    public static LangevinTrajectory solve(Problem p, LangevinParameters par) {
        if (supports(p.depth(), p.gamma0())) {
            return solve(p, par, outputTimes(p, par));
        }
        return solveMarch(p, par, defaultMarch(p, par));
    }

    /**
     * Default march: base step h0 = min(tMax / 40, 1 / r) with r the largest NTK rate the run can reach (its initial
     * and stationary values times the feature-learning growth sqrt(1 + gamma0^2 max y^2)); the trapezoid scheme on the
     * harmonic sequence of 5 levels (steps h0, h0/2, ..., h0/5; theory.md 12.6): finest step 0.2 / r.
     */
    public static double[] defaultMarch(Problem p, LangevinParameters par) {
        int L = p.depth();
        double ymax = 0;
        for (double v : p.y()) {
            ymax = Math.max(ymax, Math.abs(v));
        }
        double mInf = par.lambda() > 0 ? par.m(par.tMax()) : par.m(par.tMax());
        double scale = Math.max(Math.pow(par.sigma0(), 2 * L), Math.pow(mInf, L));
        double rate = (L + 1) * par.beta() * p.lossScale() * scale * Kernels.eigenvalueRange(p.kx(), p.trainCount())[1]
                * Math.sqrt(1 + p.gamma0() * p.gamma0() * ymax * ymax) + par.lambda();
        double h0 = Math.min(par.tMax() / 40, 1 / Math.max(rate, 1e-12));
        return new double[] {h0, 5, TRAPEZOID, HARMONIC, 1};
    }

    /** options[2] of {@link #solveMarch}: the trapezoidal discretization of theory.md 12.6 (the default). */
    public static final double TRAPEZOID = 1;
    /** options[2] of {@link #solveMarch}: the first-order discrete (exponential-Euler) march of theory.md 12.5. */
    public static final double DISCRETE = 0;
    /** options[3] of {@link #solveMarch}: the steps h0, h0/2, h0/4, ... (the default when absent). */
    public static final double HALVING = 0;
    /** options[3] of {@link #solveMarch}: the steps h0/n0, h0/(n0+1), ... (n0 = options[4], default 1). */
    public static final double HARMONIC = 1;
    /** Largest number of levels of a march. */
    public static final int MAX_LEVELS = 12;

    /**
     * The extrapolated march (theory.md 12.5, 12.6): base step h0 = options[0] (the spacing of the reported times),
     * options[1] levels, scheme options[2] ({@link #TRAPEZOID} when absent, or {@link #DISCRETE}), sequence options[3]
     * ({@link #HALVING} when absent: steps h0 / 2^i; {@link #HARMONIC}: steps h0 / (n0 + i) with n0 = options[4], default
     * 1), i = 0..levels-1.
     */
    public static LangevinTrajectory solveMarch(Problem p, LangevinParameters par, double[] options) {
        return runMarch(p, par, options).trajectory();
    }

    /**
     * A march with its row-solve statistics (trapezoid scheme: total sweeps, the largest sweep count of one time row,
     * the largest estimated remaining relative change of a row) and the max change of the predictions made by each
     * Richardson column (columnChanges[j], j >= 1; the last one is the trajectory's error estimate).
     */
    public record MarchRun(LangevinTrajectory trajectory, boolean trapezoid, long sweeps, int maxRowSweeps,
                           double maxRowChange, double[] columnChanges, double h0, int[] steps) {
        public MarchRun {
            steps = steps.clone();
        }

        @Override
        public int[] steps() {
            return steps.clone();
        }
    }

    /** {@link #solveMarch} with its statistics. */
    public static MarchRun runMarch(Problem p, LangevinParameters par, double[] options) {
        return runMarch(p, par, options, (done, total) -> { });
    }

    /** {@link #runMarch} telling {@code progress} the work done of the total (rows weighted by their cost). */
    public static MarchRun runMarch(Problem p, LangevinParameters par, double[] options,
                                    java.util.function.BiConsumer<Long, Long> progress) {
        double h0 = options[0];
        int levels = (int) options[1];
        boolean trapezoid = options.length < 3 || options[2] != DISCRETE;
        boolean harmonic = options.length > 3 && options[3] == HARMONIC;
        int n0 = options.length > 4 ? (int) options[4] : 1;
        int maxLevels = harmonic ? MAX_LEVELS : 5;
        if (!(h0 > 0) || !(h0 <= par.tMax()) || levels < 1 || levels > maxLevels) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "step", "step", h0,
                    "the march needs 0 < step <= t-max and 1.." + maxLevels + " levels");
        }
        if (harmonic && (n0 < 1 || n0 > 64)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "step", "first subdivision", n0,
                    "the harmonic sequence starts at a subdivision n0 in 1..64");
        }
        MarchExtrapolation.Options opt = harmonic ? MarchExtrapolation.Options.harmonic(h0, levels, n0, trapezoid)
                : MarchExtrapolation.Options.halving(h0, levels, trapezoid);
        long k = Math.round(par.tMax() / h0);
        long finest = k * opt.steps()[levels - 1] + 1;
        long n = finest * (p.trainCount() + p.testCount());
        long bytes = 8L * n * n * (p.depth() + 1) + 8L * 8 * n * finest;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > 0.8 * heap) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "step", "step", h0, String.format(java.util.Locale.ROOT,
                    "the finest march level has %d time points and needs about %.2g GB (heap %.2g GB); raise the step or "
                            + "lower t-max, levels, or the number of inputs", finest, bytes / 1e9, heap / 1e9));
        }
        long start = System.nanoTime();
        MarchExtrapolation.Result r = MarchExtrapolation.solve(p, par, opt, progress::accept);
        if (trapezoid && !(r.maxRowChange() <= 1e-12)) {
            throw new SolverException(SolverMessage.NOT_CONVERGED, "the trapezoid march's row solve", r.maxRowSweeps(),
                    r.maxRowChange(), "[relative row change after the last sweep]");
        }
        int nt = r.times().length, pn = p.trainCount();
        double[] y = p.y();
        double[] loss = new double[nt];
        for (int i = 0; i < nt; i++) {
            requireFinite(r.f()[i], i, r.times()[i]);
            double l2 = 0;
            for (int mu = 0; mu < pn; mu++) {
                double d = y[mu] - r.f()[i][mu];
                l2 += d * d;
            }
            loss[i] = 0.5 * p.lossScale() * l2;
        }
        double fast = fastTime(r.times(), r.f(), y);
        double slow = slowTime(r.times(), r.f());
        int L = p.depth();
        double ky = rayleigh(p.kx(), y) * p.lossScale();
        double fastPred = 1 / ((L + 1) * (par.beta() * Math.pow(par.sigma0(), 2 * L) * ky + par.lambda()));
        LangevinTrajectory tr = new LangevinTrajectory(trapezoid ? "trapezoid-richardson" : "march-richardson", par,
                r.times(), r.f(), loss, r.phi(), r.g(), r.twoIndex(), r.phiTwo(), r.gTwo(), null, fast, slow, fastPred,
                slowPredicted(p, par), r.finestPoints(), (System.nanoTime() - start) * 1e-9, r.errorEstimate());
        return new MarchRun(tr, trapezoid, r.sweeps(), r.maxRowSweeps(), r.maxRowChange(), r.levelErrors(),
                r.times()[1] - r.times()[0], opt.steps());
    }

    /**
     * The trajectory at the given times (increasing, the first 0; {@code par.tMax()} and {@code par.points()} are
     * not used, {@code par.twoTimePoints()} picks the two-time sub-grid among them).
     */
    public static LangevinTrajectory solve(Problem p, LangevinParameters par, double[] times) {
        if (times.length < 2 || times[0] != 0) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "times", "times", times.length,
                    "need at least two increasing times, the first 0");
        }
        for (int i = 1; i < times.length; i++) {
            if (!(times[i] > times[i - 1]) || !Double.isFinite(times[i])) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "times", "times[" + i + "]", times[i],
                        "times must be finite and increasing");
            }
        }
        if (!supports(p.depth(), p.gamma0())) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "gamma0", "gamma0", p.gamma0(),
                    "Langevin training with feature learning (gamma0 > 0) is implemented for L = 1 only; for L = "
                            + p.depth() + " use gamma0 = 0 (the kernel regime, theory.md 12.3)");
        }
        long start = System.nanoTime();
        double[][] kJoint = p.jointGram();
        double s = p.lossScale();
        double[] y = p.y();
        // the loss scale s multiplies every Delta: absorb it into beta
        LangevinParameters eff = new LangevinParameters(par.lambda(), par.temperature(), par.beta() * s, par.sigma0(),
                par.tMax(), par.points(), par.twoTimePoints(), par.tolerance());
        boolean ndk = p.gamma0() == 0;
        LangevinModel model = ndk ? new NdkModel(kJoint, y, p.depth(), eff) : new SingleSiteModel(kJoint, y, p.gamma0(), eff);
        double[] ts = times.clone();
        int n = ts.length, L = p.depth(), m = kJoint.length, pn = y.length;
        int[] tt = twoTimeIndices(n, Math.min(n, par.twoTimePoints()));
        double[][] f = new double[n][];
        double[] loss = new double[n];
        double[][][][] phi = new double[L][n][][];
        double[][] g = new double[L][n];
        double[][][][][] phi2 = tt.length == 0 ? null : new double[L][tt.length][tt.length][][];
        double[][][] g2 = tt.length == 0 ? null : new double[L][tt.length][tt.length];
        double firstStep = Math.min(ts[1], 1e-3);
        OdeIntegrator ode = new OdeIntegrator(par.tolerance(), firstStep);
        SingleSiteModel ss = ndk ? null : (SingleSiteModel) model;
        int dim = model.dimension(), bl = ss == null ? 0 : ss.blockLength();
        double[] z = model.initial();
        if (ss != null && tt.length > 0) {
            double[] big = new double[dim + tt.length * bl];
            System.arraycopy(z, 0, big, 0, dim);
            z = big;
        }
        int blocks = 0, nextTwo = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                OdeIntegrator.Rhs rhs = ss == null ? model : ss.withBlocks(blocks);
                double[] state = ss == null ? z : java.util.Arrays.copyOf(z, dim + blocks * bl);
                try {
                    ode.integrate(rhs, state, ts[i - 1], ts[i]);
                } catch (ArithmeticException e) {
                    throw new SolverException(SolverMessage.NON_FINITE_RESULT, "state", "the Langevin integrator", " (" + e.getMessage() + ")", i, ts[i], Double.NaN);
                }
                System.arraycopy(state, 0, z, 0, state.length);
            }
            double t = ts[i];
            f[i] = model.predictions(t, z);
            requireFinite(f[i], i, t);
            double l2 = 0;
            for (int mu = 0; mu < pn; mu++) {
                double d = y[mu] - f[i][mu];
                l2 += d * d;
            }
            loss[i] = 0.5 * s * l2;
            double[][][] ph = model.phi(t, z);
            double[] gg = model.g(t, z);
            for (int l = 0; l < L; l++) {
                phi[l][i] = ph[l];
                g[l][i] = gg[l];
            }
            if (nextTwo < tt.length && tt[nextTwo] == i) {
                if (ss != null) {
                    ss.startBlock(z, z, dim + blocks * bl);
                    blocks++;
                    for (int j = 0; j < blocks; j++) {
                        int o = dim + j * bl;
                        double[][] pij = ss.blockPhi(z, o);
                        phi2[0][nextTwo][j] = pij;
                        phi2[0][j][nextTwo] = transpose(pij);
                        g2[0][nextTwo][j] = ss.blockG(z, o);
                        g2[0][j][nextTwo] = g2[0][nextTwo][j];
                    }
                }
                nextTwo++;
            }
        }
        double[][][][] ndkArr = null;
        if (ndk && tt.length > 0) {
            analyticTwoTime(eff, kJoint, pn, L, ts, tt, phi2, g2);
            ndkArr = neuralDynamicalKernel(eff, kJoint, pn, L, ts, tt);
        }
        double[] timesOut = ts.clone();
        double fast = fastTime(ts, f, y);
        double slow = slowTime(ts, f);
        double ky = rayleigh(p.kx(), y) * s;
        double fastPred = 1 / ((L + 1) * (par.beta() * Math.pow(par.sigma0(), 2 * L) * ky + par.lambda()));
        double slowPred = slowPredicted(p, par);
        return new LangevinTrajectory(ndk ? "ndk" : "single-site", par, timesOut, f, loss, phi, g, tt, phi2, g2, ndkArr,
                fast, slow, fastPred, slowPred, ode.steps(), (System.nanoTime() - start) * 1e-9, Double.NaN);
    }

    private static void requireFinite(double[] v, int i, double t) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new SolverException(SolverMessage.NON_FINITE_RESULT, "mean prediction", "the Langevin solve", "", i, t, x);
            }
        }
    }

    static int[] twoTimeIndices(int n, int k) {
        if (k == 0) {
            return new int[0];
        }
        int[] idx = new int[k];
        for (int j = 0; j < k; j++) {
            idx[j] = k == 1 ? n - 1 : (int) Math.round(j * (n - 1) / (double) (k - 1));
        }
        return idx;
    }

    /** Kernel regime: Phi^l(t,s) = c^l Kx, G^l(t,s) = c^{L+1-l}. */
    private static void analyticTwoTime(LangevinParameters par, double[][] kJoint, int pn, int L, double[] ts, int[] tt,
                                        double[][][][][] phi2, double[][][] g2) {
        int m = kJoint.length;
        for (int a = 0; a < tt.length; a++) {
            for (int b = 0; b < tt.length; b++) {
                double c = par.c(ts[tt[a]], ts[tt[b]]);
                for (int l = 1; l <= L; l++) {
                    double cl = Math.pow(c, l);
                    double[][] k = new double[m][m];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < m; j++) {
                            k[i][j] = cl * kJoint[i][j];
                        }
                    }
                    phi2[l - 1][a][b] = k;
                    g2[l - 1][a][b] = Math.pow(c, L + 1 - l);
                }
            }
        }
    }

    /** K_NDK(t_i, t_j) = (L+1) beta c^L e^{-lambda (t_i - t_j)} Kx(:, train) for t_j <= t_i, else 0. */
    private static double[][][][] neuralDynamicalKernel(LangevinParameters par, double[][] kJoint, int pn, int L,
                                                        double[] ts, int[] tt) {
        int m = kJoint.length;
        double[][][][] out = new double[tt.length][tt.length][m][pn];
        for (int a = 0; a < tt.length; a++) {
            for (int b = 0; b <= a; b++) {
                double t = ts[tt[a]], u = ts[tt[b]];
                double w = (L + 1) * par.beta() * Math.pow(par.c(t, u), L) * Math.exp(-par.lambda() * (t - u));
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < pn; j++) {
                        out[a][b][i][j] = w * kJoint[i][j];
                    }
                }
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double rayleigh(double[][] k, double[] y) {
        double num = 0, den = 0;
        for (int i = 0; i < y.length; i++) {
            den += y[i] * y[i];
            for (int j = 0; j < y.length; j++) {
                num += y[i] * k[i][j] * y[j];
            }
        }
        return den == 0 ? 0 : num / den;
    }

    /** First time |Delta| / |y| <= 1/e, interpolated in log time between output points. */
    static double fastTime(double[] ts, double[][] f, double[] y) {
        double yn = 0;
        for (double v : y) {
            yn += v * v;
        }
        yn = Math.sqrt(yn);
        if (yn == 0) {
            return Double.NaN;
        }
        double prev = 1;
        for (int i = 1; i < ts.length; i++) {
            double e = 0;
            for (int mu = 0; mu < y.length; mu++) {
                double d = y[mu] - f[i][mu];
                e += d * d;
            }
            e = Math.sqrt(e) / yn;
            if (e <= Math.exp(-1)) {
                if (i == 1) {
                    return ts[1];
                }
                double x = (Math.log(prev) + 1) / (Math.log(prev) - Math.log(e));
                return Math.exp(Math.log(ts[i - 1]) + x * (Math.log(ts[i]) - Math.log(ts[i - 1])));
            }
            prev = e;
        }
        return Double.NaN;
    }

    /**
     * 1 / decay rate of d(t) = max |f(t) - f(t_max)| late in the run: the log-slope between the last times where d is
     * above 1e-3 and above 1e-6 of its maximum (NaN if the run is too short to see it).
     */
    static double slowTime(double[] ts, double[][] f) {
        int n = ts.length;
        double[] d = new double[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < f[i].length; k++) {
                d[i] = Math.max(d[i], Math.abs(f[i][k] - f[n - 1][k]));
            }
            max = Math.max(max, d[i]);
        }
        int a = -1, b = -1;
        for (int i = 0; i < n - 1; i++) {
            if (d[i] > 1e-3 * max) {
                a = i;
            }
            if (d[i] > 1e-6 * max) {
                b = i;
            }
        }
        if (a < 0 || b <= a || max == 0) {
            return Double.NaN;
        }
        double rate = Math.log(d[a] / d[b]) / (ts[b] - ts[a]);
        return rate > 0 ? 1 / rate : Double.NaN;
    }

    /** 1 / the slowest rate of the kernel-regime system (theory.md 12.3); NaN without decay. */
    static double slowPredicted(Problem p, LangevinParameters par) {
        int L = p.depth();
        double lam = par.lambda();
        if (lam == 0) {
            return Double.NaN;
        }
        double kmin = Math.max(0, Kernels.eigenvalueRange(p.kx(), p.trainCount())[0]) * p.lossScale();
        double rate;
        if (par.temperature() == 0) {
            rate = Math.min((L + 1) * lam, 2 * L * lam);
        } else {
            double s2 = par.sigma2();
            rate = (L + 1) * (lam + par.beta() * Math.pow(s2, L) * kmin);
            if (Math.abs(par.sigma0() * par.sigma0() - s2) > 1e-12 * s2) {
                rate = Math.min(rate, 2 * lam);
            }
        }
        return 1 / rate;
    }
}
