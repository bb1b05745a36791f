package org.dln.numeric.dmft;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.dln.numeric.activation.Activation;

/**
 * One replica of the sampler as a single causal pass over time ({@link SamplingOptions.Method#MARCH}).
 *
 * <p>Every quantity of time t depends only on kernels, response rows and predictions of times &lt;= t, and the
 * sources of a draw at time t are its sources at earlier times continued by the causal Cholesky factor. A population of
 * S_r draws per layer is therefore kept (for each draw and layer: phi(h), g, and the standard normals zeta, xi of the
 * kept pivots of its two sources), and at each time t
 * <ol>
 *   <li>forward, l = 1..L: extend the factor of Phi^{l-1} by the rows of time t (Phi^0 = Kx; Phi^{l-1} row t was just
 *   estimated from layer l-1), draw the new pivots' normals, u^l(t) = F zeta, h^l(t) = u^l(t) + sum_{s&lt;t} C1 g^l(s);
 *   estimate Phi^l(t, s &lt;= t) = &lt;phi(h(t)) phi(h(s))&gt; and the Stein rows J^l(t, s &lt; t) =
 *   &lt;(phi(h(t)) - phi(u(t))) xi^T&gt; Fpp^{-1};</li>
 *   <li>backward, l = L..1: extend the factor of G^{l+1} (G^{L+1} = 1), draw, r^l(t) = F xi, z^l(t) = r^l(t) +
 *   sum_{s&lt;=t} C2 phi(h^l(s)), g^l(t) = phi'(h^l(t)) z^l(t); estimate G^l(t, s &lt;= t) and the Stein rows
 *   K^{l-1}(t, s &lt;= t) = &lt;(g^l(t) - phi'(u^l(t)) r^l(t)) zeta^T&gt; Fpp^{-1};</li>
 *   <li>f(t) = &lt;(phi(h^L(t)) - phi(u^L(t))) r^L(t)&gt; / gamma0 + eta sum_{s&lt;t} Phi^L(t,s) Delta(s).</li>
 * </ol>
 * This is the fixed point of the alternation with common random numbers (the kernels are the sample covariances of the
 * draws they generate), reached without iterating: the cost is one march, O(S L (P T)^2), instead of one per
 * iteration and window.
 *
 * <p>Parallel over fixed blocks of draws; the block sums are added in block order and every draw's normals come from a
 * SplittableRandom seeded by (seed, replica, layer, source, time, draw): bit-identical for any thread count.
 */
final class CausalMarch {

    /** Causal pivoted Cholesky factor grown by rows (same pivot rule as {@link CausalCholesky}). */
    static final class GrowingFactor {
        final int n;
        final double tol;
        final double[] lo;     // n x n lower triangle; column j is zero unless kept[j]
        final boolean[] kept;
        final double[] jitter; // sqrt(max(d_j, 0)) of dropped pivots
        int rows, keptCount, jittered;
        double maxDiag, droppedRelative;

        GrowingFactor(int n, double tol) {
            this.n = n;
            this.tol = tol;
            lo = new double[n * n];
            kept = new boolean[n];
            jitter = new double[n];
        }

        /** Adds the rows [rows, upTo) of the kernel (whose rows &lt; upTo must be filled). */
        void extend(double[] kernel, int upTo) {
            for (int i = rows; i < upTo; i++) {
                maxDiag = Math.max(maxDiag, kernel[i * n + i]);
            }
            for (int i = rows; i < upTo; i++) {
                int ri = i * n;
                for (int j = 0; j < i; j++) {
                    if (!kept[j]) {
                        continue;
                    }
                    int rj = j * n;
                    double v = kernel[ri + j];
                    for (int q = 0; q < j; q++) {
                        v -= lo[ri + q] * lo[rj + q];
                    }
                    lo[ri + j] = v / lo[rj + j];
                }
                double kii = kernel[ri + i];
                double d = kii;
                for (int q = 0; q < i; q++) {
                    d -= lo[ri + q] * lo[ri + q];
                }
                if (!(d > tol * kii) || !(kii > 1e-12 * maxDiag) || maxDiag <= 0) {
                    droppedRelative = Math.max(droppedRelative, kii > 0 ? Math.abs(d) / kii : 0.0);
                    if (d > 0) {
                        jitter[i] = Math.sqrt(d);
                        jittered++;
                    }
                } else {
                    kept[i] = true;
                    lo[ri + i] = Math.sqrt(d);
                    keptCount++;
                }
            }
            rows = upTo;
        }

