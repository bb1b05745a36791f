package org.dln.linear.solver;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;

/**
 * The causal march of gradient descent ({@link CausalMarchingSolver}) on factored kernels: no n x n and no T x n array
 * (n = S T) is formed, every array is T x T or T x (S + l T), and the per-sample work is confined to the current time
 * row. Derivation and checks: docs/theory.md, section "The factored march".
 *
 * <h2>Two structures of the linear DMFT</h2>
 * <ol>
 * <li>The backward fields do not depend on the sample, so D^l and B_l act through dw only:
 * D^l[t, (s, alpha)] = F_l[t, s] dw(s, alpha) and B_l[t, (s, alpha)] = Bt_l[t, s] dw(s, alpha) with T x T matrices
 * <pre>
 *   F_l  = Q o G^{l+1} + Lambda Bt_{l+1} Lambda          (Bt_{L+1} = 0; GIA drops it)
 *   N_l  = (I - g^2 D C)^{-1}:  N[t, s'] = g^2 sum_u F[t, u] W^l(u)[A_l block, s']      (row t, s' &lt; t)
 *   Bt_l = N_l F_l
 * </pre></li>
 * <li>The feature kernels are Gram matrices of causal factors: with Z^0 = 1_T (x) I_S and Y^0 = Kx,
 * <pre>
 *   Phi^l = Z^l Y^l Z^l^T,   Z^l = [ M_l Lambda Z^{l-1} | A_l ],   Y^l = blockdiag(Y^{l-1}, g^2 Lambda G^{l+1} Lambda)
 * </pre>
 * (M_l = I + g^2 C B_l; Z^l is n x (S + l T), row (t, mu) vanishes in every G-block from column t on).</li>
 * </ol>
 * With W^m[s, :] = sum_{alpha &lt; P} dw(s, alpha) Z^m(s, alpha) (a T x c_m matrix, one row per step) every product of the
 * dense march becomes a T x T or T x c product:
 * <pre>
 *   V^l  = sum_s Bt_l[:, s] rho^s W^{l-1}(s)             (B_l Lambda Z^{l-1}, T x c_{l-1})
 *   S^l  = V^l Y^{l-1} V^l^T,   G^l = N G^{l+1}^ N^T + g^2 S^l
 *   C^l[(t, mu), s] = rho^{t+s} A_{l-1}[(t, mu), s] + Q_ts Z^{l-1}(t, mu) H^{l-1}[:, s],   H^m = Y^m W^m^T
 *   A_l(t) = C(t) N,   (M Lambda Z^{l-1})(t) = rho^t Z^{l-1}(t) + g^2 C(t) V^l
 *   Phi^l(t, t) = Z^l(t) Y^l Z^l(t)^T,   f_i(t) = rho^t V^L(t) Y^{L-1} Z^{L-1}(t, i)^T + g^2 C^L(t, i) S^L[:, t]
 *                                                 + (A_L(t, i) rho)(N^L[t, :] rho)
 * </pre>
 * Only the rows (t, mu) of Z are kept. Per step and layer the backward chain costs O(l t^2) (no factor S) and the
 * forward rows O(l S t^2), about L (3L + 1) S T^3 / 3 multiply-adds in all against (7/3) L S^2 T^3 for the dense march,
 * on operands of T x (S + l T) doubles; memory O(L^2 T^2), independent of P but for the S x c rows.
 *
 * <h2>Scope</h2>
 * Gradient descent with the exact or the NTK-Euler update, full, GIA or lazy, any weight decay, train and test samples.
 * The two-time kernels ({@link SolveOptions#keepTwoTime()}) come from the dense march, which stores them.
 *
 * <p>Every product is a BLAS call (the native one when {@link NativeBlas} has it, else netlib's pure-Java BLAS); the
 * forward rows run in {@link #SAMPLE_PANELS} fixed sample panels and the backward products in {@link #ROW_PANELS}
 * fixed row panels on the pool, the same calls for any thread count, so the results are bit-identical for any number
 * of threads. Workspaces are allocated once; a step allocates nothing but the pool's task objects.
 */
final class FactoredMarch {
    /** Multiply-adds below which a product runs on the calling thread. */
    static final long PARALLEL_GRAIN = 1L << 16;
    /** Fixed sample panels of the forward rows (the calls do not depend on the thread count). */
    static final int SAMPLE_PANELS = 2;
    /** Fixed row panels of the T x T and T x c products of the backward chain. */
    static final int ROW_PANELS = 2;

