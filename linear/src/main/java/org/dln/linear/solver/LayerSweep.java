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
 * both modes give the same numbers where both apply. The march stores Phi^l as block lower triangles ({@link #poff}),
 * does not store Phi^0 ({@link #kx0}) and keeps only the current block's rows of C and A (all of them as C^T, A^T).
 *
 * <h2>Blocking and threads</h2>
 * The O(S^2 T^3) loops are blocked so that every row loaded serves several outputs (four rows of R, Phi or dPhi for
 * all rows of a block; two by four register blocks for the R block columns), and split into tasks over their outputs
 * on {@link #pool}. Each output entry is computed by one task, its terms added in the order of the plain loops: the
 * results are bit-identical to the row-by-row loops and for any number of threads.
 *
 * <h2>Weight decay</h2>
 * The sources carry Lambda = diag(rho^t) ({@link #pw}); with {@link #decays} false every such factor is exactly 1.0.
 *
 * <p>The solvers extend it with their own N step and bookkeeping. All arrays are allocated once; a sweep allocates
 * nothing of size n (the pool's task objects only). Not thread-safe (one sweep at a time).
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
    /**
     * l = 0..L: n x n, row-major; in causal mode ({@link #packed}) only the block lower triangle is stored (row
     * (t, mu) holds the columns (s, alpha) with s &lt;= t, at {@link #poff}) and Phi^0 is null (see {@link #kx0}).
     */
    final double[][] phi;
    /** Causal mode: Phi^l stored as block lower triangles, Phi^0 given by kx0 (see {@link #prow}). */
    final boolean packed;
    /** Causal mode: the S distinct rows of Phi^0 = Kx on every time pair, kx0[mu][j] = Kx[mu][j % S] (length n). */
    final double[][] kx0;
    /** Causal mode: the columns of Phi^0, kx0T[mu][k] = Kx[k % S][mu] (Kx is symmetric only to 1e-12). */
    final double[][] kx0T;
    final double[][] gk;        // l = 1..L+1: T x T
    /** l = 1..L: n x T; in causal mode only the rows of the current block, S x T (see {@link #crow}). */
    final double[][] c, a;
    final double[][] d, b, r;   // l = 1..L: T x n
    final double[][] nn, s;     // l = 1..L: T x T
    private final double[] vecA; // T
    // causal mode (the march's blocked and threaded kernels)
    final double[][] ct, at;    // l = 1..L: C^T and A^T, T x n packed (row u: the columns j >= (u + 1) S; ctoff)
    private double[] wRows, vbRows; // (rows of the block) x T: the vectors of the C S C^T, R^T C^T and A G A^T terms
    private double[] tmpRows;       // causal: S x n, the block's rows of C (R^T + g^2 S C^T) + A G A^T
    private final double[] bwRow;         // n: B[t, :] Lambda
    private final double[] pwn;           // n: rho^(k / S)
    /** Threads of the causal kernels (set by the solver; a serial pool by default). */
    SweepPool pool = new SweepPool(1);

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
        packed = causal;
        if (packed) {
            // Phi^l as its block lower triangle (row (t, mu) holds the columns s <= t); Phi^0 = Kx on every time pair
            // is not stored: its row (t, mu) is kx0[mu] (Kx[mu][j % S] for every column j)
            long size = packedSize(S, T);
            if (size > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("two-time kernel of " + size + " entries exceeds the largest Java array");
            }
            phi = perLayer(L + 1, 1, L, (int) size);
            kx0 = new double[S][n];
            kx0T = new double[S][n];
            for (int mu = 0; mu < S; mu++) {
                for (int j = 0; j < n; j++) {
                    kx0[mu][j] = jointGram[mu][j % S];
                    kx0T[mu][j] = jointGram[j % S][mu];
                }
            }
        } else {
            phi = perLayer(L + 1, 1, L, Math.multiplyExact(n, n));
            phi[0] = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    phi[0][i * n + j] = jointGram[i % S][j % S];
                }
            }
            kx0 = kx0T = null;
        }
        gk = perLayer(L + 2, 1, L + 1, T * T);
        Arrays.fill(gk[L + 1], 1.0);
        // causal mode: C and A keep only the rows of the current block (C^T and A^T hold them all)
        c = perLayer(L + 1, 1, L, causal ? S * T : n * T);
        a = perLayer(L + 1, 1, L, causal ? S * T : n * T);
        // causal mode: row t of D holds only the columns (s, alpha) with s < t (drow)
        d = perLayer(L + 1, 1, L, causal ? (int) ((long) S * T * (T - 1L) / 2) : T * n);
        b = perLayer(L + 1, 1, L, T * n);
        r = perLayer(L + 1, 1, L, T * n);
        nn = perLayer(L + 1, 1, L, T * T);
        s = perLayer(L + 1, 1, L, T * T);
        vecA = new double[T];
        pwn = new double[n];
        for (int k = 0; k < n; k++) {
            pwn[k] = pw[k / S];
        }
        if (causal) {
            ct = perLayer(L + 1, 1, L, (int) transposeSize(S, T));
            at = perLayer(L + 1, 1, L, (int) transposeSize(S, T));
            tmpRows = new double[S * n];
            bwRow = new double[n];
        } else {
            ct = at = null;
            bwRow = null;
        }
    }

    /**
     * Entries of the packed C^T, A^T of the march: row u holds the columns j &gt;= (u + 1) S (C[j, u] and A[j, u]
     * vanish for u &gt;= j / S), n T - S T (T + 1) / 2 in all.
     */
    static long transposeSize(int S, int T) {
        return (long) S * T * T - (long) S * T * (T + 1L) / 2;
    }

    /** The offset of row t of D^l: t n, or S t (t - 1) / 2 in causal mode (row t holds the columns &lt; t S only). */
    final int drow(int t) {
        return causal ? S * t * (t - 1) / 2 : t * n;
    }

    /** The index of entry (u, j), j &gt;= (u + 1) S, of the packed C^T or A^T is ctoff(u) + j. */
    final int ctoff(int u) {
        return u * n - S * u * (u + 1) / 2 - (u + 1) * S;
    }

    /** Entries of a block lower-triangular n x n matrix (n = S T): S^2 T (T + 1) / 2. */
    static long packedSize(int S, int T) {
        return (long) S * S * T * (T + 1L) / 2;
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
            int row = t * n, oRow = drow(t); // causal mode (computeD only): D packed
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
                    out[oRow + base + al0] = v;
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
                int dRow = drow(k);
                int lim = causal ? k * S : cols; // causal: D[k, :] vanishes from block k on
                for (int j = 0; j < lim; j++) {
                    bl[row + j] += nv * dl[dRow + j];
                }
            }
        }
    }

    /**
     * R rows t in [ta, tb), columns &lt; cols: R = B Lambda Phi^{l-1} Lambda (the Phi^{l-1} rows currently held; full
     * storage only). Four rows of Phi at a time for every row t; tasks: column chunks; k ascending for every entry.
     */
    void computeR(int l, int ta, int tb, int cols) {
        if (packed) {
            throw new IllegalStateException("computeR needs the full Phi; the march uses causalR");
        }
        int tasks = tasks(cols / 64, (long) (tb - ta) * cols * cols, 1);
        pool.run(tasks, tasks > 1, task -> computeRChunk(l, ta, tb, cols, split(cols, tasks, task), split(cols, tasks, task + 1)));
    }

    /** The task's start of a range of the given length split into equal parts. */
    static int split(int length, int tasks, int task) {
        return (int) ((long) length * task / tasks);
    }

    private void computeRChunk(int l, int ta, int tb, int cols, int j0, int j1) {
        if (j0 >= j1) {
            return;
        }
        final double[] bl = b[l], rl = r[l], ph = phi[l - 1];
        for (int t = ta; t < tb; t++) {
            Arrays.fill(rl, t * n + j0, t * n + j1, 0.0);
        }
        int k = 0;
        for (; k + 3 < cols; k += 4) {
            final int p0 = k * n, p1 = p0 + n, p2 = p1 + n, p3 = p2 + n;
            for (int t = ta; t < tb; t++) {
                final int row = t * n;
                final double b0 = bl[row + k] * pwn[k], b1 = bl[row + k + 1] * pwn[k + 1], b2 = bl[row + k + 2] * pwn[k + 2],
                        b3 = bl[row + k + 3] * pwn[k + 3];
                if (b0 != 0 && b1 != 0 && b2 != 0 && b3 != 0) {
                    for (int j = j0; j < j1; j++) {
                        rl[row + j] = rl[row + j] + b0 * ph[p0 + j] + b1 * ph[p1 + j] + b2 * ph[p2 + j] + b3 * ph[p3 + j];
                    }
                } else {
                    axpyNonzero(rl, row, b0, ph, p0, j0, j1);
                    axpyNonzero(rl, row, b1, ph, p1, j0, j1);
                    axpyNonzero(rl, row, b2, ph, p2, j0, j1);
                    axpyNonzero(rl, row, b3, ph, p3, j0, j1);
                }
            }
        }
        for (; k < cols; k++) {
            for (int t = ta; t < tb; t++) {
                axpyNonzero(rl, t * n, bl[t * n + k] * pwn[k], ph, k * n, j0, j1);
            }
        }
        if (decays) {
            for (int t = ta; t < tb; t++) {
                for (int j = j0; j < j1; j++) {
                    rl[t * n + j] *= pwn[j];
                }
            }
        }
    }

    /**
     * R of the rows t &lt; rowEnd in the block columns [r0, r1) (Phi^{l-1} symmetric: column i = row i), summing
     * over the columns before r0 (causal: before t S): R[t, i] = sum_k B[t, k] rho^(k/S) Phi[i, k], two rows t by four
     * columns i at a time (k ascending for every entry). Tasks: ranges of t of equal work.
     */
    void computeRBlockColumns(int l, int rowEnd, int r0, int r1) {
        final int pairs = (rowEnd + 1) / 2;
        long work = causal ? (long) rowEnd * rowEnd * S * (r1 - r0) / 2 : (long) rowEnd * r0 * (r1 - r0);
        int tasks = tasks(pairs, work, 2);
        pool.run(tasks, tasks > 1, task -> {
            double f0 = (double) task / tasks, f1 = (double) (task + 1) / tasks;
            if (causal) { // work of row t grows like t: equal work up to rows sqrt(f)
                f0 = Math.sqrt(f0);
                f1 = Math.sqrt(f1);
            }
            int p0 = (int) Math.round(pairs * f0);
            int p1 = task + 1 == tasks ? pairs : (int) Math.round(pairs * f1);
            rBlockColumnsChunk(l, r0, r1, 2 * p0, Math.min(rowEnd, 2 * p1));
        });
    }

    private void rBlockColumnsChunk(int l, int r0, int r1, int tr0, int tr1) {
        final int m = l - 1;
        final double[] bl = b[l], rl = r[l];
        int tr = tr0;
        for (; tr + 1 < tr1; tr += 2) {
            final int lim = causal ? tr * S : r0, lim1 = causal ? lim + S : r0, br = tr * n, br1 = br + n;
            int i = r0;
            for (; i + 3 < r1; i += 4) {
                final double[] p0 = prow(m, i), p1 = prow(m, i + 1), p2 = prow(m, i + 2), p3 = prow(m, i + 3);
                final int o0 = poff(m, i), o1 = poff(m, i + 1), o2 = poff(m, i + 2), o3 = poff(m, i + 3);
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
                int k = 0;
                if (!decays) { // rho = 1: B[t, k] * 1.0 is B[t, k]
                    for (; k < lim; k++) {
                        double x0 = bl[br + k], x1 = bl[br1 + k];
                        double q0 = p0[o0 + k], q1 = p1[o1 + k], q2 = p2[o2 + k], q3 = p3[o3 + k];
                        a0 += x0 * q0;
                        a1 += x0 * q1;
                        a2 += x0 * q2;
                        a3 += x0 * q3;
                        c0 += x1 * q0;
                        c1 += x1 * q1;
                        c2 += x1 * q2;
                        c3 += x1 * q3;
                    }
                }
                for (; k < lim; k++) {
                    double x0 = bl[br + k] * pwn[k], x1 = bl[br1 + k] * pwn[k];
                    double q0 = p0[o0 + k], q1 = p1[o1 + k], q2 = p2[o2 + k], q3 = p3[o3 + k];
                    a0 += x0 * q0;
                    a1 += x0 * q1;
                    a2 += x0 * q2;
                    a3 += x0 * q3;
                    c0 += x1 * q0;
                    c1 += x1 * q1;
                    c2 += x1 * q2;
                    c3 += x1 * q3;
                }
                for (; k < lim1; k++) {
                    double x1 = bl[br1 + k] * pwn[k];
                    c0 += x1 * p0[o0 + k];
                    c1 += x1 * p1[o1 + k];
                    c2 += x1 * p2[o2 + k];
                    c3 += x1 * p3[o3 + k];
                }
                storeRBlock(rl, br, i, a0, a1, a2, a3);
                storeRBlock(rl, br1, i, c0, c1, c2, c3);
            }
            for (; i < r1; i++) {
                rl[br + i] = rBlockEntry(m, bl, br, lim, i);
                rl[br1 + i] = rBlockEntry(m, bl, br1, lim1, i);
            }
        }
        for (; tr < tr1; tr++) {
            final int lim = causal ? tr * S : r0, br = tr * n;
            for (int i = r0; i < r1; i++) {
                rl[br + i] = rBlockEntry(m, bl, br, lim, i);
            }
        }
    }

    private void storeRBlock(double[] rl, int br, int i, double a0, double a1, double a2, double a3) {
        if (decays) {
            a0 *= pwn[i];
            a1 *= pwn[i + 1];
            a2 *= pwn[i + 2];
            a3 *= pwn[i + 3];
        }
        rl[br + i] = a0;
        rl[br + i + 1] = a1;
        rl[br + i + 2] = a2;
        rl[br + i + 3] = a3;
    }

    private double rBlockEntry(int m, double[] bl, int br, int lim, int i) {
        final double[] p0 = prow(m, i);
        final int o0 = poff(m, i);
        double acc = 0;
        for (int k = 0; k < lim; k++) {
            acc += bl[br + k] * pwn[k] * p0[o0 + k];
        }
        return decays ? acc * pwn[i] : acc;
    }

    /**
     * S[t, u] = R[t, :] . B[u, :] (columns &lt; cols; causal: &lt; u S) for t in [t0, t1), u in [u0, u1); in causal mode
     * also S[u, t], since the march computes each pair once. Four u at a time (j ascending for every entry); tasks:
     * ranges of u.
     */
    void computeS(int l, int t0, int t1, int u0, int u1, int cols) {
        if (t0 >= t1 || u0 >= u1) {
            return;
        }
        final int groups = (u1 - u0 + 3) / 4;
        int tasks = tasks(groups, (long) (t1 - t0) * (u1 - u0) * (causal ? (long) u1 * S / 2 : cols), 2);
        pool.run(tasks, tasks > 1, task -> {
            int a = u0 + 4 * split(groups, tasks, task), e = Math.min(u1, u0 + 4 * split(groups, tasks, task + 1));
            for (int t = t0; t < t1; t++) {
                sChunk(l, t, a, e, cols);
            }
        });
    }

    private void sChunk(int l, int t, int u0, int u1, int cols) {
        final double[] rl = r[l], bl = b[l], sl = s[l];
        final int rr = t * n;
        int u = u0;
        for (; u + 3 < u1; u += 4) {
            final int l0 = causal ? u * S : cols, l1 = causal ? l0 + S : cols, l2 = causal ? l1 + S : cols,
                    l3 = causal ? l2 + S : cols;
            final int b0 = u * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            int j = 0;
            for (; j < l0; j++) {
                double rv = rl[rr + j];
                a0 += rv * bl[b0 + j];
                a1 += rv * bl[b1 + j];
                a2 += rv * bl[b2 + j];
                a3 += rv * bl[b3 + j];
            }
            for (; j < l1; j++) {
                double rv = rl[rr + j];
                a1 += rv * bl[b1 + j];
                a2 += rv * bl[b2 + j];
                a3 += rv * bl[b3 + j];
            }
            for (; j < l2; j++) {
                double rv = rl[rr + j];
                a2 += rv * bl[b2 + j];
                a3 += rv * bl[b3 + j];
            }
            for (; j < l3; j++) {
                a3 += rl[rr + j] * bl[b3 + j];
            }
            setS(sl, t, u, a0);
            setS(sl, t, u + 1, a1);
            setS(sl, t, u + 2, a2);
            setS(sl, t, u + 3, a3);
        }
        for (; u < u1; u++) {
            final int lim = causal ? u * S : cols, br = u * n;
            double acc = 0;
            for (int j = 0; j < lim; j++) {
                acc += rl[rr + j] * bl[br + j];
            }
            setS(sl, t, u, acc);
        }
    }

    private void setS(double[] sl, int t, int u, double v) {
        sl[t * T + u] = v;
        if (causal) {
            sl[u * T + t] = v;
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
        for (int j = 0; j < r0; j++) { // row by row of the destination: contiguous writes
            for (int i = r0; i < r1; i++) {
                x[j * n + i] = x[i * n + j];
            }
        }
    }

    /** A rows (t, mu), t in [ta, tb): A = C N. */
    void computeA(int l, int ta, int tb) {
        final double[] al = a[l], cl = c[l], nl = nn[l];
        for (int i = ta * S; i < tb * S; i++) {
            int cRow = crow(i);
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
     * Phi^l rows (t, mu), t in [ta, tb), all columns before tb, and (full storage) the mirrored columns of earlier rows:
     * Lambda Phi^{l-1} Lambda + g^2 (C R + R^T C^T) + g^4 C S C^T + g^2 A Lambda G^{l+1} Lambda A^T.
     * The block's vectors first ({@link #phiVectors}), then column chunks (tasks): every row of R, C, A (or C^T, A^T in
     * causal mode) loaded once for all rows of the block, each entry summed in the order of the plain row-by-row form.
     */
    void computePhi(int l, int ta, int tb) {
        final int cols = tb * S, r0 = ta * S, r1 = tb * S, rows = r1 - r0;
        if (g2 != 0) {
            phiVectors(l, ta, tb);
        }
        int tasks = tasks(tb, (long) rows * cols * tb * 2, causal ? 2 : 1);
        pool.run(tasks, tasks > 1, task -> phiChunk(l, ta, tb, split(tb, tasks, task) * S, split(tb, tasks, task + 1) * S));
        if (!packed) {
            mirrorSampleRows(phi[l], r0, r1);
        }
    }

    /**
     * For the block's rows i = r0 + ii: wRows[ii][u] = g^2 R[u, i] + g^4 (C S)[i, u] and vbRows[ii][u] =
     * g^2 (A Lambda G^{l+1})[i, u] rho^u (k ascending; the rows of S and G^{l+1} loaded once for the block).
     */
    private void phiVectors(int l, int ta, int tb) {
        final double[] cl = c[l], al = a[l], rl = r[l], sl = s[l], gUp = gk[l + 1];
        final int r0 = ta * S, rows = (tb - ta) * S;
        if (wRows == null || wRows.length < rows * T) {
            wRows = new double[rows * T];
            vbRows = new double[rows * T];
        }
        Arrays.fill(wRows, 0, rows * T, 0.0);
        Arrays.fill(vbRows, 0, rows * T, 0.0);
        int k = 0;
        for (; k + 1 < tb; k += 2) { // two rows k at a time (the same order as one by one)
            final int sr = k * T, sr1 = sr + T;
            for (int ii = 0; ii < rows; ii++) {
                final int cRow = crow(r0 + ii), v = ii * T;
                final double ck = cl[cRow + k], ak = al[cRow + k] * pw[k];
                final double ck1 = cl[cRow + k + 1], ak1 = al[cRow + k + 1] * pw[k + 1];
                for (int u = 0; u < tb; u++) {
                    wRows[v + u] = wRows[v + u] + ck * sl[sr + u] + ck1 * sl[sr1 + u];
                }
                for (int u = 0; u < tb; u++) {
                    vbRows[v + u] = vbRows[v + u] + ak * gUp[sr + u] + ak1 * gUp[sr1 + u];
                }
            }
        }
        for (; k < tb; k++) {
            final int sr = k * T;
            for (int ii = 0; ii < rows; ii++) {
                final int cRow = crow(r0 + ii), v = ii * T;
                final double ck = cl[cRow + k], ak = al[cRow + k] * pw[k];
                for (int u = 0; u < tb; u++) {
                    wRows[v + u] += ck * sl[sr + u];
                    vbRows[v + u] += ak * gUp[sr + u];
                }
            }
        }
        for (int ii = 0; ii < rows; ii++) {
            final int i = r0 + ii, v = ii * T;
            for (int u = 0; u < tb; u++) {
                double va = g2 * wRows[v + u] * g2; // the march's order; the element equations had (g2 g2) cs: same to rounding
                wRows[v + u] = g2 * rl[u * n + i] + va;
                vbRows[v + u] = g2 * vbRows[v + u] * pw[u];
            }
        }
    }

    private void phiChunk(int l, int ta, int tb, int j0, int j1) {
        if (j0 >= j1) {
            return;
        }
        final int m = l - 1, r0 = ta * S, r1 = tb * S, len = j1 - j0;
        final double[] cl = c[l], rl = r[l], phiL = phi[l];
        for (int i = r0; i < r1; i++) {
            final double[] pd = prow(m, i);
            final int po = poff(m, i), out = poff(l, i);
            System.arraycopy(pd, po + j0, phiL, out + j0, len);
            if (decays) { // source covariance rho^{t+s} Phi^{l-1}
                final double pt = pw[i / S];
                for (int j = j0; j < j1; j++) {
                    phiL[out + j] *= pt * pwn[j];
                }
            }
        }
        if (g2 == 0) {
            return;
        }
        // g^2 C[i, :] R, k ascending, four rows of R at a time for every row i of the block, in column tiles that
        // stay in the first-level cache
        for (int jt = j0; jt < j1; jt += TILE) {
            phiCR(l, ta, tb, jt, Math.min(j1, jt + TILE));
        }
        if (causal) {
            phiTailCausal(l, ta, j0, j1);
        } else {
            phiTail(l, ta, tb, j0, j1);
        }
    }

    /** Columns per tile of the blocked loops (four rows of 512 doubles and the output row fit a 32 KiB cache). */
    static final int TILE = 512;

    private void phiCR(int l, int ta, int tb, int j0, int j1) {
        final int r0 = ta * S, r1 = tb * S;
        final double[] cl = c[l], rl = r[l], phiL = phi[l];
        int k = 0;
        for (; k + 3 < tb; k += 4) {
            final int q0 = k * n, q1 = q0 + n, q2 = q1 + n, q3 = q2 + n;
            for (int i = r0; i < r1; i++) {
                final int cRow = crow(i), out = poff(l, i);
                final double c0 = g2 * cl[cRow + k], c1 = g2 * cl[cRow + k + 1], c2 = g2 * cl[cRow + k + 2],
                        c3 = g2 * cl[cRow + k + 3];
                if (c0 != 0 && c1 != 0 && c2 != 0 && c3 != 0) {
                    for (int j = j0; j < j1; j++) {
                        phiL[out + j] = phiL[out + j] + c0 * rl[q0 + j] + c1 * rl[q1 + j] + c2 * rl[q2 + j]
                                + c3 * rl[q3 + j];
                    }
                } else {
                    axpyNonzero(phiL, out, c0, rl, q0, j0, j1);
                    axpyNonzero(phiL, out, c1, rl, q1, j0, j1);
                    axpyNonzero(phiL, out, c2, rl, q2, j0, j1);
                    axpyNonzero(phiL, out, c3, rl, q3, j0, j1);
                }
            }
        }
        for (; k < tb; k++) {
            for (int i = r0; i < r1; i++) {
                axpyNonzero(phiL, poff(l, i), g2 * cl[crow(i) + k], rl, k * n, j0, j1);
            }
        }
    }

    /**
     * Non-causal: Phi[i, j] += sum_{u &lt; tb} C[j, u] w_i[u] + A[j, u] vb_i[u] (u ascending), the rows j of C and A
     * loaded once for four rows i at a time.
     */
    private void phiTail(int l, int ta, int tb, int j0, int j1) {
        final double[] cl = c[l], al = a[l], phiL = phi[l];
        final int r0 = ta * S, rows = (tb - ta) * S;
        for (int j = j0; j < j1; j++) {
            final int cRow2 = j * T;
            int ii = 0;
            for (; ii + 3 < rows; ii += 4) {
                final int w0 = ii * T, w1 = w0 + T, w2 = w1 + T, w3 = w2 + T;
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                for (int u = 0; u < tb; u++) {
                    final double cv = cl[cRow2 + u], av = al[cRow2 + u];
                    a0 += cv * wRows[w0 + u] + av * vbRows[w0 + u];
                    a1 += cv * wRows[w1 + u] + av * vbRows[w1 + u];
                    a2 += cv * wRows[w2 + u] + av * vbRows[w2 + u];
                    a3 += cv * wRows[w3 + u] + av * vbRows[w3 + u];
                }
                phiL[poff(l, r0 + ii) + j] += a0;
                phiL[poff(l, r0 + ii + 1) + j] += a1;
                phiL[poff(l, r0 + ii + 2) + j] += a2;
                phiL[poff(l, r0 + ii + 3) + j] += a3;
            }
            for (; ii < rows; ii++) {
                final int w0 = ii * T;
                double a0 = 0;
                for (int u = 0; u < tb; u++) {
                    a0 += cl[cRow2 + u] * wRows[w0 + u] + al[cRow2 + u] * vbRows[w0 + u];
                }
                phiL[poff(l, r0 + ii) + j] += a0;
            }
        }
    }

    /**
     * Causal (one block t = ta): Phi[i, j] += tmp[i][j] = sum_{u &lt; blk(j)} C[j, u] w_i[u] + A[j, u] vb_i[u] (u
     * ascending), in axpy form over j from the rows u of C^T and A^T, two u at a time for every row i of the block.
     */
    private void phiTailCausal(int l, int t, int j0, int j1) {
        final double[] phiL = phi[l], cT = ct[l], aT = at[l];
        final int r0 = t * S;
        for (int mu = 0; mu < S; mu++) {
            Arrays.fill(tmpRows, mu * n + j0, mu * n + j1, 0.0);
        }
        final int uEnd = j1 / S; // columns j < j1 use u < blk(j) <= uEnd - 1
        int u = 0;
        for (; u + 1 < uEnd; u += 2) {
            final int from1 = Math.max(j0, (u + 1) * S), from2 = Math.max(j0, (u + 2) * S);
            final int cu0 = ctoff(u), cu1 = ctoff(u + 1);
            for (int mu = 0; mu < S; mu++) {
                final double w0 = wRows[mu * T + u], w1 = wRows[mu * T + u + 1];
                final double v0 = vbRows[mu * T + u], v1 = vbRows[mu * T + u + 1];
                final int tr = mu * n;
                for (int j = from1; j < from2; j++) {
                    tmpRows[tr + j] += cT[cu0 + j] * w0 + aT[cu0 + j] * v0;
                }
                for (int j = from2; j < j1; j++) {
                    tmpRows[tr + j] = tmpRows[tr + j] + (cT[cu0 + j] * w0 + aT[cu0 + j] * v0)
                            + (cT[cu1 + j] * w1 + aT[cu1 + j] * v1);
                }
            }
        }
        for (; u < uEnd; u++) {
            final int from1 = Math.max(j0, (u + 1) * S), cu0 = ctoff(u);
            for (int mu = 0; mu < S; mu++) {
                final double w0 = wRows[mu * T + u], v0 = vbRows[mu * T + u];
                final int tr = mu * n;
                for (int j = from1; j < j1; j++) {
                    tmpRows[tr + j] += cT[cu0 + j] * w0 + aT[cu0 + j] * v0;
                }
            }
        }
        for (int mu = 0; mu < S; mu++) {
            final int out = poff(l, r0 + mu), tr = mu * n;
            for (int j = j0; j < j1; j++) {
                phiL[out + j] += tmpRows[tr + j];
            }
        }
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
            int ci = crow(t * S + i);
            double cs = 0, aSum = 0;
            for (int k = 0; k < tb; k++) {
                cs += cl[ci + k] * sl[k * T + t];
                aSum += al[ci + k] * pw[k];
            }
            out[off + i] = rl[t * n + t * S + i] + g2 * cs + aSum * nSum;
        }
    }


    // ------------------------------------------------------------------------------------------------------------
    // Causal mode: the march's kernels for one time row t, blocked and split over the pool. Every output entry is
    // computed by one task, summing in the same order as the generic steps above (k ascending), so the results are
    // the generic steps' to the bit for any thread count. Phi^l is read only in its block lower triangle.
    // ------------------------------------------------------------------------------------------------------------

    /** Multiply-adds below which a kernel runs on the calling thread. */
    static final long PARALLEL_GRAIN = 1L << 17;

    /** Number of tasks for an output range of the given length and work. */
    int tasks(int length, long work, int minLength) {
        if (pool.threads() == 1 || work < PARALLEL_GRAIN) {
            return 1;
        }
        return Math.max(1, Math.min(8 * pool.threads(), length / Math.max(1, minLength)));
    }

    /** Rows (t, mu) of C^l (columns s &lt;= t) and their transpose, as {@link #computeC} on one causal block. */
    void causalC(int l, int t) {
        final double[] out = c[l], cT = ct[l];
        final double[] resp = responses && l >= 2 ? a[l - 1] : null;
        final int tb = t + 1;
        for (int i = t * S; i < tb * S; i++) {
            final double[] ph = prow(l - 1, i);
            final int po = poff(l - 1, i);
            final int cRow = crow(i);
            for (int sIdx = 0; sIdx < tb; sIdx++) {
                double v = 0;
                double w = q[t * T + sIdx];
                if (w != 0) {
                    int base = sIdx * S;
                    for (int al0 = 0; al0 < P; al0++) {
                        v += ph[po + base + al0] * dw[base + al0];
                    }
                    v *= w;
                }
                if (resp != null) {
                    v += pw[t] * pw[sIdx] * resp[cRow + sIdx];
                }
                out[cRow + sIdx] = v;
                if (sIdx < t) {
                    cT[ctoff(sIdx) + i] = v;
                }
            }
        }
    }

    /** Rows (t, mu) of A^l = C N ({@link #computeA}) and their transpose. */
    void causalA(int l, int t) {
        computeA(l, t, t + 1);
        final double[] al = a[l], aT = at[l];
        for (int i = t * S; i < (t + 1) * S; i++) {
            for (int sIdx = 0; sIdx < t; sIdx++) { // A[i, t] = 0: not stored
                aT[ctoff(sIdx) + i] = al[crow(i) + sIdx];
            }
        }
    }

    /**
     * R row t, columns &lt; t S: R = B Lambda Phi^{l-1} Lambda ({@link #computeR}) from the block lower triangle of
     * Phi^{l-1}: R[t, j] = sum_{k &lt; blk(j) S} b_k Phi[j, k] (row j) + sum_{k &gt;= blk(j) S} b_k Phi[k, j] (rows k),
     * k ascending as in computeR. Tasks: column blocks.
     */
    void causalR(int l, int t) {
        final int cols = t * S, row = t * n;
        final double[] bl = b[l], bw = bwRow;
        for (int k = 0; k < cols; k++) {
            bw[k] = bl[row + k] * pwn[k];
        }
        int tasks = tasks(t, (long) cols * cols / 2, 4);
        pool.run(tasks, tasks > 1, task -> causalRChunk(l, t, bw, t * task / tasks, t * (task + 1) / tasks));
    }

    private void causalRChunk(int l, int t, double[] bw, int s0, int s1) {
        if (s0 >= s1) {
            return;
        }
        final int m = l - 1, row = t * n, j0 = s0 * S, j1 = s1 * S;
        final double[] rl = r[l];
        // block by block, so that the block's rows of Phi are read from memory once for both uses: first the dots of
        // the chunk's own rows j (their columns of earlier blocks), then the axpys of the rows k of the block into the
        // chunk's columns j < (kb + 1) S; every R[t, j] gets its terms k ascending, as in computeR
        for (int kb = s0; kb < t; kb++) {
            if (kb < s1) {
                causalRDots(m, row, bw, rl, kb);
            }
            final int jMax = Math.min(j1, (kb + 1) * S), kEnd = (kb + 1) * S;
            int k = kb * S;
            for (; k + 3 < kEnd; k += 4) {
                final double b0 = bw[k], b1 = bw[k + 1], b2 = bw[k + 2], b3 = bw[k + 3];
                final double[] p0 = prow(m, k), p1 = prow(m, k + 1), p2 = prow(m, k + 2), p3 = prow(m, k + 3);
                final int o0 = poff(m, k), o1 = poff(m, k + 1), o2 = poff(m, k + 2), o3 = poff(m, k + 3);
                for (int j = j0; j < jMax; j++) {
                    rl[row + j] = rl[row + j] + b0 * p0[o0 + j] + b1 * p1[o1 + j] + b2 * p2[o2 + j] + b3 * p3[o3 + j];
                }
            }
            for (; k < kEnd; k++) {
                final double b0 = bw[k];
                final double[] p0 = prow(m, k);
                final int o0 = poff(m, k);
                for (int j = j0; j < jMax; j++) {
                    rl[row + j] += b0 * p0[o0 + j];
                }
            }
        }
        if (decays) {
            for (int j = j0; j < j1; j++) {
                rl[row + j] *= pwn[j];
            }
        }
    }

    /** R[t, j] = sum_{k &lt; sb S} b_k Phi[j, k] for the rows j of block sb (columns of Phi^m), four rows at a time. */
    private void causalRDots(int m, int row, double[] bw, double[] rl, int sb) {
        final int lim = sb * S, jEnd = (sb + 1) * S;
        int j = sb * S;
        for (; j + 7 < jEnd; j += 8) {
            final double[] p0 = pcol(m, j), p1 = pcol(m, j + 1), p2 = pcol(m, j + 2), p3 = pcol(m, j + 3);
            final double[] p4 = pcol(m, j + 4), p5 = pcol(m, j + 5), p6 = pcol(m, j + 6), p7 = pcol(m, j + 7);
            final int o0 = poff(m, j), o1 = poff(m, j + 1), o2 = poff(m, j + 2), o3 = poff(m, j + 3);
            final int o4 = poff(m, j + 4), o5 = poff(m, j + 5), o6 = poff(m, j + 6), o7 = poff(m, j + 7);
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
            for (int k = 0; k < lim; k++) {
                double bk = bw[k];
                a0 += bk * p0[o0 + k];
                a1 += bk * p1[o1 + k];
                a2 += bk * p2[o2 + k];
                a3 += bk * p3[o3 + k];
                a4 += bk * p4[o4 + k];
                a5 += bk * p5[o5 + k];
                a6 += bk * p6[o6 + k];
                a7 += bk * p7[o7 + k];
            }
            rl[row + j] = a0;
            rl[row + j + 1] = a1;
            rl[row + j + 2] = a2;
            rl[row + j + 3] = a3;
            rl[row + j + 4] = a4;
            rl[row + j + 5] = a5;
            rl[row + j + 6] = a6;
            rl[row + j + 7] = a7;
        }
        for (; j + 3 < jEnd; j += 4) {
            final double[] p0 = pcol(m, j), p1 = pcol(m, j + 1), p2 = pcol(m, j + 2), p3 = pcol(m, j + 3);
            final int o0 = poff(m, j), o1 = poff(m, j + 1), o2 = poff(m, j + 2), o3 = poff(m, j + 3);
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int k = 0; k < lim; k++) {
                double bk = bw[k];
                a0 += bk * p0[o0 + k];
                a1 += bk * p1[o1 + k];
                a2 += bk * p2[o2 + k];
                a3 += bk * p3[o3 + k];
            }
            rl[row + j] = a0;
            rl[row + j + 1] = a1;
            rl[row + j + 2] = a2;
            rl[row + j + 3] = a3;
        }
        for (; j < jEnd; j++) {
            final double[] p0 = pcol(m, j);
            final int o0 = poff(m, j);
            double a0 = 0;
            for (int k = 0; k < lim; k++) {
                a0 += bw[k] * p0[o0 + k];
            }
            rl[row + j] = a0;
        }
    }

    /** S[t, u] = S[u, t] = R[t, :] . B[u, :] (columns &lt; u S), u &lt;= t: {@link #computeS} on a causal row. */
    void causalS(int l, int t) {
        computeS(l, t, t + 1, 0, t + 1, t * S);
    }

    /** R of the rows t' &lt;= t in the column block t: {@link #computeRBlockColumns} on a causal block. */
    void causalRBlockColumns(int l, int t) {
        computeRBlockColumns(l, t + 1, t * S, (t + 1) * S);
    }

    /** Rows (t, mu) of Phi^l, columns &lt;= t (the block lower triangle): {@link #computePhi} on a causal block. */
    void causalPhi(int l, int t) {
        computePhi(l, t, t + 1);
    }

    private static void axpyNonzero(double[] y, int yo, double a, double[] x, int xo, int j0, int j1) {
        if (a == 0) {
            return;
        }
        for (int j = j0; j < j1; j++) {
            y[yo + j] += a * x[xo + j];
        }
    }

    /** K_ij(t) = sum_{l=0..L} G^{l+1}(t,t) Phi^l_ij(t,t). */
    double ntk(int t, int i, int j) {
        double acc = 0;
        int row = t * S + i, col = t * S + j;
        for (int l = 0; l <= L; l++) {
            acc += gk[l + 1][t * T + t] * prow(l, row)[poff(l, row) + col];
        }
        return acc;
    }

    /** The offset of row i of C^l and A^l: i T, or (i mod S) T in causal mode (the current block's rows only). */
    final int crow(int i) {
        return causal ? (i % S) * T : i * T;
    }

    /** The array holding row i of Phi^m (its entry (i, j) is at {@link #poff}(m, i) + j). */
    final double[] prow(int m, int i) {
        return packed && m == 0 ? kx0[i % S] : phi[m];
    }

    /** The array holding column j of Phi^m: as {@link #prow} (Phi^l is stored symmetric), Phi^0's own column. */
    final double[] pcol(int m, int j) {
        return packed && m == 0 ? kx0T[j % S] : phi[m];
    }

    /** The offset of row i of Phi^m in {@link #prow}(m, i): j &lt;= the end of i's block is valid when packed. */
    final int poff(int m, int i) {
        if (!packed) {
            return i * n;
        }
        if (m == 0) {
            return 0;
        }
        int blk = i / S;
        return (int) ((long) S * S * blk * (blk + 1L) / 2 + (long) (i - blk * S) * (blk + 1) * S);
    }

    /** Phi^m entry (i, j) for any i, j (the mirrored entry when packed and j lies beyond i's block). */
    final double phiAt(int m, int i, int j) {
        if (packed && j / S > i / S) {
            int x = i;
            i = j;
            j = x;
        }
        return prow(m, i)[poff(m, i) + j];
    }

    /** Phi^m as a full n x n row-major matrix (a copy when packed; the array itself otherwise). */
    double[] fullPhi(int m) {
        if (!packed) {
            return phi[m];
        }
        double[] out = new double[Math.multiplyExact(n, n)];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = phiAt(m, i, j);
            }
        }
        return out;
    }
}
