package org.dln.linear.fluct;

import java.util.function.IntConsumer;
import org.dln.linear.dmft.SolveListener;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.SolveOptions;
import org.dln.numeric.linalg.Kernels;
import org.dln.numeric.solver.SolverException;
import org.dln.numeric.solver.SolverMessage;
import org.dln.numeric.time.NevilleTable;

/**
 * O(1/N) fluctuations of gradient flow at depth L >= 2 (docs/theory.md section 11.9): gradient descent with step h is the
 * explicit Euler scheme of the flow, so every mean and covariance of the exact descent engine ({@link DeepFluctuations})
 * at time t = N h is a smooth function of h with an expansion c_0 + c_1 h + c_2 h^2 + ... whose constant term is the
 * flow's value. For each output time t the descent is run with N_0, 2 N_0, 3 N_0, ... steps (h = t / N_j, the harmonic
 * sequence, N_0 = max(4, ceil(0.75 r t)), r the largest rate of the descent up to the last output time,
 * {@link #rateAlong}) and the values at its last step are
 * extrapolated to h = 0 by Neville's polynomial table ({@link NevilleTable}). The error estimate of a level is the
 * difference of the two highest orders, normwise relative to each observable at that time; the estimate reported is the
 * larger of the last two levels' (one level's difference can be small by accident), and levels are added until it is
 * below the tolerance (at least {@link #MIN_LEVELS}, at most {@link #MAX_LEVELS}). A level costs the last-step solves of
 * descent with N_j steps, about 6 L ((P + Q + 1) N_j)^3 multiply-adds per sweep, the sweeps following r t: the cost
 * grows as (r t)^3 to (r t)^4, so short horizons or few output times (dln flow --resample).
 */
final class FlowByExtrapolation implements FluctuationSolver {
    /** Most levels of the table (beyond, rounding amplified by the table dominates). */
    static final int MAX_LEVELS = 14;
    /** Fewest levels: the estimate of two consecutive levels. */
    static final int MIN_LEVELS = 3;

    private final double tolerance;
    private final DeepFluctuations engine;