    final int P, S, T, L;
    final double g2;
    final boolean responses;
    final double[] kx;      // S x S
    final double[] q;       // T x T quadrature
    final double[] pw;      // T: rho^t
    final boolean decays;
    final double[] dw;      // T x S: lossScale Delta (0 for test samples)
    final int[] c;          // c[l] = S + l T: columns of Z^l
    /** zc[l][k], l = 0..L, k = 0..l: rows (t, mu) of the column block k of Z^l, S x S (k = 0) or S x T (k &gt;= 1; k = l: A_l). */
    final double[][][] zc;
    final double[][] f;     // l = 1..L: T x T, D^l = F_l (x) dw
    final double[][] nn;    // l = 1..L: T x T
    final double[][] bt;    // l = 1..L: T x T, B_l = Bt_l (x) dw
    final double[][] g;     // l = 1..L+1: T x T, symmetric
    final double[][] gh;    // l = 1..L+1: Lambda G Lambda (the same array as g without decay)
    final double[][] sm;    // l = 1..L: T x T, symmetric
    final double[][] v;     // l = 1..L: T x c[l-1]
    final double[][] w;     // m = 0..L: T x c[m]
    final double[][] h;     // m = 0..L-1: c[m] x T
    final double[][] cur;   // l = 1..L: S x T, rows (t, mu) of C^l
    final double[][] yv;    // l = 0..L: S x c[l], Y^l Z^l(t, nu)^T
    final double[][] phiTT; // l = 0..L: S x S, Phi^l(t, t)
    final double[] yt;      // c[L]: Y V(t)^T
    final double[] xs;      // T: Bt row times rho
    final double[] vec;     // T
    final double[] tmpT;    // T
    final BLAS blas;
    SweepPool pool = new SweepPool(1);

    FactoredMarch(int trainCount, double[][] jointGram, int timePoints, int depth, double gamma0, double[] quadrature,
                  double[] sourceScale, boolean responses) {
        P = trainCount;
        S = jointGram.length;
        T = timePoints;
        L = depth;
        g2 = gamma0 * gamma0;
        this.responses = responses;
        q = quadrature;
        pw = sourceScale;
        decays = SweepArrays.decays(pw);
        kx = new double[S * S];
        for (int i = 0; i < S; i++) {
            for (int j = 0; j < S; j++) {
                kx[i * S + j] = jointGram[i][j];
            }
        }
        dw = new double[T * S];
        c = new int[L + 1];
        zc = new double[L + 1][][];
        yv = new double[L + 1][];
        phiTT = new double[L + 1][];
        w = new double[L + 1][];
        for (int l = 0; l <= L; l++) {
            c[l] = S + l * T;
            zc[l] = new double[l + 1][];
            for (int k = 0; k <= l; k++) {
                zc[l][k] = new double[S * ld(k) + ld(k)];
            }
            yv[l] = new double[S * c[l] + c[l]];
            phiTT[l] = new double[S * S];
            w[l] = new double[T * c[l] + c[l]];
        }
        for (int mu = 0; mu < S; mu++) {
            zc[0][0][mu * S + mu] = 1.0; // Z^0 = 1_T (x) I_S
            for (int nu = 0; nu < S; nu++) { // Y^0 Z^0(t, nu)^T = Kx e_nu
                yv[0][nu * c[0] + mu] = kx[mu * S + nu];
            }
        }
        System.arraycopy(kx, 0, phiTT[0], 0, S * S);
        f = new double[L + 1][];
        nn = new double[L + 1][];
        bt = new double[L + 2][];
        sm = new double[L + 1][];
        v = new double[L + 1][];
        cur = new double[L + 1][];
        for (int l = 1; l <= L; l++) {
            f[l] = new double[T * T + T];
            nn[l] = new double[T * T + T];
            bt[l] = new double[T * T + T];
            sm[l] = new double[T * T + T];
            v[l] = new double[T * c[l - 1] + c[l - 1]];
            cur[l] = new double[S * T + T];
        }
        g = new double[L + 2][];
        gh = new double[L + 2][];
        for (int l = 1; l <= L + 1; l++) {
            g[l] = new double[T * T + T];
            gh[l] = decays ? new double[T * T + T] : g[l];
        }
        Arrays.fill(g[L + 1], 0, T * T, 1.0);
        if (decays) {
            for (int t = 0; t < T; t++) {
                for (int s = 0; s < T; s++) {
                    gh[L + 1][t * T + s] = pw[t] * pw[s];
                }
            }
        }
        h = new double[L][];
        for (int m = 0; m < L; m++) {
            h[m] = new double[c[m] * T + T];
        }
        yt = new double[c[L]];
        xs = new double[T];
        vec = new double[T];
        tmpT = new double[T];
        BLAS nb = NativeBlas.get();
        blas = nb != null ? nb : dev.ludovic.netlib.blas.JavaBLAS.getInstance();
    }

