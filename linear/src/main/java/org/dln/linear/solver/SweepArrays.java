package org.dln.linear.solver;

import java.util.Arrays;
import org.dln.numeric.linalg.MemoryGuard;

/**
 * The arrays of one sweep of the layer recursion ({@link LayerSweep}) and their layout: the two-time matrices per layer,
 * their storage in causal mode (block lower triangles of Phi^l, no Phi^0, packed D, C^T, A^T), sizes for the memory
 * guard, and the accessors of rows, columns and entries. Allocated once, in the constructor.
 */
class SweepArrays {
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
    final double[] vecA; // T
    // causal mode (the march's blocked and threaded kernels)
    final double[][] ct, at;    // l = 1..L: C^T and A^T, T x n packed (row u: the columns j >= (u + 1) S; ctoff)
    double[] wRows, vbRows; // (rows of the block) x T: the vectors of the C S C^T, R^T C^T and A G A^T terms
    double[] tmpRows;       // causal: S x n, the block's rows of C (R^T + g^2 S C^T) + A G A^T
    final double[] bwRow;         // n: B[t, :] Lambda
    /** Causal mode with {@link #blas}: T x S, bsum1[t S + alpha] = sum_{s &lt; t} B^1[t, (s, alpha)] rho^s (layer 1's R). */
    final double[] bsum1;
    /** Causal mode with {@link #blas}: the per-chunk sums of R's rows ({@link LayerSweep#PANELS} x n, allocated lazily). */
    double[] rChunks;
    /** Causal mode: T scratch entries (a row of S or G from the BLAS). */
    final double[] tmpT;
    final double[] pwn;           // n: rho^(k / S)
    /** Threads of the causal kernels (set by the solver; a serial pool by default). */
    SweepPool pool = new SweepPool(1);
    /**
     * Causal mode: the native BLAS of the large products ({@link NativeBlas}), or null (the pure-Java loops). Called from
     * the sweep's thread only, with arguments that do not depend on the pool's thread count.
     */
    final dev.ludovic.netlib.blas.BLAS blas;
    /**
     * Element (non-causal) mode without decay: the native BLAS of R = B Phi, its block columns and the Phi step
     * ({@link SweepChains#computeR}, {@link SweepChains#computeRBlockColumns}, {@link LayerSweep#computePhi}), or null
     * (the pure-Java loops). Fixed column panels ({@link TangentBlas#panels}): the same calls for any thread count.
     */
    final dev.ludovic.netlib.blas.BLAS flowBlas;
    /**
     * Causal mode with {@link #blas}: C^T, A^T and D stored as full T x n row-major matrices (the entries j &lt; (u + 1) S of
     * row u of C^T, A^T and j &gt;= t S of row t of D are zero), so that the BLAS reads them with one leading dimension;
     * chosen only when the extra n T / 2 entries per matrix fit the heap ({@link #fullTransposeFits}). Otherwise packed ({@link #ctoff}).
     */
    final boolean fullTranspose;
    /** Tests only: keep C^T, A^T, D packed with the native BLAS (the layout of a heap too small for the full ones). */
    static volatile boolean packedTransposeForTests;


