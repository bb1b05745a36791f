package org.dln.linear.langevin;

/**
 * The arrays both Langevin marches fill (theory.md 12.5, 12.6), allocated once: the two-time entry autocorrelation c and
 * quadrature Q on the grid (filled by each march for its scheme), the layer operators C, A, D, B, N, Z, DC, X, the
 * kernels Phi^l, G^l, the predictions f and the scaled residuals delta, and the row workspaces. Index conventions: n = M T,
 * row (t, mu) = t M + mu; T x T arrays row-major.
 */
abstract class LangevinMarchArrays {
    final int m, p, tp, depth, n;
    final double g2;
    final double[] cc;       // T x T: c(t, s)
    final double[] qq;       // T x T: Q(t, s) (lower triangle; 0 above the diagonal)
    final double[][] phi;    // l = 1..L: n x n (index 0 unused: Kx)
    final double[][] gk;     // l = 1..L+1: T x T (G^{L+1} = 1)
    final double[][] cm, am; // l = 1..L: n x T
    final double[][] dm, bm; // l = 1..L: T x n  (bm[l] = B^{l-1})
    final double[][] nm, zm, dc; // l = 1..L: T x T
    final double[][] xm;     // l = 1..L: T x n
    final double[] f;        // T x M predictions
    final double[] dl;       // T x M: s (y - f) on train inputs, 0 on test inputs
    final double[][] kx;     // M x M joint Gram matrix, train first
    final double[] y;        // train targets (P)
    final double lossScale;  // s (1 or 1/P)
    final double[] yRow, uRow; // T workspaces
    final double[] rowBuf;     // n workspace

    LangevinMarchArrays(double[][] kJoint, double[] y, double lossScale, int depth, double gamma0, int tp) {
        this.kx = kJoint;
        this.y = y;
        this.lossScale = lossScale;
        this.m = kJoint.length;
        this.p = y.length;
        this.tp = tp;
        this.depth = depth;
        this.n = m * tp;
        this.g2 = gamma0 * gamma0;
        cc = new double[tp * tp];
        qq = new double[tp * tp];
        phi = new double[depth + 1][];
        gk = new double[depth + 2][];
        cm = new double[depth + 1][];
        am = new double[depth + 1][];
        dm = new double[depth + 2][];
        bm = new double[depth + 2][];
        nm = new double[depth + 1][];
        zm = new double[depth + 1][];
        dc = new double[depth + 1][];
        xm = new double[depth + 1][];
        for (int l = 1; l <= depth; l++) {
            phi[l] = new double[n * n];
            gk[l] = new double[tp * tp];
            cm[l] = new double[n * tp];
            am[l] = new double[n * tp];
            dm[l] = new double[tp * n];
            bm[l] = new double[tp * n];
            nm[l] = new double[tp * tp];
            zm[l] = new double[tp * tp];
            dc[l] = new double[tp * tp];
            xm[l] = new double[tp * n];
        }
        gk[depth + 1] = new double[tp * tp];
        java.util.Arrays.fill(gk[depth + 1], 1.0);
        f = new double[tp * m];
        dl = new double[tp * m];
        yRow = new double[tp];
        uRow = new double[tp];
        rowBuf = new double[n];
    }

    /** Phi^{l}((t,mu),(s,nu)), Phi^0 = Kx. */
    final double phiAt(int l, int t, int mu, int s, int nu) {
        return l == 0 ? kx[mu][nu] : phi[l][(t * m + mu) * n + s * m + nu];
    }

    /**
     * C^l((t,mu), s) = c(t,s) A^{l-1}((t,mu), s) + sum_al Phi^{l-1}((t,mu),(s,al)) Q(t,s) delta_al(s) (no A term at l = 1):
     * the same entry in both marches, which differ in the range of s and in the quadratures around it.
     */
    final double cEntry(int l, int t, int mu, int s) {
        int i = t * m + mu;
        double acc = l > 1 ? cc[t * tp + s] * am[l - 1][i * tp + s] : 0;
        double q = qq[t * tp + s];
        for (int al = 0; al < p; al++) {
            acc += phiAt(l - 1, t, mu, s, al) * q * dl[s * m + al];
        }
        return acc;
    }

    /** buf[(j, al)] += w Phi^{l}((i, be), (j, al)) for j < t (Phi^0 = Kx). */
    final void addPhiRow(int l, int i, int be, double w, int t, double[] buf) {
        if (l == 0) {
            double[] kr = kx[be];
            for (int j = 0; j < t; j++) {
                for (int al = 0; al < m; al++) {
                    buf[j * m + al] += w * kr[al];
                }
            }
        } else {
            double[] ph = phi[l];
            int r = (i * m + be) * n;
            for (int j = 0; j < t * m; j++) {
                buf[j] += w * ph[r + j];
            }
        }
    }
}