        /**
         * Solves x Fpp = m over the kept pivots j &lt; lim (x, m row vectors of length n; x is zero off the kept
         * pivots): turns a Stein row m = (J F)_i into the operator row J_i on the range of the kernel.
         */
        void solveRow(double[] m, int lim, double[] x) {
            java.util.Arrays.fill(x, 0.0);
            for (int j = lim - 1; j >= 0; j--) {
                if (!kept[j]) {
                    continue;
                }
                double v = m[j];
                for (int j2 = j + 1; j2 < lim; j2++) {
                    v -= x[j2] * lo[j2 * n + j];
                }
                x[j] = v / lo[j * n + j];
            }
        }
    }

    private final SamplingDmftSolver.Context c;
    private final int replica;
    private final int draws;
    private final long drawOffset;             // draw d of this population is draw drawOffset + d of the replica's stream
    private final int blocks;
    private final int[] start;                 // block b holds draws [start[b], start[b+1])
    private final double[][] a, g, zeta, xi;   // l = 1..L: draws x n
    private final double[][] uCur, hCur, rCur; // l = 1..L: draws x P, values at the current time
    private final double[][] phi, gk;          // kernels: phi[0] = Kx, gk[L+1] = 1
    private final double[][] jOp, kOp;         // l = 1..L-1
    private final GrowingFactor[] fu, fr;      // l = 1..L: factors of Phi^{l-1}, G^{l+1}
    private final double[] f, dw;
    private final double[][] blockMon;         // per block: monitored quantities (f, equal-time Phi^l, G^l)
    private final double[][][] part;           // per block: scratch sums [0] kernel rows, [1] Stein rows, [2] f
    double[] output, outputSe;
    String jitterNote = "";

    CausalMarch(SamplingDmftSolver.Context c, int replica, long drawsR) {
        this(c, replica, drawsR, 0L);
    }

    /**
     * A population of {@code drawsR} draws of replica {@code replica} whose draw d uses the normals of draw
     * {@code drawOffset + d} of the replica's stream (so that the two halves of a replica's population share their
     * normals with the whole).
     */
    CausalMarch(SamplingDmftSolver.Context c, int replica, long drawsR, long drawOffset) {
        if (drawsR > Integer.MAX_VALUE / Math.max(1, c.n)) {
            throw new IllegalArgumentException("too many draws per replica for the march: " + drawsR);
        }
        this.c = c;
        this.replica = replica;
        this.draws = (int) drawsR;
        this.drawOffset = drawOffset;
        this.blocks = c.opt.blocks();
        int n = c.n, L = c.depth, P = c.p;
        start = new int[blocks + 1];
        for (int b = 0; b <= blocks; b++) {
            start[b] = (int) ((long) draws * b / blocks);
        }
        a = new double[L + 1][];
        g = new double[L + 1][];
        zeta = new double[L + 1][];
        xi = new double[L + 1][];
        uCur = new double[L + 1][];
        hCur = new double[L + 1][];
        rCur = new double[L + 1][];
        fu = new GrowingFactor[L + 1];
        fr = new GrowingFactor[L + 1];
        for (int l = 1; l <= L; l++) {
            a[l] = new double[draws * n];
            g[l] = new double[draws * n];
            zeta[l] = new double[draws * n];
            xi[l] = new double[draws * n];
            uCur[l] = new double[draws * P];
            hCur[l] = new double[draws * P];
            rCur[l] = new double[draws * P];
            fu[l] = new GrowingFactor(n, c.opt.pivotTolerance());
            fr[l] = new GrowingFactor(n, c.opt.pivotTolerance());
        }
        phi = new double[L + 1][];
        phi[0] = c.phi0;
        gk = new double[L + 2][];
        gk[L + 1] = c.ones;
        for (int l = 1; l <= L; l++) {
            phi[l] = new double[n * n];
            gk[l] = new double[n * n];
        }
        jOp = new double[L + 1][];
        kOp = new double[L + 1][];
        for (int l = 1; l < L; l++) {
            jOp[l] = new double[n * n];
            kOp[l] = new double[n * n];
        }
        f = new double[n];
        dw = new double[n];
        blockMon = new double[blocks][c.monitoredLength()];
        part = new double[blocks][3][];
        for (int b = 0; b < blocks; b++) {
            part[b][0] = new double[P * n];
            part[b][1] = new double[P * n];
            part[b][2] = new double[P];
        }
    }

