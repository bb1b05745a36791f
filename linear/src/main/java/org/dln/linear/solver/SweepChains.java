package org.dln.linear.solver;

import java.util.Arrays;
import org.dln.numeric.linalg.MemoryGuard;

/**
 * The steps of the layer recursion before Phi ({@link LayerSweep}): the backward chain D, B, R, S, G and the forward
 * chain's C and A, with the block columns of R and the mirrors of symmetric rows, on {@link SweepArrays}.
 */
class SweepChains extends SweepArrays {
    SweepChains(int trainCount, double[][] jointGram, int timePoints, int depth, double gamma0, double[] quadrature,
                double[] sourceScale, boolean causal, boolean responses) {
        super(trainCount, jointGram, timePoints, depth, gamma0, quadrature, sourceScale, causal, responses);
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
        if (causal && fullTranspose) {
            // column-major: B[t, :tS] = D^T N[t, :], in panels of column blocks [s0, s1) that need the rows k > s0 of D only
            // (D[k, j] = 0 from j = k S on)
            // (the panels on the pool: each writes its own columns of B, with the same call for any thread count)
            for (int t = ta; t < tb; t++) {
                final int panels = Math.min(t, 8), tt = t;
                pool.run(panels, (long) S * t * t / 2 >= PARALLEL_GRAIN && !pool.contended(), p -> {
                    final int s0 = split(tt, panels, p), s1 = split(tt, panels, p + 1), k0 = s0 + 1;
                    if (s1 > s0) {
                        blas.dgemv("N", (s1 - s0) * S, tt + 1 - k0, 1.0, dl, k0 * n + s0 * S, n, nl, tt * T + k0, 1, 0.0,
                                bl, tt * n + s0 * S, 1);
                    }
                });
            }
            return;
        }
        if (flowBlas != null && tb > ta) { // element mode: B^T = D^T N^T on the block's rows
            flowBlas.dgemm("N", "N", cols, tb - ta, tb, 1.0, dl, 0, n, nl, ta * T, T, 0.0, bl, ta * n, n);
            return;
        }
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
        if (flowBlas != null) { // R^T[j, t] = Phi^T[j, k] B^T[k, t], in fixed column panels
            final int m = tb - ta, panels = TangentBlas.panels(cols), rowOff = ta * n;
            final double[] ph = phi[l - 1];
            pool.run(panels, (long) m * cols * cols >= PARALLEL_GRAIN, p -> {
                final int j0 = split(cols, panels, p), j1 = split(cols, panels, p + 1);
                if (j1 > j0) {
                    flowBlas.dgemm("N", "N", j1 - j0, m, cols, 1.0, ph, j0, n, b[l], rowOff, n, 0.0, r[l], rowOff + j0, n);
                }
            });
            return;
        }
        int tasks = tasks(cols / 64, (long) (tb - ta) * cols * cols, 1);
        pool.run(tasks, tasks > 1, task -> computeRChunk(l, ta, tb, cols, split(cols, tasks, task), split(cols, tasks, task + 1)));
    }

    /** The task's start of a range of the given length split into equal parts. */
    static int split(int length, int tasks, int task) {
        return (int) ((long) length * task / tasks);
    }

    /**
     * Start of task's rows among {@code length} rows of a lower triangle (row i holds i + 1 entries, or blocks), so that
     * the tasks hold about equal areas: length sqrt(task / tasks).
     */
    static int lowerSplit(int length, int tasks, int task) {
        if (task >= tasks) {
            return length;
        }
        return (int) Math.round(length * Math.sqrt((double) task / tasks));
    }

    /**
     * Start of task's rows among {@code length} rows of an upper triangle (row i holds length - i entries), so that the
     * tasks hold about equal areas: length (1 - sqrt(1 - task / tasks)).
     */
    static int upperSplit(int length, int tasks, int task) {
        if (task >= tasks) {
            return length;
        }
        return (int) Math.round(length * (1 - Math.sqrt(1 - (double) task / tasks)));
    }

    void computeRChunk(int l, int ta, int tb, int cols, int j0, int j1) {
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
        if (flowBlas != null) { // R^T[i, t] = Phi[i, :r0] B^T[:r0, t] (Phi symmetric), in fixed row panels
            if (rowEnd == 0 || r0 == 0) {
                for (int t = 0; t < rowEnd; t++) {
                    Arrays.fill(r[l], t * n + r0, t * n + r1, 0.0);
                }
                return;
            }
            final int panels = Math.max(1, Math.min(8, rowEnd / 16));
            pool.run(panels, (long) rowEnd * r0 * (r1 - r0) >= PARALLEL_GRAIN, p -> {
                final int t0 = split(rowEnd, panels, p), t1 = split(rowEnd, panels, p + 1);
                if (t1 > t0) {
                    flowBlas.dgemm("T", "N", r1 - r0, t1 - t0, r0, 1.0, phi[l - 1], r0 * n, n, b[l], t0 * n, n, 0.0,
                            r[l], t0 * n + r0, n);
                }
            });
            return;
        }
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

    void rBlockColumnsChunk(int l, int r0, int r1, int tr0, int tr1) {
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

    void storeRBlock(double[] rl, int br, int i, double a0, double a1, double a2, double a3) {
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

    double rBlockEntry(int m, double[] bl, int br, int lim, int i) {
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

    void sChunk(int l, int t, int u0, int u1, int cols) {
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

    void setS(double[] sl, int t, int u, double v) {
        sl[t * T + u] = v;
        if (causal) {
            sl[u * T + t] = v;
        }
    }

    /** G^l rows t in [ta, tb), columns &lt; tb, and the mirrored columns of earlier rows. */
    void computeG(int l, int ta, int tb) {
        final double[] gl = gk[l], nl = nn[l], sl = s[l], gUp = gk[l + 1];
        if (causal && blas != null && !decays && tb == ta + 1) {
            // vecA = G^{l+1}^T N[t, :], then G[t, u] = N[u, :] vecA + g^2 S[t, u] (column-major products), each in fixed
            // panels of its output on the pool (the same calls for any thread count); N[u, :] vanishes after u, so the
            // panel of the u in [a, e) needs vecA[:e] only
            final int t = ta, panels = Math.min(tb, 8);
            final boolean parallel = (long) tb * tb >= PARALLEL_GRAIN / 4 && !pool.contended();
            pool.run(panels, parallel, p -> {
                final int a0 = split(tb, panels, p), e = split(tb, panels, p + 1);
                if (e > a0) {
                    blas.dgemv("N", e - a0, tb, 1.0, gUp, a0, T, nl, t * T, 1, 0.0, vecA, a0, 1);
                }
            });
            pool.run(panels, parallel, task -> {
                final int p = panels - 1 - task; // the longest panels first
                final int a0 = split(tb, panels, p), e = split(tb, panels, p + 1);
                if (e > a0) {
                    blas.dgemv("T", e, e - a0, 1.0, nl, a0 * T, T, vecA, 0, 1, 0.0, tmpT, a0, 1);
                }
            });
            for (int u = 0; u < tb; u++) {
                gl[t * T + u] = tmpT[u] + g2 * sl[t * T + u];
            }
            mirrorTimeRows(gl, ta, tb);
            return;
        }
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
        if (flowBlas != null && tb > ta) { // element mode: A^T = N^T C^T on the block's rows
            flowBlas.dgemm("N", "N", tb, (tb - ta) * S, tb, 1.0, nl, 0, T, cl, ta * S * T, T, 0.0, al, ta * S * T, T);
            return;
        }
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

}
