package org.dln.linear.solver;

/**
 * The full two-time order parameters of a linear DMFT solution, indexed as in theory.md section 3 with
 * i = (t, mu) flattened as t * S + mu, where S = P + Q counts train then test samples and t = 0..T-1.
 *
 * <ul>
 * <li>{@code phi[l]} (l = 0..L): Phi^l, n x n with n = S T (Phi^0 = Kx repeated over time).</li>
 * <li>{@code g[l]} (l = 1..L+1, index 0 unused): G^l, T x T (the backward signal of a linear network does not
 * depend on the sample, so G^l_{mu,alpha}(t,s) = G^l(t,s)); G^{L+1} = 1.</li>
 * <li>{@code a[l]} (l = 1..L-1, others null): A^l summed over its second sample index, n x T:
 * A^l_{(t,mu), s} = sum_alpha A^l_{mu,alpha}(t,s), the only combination that acts.</li>
 * <li>{@code b[l]} (l = 1..L-1, others null): B^l, T x n: B^l(t; s, alpha) (independent of the first sample).</li>
 * </ul>
 * Response functions carry theory.md's normalization A = gamma0^{-1} d phi(h)/d r, B = gamma0^{-1} d g/d u,
 * times the quadrature weight eta of the time integral that they multiply.
 * Arrays are row-major and shared read-only: do not modify them.
 */
public record TwoTimeKernels(int samples, int timePoints, double[][] phi, double[][] g, double[][] a, double[][] b) {

    /** Phi^l_{mu,nu}(t, s). */
    public double phi(int l, int t, int mu, int s, int nu) {
        int n = samples * timePoints;
        return phi[l][(t * samples + mu) * n + s * samples + nu];
    }

    /** G^l(t, s). */
    public double g(int l, int t, int s) {
        return g[l][t * timePoints + s];
    }

    /** sum_alpha A^l_{mu,alpha}(t, s). */
    public double a(int l, int t, int mu, int s) {
        return a[l][(t * samples + mu) * timePoints + s];
    }

    /** B^l(t; s, alpha). */
    public double b(int l, int t, int s, int alpha) {
        return b[l][t * samples * timePoints + s * samples + alpha];
    }
}
