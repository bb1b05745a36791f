package org.dln.linear.fluct;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A linear functional of the second moments of the formal site measures (docs/theory.md section 11.7) with a few
 * nonzero weights: o . dSigma = sum_k w_k dSigma^{l_k}_{i_k j_k}, symmetrized (the entries (i, j) and (j, i) share the
 * weight). Kept as its entries so that N Cov(o', o) = o' . x costs a few reads instead of a product of n x n matrices.
 */
final class SiteObservable {
    private final List<int[]> at = new ArrayList<>();
    private final List<Double> weight = new ArrayList<>();

    /** Adds w to the weight of Sigma^l_{ij} (l 1-based). */
    SiteObservable add(int l, int i, int j, double w) {
        at.add(new int[] {l - 1, i, j});
        weight.add(w);
        return this;
    }

    /** The weights as per-layer symmetric matrices, for {@link SiteResponse#covariance}. */
    DMatrixRMaj[] weights(SiteResponse rs) {
        DMatrixRMaj[] o = rs.zero();
        for (int k = 0; k < at.size(); k++) {
            int[] e = at.get(k);
            o[e[0]].unsafe_set(e[1], e[2], o[e[0]].unsafe_get(e[1], e[2]) + weight.get(k));
        }
        for (DMatrixRMaj m : o) {
            SiteResponse.symmetrize(m);
        }
        return o;
    }

    /** o . x for a symmetric perturbation x. */
    double dot(DMatrixRMaj[] x) {
        double s = 0;
        for (int k = 0; k < at.size(); k++) {
            int[] e = at.get(k);
            s += weight.get(k) * 0.5 * (x[e[0]].unsafe_get(e[1], e[2]) + x[e[0]].unsafe_get(e[2], e[1]));
        }
        return s;
    }
}