    void run(ExecutorService pool, Consumer<String> log) {
        final int T = c.tp, L = c.depth, P = c.p, n = c.n;
        final double ge = c.gamma0 * c.eta;
        final double[] c1 = new double[P * n], c2 = new double[P * n];
        final double[] m = new double[n], x = new double[n];
        long t0 = System.nanoTime();
        for (int t = 0; t < T; t++) {
            final int lo = t * P, hi = lo + P;
            // forward
            for (int l = 1; l <= L; l++) {
                fu[l].extend(phi[l - 1], hi);
                java.util.Arrays.fill(c1, 0.0);
                for (int mu = 0; mu < P; mu++) {
                    int i = lo + mu;
                    for (int j = 0; j < lo; j++) {
                        c1[mu * n + j] = ge * phi[l - 1][i * n + j] * dw[j] + (l >= 2 ? jOp[l - 1][i * n + j] : 0.0);
                    }
                }
                final int layer = l, time = t;
                parallel(pool, b -> forwardBlock(b, layer, time, c1));
                // reduce: Phi^l rows of time t, Stein rows of J^l
                double[] rowSum = new double[P * n], steinSum = new double[P * n];
                for (int b = 0; b < blocks; b++) {
                    add(rowSum, part[b][0]);
                    if (l < L) {
                        add(steinSum, part[b][1]);
                    }
                }
                for (int mu = 0; mu < P; mu++) {
                    int i = lo + mu;
                    for (int j = 0; j <= i; j++) {
                        double v = rowSum[mu * n + j] / draws;
                        phi[l][i * n + j] = v;
                        phi[l][j * n + i] = v;
                    }
                }
                if (l < L) {
                    for (int mu = 0; mu < P; mu++) {
                        int i = lo + mu;
                        for (int j = 0; j < lo; j++) {
                            m[j] = steinSum[mu * n + j] / draws;
                        }
                        fr[l].solveRow(m, lo, x);
                        System.arraycopy(x, 0, jOp[l], i * n, lo);
                    }
                }
            }
            // backward
            for (int l = L; l >= 1; l--) {
                fr[l].extend(gk[l + 1], hi);
                java.util.Arrays.fill(c2, 0.0);
                for (int mu = 0; mu < P; mu++) {
                    int i = lo + mu;
                    for (int j = 0; j < lo; j++) {
                        c2[mu * n + j] = ge * gk[l + 1][i * n + j] * dw[j] + (l < L ? kOp[l][i * n + j] : 0.0);
                    }
                    if (l < L) { // equal-time response of the backward field
                        for (int j = lo; j < hi; j++) {
                            c2[mu * n + j] = kOp[l][i * n + j];
                        }
                    }
                }
                final int layer = l, time = t;
                parallel(pool, b -> backwardBlock(b, layer, time, c2));
                double[] rowSum = new double[P * n], steinSum = new double[P * n], fSum = new double[P];
                for (int b = 0; b < blocks; b++) {
                    add(rowSum, part[b][0]);
                    if (l >= 2) {
                        add(steinSum, part[b][1]);
                    }
                    if (l == L) {
                        add(fSum, part[b][2]);
                    }
                }
                for (int mu = 0; mu < P; mu++) {
                    int i = lo + mu;
                    for (int j = 0; j <= i; j++) {
                        double v = rowSum[mu * n + j] / draws;
                        gk[l][i * n + j] = v;
                        gk[l][j * n + i] = v;
                    }
                }
                if (l >= 2) {
                    for (int mu = 0; mu < P; mu++) {
                        int i = lo + mu;
                        for (int j = 0; j < hi; j++) {
                            m[j] = steinSum[mu * n + j] / draws;
                        }
                        fu[l].solveRow(m, hi, x);
                        System.arraycopy(x, 0, kOp[l - 1], i * n, hi);
                    }
                }
                if (l == L) {
                    for (int mu = 0; mu < P; mu++) {
                        int i = lo + mu;
                        double acc = 0;
                        for (int j = 0; j < lo; j++) {
                            acc += phi[L][i * n + j] * dw[j];
                        }
                        f[i] = fSum[mu] / draws / c.gamma0 + c.eta * acc;
                        if (!Double.isFinite(f[i])) {
                            throw new ArithmeticException("the sampled dynamics diverged (non-finite predictions) at time " + t
                                    + "; gradient descent is unstable at this eta: lower eta");
                        }
                    }
                    for (int mu = 0; mu < P; mu++) {
                        dw[lo + mu] = c.lossScale * (c.y[mu] - f[lo + mu]);
                    }
                }
            }
            if (log != null && ((t + 1) % 10 == 0 || t == T - 1)) {
                log.accept(String.format(Locale.ROOT, "sampler replica %d: marched to t = %d of %d (%.1f s)", replica, t + 1, T,
                        (System.nanoTime() - t0) * 1e-9));
            }
        }
        output = c.observables(phi, gk, f);
        outputSe = c.observablesSe(batchMeansSe());
        StringBuilder sb = new StringBuilder("causal Cholesky of the sources: kept pivots, pivots turned into independent jitter,"
                + " largest dropped |d|/K_jj:");
        for (int l = 1; l <= L; l++) {
            sb.append(String.format(Locale.ROOT, " Phi^%d %d, %d, %.1e; G^%d %d, %d, %.1e;", l - 1, fu[l].keptCount, fu[l].jittered,
                    fu[l].droppedRelative, l + 1, fr[l].keptCount, fr[l].jittered, fr[l].droppedRelative));
        }
        jitterNote = sb.toString();
    }

