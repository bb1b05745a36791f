package org.dln.linear.solver;

import java.util.Arrays;
import org.dln.numeric.linalg.MemoryGuard;

/**
 * The layer recursion of the linear DMFT (theory.md section 3) on a block of time rows [ta, tb): the arrays of the
 * two-time matrices and the named steps of one sweep, shared by the causal march of gradient descent
 * ({@link CausalMarchingSolver}, blocks of one step) and the element equations of gradient flow
 * ({@link BlockEquations}, blocks of collocation nodes). For each layer l = 1..L
 * <pre>
 *   C^l = A^{l-1} + (Phi^{l-1} o Q) diag(Delta)        {@link #computeC}     (n x T: only sum_alpha acts)
 *   D^l = B^l     + (G^{l+1}  o Q) diag(Delta)         {@link #computeD}     (T x n)
 *   N_l = (I - g^2 D C)^{-1}                            (by the caller: a causal row or a block solve)
 *   B_l = N D                                          {@link #computeB}     (theory.md's B^{l-1}, l &gt;= 2)
 *   R   = B Phi^{l-1},  S = R B^T                      {@link #computeR}, {@link #computeRBlockColumns}, {@link #computeS}
 *   G^l = N G^{l+1} N^T + g^2 S                        {@link #computeG}
 *   A_l = C N                                          {@link #computeA}     (theory.md's A^l, l &lt; L)
 *   Phi^l = Phi^{l-1} + g^2 (C R + R^T C^T) + g^4 C S C^T + g^2 A G^{l+1} A^T    {@link #computePhi}
 *   f(t) = [R^T + g^2 C S + A G^{L+1} N^T]_{(t,mu), t}  of layer L              {@link #predictRow}
 * </pre>
 * (g = gamma0; the Phi^l and f forms are theory.md's M_l [...] M_l^T and f with M_l = I + g^2 C B expanded.)
 * A sweep runs the backward chain (D, N, B, R, S, G from layer L down to 1), then the forward chain (C, A, R, S, Phi
 * from layer 1 up to L), then f.
 *
 * <h2>Layout</h2>
 * Rows and columns of sample-time matrices are i = t S + mu (S = train + test samples, n = S T); the time-only
 * matrices are T x T; all row-major. Delta enters as {@link #dw} = lossScale Delta (0 for test samples).
 *
 * <h2>Causal mode</h2>
 * When the quadrature is strictly causal and blocks are single steps (gradient descent, {@link #causal}), row t of
 * D, B, C, A vanishes from time column t on and row t of N from column t + 1 on: the loops stop there, and S and R
 * are completed by symmetry and by block columns instead of being recomputed. The skipped terms are exact zeros, so
 * both modes give the same numbers where both apply.
 *
 * <h2>Weight decay</h2>
 * The sources carry Lambda = diag(rho^t) ({@link #pw}); with {@link #decays} false every such factor is exactly 1.0.
 *
 * <p>The solvers extend it with their own N step and bookkeeping. All arrays are allocated once; a sweep allocates
 * nothing. Not thread-safe.
 */
class LayerSweep {
    final int P, S, T, L, n;
    final double g2;
    /** Single-step blocks on a strictly causal quadrature: loops stop at the causal edge. */
    final boolean causal;
    /** False for the gradient independence approximation: A^{l-1} and B^{l+1} are dropped from C and D. */
    final boolean responses;
    /** Whether {@link #pw} differs from 1 (weight decay). */
    final boolean decays;
    final double[] q;           // T x T quadrature
    final double[] pw;          // T: rho^t, the share of the initial weights at time t
    final double[] dw;          // T x S: lossScale * Delta, 0 for test samples
    final double[][] phi;       // l = 0..L: n x n
    final double[][] gk;        // l = 1..L+1: T x T
    final double[][] c, a;      // l = 1..L: n x T
    final double[][] d, b, r;   // l = 1..L: T x n
    final double[][] nn, s;     // l = 1..L: T x T
    private final double[] vecA, vecB, vecC; // T