    /** Bytes of the arrays for S samples, T times, depth L (saturating long arithmetic for the memory guard). */
    static long bytesNeeded(long S, long T, long L) {
        double t = T, cSum = (L + 1) * S + L * (L + 1) / 2.0 * t;   // sum of c[l], l = 0..L
        double doubles = 3 * cSum * t                               // W, H, V (bounded by three times sum c[l] T)
                + (6 * L + 2) * t * t                                // F, N, Bt, S, G, G^
                + 3 * S * cSum;                                      // current rows of Z, Y Z^T, C
        return doubles >= Long.MAX_VALUE / 16.0 ? Long.MAX_VALUE : (long) (8 * doubles);
    }

    /** Entries of the largest array: W^L, T (S + L T). */
    static long largestArray(long S, long T, long L) {
        return T * (S + L * T) + S + L * T;
    }

    /** Leading dimension (row length) of the column block k of Z: S for k = 0, else T. */
    private int ld(int k) {
        return k == 0 ? S : T;
    }

    /** Offset of the column block k in a row of length c[m] (V, W, H, yv). */
    private int off(int k) {
        return k == 0 ? 0 : S + (k - 1) * T;
    }

    /** The kernels' rows t of every layer, given dw of the times before t. */
    void kernels(int t) {
        for (int l = L; l >= 1; l--) {
            backward(l, t);
        }
        for (int l = 1; l <= L; l++) {
            forward(l, t);
        }
    }

    /** After dw(t) is set: W^m(t) = sum_{alpha &lt; P} dw(t, alpha) Z^m(t, alpha), m = 0..L. */
    void closeStep(int t) {
        for (int m = 0; m <= L; m++) {
            final int row = t * c[m];
            for (int k = 0; k <= m; k++) {
                final int lk = ld(k), width = k == 0 ? S : t;
                if (width > 0) {
                    blas.dgemv("N", width, P, 1.0, zc[m][k], 0, lk, dw, t * S, 1, 0.0, w[m], row + off(k), 1);
                }
            }
        }
    }

