package org.dln.numeric.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Stationary Langevin chains ({@link LangevinSimulator#runDriftChain}) with the state statistics of
 * {@link LangevinEnsemble#statistics} and the measured representational drift: per chain the time-averaged lagged
 * products Phi^l(t + tau, t) and w(t + tau) . w(t) / N and their ratios to the lag-0 values; across chains the mean
 * and the standard error sd / sqrt(chains) (independent chains, so the error needs no autocorrelation correction).
 */
public final class LangevinDriftEnsemble {

    /**
     * @param state   the state chain statistics (means, autocorrelation-aware standard errors, tau_int)
     * @param lags    lags k ds, k = 0..K
     * @param phi     mean Phi^l(t + tau, t) [l-1][k][M*M] and its standard error phiSe
     * @param phiNorm mean over chains of Phi^l(t + tau, t)_{mu nu} / Phi^l(t, t)_{mu nu} and phiNormSe
     * @param trace   mean over chains of tr_train Phi^l(t + tau, t) / tr_train Phi^l(t, t) [l-1][k] and traceSe
     * @param readout mean w(t + tau) . w(t) / N [k] and readoutSe; readoutNorm, readoutNormSe its ratio to lag 0
     */
    public record Result(LangevinEnsemble.Result state, double[] lags, double[][][] phi, double[][][] phiSe,
                         double[][][] phiNorm, double[][][] phiNormSe, double[][] trace, double[][] traceSe, double[] readout,
                         double[] readoutSe, double[] readoutNorm, double[] readoutNormSe, int chains) {
    }

    private LangevinDriftEnsemble() {
    }

    public static Result run(LangevinSpec spec, int lags, long seed, int threads, IntConsumer progress) {
        long start = System.nanoTime();
        int chains = spec.chains();
        if (lags < 1 || lags >= spec.samplesPerChain()) {
            throw new IllegalArgumentException("need 1 <= lags < samples per chain (" + spec.samplesPerChain() + ")");
        }
        List<LangevinSimulator.DriftChain> runs = LangevinEnsemble.runChains(chains, threads, "dln-langevin-drift",
                c -> LangevinSimulator.runDriftChain(spec, seed + c, lags), progress);
        double ds = spec.dt() * spec.thin();
        List<double[][]> samples = new ArrayList<>();
        for (LangevinSimulator.DriftChain r : runs) {
            samples.add(r.samples());
        }
        LangevinEnsemble.Result state = LangevinEnsemble.statistics(samples, ds, (System.nanoTime() - start) * 1e-9);
        return summarise(runs, state, spec.depth(), spec.numTrain() + spec.numTest(), spec.numTrain(), lags, ds);
    }

    static Result summarise(List<LangevinSimulator.DriftChain> runs, LangevinEnsemble.Result state, int depth, int m, int p,
                            int lags, double ds) {
        int c = runs.size(), k1 = lags + 1;
        double[] lagTimes = new double[k1];
        for (int k = 0; k < k1; k++) {
            lagTimes[k] = k * ds;
        }
        double[][][] phi = new double[depth][k1][], phiSe = new double[depth][k1][];
        double[][][] nrm = new double[depth][k1][], nrmSe = new double[depth][k1][];
        double[][] tr = new double[depth][k1], trSe = new double[depth][k1];
        double[][] perChain = new double[c][];
        for (int l = 0; l < depth; l++) {
            for (int k = 0; k < k1; k++) {
                double[][] raw = new double[c][], ratio = new double[c][];
                double[] trc = new double[c];
                for (int i = 0; i < c; i++) {
                    double[] a = runs.get(i).drift()[l][k], b = runs.get(i).drift()[l][0];
                    raw[i] = a;
                    ratio[i] = new double[m * m];
                    double ta = 0, tb = 0;
                    for (int j = 0; j < m * m; j++) {
                        ratio[i][j] = a[j] / b[j];
                    }
                    for (int mu = 0; mu < p; mu++) {
                        ta += a[mu * m + mu];
                        tb += b[mu * m + mu];
                    }
                    trc[i] = ta / tb;
                }
                double[][] ms = meanSe(raw);
                phi[l][k] = ms[0];
                phiSe[l][k] = ms[1];
                ms = meanSe(ratio);
                nrm[l][k] = ms[0];
                nrmSe[l][k] = ms[1];
                double[][] t = meanSe(column(trc));
                tr[l][k] = t[0][0];
                trSe[l][k] = t[1][0];
            }
        }
        double[] ro = new double[k1], roSe = new double[k1], rn = new double[k1], rnSe = new double[k1];
        for (int k = 0; k < k1; k++) {
            double[] a = new double[c], b = new double[c];
            for (int i = 0; i < c; i++) {
                a[i] = runs.get(i).drift()[depth][k][0];
                b[i] = a[i] / runs.get(i).drift()[depth][0][0];
            }
            double[][] x = meanSe(column(a)), y = meanSe(column(b));
            ro[k] = x[0][0];
            roSe[k] = x[1][0];
            rn[k] = y[0][0];
            rnSe[k] = y[1][0];
        }
        return new Result(state, lagTimes, phi, phiSe, nrm, nrmSe, tr, trSe, ro, roSe, rn, rnSe, c);
    }

    private static double[][] column(double[] v) {
        double[][] o = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            o[i][0] = v[i];
        }
        return o;
    }

    /** Mean over rows and its standard error (sample sd / sqrt(rows)). */
    private static double[][] meanSe(double[][] rows) {
        int c = rows.length, n = rows[0].length;
        double[] mean = new double[n], se = new double[n];
        for (double[] r : rows) {
            for (int j = 0; j < n; j++) {
                mean[j] += r[j] / c;
            }
        }
        for (double[] r : rows) {
            for (int j = 0; j < n; j++) {
                se[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
            }
        }
        for (int j = 0; j < n; j++) {
            se[j] = Math.sqrt(se[j] / (c - 1) / c);
        }
        return new double[][] {mean, se};
    }
}