    /** Advances the draws of block b, layer l, to h^l(t), and leaves its sums in part[b]. */
    private void forwardBlock(int b, int l, int t, double[] c1) {
        final int n = c.n, P = c.p, L = c.depth, lo = t * P, hi = lo + P;
        final Activation act = c.act;
        final GrowingFactor F = fu[l], Fr = fr[l];
        final double[] al = a[l], gl = g[l], zl = zeta[l], xl = xi[l], uc = uCur[l], hc = hCur[l];
        final double[] rows = part[b][0], stein = part[b][1];
        java.util.Arrays.fill(rows, 0, P * n, 0.0);
        java.util.Arrays.fill(stein, 0, P * n, 0.0);
        final double[] mon = blockMon[b];
        final long base = streamBase(l, 0, t);
        for (int d = start[b]; d < start[b + 1]; d++) {
            final SplittableRandom rng = new SplittableRandom(mix(base + 0xD1B54A32D192ED03L * (drawOffset + d + 1L)));
            final int off = d * n;
            for (int mu = 0; mu < P; mu++) {
                int i = lo + mu;
                double u = continueSource(F, rng, zl, off, i, n);
                double h = u;
                int rc = mu * n;
                for (int j = 0; j < lo; j++) {
                    h += c1[rc + j] * gl[off + j];
                }
                uc[d * P + mu] = u;
                hc[d * P + mu] = h;
                al[off + i] = act.value(h);
            }
            for (int mu = 0; mu < P; mu++) {
                int i = lo + mu;
                double ai = al[off + i];
                int rc = mu * n;
                for (int j = 0; j <= i; j++) {
                    rows[rc + j] += ai * al[off + j];
                }
                if (l < L) {
                    double ea = ai - act.value(uc[d * P + mu]);
                    for (int j = 0; j < lo; j++) {
                        if (Fr.kept[j]) {
                            stein[rc + j] += ea * xl[off + j];
                        }
                    }
                }
            }
        }
        int cnt = start[b + 1] - start[b];
        int k = c.n + ((l - 1) * c.tp + t) * P * P;
        for (int x = 0; x < P; x++) {
            for (int y = 0; y < P; y++) {
                int i = lo + Math.max(x, y), j = lo + Math.min(x, y);
                mon[k++] = rows[(i - lo) * n + j] / cnt;
            }
        }
    }

    /**
     * Continues one draw's source at row i of the causal factor F: draws the row's standard normal, stores it in
     * normals[off + i] (0 when the pivot was dropped, whose variance then enters as independent jitter) and returns
     * the source value sum_j F[i][j] normals[off + j] (+ the jitter term).
     */
    private static double continueSource(GrowingFactor F, SplittableRandom rng, double[] normals, int off, int i, int n) {
        double z0 = rng.nextGaussian();
        normals[off + i] = F.kept[i] ? z0 : 0.0;
        double v = F.kept[i] ? 0.0 : F.jitter[i] * z0;
        int ri = i * n;
        for (int j = 0; j <= i; j++) {
            v += F.lo[ri + j] * normals[off + j];
        }
        return v;
    }

