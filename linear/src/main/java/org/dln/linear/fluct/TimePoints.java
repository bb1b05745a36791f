package org.dln.linear.fluct;

import java.util.Arrays;
import org.dln.linear.result.Solution;

/**
 * The values of a {@link DeepFluctuations.TimePoint} as one flat vector (means, covariances, signal-to-noise ratios in a
 * fixed order) and back, for tables that combine time points entry by entry ({@link FlowByExtrapolation}).
 */
final class TimePoints {
    private TimePoints() {
    }

    /** The arrays of a time point, in the order flatten and unflatten use. */
    private static Object[] parts(DeepFluctuations.TimePoint p) {
        return new Object[] {p.fMean(), p.fCov(), p.ntkMean(), p.ntkVar(), p.phiVar(), p.gVar(), p.snrPhi(), p.snrG()};
    }

    /** The covariance parts (fCov, ntkVar, phiVar per layer, gVar) whose normwise errors are estimated. */
    private static Object[] covarianceGroups(DeepFluctuations.TimePoint p) {
        Object[] phi = p.phiVar();
        Object[] g = new Object[3 + phi.length];
        g[0] = p.fCov();
        g[1] = p.ntkVar();
        g[2] = p.gVar();
        System.arraycopy(phi, 0, g, 3, phi.length);
        return g;
    }

    /**
     * The fluctuations of a trajectory from its time points (arrays time first, layers outermost for Phi^l and G^l), with
     * no edge-of-stability verdict and the given per-time error estimate (null for an exact engine).
     */
    static Fluctuations assemble(double[] times, DeepFluctuations.TimePoint[] pts, double[] error) {
        int tn = pts.length, ln = pts[0].gVar().length;
        double[][] fMean = new double[tn][], gVar = new double[ln][tn], snrPhi = new double[ln][tn], snrG = new double[ln][tn];
        double[][][] fCov = new double[tn][][], ntkMean = new double[tn][][], ntkVar = new double[tn][][];
        double[][][][] phiVar = new double[ln][tn][][];
        for (int t = 0; t < tn; t++) {
            fMean[t] = pts[t].fMean();
            fCov[t] = pts[t].fCov();
            ntkMean[t] = pts[t].ntkMean();
            ntkVar[t] = pts[t].ntkVar();
            for (int l = 0; l < ln; l++) {
                phiVar[l][t] = pts[t].phiVar()[l];
                gVar[l][t] = pts[t].gVar()[l];
                snrPhi[l][t] = pts[t].snrPhi()[l];
                snrG[l][t] = pts[t].snrG()[l];
            }
        }
        return new Fluctuations(times, fMean, fCov, ntkMean, ntkVar, phiVar, gVar, snrPhi, snrG, null, error);
    }

    static double[] flatten(DeepFluctuations.TimePoint p) {
        double[] out = new double[count(parts(p))];
        walk(parts(p), out, 0, false);
        return out;
    }

    /** A time point of the same shape as {@code shape} holding the values {@code v}. */
    static DeepFluctuations.TimePoint unflatten(DeepFluctuations.TimePoint shape, double[] v) {
        DeepFluctuations.TimePoint copy = new DeepFluctuations.TimePoint(shape.fMean().clone(), Solution.copy(shape.fCov()),
                Solution.copy(shape.ntkMean()), Solution.copy(shape.ntkVar()),
                Arrays.stream(shape.phiVar()).map(Solution::copy).toArray(double[][][]::new), shape.gVar().clone(),
                shape.snrPhi().clone(), shape.snrG().clone());
        walk(parts(copy), v, 0, true);
        return copy;
    }

    /**
     * max over the covariance groups of max |best - other| / max |best| within the group, where best and other are flat
     * vectors of time points shaped like {@code shape} (a group that is all zero counts its absolute difference).
     */
    static double normwiseError(DeepFluctuations.TimePoint shape, double[] best, double[] other) {
        DeepFluctuations.TimePoint a = unflatten(shape, best), b = unflatten(shape, other);
        Object[] ga = covarianceGroups(a), gb = covarianceGroups(b);
        double worst = 0;
        for (int i = 0; i < ga.length; i++) {
            double[] x = new double[count(new Object[] {ga[i]})], y = new double[x.length];
            walk(new Object[] {ga[i]}, x, 0, false);
            walk(new Object[] {gb[i]}, y, 0, false);
            double diff = 0, size = 0;
            for (int j = 0; j < x.length; j++) {
                diff = Math.max(diff, Math.abs(x[j] - y[j]));
                size = Math.max(size, Math.abs(x[j]));
            }
            double e = size > 0 ? diff / size : diff;
            if (!(e <= worst)) {
                worst = e; // NaN propagates
            }
        }
        return worst;
    }

    private static int count(Object o) {
        if (o instanceof double[] d) {
            return d.length;
        }
        int n = 0;
        for (Object x : (Object[]) o) {
            n += count(x);
        }
        return n;
    }

    /** Copies between the nested arrays of o and v from position pos (into o when {@code into}); returns the next position. */
    private static int walk(Object o, double[] v, int pos, boolean into) {
        if (o instanceof double[] d) {
            if (into) {
                System.arraycopy(v, pos, d, 0, d.length);
            } else {
                System.arraycopy(d, 0, v, pos, d.length);
            }
            return pos + d.length;
        }
        for (Object x : (Object[]) o) {
            pos = walk(x, v, pos, into);
        }
        return pos;
    }
}
