package org.dln.numeric.simulation;

import java.util.List;

/**
 * Immutable ensemble statistics of {@code S >= 2} independent training runs that differ only in the seed
 * of the initial weights (seeds {@code spec.seed() + s}, {@code s = 0 .. S-1}).
 *
 * <p>For every observable recorded by {@link SimulationRun} (same array layout), {@link #mean()} holds the
 * sample mean {@code m = (1/S) sum_s x_s} and {@link #stdErr()} the standard error of that mean,
 * {@code sqrt( sum_s (x_s - m)^2 / (S - 1) ) / sqrt(S)}. Both are accumulated in seed order, so they do
 * not depend on how many threads produced the runs.
 */
public final class SimulationEnsemble {

    private final SimulationSpec spec;
    private final SimulationRun mean;
    private final SimulationRun stdErr;
    private final int seeds;
    private final long wallTimeNanos;

    private SimulationEnsemble(SimulationSpec spec, SimulationRun mean, SimulationRun stdErr, int seeds,
                               long wallTimeNanos) {
        this.spec = spec;
        this.mean = mean;
        this.stdErr = stdErr;
        this.seeds = seeds;
        this.wallTimeNanos = wallTimeNanos;
    }

    /**
     * Reduces runs (given in seed order) to mean and standard error.
     *
     * @throws IllegalArgumentException if fewer than two runs are given
     */
    static SimulationEnsemble of(SimulationSpec spec, List<SimulationRun> runs, long wallTimeNanos) {
        int s = runs.size();
        if (s < 2) {
            throw new IllegalArgumentException("seeds must be >= 2 for a standard error, got " + s);
        }
        SimulationRun first = runs.get(0);
        int size = first.flatSize();
        double[][] values = new double[s][];
        for (int i = 0; i < s; i++) {
            values[i] = runs.get(i).flatten();
        }
        double[] mean = new double[size];
        double[] se = new double[size];
        for (int k = 0; k < size; k++) {
            double sum = 0;
            for (int i = 0; i < s; i++) {
                sum += values[i][k];
            }
            double m = sum / s;
            double ss = 0;
            for (int i = 0; i < s; i++) {
                double dev = values[i][k] - m;
                ss += dev * dev;
            }
            mean[k] = m;
            se[k] = Math.sqrt(ss / (s - 1) / s);
        }
        int t = first.timePoints();
        int p = first.numTrain();
        int q = first.numTest();
        int l = first.depth();
        return new SimulationEnsemble(spec, SimulationRun.unflatten(t, p, q, l, mean),
                SimulationRun.unflatten(t, p, q, l, se), s, wallTimeNanos);
    }

    /** @return the specification the runs were made from */
    public SimulationSpec spec() {
        return spec;
    }

    /** @return the ensemble mean of every observable */
    public SimulationRun mean() {
        return mean;
    }

    /** @return the standard error of the mean (sample std / sqrt(S)) of every observable */
    public SimulationRun stdErr() {
        return stdErr;
    }

    /** @return number of seeds {@code S} */
    public int seeds() {
        return seeds;
    }

    /** @return wall-clock time of the whole ensemble, in nanoseconds */
    public long wallTimeNanos() {
        return wallTimeNanos;
    }

    /** @return wall-clock time of the whole ensemble, in seconds */
    public double wallTimeSeconds() {
        return wallTimeNanos * 1e-9;
    }
}
