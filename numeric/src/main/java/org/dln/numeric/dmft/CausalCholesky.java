package org.dln.numeric.dmft;

/**
 * Cholesky factor of a positive semi-definite n x n kernel K (row-major), taken in index order (index i = t P + mu
 * is time-major, so the factor is causal: a source drawn as v = F xi has v(t) depending only on xi_j of pivots at
 * times &lt;= t). A pivot whose Schur complement d_j is below {@code tol * max_i K_ii} (a direction along which K
 * is singular, e.g. G^{L+1} = all ones, or numerically negative) is dropped: its column is left out. The factor is
 * stored compactly as F (n x k, row-major) with the list of the k kept pivots; F[piv[c]][c] = sqrt(d) and
 * F[i][c] = 0 for i &lt; piv[c].
 *
 * <p>A dropped pivot with small positive d_j (below tol K_jj) keeps its variance as independent noise of variance d_j on
 * v_j ({@link #addJitter}), so that every diagonal K_jj is reproduced; only its correlation with later entries is lost,
 * and the response functions ignore it (they see only the kept, resolvable directions). What is dropped is reported: the number of dropped pivots and the largest dropped |d| relative to max K_ii
 * (the "jitter": the factor reproduces K up to that size along the dropped directions).
 */
final class CausalCholesky {

    final int n;
    final int k;
    /** n x k, row-major. */
    final double[] f;
    /** kept pivots, increasing. */
    final int[] pivots;
    /** largest |d| / K_jj of a dropped pivot j (0 if none dropped). */
    final double droppedRelative;
    /** sqrt(max(d_j, 0)) of dropped pivots (0 for kept ones): independent noise that keeps every K_jj exact. */
    final double[] jitter;
    /** number of dropped pivots with d_j &gt; 0 (small but real variance turned into independent noise). */
    final int jittered;

    private CausalCholesky(int n, int k, double[] f, int[] pivots, double droppedRelative, double[] jitter) {
        this.n = n;
        this.k = k;
        this.f = f;
        this.pivots = pivots;
        this.droppedRelative = droppedRelative;
        this.jitter = jitter;
        int c = 0;
        for (double v : jitter) {
            if (v > 0) {
                c++;
            }
        }
        this.jittered = c;
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
        double[] jitter = new double[n];
        for (int j = 0; j < m; j++) {
            double d = kernel[j * n + j];
            for (int q = 0; q < j; q++) {
                double v = full[j * n + q];
                d -= v * v;
            }
            double kjj = kernel[j * n + j];
            if (!(d > tol * kjj) || !(kjj > 1e-12 * maxDiag) || maxDiag <= 0) {
                dropped = Math.max(dropped, kjj > 0 ? Math.abs(d) / kjj : 0.0);
                jitter[j] = d > 0 ? Math.sqrt(d) : 0.0;
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
        return new CausalCholesky(n, k, compact, java.util.Arrays.copyOf(piv, k), dropped, jitter);
    }

    /** Adds the independent jitter noise of the dropped pivots: out_j += jitter_j * normal. */
    void addJitter(java.util.SplittableRandom rng, double[] out, int rows) {
        if (jittered == 0) {
            return;
        }
        for (int i = 0; i < rows; i++) {
            if (jitter[i] > 0) {
                out[i] += jitter[i] * rng.nextGaussian();
            }
        }
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
