package org.dln.linear.solver;

/**
 * The compulsory memory traffic of the dense causal march ({@link CausalMarchingSolver} on the stored kernels; the
 * factored march, {@link FactoredMarch}, moves far less): the doubles that step t must move
 * between memory and the cores, each causal region of the large arrays counted once per step (a cache cannot keep them
 * from one step to the next: at P = 8, T = 400 the arrays of the last steps take about 170 MB against a last-level cache
 * of some 32 MB). Derived from the kernels of one step and layer l (S samples, t = 0..T-1; {@link LayerSweep},
 * {@link SweepChains}, {@link SweepBlas}, the march's N row):
 * <pre>
 *   read   Phi^{l-1}, block rows 0..t-1 (l &gt;= 2; Phi^0 = Kx is not stored) S^2 t(t+1)/2        the R row b Phi^{l-1}
 *          A^T, C^T: rows u &lt; t, columns [(u+1) S, (t+1) S)                  S t(t+1)/2 each    N row, Phi's tail
 *          D: rows k &lt;= t, columns &lt; k S                                   S t(t+1)/2         B row
 *          B: rows u &lt;= t, columns &lt; u S                                   S t(t+1)/2         S row, R block columns
 *          R: rows &lt; t, columns &lt; (t+1) S                                  S t(t+1)           Phi's C R term
 *          N: its lower triangle, rows and columns &lt;= t                     (t+1)(t+2)/2       A, G
 *          S, G^{l+1}: the (t+1) x (t+1) corner                             2 (t+1)^2          G, Phi's vectors
 *   write  Phi^l block row t                                                 S^2 (t+1)
 *          rows t of D, B, R, the column block t of R, column t of C^T, A^T   S (6t + 1)
 * </pre>
 * (Block row t of Phi^{l-1}, which the C rows, the R block columns and the copy read, is the one layer l - 1 wrote in
 * this step: still in cache, counted once, as written. Likewise the rows t of D and R, read right after they are written.)
 * Summed over t and l: (L-1) S^2 (T-1)T(T+1)/6
 * + L [S (T-1)T(T+1) + T(T+1)(T+2)/6 + T(T+1)(2T+1)/3 + S^2 T(T+1)/2 + S (3T(T-1) + T)]
 * doubles, about (L-1) S^2 T^3/6 + L S T^3: at S = 8 both the Phi^{l-1} triangle (the R row, a matrix-vector product)
 * and the S t^2 arrays matter. The kernels read some regions twice in a step (A^T for the N row and Phi's tail, B for
 * the S row and the R block columns: the second pass mostly from memory again) and cover the causal triangles in
 * rectangular panels (some zeros read): the traffic as coded exceeds this floor (MarchTrafficTest counts it).
 */
public final class MarchTraffic {
    private MarchTraffic() {
    }

    /** The per-array terms (doubles) of step t, layer l, in the order of {@link #TERMS}. */
    static long[] stepTerms(long S, int l, long t) {
        long tri = S * t * (t + 1) / 2;
        return new long[] {
            l >= 2 ? S * S * t * (t + 1) / 2 : 0, // Phi^{l-1} read (blocks < t)
            tri, tri, tri, tri, // A^T, C^T, D, B
            2 * tri, // R
            (t + 1) * (t + 2) / 2 + 2 * (t + 1) * (t + 1), // N (lower triangle), S, G^{l+1}
            S * S * (t + 1), // Phi^l block row written
            S * (6 * t + 1) // rows and columns written
        };
    }

    /** Names of {@link #stepTerms}. */
    static final String[] TERMS = {"Phi^{l-1}", "A^T", "C^T", "D", "B", "R", "N,S,G", "Phi^l row", "rows written"};

    /** Compulsory doubles of step t (all layers). */
    public static long stepDoubles(int S, int L, int t) {
        long sum = 0;
        for (int l = 1; l <= L; l++) {
            for (long v : stepTerms(S, l, t)) {
                sum += v;
            }
        }
        return sum;
    }

    /** Compulsory doubles of the whole march (closed form of the sum of {@link #stepDoubles} over t &lt; T). */
    public static double doubles(int S, int T, int L) {
        double s = S, tp = T;
        return (L - 1) * s * s * (tp - 1) * tp * (tp + 1) / 6
                + L * (s * (tp - 1) * tp * (tp + 1) + tp * (tp + 1) * (tp + 2) / 6 + tp * (tp + 1) * (2 * tp + 1) / 3
                + s * s * tp * (tp + 1) / 2
                + s * (3 * tp * (tp - 1) + tp));
    }

    /** Compulsory bytes of the whole march: 8 {@link #doubles}. */
    public static double bytes(int S, int T, int L) {
        return 8 * doubles(S, T, L);
    }
}