    /** Advances the draws of block b, layer l, to g^l(t), and leaves its sums in part[b]. */
    private void backwardBlock(int b, int l, int t, double[] c2) {
        final int n = c.n, P = c.p, L = c.depth, lo = t * P, hi = lo + P;
        final Activation act = c.act;
        final GrowingFactor F = fr[l], Fu = fu[l];
        final double[] al = a[l], gl = g[l], zl = zeta[l], xl = xi[l], uc = uCur[l], hc = hCur[l], rc = rCur[l];
        final double[] rows = part[b][0], stein = part[b][1], fs = part[b][2];
        java.util.Arrays.fill(rows, 0, P * n, 0.0);
        java.util.Arrays.fill(stein, 0, P * n, 0.0);
        java.util.Arrays.fill(fs, 0.0);
        final double[] mon = blockMon[b];
        final long base = streamBase(l, 1, t);
        for (int d = start[b]; d < start[b + 1]; d++) {
            final SplittableRandom rng = new SplittableRandom(mix(base + 0xD1B54A32D192ED03L * (drawOffset + d + 1L)));
            final int off = d * n;
            for (int mu = 0; mu < P; mu++) {
                int i = lo + mu;
                double r = continueSource(F, rng, xl, off, i, n);
                double z = r;
                int rr = mu * n;
                for (int j = 0; j < hi; j++) {
                    z += c2[rr + j] * al[off + j];
                }
                rc[d * P + mu] = r;
                gl[off + i] = act.derivative(hc[d * P + mu]) * z;
            }
            for (int mu = 0; mu < P; mu++) {
                int i = lo + mu;
                double gi = gl[off + i];
                int rr = mu * n;
                for (int j = 0; j <= i; j++) {
                    rows[rr + j] += gi * gl[off + j];
                }
                if (l >= 2) {
                    double eb = gi - act.derivative(uc[d * P + mu]) * rc[d * P + mu];
                    for (int j = 0; j < hi; j++) {
                        if (Fu.kept[j]) {
                            stein[rr + j] += eb * zl[off + j];
                        }
                    }
                }
                if (l == L) {
                    fs[mu] += (al[off + i] - act.value(uc[d * P + mu])) * rc[d * P + mu];
                }
            }
        }
        int cnt = start[b + 1] - start[b];
        int k = c.n + ((L + l - 1) * c.tp + t) * P * P;
        for (int x = 0; x < P; x++) {
            for (int y = 0; y < P; y++) {
                int i = lo + Math.max(x, y), j = lo + Math.min(x, y);
                mon[k++] = rows[(i - lo) * n + j] / cnt;
            }
        }
        if (l == L) {
            for (int mu = 0; mu < P; mu++) {
                int i = lo + mu;
                double acc = 0;
                for (int j = 0; j < lo; j++) {
                    acc += dw[j] * phi[L][i * n + j];
                }
                mon[i] = fs[mu] / cnt / c.gamma0 + c.eta * acc;
            }
        }
    }

    /** Batch means over the blocks of the monitored quantities. */
    private double[] batchMeansSe() {
        int len = c.monitoredLength();
        double[] se = new double[len];
        for (int k = 0; k < len; k++) {
            double s = 0, s2 = 0;
            for (int b = 0; b < blocks; b++) {
                s += blockMon[b][k];
                s2 += blockMon[b][k] * blockMon[b][k];
            }
            double mean = s / blocks;
            double var = Math.max(0, s2 / blocks - mean * mean) * blocks / (blocks - 1.0);
            se[k] = Math.sqrt(var / blocks);
        }
        return se;
    }

    private interface BlockTask {
        void run(int block);
    }

    private void parallel(ExecutorService pool, BlockTask task) {
        if (pool == null) {
            for (int b = 0; b < blocks; b++) {
                task.run(b);
            }
            return;
        }
        List<Future<?>> fs = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) {
            final int bb = b;
            fs.add(pool.submit(() -> task.run(bb)));
        }
        for (Future<?> fut : fs) {
            SamplingDmftSolver.await(fut);
        }
    }

    private long streamBase(int layer, int source, int time) {
        long z = mix(c.opt.seed() + 0x9E3779B97F4A7C15L * (replica + 1L));
        z = mix(z + 0xC2B2AE3D27D4EB4FL * (2L * layer + source + 1L));
        return mix(z + 0x165667B19E3779F9L * (time + 1L));
    }

    private static void add(double[] dst, double[] src) {
        for (int k = 0; k < dst.length; k++) {
            dst[k] += src[k];
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
