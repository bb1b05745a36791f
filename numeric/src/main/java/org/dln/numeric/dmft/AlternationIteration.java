package org.dln.numeric.dmft;

import java.util.Locale;

/**
 * The read-only data of one iteration of the {@link Alternation}: the causal Cholesky factors of the source kernels
 * Phi^{l-1} and G^{l+1}, the strictly causal march coefficients of h and z, and lossScale * Delta; built from the
 * replica's current state on the rows of times &lt; t1, shared by all blocks of the iteration.
 */
final class AlternationIteration {
    final CausalCholesky[] cu; // l = 1..L: factor of Phi^{l-1}
    final CausalCholesky[] cr; // l = 1..L: factor of G^{l+1}
    final double[][] ch, cz;   // l = 1..L: n x n strictly causal march coefficients
    final double[] dw;         // n: lossScale * Delta

    AlternationIteration(Alternation r, int rows) {
        SamplingContext c = r.c;
        int L = c.depth, n = c.n, P = c.p;
        double tol = c.opt.pivotTolerance();
        cu = new CausalCholesky[L + 1];
        cr = new CausalCholesky[L + 1];
        ch = new double[L + 1][];
        cz = new double[L + 1][];
        dw = new double[n];
        for (int i = 0; i < n; i++) {
            dw[i] = c.lossScale * (c.y[i % P] - r.f[i]);
        }
        for (int l = 1; l <= L; l++) {
            cu[l] = CausalCholesky.of(r.phi[l - 1], n, rows, tol);
            cr[l] = CausalCholesky.of(r.gk[l + 1], n, rows, tol);
            marchCoefficients(r, l, rows);
        }
    }

    /**
     * C1 = gamma0 eta Phi^{l-1} Delta + J^{l-1} (times s &lt; t) and C2 = gamma0 eta G^{l+1} Delta + K^l (times s &lt; t,
     * and K^l also at s = t: the equal-time response of the backward field).
     */
    private void marchCoefficients(Alternation r, int l, int rows) {
        SamplingContext c = r.c;
        int L = c.depth, n = c.n, P = c.p;
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] pd = r.phi[l - 1], gu = r.gk[l + 1];
        double[] jd = l >= 2 ? r.jOp[l - 1] : null;
        double[] ku = l < L ? r.kOp[l] : null;
        double ge = c.gamma0 * c.eta;
        for (int i = 0; i < rows; i++) {
            int lim = (i / P) * P;
            int row = i * n;
            for (int j = 0; j < lim; j++) {
                a[row + j] = ge * pd[row + j] * dw[j] + (jd != null ? jd[row + j] : 0.0);
                b[row + j] = ge * gu[row + j] * dw[j] + (ku != null ? ku[row + j] : 0.0);
            }
            if (ku != null) {
                for (int j = lim; j < lim + P; j++) {
                    b[row + j] = ku[row + j];
                }
            }
        }
        ch[l] = a;
        cz[l] = b;
    }

    String jitterNote() {
        StringBuilder sb = new StringBuilder("causal Cholesky of the sources (last iteration): kept pivots, pivots turned into"
                + " independent jitter, largest dropped |d|/K_jj:");
        for (int l = 1; l < cu.length; l++) {
            sb.append(String.format(Locale.ROOT, " Phi^%d %d, %d, %.1e; G^%d %d, %d, %.1e;", l - 1, cu[l].k, cu[l].jittered,
                    cu[l].droppedRelative, l + 1, cr[l].k, cr[l].jittered, cr[l].droppedRelative));
        }
        return sb.toString();
    }
}
