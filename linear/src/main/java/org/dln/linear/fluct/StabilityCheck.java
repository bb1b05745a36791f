package org.dln.linear.fluct;

import java.util.Locale;
import org.dln.linear.problem.Problem;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Detects gradient-descent trajectories beyond the edge of stability, where the perturbative O(1/N) variance is wrong
 * (docs/theory.md section 11.6): the infinite-width map settles on a period-2 orbit instead of a fixed point, or
 * the final kernel is too sharp for any fixed point to be stable (eta lambda lambda_max(K) > 2).
 */
final class StabilityCheck {
    /** Errors below this (relative to |y|) count as converged: no orbit to detect. */
    private static final double SETTLED = 1e-9;
    /** |Delta(T-1)| / |Delta(T-3)| above this is a non-decaying alternation (a decaying one contracts by < 0.9 per 2 steps). */
    private static final double NON_DECAYING = 0.9;

    private StabilityCheck() {
    }

    /** Null if the trajectory is below the edge of stability, else the reason. */
    static String descent(Problem p, double[][] f, double[][][] ntk) {
        int tn = f.length, pn = p.trainCount();
        double[] y = p.y();
        double scale = 0;
        for (double v : y) {
            scale = Math.max(scale, Math.abs(v));
        }
        double sharp = p.eta() * p.lossScale() * maxEigenvalue(ntk[tn - 1]);
        if (sharp > 2) {
            return String.format(Locale.ROOT, "edge of stability: eta lambda_max(K) = %.4g > 2 at the last time point; "
                    + "the infinite-width map has no stable fixed point and the O(1/N) variance is not the variance of the network", sharp);
        }
        if (tn < 4) {
            return null;
        }
        for (int mu = 0; mu < pn; mu++) {
            double d1 = y[mu] - f[tn - 1][mu], d2 = y[mu] - f[tn - 2][mu], d3 = y[mu] - f[tn - 3][mu], d4 = y[mu] - f[tn - 4][mu];
            boolean alternates = d1 * d2 < 0 && d2 * d3 < 0 && d3 * d4 < 0;
            if (alternates && Math.abs(d1) > SETTLED * Math.max(1, scale) && Math.abs(d1) >= NON_DECAYING * Math.abs(d3)) {
                return String.format(Locale.ROOT, "period doubling: the error Delta_%d alternates in sign without decaying "
                        + "(%.4g, %.4g at the last two steps): the infinite-width map has left its fixed point for a "
                        + "period-2 orbit (edge of stability), where the O(1/N) variance is not the variance of the network", mu, d2, d1);
            }
        }
        return null;
    }

    static double maxEigenvalue(double[][] k) {
        int n = k.length;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(new DMatrixRMaj(k))) {
            return Double.NaN;
        }
        double top = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            top = Math.max(top, eig.getEigenvalue(c).getReal());
        }
        return top;
    }
}