    FlowByExtrapolation(double tolerance, DeepFluctuations engine) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "width-tolerance", "width-tolerance", tolerance,
                    "the target relative error of the extrapolated flow fluctuations must be in (0, 1), e.g. 1e-8");
        }
        this.tolerance = tolerance;
        this.engine = engine;
    }

    @Override
    public String engine() {
        return "formal-site-measures-extrapolated-in-eta";
    }

    @Override
    public Fluctuations descent(Problem p) {
        return engine.descent(p);
    }

    /**
     * The step count of the first level at time t: N_0 = max(4, ceil(0.75 r t)), r the largest rate up to the last output
     * time, so the coarsest step h is at most 4 / (3 r), inside the stability limit h r < 2 of descent.
     */
    static int firstSteps(double rate, double t) {
        return Math.max(4, (int) Math.ceil(0.75 * rate * t));
    }

    /** The largest rate of the dynamics at t = 0: lambda_max of the loss-scaled initial NTK. */
    static double rate(Problem p) {
        return Math.max(1e-12, p.initialNtkMaxEigenvalue());
    }

    /**
     * The largest rate lambda_max(lossScale K(t)) of the infinite-width descent up to tMax (feature learning can raise the
     * NTK many times above its initial value), from the causal march with a step of a quarter of the inverse rate,
     * refined until the step is below half the inverse of the rate it finds.
     */
    static double rateAlong(Problem p, double tMax) {
        double r = rate(p);
        for (int attempt = 0; attempt < 6 && tMax > 0; attempt++) {
            double h = 0.25 / r;
            int steps = (int) Math.ceil(tMax / h);
            LinearSolution s = new CausalMarchingSolver().solve(p.withTime(tMax / steps, steps + 1), SolveOptions.DEFAULT);
            double found = r;
            double[][] k = new double[p.trainCount()][p.trainCount()];
            for (int t = 0; t < s.timePoints(); t++) {
                for (int i = 0; i < k.length; i++) {
                    for (int j = 0; j < k.length; j++) {
                        k[i][j] = s.ntk(t, i, j);
                    }
                }
                double top = p.lossScale() * Kernels.eigenvalueRange(k, k.length)[1];
                if (!Double.isFinite(top)) {
                    found = Double.POSITIVE_INFINITY;
                    break;
                }
                found = Math.max(found, top);
            }
            if (found * tMax / steps <= 0.5) {
                return found;
            }
            r = Double.isFinite(found) ? found : 4 * r;
        }
        return r;
    }

    /**
     * Refuses (exit 2) output times whose finest level would not fit in memory, before anything is computed; returns
     * the largest rate up to the last time ({@link #rateAlong}).
     */
    double requireMemory(Problem p, double[] times) {
        double tMax = 0;
        for (double t : times) {
            if (!Double.isFinite(t) || t < 0) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "times", "time", t,
                        "the flow fluctuations at depth are extrapolated from gradient descent to finite times only");
            }
            tMax = Math.max(tMax, t);
        }
        double rate = rateAlong(p, tMax);
        long steps = (long) firstSteps(rate, tMax) * MAX_LEVELS;
        if (steps > 1_000_000) {
            throw new InvalidInputException(InputError.TOO_LARGE, "t-max", tMax, "the extrapolated flow fluctuations",
                    steps, "steps", 1_000_000, "--t-max (the cost grows as (rate t)^4)");
        }
        DeepFluctuations.requireMemory(p.withTime(tMax / steps, (int) steps + 1));
        return rate;
    }

    @Override
    public Fluctuations flow(Problem p, double[] times) {
        return flow(p, times, SolveListener.NONE);
    }

    /** Levels expected per output time, for the progress reports only (the table stops where its estimate says). */
    static final int EXPECTED_LEVELS = 10;

    /**
     * The work of level j (0-based) at time t in progress units, (N_j)^3: its solves are of size N_j^3 and their sweeps
     * follow r t, not N_j (theory.md 11.9).
     */
    private static long levelWork(int firstSteps, int level) {
        long n = (long) firstSteps * (level + 1);
        return n * n * n;
    }

    /**
     * Progress in work units: each output time is allotted the work of {@link #EXPECTED_LEVELS} levels; a time that
     * needs fewer jumps to the end of its share, one that needs more holds at it.
     */
    @Override
    public Fluctuations flow(Problem p, double[] times, SolveListener listener) {
        double rate = requireMemory(p, times);
        long[] share = new long[times.length];
        long total = 0;
        for (int k = 0; k < times.length; k++) {
            share[k] = times[k] == 0 ? 1 : 0;
            for (int j = 0; times[k] > 0 && j < EXPECTED_LEVELS; j++) {
                share[k] += levelWork(firstSteps(rate, times[k]), j);
            }
            total += share[k];
        }
        int tn = times.length;
        DeepFluctuations.TimePoint[] pts = new DeepFluctuations.TimePoint[tn];
        double[] error = new double[tn];
        long base = 0;
        for (int k = 0; k < tn; k++) {
            DeepFluctuations.TimePoint pt;
            if (times[k] == 0) {
                pt = engine.last(p.withTime(0.25 / rate(p), 1)); // t = 0: the initial covariances, the same for every h
            } else {
                long from = base, cap = share[k], all = total;
                int n0 = firstSteps(rate, times[k]);
                long[] work = {0};
                Extrapolated e = extrapolate(p, times[k], rate, level -> {
                    work[0] += levelWork(n0, level);
                    listener.progress(DeepFluctuations.STAGE, from + Math.min(cap, work[0]), all);
                });
                pt = e.point;
                error[k] = e.error;
            }
            base += share[k];
            listener.progress(DeepFluctuations.STAGE, base, total);
            pts[k] = pt;
        }
        return TimePoints.assemble(times.clone(), pts, error);
    }

    /** The extrapolated time point and its estimated normwise relative error. */
    record Extrapolated(DeepFluctuations.TimePoint point, double error, int levels) {
    }

    /**
     * Neville's table at h = 0 over the last-step values of descent with N_0, 2 N_0, ... steps up to time t. Levels are
     * added until the estimate is below the tolerance, or has grown at two levels in a row since its smallest value
     * (rounding amplified by the table then dominates), or {@link #MAX_LEVELS}; the result is the level with the smallest
     * estimate. A level whose descent does not settle or gives non-finite values (its step too coarse for the rates the
     * kernels reach) is dropped with every coarser one: the table starts again from the next level.
     */
    Extrapolated extrapolate(Problem p, double t) {
        return extrapolate(p, t, rateAlong(p, t), level -> { });
    }

    /** {@link #extrapolate(Problem, double)} with the largest rate up to t given; {@code levelDone} hears each level. */
    Extrapolated extrapolate(Problem p, double t, double rate, IntConsumer levelDone) {
        int n0 = firstSteps(rate, t);
        NevilleTable table = new NevilleTable(MAX_LEVELS);
        DeepFluctuations.TimePoint shape = null;
        double[] best = null;
        double bestError = Double.POSITIVE_INFINITY, previous = Double.POSITIVE_INFINITY;
        int bestLevels = 0, growing = 0;
        for (int level = 0; level < MAX_LEVELS; level++) {
            int steps = n0 * (level + 1);
            DeepFluctuations.TimePoint pt;
            double[] values;
            try {
                pt = engine.last(p.withTime(t / steps, steps + 1));
                values = TimePoints.flatten(pt);
            } catch (SolverException e) {
                pt = null;
                values = null;
            }
            levelDone.accept(level);
            if (values == null || !allFinite(values)) {
                table = new NevilleTable(MAX_LEVELS);
                best = null;
                bestError = previous = Double.POSITIVE_INFINITY;
                growing = 0;
                continue;
            }
            shape = pt;
            table.add(t / steps, values);
            if (table.levels() == 1) {
                best = values;
                bestLevels = level + 1;
                continue;
            }
            double[] top = table.best();
            double estimate = TimePoints.normwiseError(shape, top, table.belowBest());
            double error = table.levels() >= 3 ? Math.max(estimate, previous) : Double.POSITIVE_INFINITY;
            previous = estimate;
            if (error < bestError || table.levels() == 2) {
                bestError = error;
                best = top;
                bestLevels = level + 1;
                growing = 0;
            } else {
                growing++;
            }
            if ((table.levels() >= MIN_LEVELS && error <= tolerance) || growing >= 2) {
                break;
            }
        }
        if (shape == null) {
            throw new SolverException(SolverMessage.NOT_CONVERGED, "the flow fluctuations at t = " + t
                    + " (no level of descent settled)", MAX_LEVELS, Double.NaN, "[]");
        }
        return new Extrapolated(TimePoints.unflatten(shape, best), bestError, bestLevels);
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