    /** Row t of F, N, Bt, V, S and G for layer l. */
    private void backward(int l, int t) {
        final int tT = t * T;
        final double[] fl = f[l], gUp = g[l + 1], nl = nn[l], bl = bt[l];
        final double[] bUp = responses && l < L ? bt[l + 1] : null;
        // F[t, s] = Q_ts G^{l+1}(t, s) + rho^{t+s} Bt_{l+1}[t, s], s < t (D^l[t, (s, alpha)] = F[t, s] dw(s, alpha))
        for (int s = 0; s < t; s++) {
            double x = q[tT + s] * gUp[tT + s];
            if (bUp != null) {
                x += pw[t] * pw[s] * bUp[tT + s];
            }
            fl[tT + s] = x;
        }
        // N[t, s'] = g^2 sum_u F[t, u] W^l(u)[A block, s'] (s' < t; W^l(u)'s A block vanishes from s' = u on), N[t, t] = 1
        Arrays.fill(nl, tT, tT + T, 0.0);
        if (g2 != 0 && t > 0) {
            final double[] wl = w[l];
            final int ol = off(l), cl = c[l];
            panels(t, UPPER, (long) t * t / 2, (a, e) -> {
                if (a + 1 < t) {
                    blas.dgemv("N", e - a, t - a - 1, g2, wl, ol + a + (a + 1) * cl, cl, fl, tT + a + 1, 1, 0.0, nl, tT + a, 1);
                }
            });
        }
        nl[tT + t] = 1.0;
        // Bt[t, s] = sum_{k <= t} N[t, k] F[k, s], s < t (F[k, s] = 0 for s >= k)
        if (t > 0) {
            panels(t, UPPER, (long) t * t / 2, (a, e) -> blas.dgemv("N", e - a, t - a, 1.0, fl, a + (a + 1) * T, T, nl,
                    tT + a + 1, 1, 0.0, bl, tT + a, 1));
        }
        // V[t, :] = sum_{s < t} Bt[t, s] rho^s W^{l-1}(s) (the G-blocks of W^{l-1}(s) vanish from u = s on)
        final int cm = c[l - 1], vRow = t * cm;
        final double[] vl = v[l], wm = w[l - 1];
        if (t > 0) {
            for (int s = 0; s < t; s++) {
                xs[s] = bl[tT + s] * pw[s];
            }
            blas.dgemv("N", S, t, 1.0, wm, 0, cm, xs, 0, 1, 0.0, vl, vRow, 1);
            if (l > 1) {
                panels(t, UPPER, (long) (l - 1) * t * t / 2, (a, e) -> {
                    for (int k = 1; k < l && a + 1 < t; k++) {
                        blas.dgemv("N", e - a, t - a - 1, 1.0, wm, off(k) + a + (a + 1) * cm, cm, xs, a + 1, 1, 0.0, vl,
                                vRow + off(k) + a, 1);
                    }
                });
            }
        }
        // S[t, s] = V(t) Y^{l-1} V(s)^T, s <= t
        yOf(l - 1, vl, vRow, t, yt);
        final double[] sl = sm[l];
        panels(t + 1, LOWER, (long) (t + 1) * (S + (l - 1) * (long) t / 2), (a, e) -> {
            blas.dgemv("T", S, e - a, 1.0, vl, a * cm, cm, yt, 0, 1, 0.0, sl, tT + a, 1);
            for (int k = 1; k < l && t > 0; k++) {
                blas.dgemv("T", Math.min(e, t), e - a, 1.0, vl, a * cm + off(k), cm, yt, off(k), 1, 1.0, sl, tT + a, 1);
            }
        });
        for (int s = 0; s < t; s++) {
            sl[s * T + t] = sl[tT + s];
        }
        // G^l[t, u] = N[t, :] G^{l+1}^ N[u, :]^T + g^2 S[t, u], u <= t
        final double[] ghUp = gh[l + 1], gl = g[l];
        panels(t + 1, EVEN, (long) (t + 1) * (t + 1), (a, e) -> blas.dgemv("N", e - a, t + 1, 1.0, ghUp, a, T, nl, tT, 1,
                0.0, vec, a, 1));
        // (N[u, k] = 0 for k > u)
        panels(t + 1, LOWER, (long) (t + 1) * (t + 1) / 2, (a, e) -> blas.dgemv("T", e, e - a, 1.0, nl, a * T, T, vec, 0, 1,
                0.0, tmpT, a, 1));
        for (int u = 0; u <= t; u++) {
            double gv = tmpT[u] + g2 * sl[tT + u];
            gl[tT + u] = gv;
            gl[u * T + t] = gv;
            if (decays) {
                double gs = pw[t] * pw[u] * gv;
                gh[l][tT + u] = gs;
                gh[l][u * T + t] = gs;
            }
        }
    }

    /**
     * out[:c[m]] = Y^m x^T for the row x = src[o:] of a matrix with c[m] columns whose G-blocks vanish from column t - 1
     * on (block 0: Kx x; block k: g^2 G^{k+1}^[:t, :t] x_k; the entries u' &gt;= t of each block are 0).
     */
    private void yOf(int m, double[] src, int o, int t, double[] out) {
        blas.dgemv("T", S, S, 1.0, kx, 0, S, src, o, 1, 0.0, out, 0, 1);
        for (int k = 1; k <= m; k++) {
            final int ok = off(k);
            Arrays.fill(out, ok, ok + T, 0.0);
            if (t > 0) {
                final double[] gk = gh[k + 1];
                panels(t, EVEN, (long) t * t, (a, e) -> blas.dgemv("N", e - a, t, g2, gk, a, T, src, o + ok, 1, 0.0, out,
                        ok + a, 1));
            }
        }
    }

