package org.dln.linear.fluct;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dln.linear.result.Observable;

/**
 * The O(1/N) fluctuations of a trajectory around its infinite-width limit (docs/theory.md section 11): every
 * covariance is N times the covariance over random initializations, to leading order in 1/N, so the finite-width
 * band of an observable q at width N is q +- 2 sqrt(var / N). Immutable.
 *
 * <p>Arrays are indexed time first; samples are the P training inputs then the Q test inputs for predictions, the P
 * training inputs for kernels. Layers are numbered l = 1..L as in the documents ({@code phiVar[l - 1]}).
 *
 * @param times       the time of each point (eta t for gradient descent)
 * @param fMean       f_a(t) of the infinite-width trajectory this linearizes, [T][P + Q]
 * @param fCov        N Cov(f_a(t), f_b(t)), [T][P + Q][P + Q] (centred output: of f - f(0))
 * @param ntkMean     K_{mu nu}(t), [T][P][P]
 * @param ntkVar      N Var K_{mu nu}(t), [T][P][P]
 * @param phiVar      N Var Phi^l_{mu nu}(t,t), [L][T][P][P]
 * @param gVar        N Var G^l(t,t), [L][T]
 * @param snrPhi      |Phi^l(t,t)|_F / sqrt(sum_{mu nu} N Var Phi^l_{mu nu}(t,t)), [L][T]: multiply by sqrt(N)
 * @param snrG        G^l(t,t) / sqrt(N Var G^l(t,t)), [L][T]: multiply by sqrt(N)
 * @param unreliable  null, or why the perturbative variance must not be trusted (edge of stability)
 * @param error       null for the exact engines; for gradient flow at depth L >= 2 (extrapolated in eta,
 *                    {@link FlowByExtrapolation}) the estimated normwise relative error of the covariances at each time, [T]
 */
public record Fluctuations(double[] times, double[][] fMean, double[][][] fCov, double[][][] ntkMean,
                           double[][][] ntkVar, double[][][][] phiVar, double[][] gVar, double[][] snrPhi,
                           double[][] snrG, String unreliable, double[] error) {

    /** Fluctuations of an exact engine (no error estimate). */
    public Fluctuations(double[] times, double[][] fMean, double[][][] fCov, double[][][] ntkMean, double[][][] ntkVar,
                        double[][][][] phiVar, double[][] gVar, double[][] snrPhi, double[][] snrG, String unreliable) {
        this(times, fMean, fCov, ntkMean, ntkVar, phiVar, gVar, snrPhi, snrG, unreliable, null);
    }

    /** The same fluctuations with the reason they must not be trusted (edge of stability), or null. */
    public Fluctuations withUnreliable(String why) {
        return new Fluctuations(times, fMean, fCov, ntkMean, ntkVar, phiVar, gVar, snrPhi, snrG, why, error);
    }

    /** The largest estimated relative error over all times: 0 for the exact engines. */
    public double maxError() {
        double m = 0;
        if (error != null) {
            for (double e : error) {
                m = Math.max(m, e);
            }
        }
        return m;
    }

    /** Number of time points. */
    public int timePoints() {
        return times.length;
    }

    /** Number of training samples P. */
    public int trainCount() {
        return ntkVar[0].length;
    }

    /** Number of test samples Q. */
    public int testCount() {
        return fMean[0].length - trainCount();
    }

    /** N Var f_a(t) (a over train then test samples). */
    public double fVar(int t, int a) {
        return fCov[t][a][a];
    }

    /**
     * The fluctuations as observables of a trajectory document: {@code var_f} [T][P], {@code cov_f} [T][P][P],
     * {@code var_f_test} [T][Q] (with test inputs), {@code var_ntk} [T][P][P], {@code var_phi<l>} [T][P][P],
     * {@code var_g<l>} [T], {@code snr_phi<l>}, {@code snr_g<l>} [T]; every variance is N times the variance; with an
     * error estimate also {@code err_fluct} [T].
     */
    public Map<String, Observable> observables() {
        int tn = timePoints(), p = trainCount(), q = testCount();
        Map<String, Observable> out = new LinkedHashMap<>();
        double[][] vf = new double[tn][p];
        double[][][] cf = new double[tn][p][p];
        double[][] vft = new double[tn][q];
        for (int t = 0; t < tn; t++) {
            for (int a = 0; a < p; a++) {
                vf[t][a] = fCov[t][a][a];
                System.arraycopy(fCov[t][a], 0, cf[t][a], 0, p);
            }
            for (int j = 0; j < q; j++) {
                vft[t][j] = fCov[t][p + j][p + j];
            }
        }
        out.put("var_f", Observable.matrix("var_f", vf, null));
        out.put("cov_f", Observable.tensor("cov_f", cf, null));
        if (q > 0) {
            out.put("var_f_test", Observable.matrix("var_f_test", vft, null));
        }
        out.put("var_ntk", Observable.tensor("var_ntk", ntkVar, null));
        for (int l = 1; l <= phiVar.length; l++) {
            out.put("var_phi" + l, Observable.tensor("var_phi" + l, phiVar[l - 1], null));
            out.put("var_g" + l, Observable.series("var_g" + l, gVar[l - 1], null));
            out.put("snr_phi" + l, Observable.series("snr_phi" + l, snrPhi[l - 1], null));
            out.put("snr_g" + l, Observable.series("snr_g" + l, snrG[l - 1], null));
        }
        if (error != null) {
            out.put("err_fluct", Observable.series("err_fluct", error, null));
        }
        return out;
    }
}