    LayerSweep(int trainCount, double[][] jointGram, int timePoints, int depth, double gamma0, double[] quadrature,
               double[] sourceScale, boolean causal, boolean responses) {
        P = trainCount;
        S = jointGram.length;
        T = timePoints;
        L = depth;
        n = S * T;
        g2 = gamma0 * gamma0;
        this.causal = causal;
        this.responses = responses;
        q = quadrature;
        pw = sourceScale;
        boolean dec = false;
        for (double v : pw) {
            dec |= v != 1.0;
        }
        decays = dec;
        dw = new double[T * S];
        phi = perLayer(L + 1, 1, L, n * n);
        phi[0] = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                phi[0][i * n + j] = jointGram[i % S][j % S];
            }
        }
        gk = perLayer(L + 2, 1, L + 1, T * T);
        Arrays.fill(gk[L + 1], 1.0);
        c = perLayer(L + 1, 1, L, n * T);
        a = perLayer(L + 1, 1, L, n * T);
        d = perLayer(L + 1, 1, L, T * n);
        b = perLayer(L + 1, 1, L, T * n);
        r = perLayer(L + 1, 1, L, T * n);
        nn = perLayer(L + 1, 1, L, T * T);
        s = perLayer(L + 1, 1, L, T * T);
        vecA = new double[T];
        vecB = new double[T];
        vecC = new double[T];
    }

    /**
     * Bytes of the arrays of one sweep workspace for S samples (train + test), T time rows and depth L, in saturating long
     * arithmetic ({@link MemoryGuard}): with n = S T, (L + 1) n^2 (Phi^l) + 5 L n T (C, A, D, B, R) + (3 L + 2) T^2 (G^l,
     * N, S, Q) + 2 n doubles. The largest single array has n^2 entries ({@link #largestArray}).
     */
    static long bytes(long S, long T, long L) {
        long n = MemoryGuard.times(S, T);
        return MemoryGuard.doubles(MemoryGuard.plus(MemoryGuard.times(L + 1, n, n), MemoryGuard.times(5, L, n, T),
                MemoryGuard.times(3 * L + 2, T, T), MemoryGuard.times(2, n)));
    }

    /** Entries of the largest array of a sweep workspace: Phi^l, n^2 with n = S T. */
    static long largestArray(long S, long T) {
        long n = MemoryGuard.times(S, T);
        return MemoryGuard.times(n, n);
    }

    /** {@code count} slots, those from {@code from} to {@code to} (inclusive) holding zeroed arrays of {@code size}. */
    static double[][] perLayer(int count, int from, int to, int size) {
        double[][] out = new double[count][];
        for (int l = from; l <= to; l++) {
            out[l] = new double[size];
        }
        return out;
    }

    /** C^l rows (t, mu), t in [ta, tb), columns s &lt; tb, from the Phi^{l-1}, A^{l-1} rows currently held. */
    void computeC(int l, int ta, int tb) {
        sourceRows(c[l], ta, tb, phi[l - 1], dw, 0, null, null, responses && l >= 2 ? a[l - 1] : null);
    }

    /**
     * The form of C (and of its tangent): out[(t, mu), s] = Q_ts (sum_alpha ph1[(t,mu),(s,alpha)] w1[(s,alpha)] for
     * s &gt;= s1From + sum_alpha ph2[(t,mu),(s,alpha)] w2[(s,alpha)]) + rho^{t+s} resp[(t,mu), s] for the rows t in
     * [ta, tb) and columns s &lt; tb; the sums run over the train samples, ph2 and resp may be null (zero).
     */
    void sourceRows(double[] out, int ta, int tb, double[] ph1, double[] w1, int s1From, double[] ph2, double[] w2,
                    double[] resp) {
        for (int i = ta * S; i < tb * S; i++) {
            int t = i / S;
            int cRow = i * T, pRow = i * n;
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                double v = 0;
                double w = q[t * T + sIdx];
                if (w != 0) {
                    int base = sIdx * S;
                    if (sIdx >= s1From) {
                        for (int al0 = 0; al0 < P; al0++) {
                            v += ph1[pRow + base + al0] * w1[base + al0];
                        }
                    }
                    if (ph2 != null) {
                        for (int al0 = 0; al0 < P; al0++) {
                            v += ph2[pRow + base + al0] * w2[base + al0];
                        }
                    }
                    v *= w;
                }
                if (resp != null) {
                    v += pw[t] * pw[sIdx] * resp[cRow + sIdx];
                }
                out[cRow + sIdx] = v;
            }
        }
    }

    /** D^l rows t in [ta, tb), columns (s, alpha) with s &lt; sEnd. */
    void computeD(int l, int ta, int tb, int sEnd) {
        gradientRows(d[l], ta, tb, sEnd, null, null, gk[l + 1], dw, responses && l < L ? b[l + 1] : null);
    }

    /**
     * The form of D (and of its tangent): out[t, (s, alpha)] = Q_ts gA[t, s] wA[(s,alpha)] + Q_ts gB[t, s] wB[(s,alpha)]
     * + rho^{t+s} resp[t, (s,alpha)] for the rows t in [ta, tb) and s &lt; sEnd; gA and resp may be null (zero).
     */
    void gradientRows(double[] out, int ta, int tb, int sEnd, double[] gA, double[] wA, double[] gB, double[] wB,
                      double[] resp) {
        for (int t = ta; t < tb; t++) {
            int row = t * n;
            for (int sIdx = 0; sIdx < sEnd; sIdx++) {
                double qw = q[t * T + sIdx];
                double gqA = gA != null ? qw * gA[t * T + sIdx] : 0.0;
                double gqB = qw * gB[t * T + sIdx];
                double ps = pw[t] * pw[sIdx];
                int base = sIdx * S;
                for (int al0 = 0; al0 < S; al0++) {
                    double v = gqB * wB[base + al0];
                    if (gA != null) {
                        v = gqA * wA[base + al0] + v;
                    }
                    if (resp != null) {
                        v += ps * resp[row + base + al0];
                    }
                    out[row + base + al0] = v;
                }
            }
        }
    }

    /** B rows t in [ta, tb) = N D over columns &lt; cols (N rows &lt; tb already known). */
    void computeB(int l, int ta, int tb, int cols) {
        final double[] bl = b[l], nl = nn[l], dl = d[l];
        for (int t = ta; t < tb; t++) {
            int row = t * n;
            Arrays.fill(bl, row, row + cols, 0.0);
            for (int k = 0; k < tb; k++) {
                double nv = nl[t * T + k];
                if (nv == 0) {
                    continue;
                }
                int dRow = k * n;
                int lim = causal ? k * S : cols; // causal: D[k, :] vanishes from block k on
                for (int j = 0; j < lim; j++) {
                    bl[row + j] += nv * dl[dRow + j];
                }
            }
        }
    }

    /** R rows t in [ta, tb), columns &lt; cols: R = B Lambda Phi^{l-1} Lambda (the Phi^{l-1} rows currently held). */
    void computeR(int l, int ta, int tb, int cols) {
        final double[] bl = b[l], rl = r[l], ph = phi[l - 1];
        for (int t = ta; t < tb; t++) {
            int row = t * n;
            Arrays.fill(rl, row, row + cols, 0.0);
            for (int k = 0; k < cols; k++) {
                double bv = bl[row + k] * pw[k / S];
                if (bv == 0) {
                    continue;
                }
                int pr = k * n;
                for (int j = 0; j < cols; j++) {
                    rl[row + j] += bv * ph[pr + j];
                }
            }
            if (decays) {
                for (int j = 0; j < cols; j++) {
                    rl[row + j] *= pw[j / S];
                }
            }
        }
    }

    /**
     * R of the rows t &lt; rowEnd in the block columns [r0, r1) (Phi^{l-1} symmetric: column i = row i), summing
     * over the columns before r0 (causal: before t S).
     */
    void computeRBlockColumns(int l, int rowEnd, int r0, int r1) {
        final double[] bl = b[l], rl = r[l], ph = phi[l - 1];
        for (int t = 0; t < rowEnd; t++) {
            int br = t * n;
            int lim = causal ? t * S : r0;
            for (int i = r0; i < r1; i++) {
                int pr = i * n;
                double acc = 0;
                if (!decays) {
                    for (int k = 0; k < lim; k++) {
                        acc += bl[br + k] * ph[pr + k];
                    }
                } else {
                    for (int k = 0; k < lim; k++) {
                        acc += bl[br + k] * pw[k / S] * ph[pr + k];
                    }
                    acc *= pw[i / S];
                }
                rl[br + i] = acc;
            }
        }
    }

    /**
     * S[t, u] = R[t, :] . B[u, :] (columns &lt; cols) for t in [t0, t1), u in [u0, u1); in causal mode also S[u, t],
     * since the march computes each pair once.
     */
    void computeS(int l, int t0, int t1, int u0, int u1, int cols) {
        final double[] rl = r[l], bl = b[l], sl = s[l];
        for (int t = t0; t < t1; t++) {
            for (int u = u0; u < u1; u++) {
                int lim = causal ? u * S : cols;
                double acc = 0;
                int rr = t * n, br = u * n;
                for (int j = 0; j < lim; j++) {
                    acc += rl[rr + j] * bl[br + j];
                }
                sl[t * T + u] = acc;
                if (causal) {
                    sl[u * T + t] = acc;
                }
            }
        }
    }

    /** G^l rows t in [ta, tb), columns &lt; tb, and the mirrored columns of earlier rows. */
    void computeG(int l, int ta, int tb) {
        final double[] gl = gk[l], nl = nn[l], sl = s[l], gUp = gk[l + 1];
        for (int t = ta; t < tb; t++) {
            // vecA = N[t, :] Lambda G^{l+1} Lambda (the source covariance rho^{t+s} G^{l+1})
            Arrays.fill(vecA, 0, tb, 0.0);
            for (int k = 0; k < tb; k++) {
                double nv = nl[t * T + k];
                if (nv == 0) {
                    continue;
                }
                nv *= pw[k];
                for (int k2 = 0; k2 < tb; k2++) {
                    vecA[k2] += nv * gUp[k * T + k2];
                }
            }
            if (decays) {
                for (int k2 = 0; k2 < tb; k2++) {
                    vecA[k2] *= pw[k2];
                }
            }
            for (int u = 0; u < tb; u++) {
                int kEnd = causal ? u + 1 : tb; // causal: N[u, :] vanishes after u
                double acc = 0;
                for (int k2 = 0; k2 < kEnd; k2++) {
                    acc += vecA[k2] * nl[u * T + k2];
                }
                gl[t * T + u] = acc + g2 * sl[t * T + u];
            }
        }
        mirrorTimeRows(gl, ta, tb);
    }

    /** x[u, t] = x[t, u] for the rows t in [ta, tb) and u &lt; ta of a T x T matrix. */
    void mirrorTimeRows(double[] x, int ta, int tb) {
        for (int t = ta; t < tb; t++) {
            for (int u = 0; u < ta; u++) {
                x[u * T + t] = x[t * T + u];
            }
        }
    }

    /** x[j, i] = x[i, j] for the rows i in [r0, r1) and j &lt; r0 of an n x n matrix. */
    void mirrorSampleRows(double[] x, int r0, int r1) {
        for (int i = r0; i < r1; i++) {
            for (int j = 0; j < r0; j++) {
                x[j * n + i] = x[i * n + j];
            }
        }
    }

    /** A rows (t, mu), t in [ta, tb): A = C N. */
    void computeA(int l, int ta, int tb) {
        final double[] al = a[l], cl = c[l], nl = nn[l];
        for (int i = ta * S; i < tb * S; i++) {
            int cRow = i * T;
            Arrays.fill(al, cRow, cRow + tb, 0.0);
            for (int k = 0; k < tb; k++) {
                double cv = cl[cRow + k];
                if (cv == 0) {
                    continue;
                }
                int sEnd = causal ? k + 1 : tb; // causal: N[k, :] vanishes after k
                for (int sIdx = 0; sIdx < sEnd; sIdx++) {
                    al[cRow + sIdx] += cv * nl[k * T + sIdx];
                }
            }
        }
    }

    /**
     * Phi^l rows (t, mu), t in [ta, tb), all columns before tb, and the mirrored columns of earlier rows:
     * Lambda Phi^{l-1} Lambda + g^2 (C R + R^T C^T) + g^4 C S C^T + g^2 A Lambda G^{l+1} Lambda A^T.
     */
    void computePhi(int l, int ta, int tb) {
        final double[] cl = c[l], al = a[l], rl = r[l], sl = s[l], gUp = gk[l + 1];
        final double[] phiDown = phi[l - 1], phiL = phi[l];
        final int cols = tb * S, r0 = ta * S, r1 = tb * S;
        for (int i = r0; i < r1; i++) {
            int t = i / S;
            int cRow = i * T;
            int out = i * n;
            System.arraycopy(phiDown, out, phiL, out, cols);
            if (decays) { // source covariance rho^{t+s} Phi^{l-1}
                for (int j = 0; j < cols; j++) {
                    phiL[out + j] *= pw[t] * pw[j / S];
                }
            }
            if (g2 == 0) {
                continue;
            }
            // g^2 C[i, :] R
            for (int k = 0; k < tb; k++) {
                double cv = g2 * cl[cRow + k];
                if (cv == 0) {
                    continue;
                }
                int rRow = k * n;
                for (int j = 0; j < cols; j++) {
                    phiL[out + j] += cv * rl[rRow + j];
                }
            }
            // vecA = g^4 C[i, :] S, vecB = g^2 A[i, :] Lambda G^{l+1} Lambda, vecC = g^2 R[:, i]
            for (int u = 0; u < tb; u++) {
                double cs = 0, ag = 0;
                for (int k = 0; k < tb; k++) {
                    cs += cl[cRow + k] * sl[k * T + u];
                    ag += al[cRow + k] * pw[k] * gUp[k * T + u];
                }
                vecA[u] = g2 * cs * g2; // the march's order; the element equations had (g2 g2) cs: same to rounding
                vecB[u] = g2 * ag * pw[u];
                vecC[u] = g2 * rl[u * n + i];
            }
            for (int j = 0; j < cols; j++) {
                int cRow2 = j * T;
                int uEnd = causal ? j / S : tb; // causal: C[j, :] and A[j, :] vanish from block j / S on
                double acc = 0;
                for (int u = 0; u < uEnd; u++) {
                    acc += cl[cRow2 + u] * (vecC[u] + vecA[u]) + al[cRow2 + u] * vecB[u];
                }
                phiL[out + j] += acc;
            }
        }
        mirrorSampleRows(phiL, r0, r1);
    }

    /**
     * f_i(t) = R[t, (t, i)] + g^2 C[(t, i), :] S[:, t] + A[(t, i), :] Lambda G^{L+1} Lambda N[t, :]^T (G^{L+1} = 1) for
     * every sample i, into out[off + i]; tb is the end of t's block.
     */
    void predictRow(int t, int tb, double[] out, int off) {
        final double[] rl = r[L], cl = c[L], al = a[L], sl = s[L], nl = nn[L];
        double nSum = 0;
        for (int k = 0; k < tb; k++) {
            nSum += nl[t * T + k] * pw[k];
        }
        for (int i = 0; i < S; i++) {
            int ci = (t * S + i) * T;
            double cs = 0, aSum = 0;
            for (int k = 0; k < tb; k++) {
                cs += cl[ci + k] * sl[k * T + t];
                aSum += al[ci + k] * pw[k];
            }
            out[off + i] = rl[t * n + t * S + i] + g2 * cs + aSum * nSum;
        }
    }

    /** K_ij(t) = sum_{l=0..L} G^{l+1}(t,t) Phi^l_ij(t,t). */
    double ntk(int t, int i, int j) {
        double acc = 0;
        int idx = (t * S + i) * n + t * S + j;
        for (int l = 0; l <= L; l++) {
            acc += gk[l + 1][t * T + t] * phi[l][idx];
        }
        return acc;
    }
}
