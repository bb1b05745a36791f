package org.dln.linear.fluct;

import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.numeric.time.NevilleTable;

/**
 * O(1/N) fluctuations of gradient flow at depth L >= 2 (docs/theory.md section 11.9): gradient descent with step h is the
 * explicit Euler scheme of the flow, so every mean and covariance of the exact descent engine ({@link DeepFluctuations})
 * at time t = N h is a smooth function of h with an expansion c_0 + c_1 h + c_2 h^2 + ... whose constant term is the
 * flow's value. For each output time t the descent is run with N_0, N_0 + d, N_0 + 2 d, ... steps (h = t / N_j,
 * N_0 = max(4, ceil(r t)), d = N_0 (the harmonic sequence N_0, 2 N_0, 3 N_0, ...), r the largest rate of the initial NTK) and the values at its
 * last step are extrapolated to h = 0 by Neville's polynomial table. The error estimate of a level is the difference of
 * the two highest orders, normwise relative to each observable at that time; the estimate reported is the larger of the
 * last two levels' (one level's difference can be small by accident), and levels are added until it is below the
 * tolerance (at least {@link #MIN_LEVELS}, at most {@link #MAX_LEVELS}). Each level costs the last-step solves of descent with N_j steps (about N_j^4 L^3
 * (P + Q + 1)^3 multiply-adds), so the cost grows as (r t)^4: short horizons or few output times (dln flow --resample).
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

    /** The step count of the first level at time t: N_0 = max(4, ceil(r t)). */
    static int firstSteps(Problem p, double t) {
        return Math.max(4, (int) Math.ceil(rate(p) * t));
    }

    /** The increment of the step count from level to level: d = N_0 (the harmonic sequence). */
    static int increment(int firstSteps) {
        return firstSteps;
    }

    /** The largest rate of the dynamics at t = 0: lambda_max of the loss-scaled initial NTK. */
    static double rate(Problem p) {
        return Math.max(1e-12, p.initialNtkMaxEigenvalue());
    }

    /** Refuses (exit 2) output times whose finest level would not fit in memory, before anything is computed. */
    void requireMemory(Problem p, double[] times) {
        double tMax = 0;
        for (double t : times) {
            if (!Double.isFinite(t) || t < 0) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "times", "time", t,
                        "the flow fluctuations at depth are extrapolated from gradient descent to finite times only");
            }
            tMax = Math.max(tMax, t);
        }
        int n0 = firstSteps(p, tMax), d = increment(n0);
        long steps = n0 + (long) (MAX_LEVELS - 1) * d;
        if (steps > 1_000_000) {
            throw new InvalidInputException(InputError.TOO_LARGE, "t-max", tMax, "the extrapolated flow fluctuations",
                    steps, "steps", 1_000_000, "--t-max (the cost grows as (rate t)^4)");
        }
        DeepFluctuations.requireMemory(p.withTime(tMax / steps, (int) steps + 1));
    }

    @Override
    public Fluctuations flow(Problem p, double[] times) {
        requireMemory(p, times);
        int tn = times.length, sn = p.trainCount() + p.testCount(), pn = p.trainCount(), ln = p.depth();
        double[][] fMean = new double[tn][], gVar = new double[ln][tn], snrPhi = new double[ln][tn], snrG = new double[ln][tn];
        double[][][] fCov = new double[tn][][], ntkMean = new double[tn][][], ntkVar = new double[tn][][];
        double[][][][] phiVar = new double[ln][tn][][];
        double[] error = new double[tn];
        for (int k = 0; k < tn; k++) {
            DeepFluctuations.TimePoint pt;
            if (times[k] == 0) {
                pt = engine.last(p.withTime(0.25 / rate(p), 1)); // t = 0: the initial covariances, the same for every h
            } else {
                Extrapolated e = extrapolate(p, times[k]);
                pt = e.point;
                error[k] = e.error;
            }
            fMean[k] = pt.fMean();
            fCov[k] = pt.fCov();
            ntkMean[k] = pt.ntkMean();
            ntkVar[k] = pt.ntkVar();
            for (int l = 0; l < ln; l++) {
                phiVar[l][k] = pt.phiVar()[l];
                gVar[l][k] = pt.gVar()[l];
                snrPhi[l][k] = pt.snrPhi()[l];
                snrG[l][k] = pt.snrG()[l];
            }
        }
        assert fMean[0].length == sn && ntkVar[0].length == pn;
        return new Fluctuations(times.clone(), fMean, fCov, ntkMean, ntkVar, phiVar, gVar, snrPhi, snrG, null, error);
    }

    /** The extrapolated time point and its estimated normwise relative error. */
    record Extrapolated(DeepFluctuations.TimePoint point, double error, int levels) {
    }

    /**
     * Neville's table at h = 0 over the last-step values of descent with N_0, N_0 + d, ... steps up to time t. Levels are
     * added until the estimate is below the tolerance, or has grown at two levels in a row since its smallest value
     * (rounding amplified by the table then dominates), or {@link #MAX_LEVELS}; the result is the level with the smallest
     * estimate.
     */
    Extrapolated extrapolate(Problem p, double t) {
        int n0 = firstSteps(p, t), d = increment(n0);
        NevilleTable table = new NevilleTable(MAX_LEVELS);
        DeepFluctuations.TimePoint shape = null;
        double[] best = null;
        double bestError = Double.POSITIVE_INFINITY, previous = Double.POSITIVE_INFINITY;
        int bestLevels = 0, growing = 0;
        for (int level = 0; level < MAX_LEVELS; level++) {
            int steps = n0 + level * d;
            DeepFluctuations.TimePoint pt = engine.last(p.withTime(t / steps, steps + 1));
            shape = pt;
            table.add(t / steps, TimePoints.flatten(pt));
            if (level == 0) {
                continue;
            }
            double[] top = table.best();
            double estimate = TimePoints.normwiseError(shape, top, table.belowBest());
            double error = level >= 2 ? Math.max(estimate, previous) : Double.POSITIVE_INFINITY;
            previous = estimate;
            if (error < bestError || best == null) {
                bestError = error;
                best = top;
                bestLevels = level + 1;
                growing = 0;
            } else {
                growing++;
            }
            if ((level + 1 >= MIN_LEVELS && error <= tolerance) || growing >= 2) {
                break;
            }
        }
        return new Extrapolated(TimePoints.unflatten(shape, best), bestError, bestLevels);
    }
}