    /** Rows (t, mu) of C^l, A_l, Z^l and Y^l Z^l(t)^T (in fixed sample panels on the pool), and Phi^l(t, t). */
    private void forward(int l, int t) {
        final int cl = c[l];
        if (t > 0) {
            updateH(l - 1, t - 1);
        }
        final int panels = Math.min(S, SAMPLE_PANELS);
        pool.run(panels, (long) S * t * t * (3 * l - 1) >= PARALLEL_GRAIN && !pool.contended(),
                p -> forwardRows(l, t, SweepChains.split(S, panels, p), SweepChains.split(S, panels, p + 1)));
        // Phi^l(t, t) = Z^l(t) y^l, block by block
        final double[][] zl = zc[l];
        final double[] yl = yv[l], ph = phiTT[l];
        blas.dgemm("T", "N", S, S, S, 1.0, zl[0], 0, S, yl, 0, cl, 0.0, ph, 0, S);
        for (int k = 1; k <= l && t > 0; k++) {
            blas.dgemm("T", "N", S, S, t, 1.0, zl[k], 0, T, yl, off(k), cl, 1.0, ph, 0, S);
        }
        for (int i = 0; i < S; i++) {
            for (int j = 0; j < i; j++) {
                double avg = 0.5 * (ph[i * S + j] + ph[j * S + i]);
                ph[i * S + j] = avg;
                ph[j * S + i] = avg;
            }
        }
    }

    /** The samples [mu0, mu1) of {@link #forward}: their rows of C^l, A_l, Z^l and Y^l Z^l(t)^T. */
    private void forwardRows(int l, int t, int mu0, int mu1) {
        final int m = l - 1, cl = c[l], tT = t * T, ns = mu1 - mu0;
        if (ns <= 0) {
            return;
        }
        final double[] cc = cur[l], hm = h[m], nl = nn[l];
        final double[][] zm = zc[m], zl = zc[l];
        final int cOff = mu0 * T;
        // C[(t, mu), s] = Q_ts Z^{l-1}(t, mu) H^{l-1}[:, s] + rho^{t+s} A_{l-1}[(t, mu), s], s < t
        Arrays.fill(cc, cOff, mu1 * T, 0.0);
        Arrays.fill(zl[l], cOff, mu1 * T, 0.0);
        if (t > 0) {
            // (without decay Q_ts = eta for every s < t: the products carry it, and A_{l-1} is added by one axpy; the
            // element loops stay out of the interpreter's way in short runs)
            final double alpha = decays ? 1.0 : q[tT];
            blas.dgemm("N", "N", t, ns, S, alpha, hm, 0, T, zm[0], mu0 * S, S, 0.0, cc, cOff, T);
            for (int k = 1; k <= m; k++) {
                blas.dgemm("N", "N", t, ns, t, alpha, hm, off(k) * T, T, zm[k], cOff, T, 1.0, cc, cOff, T);
            }
            final double[] am = responses && l >= 2 ? zm[m] : null;
            if (!decays) {
                if (am != null) { // the rows' entries from s = t on are 0 in both
                    blas.daxpy(ns * T, 1.0, am, cOff, 1, cc, cOff, 1);
                }
            } else {
                for (int mu = mu0; mu < mu1; mu++) {
                    final int row = mu * T;
                    for (int s = 0; s < t; s++) {
                        double x = q[tT + s] * cc[row + s];
                        if (am != null) {
                            x += pw[t] * pw[s] * am[row + s];
                        }
                        cc[row + s] = x;
                    }
                }
            }
            // A_l[(t, mu), s'] = sum_k C[(t, mu), k] N[k, s'] (s' < t)
            blas.dgemm("N", "N", t, ns, t, 1.0, nl, 0, T, cc, cOff, T, 0.0, zl[l], cOff, T);
        }
        // M Lambda Z^{l-1} rows, block by block: rho^t Z^{l-1}_k(t, mu) + g^2 C[(t, mu), :] V^l_k
        final double rt = pw[t];
        for (int k = 0; k <= m; k++) {
            final int lk = ld(k);
            System.arraycopy(zm[k], mu0 * lk, zl[k], mu0 * lk, ns * lk);
            if (rt != 1.0) {
                blas.dscal(ns * lk, rt, zl[k], mu0 * lk, 1);
            }
        }
        if (t > 0 && g2 != 0) {
            final double[] vl = v[l];
            final int cm = c[m];
            blas.dgemm("N", "N", S, ns, t, g2, vl, 0, cm, cc, cOff, T, 1.0, zl[0], mu0 * S, S);
            for (int k = 1; k <= m; k++) {
                blas.dgemm("N", "N", t, ns, t, g2, vl, off(k), cm, cc, cOff, T, 1.0, zl[k], cOff, T);
            }
        }
        // y^l_nu = Y^l Z^l(t, nu)^T, block by block
        final double[] yl = yv[l];
        blas.dgemm("T", "N", S, ns, S, 1.0, kx, 0, S, zl[0], mu0 * S, S, 0.0, yl, mu0 * cl, cl);
        for (int k = 1; k <= l && t > 0; k++) {
            blas.dgemm("N", "N", t, ns, t, g2, gh[k + 1], 0, T, zl[k], cOff, T, 0.0, yl, mu0 * cl + off(k), cl);
        }
    }