    SweepArrays(int trainCount, double[][] jointGram, int timePoints, int depth, double gamma0, double[] quadrature,
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
        decays = decays(pw);
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
            // (one more zero row: netlib's bounds check of a GEMM operand asks for lda entries of its last column,
            // also where the flow's tangent (TangentBlas) reads a panel that ends at the last row)
            phi = perLayer(L + 1, 1, L, Math.addExact(Math.multiplyExact(n, n), n));
            phi[0] = new double[n * n + n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    phi[0][i * n + j] = jointGram[i % S][j % S];
                }
            }
            kx0 = kx0T = null;
        }
        // (T more entries in gk, c, a and nn: netlib's bounds check of a GEMM/GEMV operand asks for lda entries of its
        // last column, also where the causal march's panels of G and A start at a row a > 0)
        gk = perLayer(L + 2, 1, L + 1, T * T + T);
        Arrays.fill(gk[L + 1], 1.0);
        // causal mode: C and A keep only the rows of the current block (C^T and A^T hold them all)
        c = perLayer(L + 1, 1, L, causal ? S * T + T : n * T + T);
        a = perLayer(L + 1, 1, L, causal ? S * T + T : n * T + T);
        // causal mode: row t of D holds only the columns (s, alpha) with s < t (drow)
        blas = causal ? NativeBlas.get() : null;
        flowBlas = causal || decays ? null : NativeBlas.get();
        fullTranspose = blas != null && !packedTransposeForTests && fullTransposeFits(S, T, L);
        // (full D in causal mode: one more zero row, since netlib's bounds check of a GEMV panel ending at row T - 1
        // asks for lda entries of its last column)
        d = perLayer(L + 1, 1, L, causal && !fullTranspose ? (int) ((long) S * T * (T - 1L) / 2)
                : causal ? (T + 1) * n : T * n + n);
        b = perLayer(L + 1, 1, L, causal ? T * n : T * n + n);
        r = perLayer(L + 1, 1, L, causal ? T * n : T * n + n);
        nn = perLayer(L + 1, 1, L, T * T + T);
        s = perLayer(L + 1, 1, L, causal ? T * T : T * T + T);
        vecA = new double[T];
        pwn = new double[n];
        for (int k = 0; k < n; k++) {
            pwn[k] = pw[k / S];
        }
        if (causal) {
            int tsize = fullTranspose ? T * n : (int) transposeSize(S, T);
            ct = perLayer(L + 1, 1, L, tsize);
            at = perLayer(L + 1, 1, L, tsize);
            tmpRows = new double[S * n];
            bwRow = new double[n];
            bsum1 = blas != null ? new double[n] : null;
            tmpT = new double[T];
        } else {
            bsum1 = null;
            tmpT = null;
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

    /**
     * Whether the full C^T, A^T of the BLAS path fit: the march's arrays plus the extra 2 L (n T - packed) doubles within
     * 60 % of the maximum heap (the rest for the JVM and the result), and n T within a Java array.
     */
    static boolean fullTransposeFits(int S, int T, int L) {
        long n = (long) S * T;
        if (n * (T + 1) > Integer.MAX_VALUE - 16) {
            return false;
        }
        long extra = 2L * L * (n * T - transposeSize(S, T)) + L * (n * (T + 1) - (long) S * T * (T - 1L) / 2); // C^T, A^T, D
        long bytes = CausalMarchingSolver.denseWorkspaceBytes(S, T, L) + 8 * extra;
        return bytes <= 0.6 * Runtime.getRuntime().maxMemory();
    }

    /** The offset of row t of D^l: t n, or S t (t - 1) / 2 in causal mode (row t holds the columns &lt; t S only). */
    final int drow(int t) {
        return causal && !fullTranspose ? S * t * (t - 1) / 2 : t * n;
    }

    /** The index of entry (u, j), j &gt;= (u + 1) S, of the packed (or {@link #fullTranspose}) C^T or A^T is ctoff(u) + j. */
    final int ctoff(int u) {
        return fullTranspose ? u * n : u * n - S * u * (u + 1) / 2 - (u + 1) * S;
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


    /** Whether a source scale rho^t differs from 1 anywhere (weight decay): else every such factor is exactly 1.0. */
    static boolean decays(double[] sourceScale) {
        for (double v : sourceScale) {
            if (v != 1.0) {
                return true;
            }
        }
        return false;
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
            return phi[m].length == n * n ? phi[m] : Arrays.copyOf(phi[m], n * n);
        }
        double[] out = new double[Math.multiplyExact(n, n)];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = phiAt(m, i, j);
            }
        }
        return out;
    }

    /** Number of tasks for an output range of the given length and work. */
    int tasks(int length, long work, int minLength) {
        if (pool.threads() == 1 || work < PARALLEL_GRAIN) {
            return 1;
        }
        return Math.max(1, Math.min(8 * pool.threads(), length / Math.max(1, minLength)));
    }

    /** Multiply-adds below which a kernel runs on the calling thread. */
    static final long PARALLEL_GRAIN = 1L << 17;

    static void axpyNonzero(double[] y, int yo, double a, double[] x, int xo, int j0, int j1) {
        if (a == 0) {
            return;
        }
        for (int j = j0; j < j1; j++) {
            y[yo + j] += a * x[xo + j];
        }
    }
}
