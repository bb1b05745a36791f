package org.dln.numeric.sampling;

/**
 * Cholesky factor of a positive semi-definite n x n kernel K (row-major), taken in index order (index i = t P + mu
 * is time-major, so the factor is causal: a source drawn as v = F xi has v(t) depending only on xi_j of pivots at
 * times &lt;= t). A pivot whose Schur complement d_j is below {@code tol * max_i K_ii} (a direction along which K
 * is singular, e.g. G^{L+1} = all ones, or numerically negative) is dropped: its column is left out. The factor is
 * stored compactly as F (n x k, row-major) with the list of the k kept pivots; F[piv[c]][c] = sqrt(d) and
 * F[i][c] = 0 for i &lt; piv[c].
 *
 * <p>What is dropped is reported: the number of dropped pivots and the largest dropped |d| relative to max K_ii
 * (the "jitter": the factor reproduces K up to that size along the dropped directions).
 */
final class CausalCholesky {

    final int n;
    final int k;
    /** n x k, row-major. */
    final double[] f;
    /** kept pivots, increasing. */
    final int[] pivots;
    /** largest |d| of a dropped pivot relative to max K_ii (0 if none dropped). */
    final double droppedRelative;

    private CausalCholesky(int n, int k, double[] f, int[] pivots, double droppedRelative) {
        this.n = n;
        this.k = k;
        this.f = f;
        this.pivots = pivots;
        this.droppedRelative = droppedRelative;
    }

    /** Factor of the leading m x m block of the n x n kernel (rows &gt;= m of the factor are zero). */
    static CausalCholesky of(double[] kernel, int n, int m, double tol) {
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            maxDiag = Math.max(maxDiag, kernel[i * n + i]);
        }
        double[] full = new double[n * n]; // column j of the factor, rows >= j (lower triangle)
        int[] piv = new int[n];
        int k = 0;
        double dropped = 0;
        boolean[] kept = new boolean[n];
        for (int j = 0; j < m; j++) {
            double d = kernel[j * n + j];
            for (int q = 0; q < j; q++) {
                double v = full[j * n + q];
                d -= v * v;
            }
            if (!(d > tol * maxDiag) || maxDiag <= 0) {
                dropped = Math.max(dropped, maxDiag > 0 ? Math.abs(d) / maxDiag : 0.0);
                continue;
            }
            kept[j] = true;
            piv[k++] = j;
            double s = Math.sqrt(d);
            full[j * n + j] = s;
            for (int i = j + 1; i < m; i++) {
                double v = kernel[i * n + j];
                for (int q = 0; q < j; q++) {
                    v -= full[i * n + q] * full[j * n + q];
                }
                full[i * n + j] = v / s;
            }
        }
        double[] compact = new double[n * k];
        for (int c = 0; c < k; c++) {
            int j = piv[c];
            for (int i = j; i < m; i++) {
                compact[i * k + c] = full[i * n + j];
            }
        }
        return new CausalCholesky(n, k, compact, java.util.Arrays.copyOf(piv, k), dropped);
    }

    /** out[0..rows) = (F xi)[0..rows) (xi length k). */
    void apply(double[] xi, double[] out, int rows) {
        for (int i = 0; i < rows; i++) {
            double acc = 0;
            int row = i * k;
            for (int c = 0; c < k && pivots[c] <= i; c++) {
                acc += f[row + c] * xi[c];
            }
            out[i] = acc;
        }
    }

    /**
     * Turns a Stein estimate M = J F (n x k) of a causal Jacobian J into the operator on the range of K:
     * out = M Fpp^{-1} scattered on the pivot columns (n x n, row-major), where Fpp is the k x k block of F
     * on the pivot rows (lower triangular). Applied to a vector v in the range of K, out v = J v.
     */
    double[] operatorFromStein(double[] m) {
        double[] out = new double[n * n];
        double[] row = new double[k];
        for (int i = 0; i < n; i++) {
            // solve x Fpp = m_i  (x row vector): back substitution over columns from last to first
            System.arraycopy(m, i * k, row, 0, k);
            for (int c = k - 1; c >= 0; c--) {
                double v = row[c];
                for (int c2 = c + 1; c2 < k; c2++) {
                    v -= row[c2] * f[pivots[c2] * k + c];
                }
                row[c] = v / f[pivots[c] * k + c];
            }
            for (int c = 0; c < k; c++) {
                out[i * n + pivots[c]] = row[c];
            }
        }
        return out;
    }
}