    /** The new column s and rows (k, s) of H^m = Y^m W^m^T (W^m(s) known). */
    private void updateH(int m, int s) {
        final int cm = c[m], wRow = s * cm;
        final double[] wm = w[m], hm = h[m];
        // block 0: H[nu, s] = Kx[nu, :] W(s)[:S]
        blas.dgemv("T", S, S, 1.0, kx, 0, S, wm, wRow, 1, 0.0, hm, s, T);
        for (int k = 1; k <= m && s > 0; k++) {
            final int o = off(k);
            final double[] gk = gh[k + 1];
            // column s, rows u' <= s: g^2 sum_{u < s} G^(u', u) W(s)[o + u]
            blas.dgemv("T", s, s + 1, g2, gk, 0, T, wm, wRow + o, 1, 0.0, hm, o * T + s, T);
            // row (k, s), columns s' < s: g^2 sum_{u < s'} G^(s, u) W(s')[o + u]
            blas.dgemv("T", s, s, g2, wm, o, cm, gk, s * T, 1, 0.0, hm, (o + s) * T, 1);
        }
    }

    /** Panel shapes: equal lengths, equal areas of an upper triangle (row i of length count - i), of a lower one. */
    private static final int EVEN = 0, UPPER = 1, LOWER = 2;

    /**
     * body(a, e) over the {@link #ROW_PANELS} fixed panels of [0, count) of the given shape, on the pool when the work
     * (multiply-adds) is large enough: the same calls for any thread count.
     */
    private void panels(int count, int shape, long work, PanelBody body) {
        final int parts = Math.min(count, ROW_PANELS);
        if (parts <= 1) {
            if (count > 0) {
                body.run(0, count);
            }
            return;
        }
        pool.run(parts, work >= PARALLEL_GRAIN && !pool.contended(), p -> {
            final int a = bound(count, parts, p, shape), e = bound(count, parts, p + 1, shape);
            if (e > a) {
                body.run(a, e);
            }
        });
    }

    private static int bound(int count, int parts, int p, int shape) {
        return shape == UPPER ? SweepChains.upperSplit(count, parts, p)
                : shape == LOWER ? SweepChains.lowerSplit(count, parts, p) : SweepChains.split(count, parts, p);
    }

    @FunctionalInterface
    private interface PanelBody {
        void run(int a, int e);
    }

    /** G^l(t, t), l = 1..L+1 (G^{L+1} = 1). */
    double gAt(int l, int t) {
        return g[l][t * T + t];
    }

    /**
     * f_i(t) = R[t, (t, i)] + g^2 C^L[(t, i), :] S^L[:, t] + (A_L[(t, i), :] rho) (N^L[t, :] rho) for every sample i,
     * with R[t, (t, i)] = rho^t V^L(t) Y^{L-1} Z^{L-1}(t, i)^T.
     */
    void predictRow(int t, double[] out) {
        final int cm = c[L - 1], vRow = t * cm, tT = t * T;
        final double[] vl = v[L], yPrev = yv[L - 1], cc = cur[L], sl = sm[L], nl = nn[L], al = zc[L][L];
        final double nSum = blas.ddot(t + 1, nl, tT, 1, pw, 0, 1);
        for (int i = 0; i < S; i++) {
            final double r = blas.ddot(cm, vl, vRow, 1, yPrev, i * cm, 1);
            final double cs = t > 0 ? blas.ddot(t, cc, i * T, 1, sl, tT, 1) : 0.0; // S^L[k, t] = S^L[t, k]
            final double aSum = t > 0 ? blas.ddot(t, al, i * T, 1, pw, 0, 1) : 0.0;
            out[i] = pw[t] * r + g2 * cs + aSum * nSum;
        }
    }
}
