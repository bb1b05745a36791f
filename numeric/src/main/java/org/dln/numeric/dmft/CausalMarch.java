package org.dln.numeric.dmft;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
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
final class CausalMarch extends ReplicaPool.Replica {

    private final SamplingContext c;
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
    private final double[] c1, c2;             // P x n: march coefficients of the rows of the current time
    private final double[] rowSum, steinSum, fSum, steinRow, solved; // reduction workspaces
    String jitterNote = "";

    CausalMarch(SamplingContext c, int replica, long drawsR) {
        this(c, replica, drawsR, 0L);
    }

    /**
     * A population of {@code drawsR} draws of replica {@code replica} whose draw d uses the normals of draw
     * {@code drawOffset + d} of the replica's stream (so that the two halves of a replica's population share their
     * normals with the whole).
     */
    CausalMarch(SamplingContext c, int replica, long drawsR, long drawOffset) {
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
        a = perLayer(draws * n);
        g = perLayer(draws * n);
        zeta = perLayer(draws * n);
        xi = perLayer(draws * n);
        uCur = perLayer(draws * P);
        hCur = perLayer(draws * P);
        rCur = perLayer(draws * P);
        fu = new GrowingFactor[L + 1];
        fr = new GrowingFactor[L + 1];
        for (int l = 1; l <= L; l++) {
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
        jOp = c.responseOperators();
        kOp = c.responseOperators();
        f = new double[n];
        dw = new double[n];
        blockMon = new double[blocks][c.monitoredLength()];
        part = new double[blocks][3][];
        for (int b = 0; b < blocks; b++) {
            part[b][0] = new double[P * n];
            part[b][1] = new double[P * n];
            part[b][2] = new double[P];
        }
        c1 = new double[P * n];
        c2 = new double[P * n];
        rowSum = new double[P * n];
        steinSum = new double[P * n];
        fSum = new double[P];
        steinRow = new double[n];
        solved = new double[n];
    }

    /** n-sized arrays for l = 1..L (null at 0). */
    private double[][] perLayer(int size) {
        double[][] v = new double[c.depth + 1][];
        for (int l = 1; l <= c.depth; l++) {
            v[l] = new double[size];
        }
        return v;
    }

    /** Marches the population over every time point: forward through the layers, then backward. */
    CausalMarch run(ReplicaPool pool, Consumer<String> log) {
        final int T = c.tp, L = c.depth;
        long t0 = System.nanoTime();
        for (int t = 0; t < T; t++) {
            for (int l = 1; l <= L; l++) {
                forward(pool, l, t);
            }
            for (int l = L; l >= 1; l--) {
                backward(pool, l, t);
            }
            if (log != null && ((t + 1) % 10 == 0 || t == T - 1)) {
                log.accept(String.format(Locale.ROOT, "sampler replica %d: marched to t = %d of %d (%.1f s)", replica, t + 1, T,
                        (System.nanoTime() - t0) * 1e-9));
            }
        }
        BatchMeans batches = new BatchMeans(c.monitoredLength());
        for (double[] mon : blockMon) {
            batches.add(mon);
        }
        finish(c, phi, gk, f, batches.standardErrors());
        jitterNote = jitterNote();
        return this;
    }

    private String jitterNote() {
        StringBuilder sb = new StringBuilder("causal Cholesky of the sources: kept pivots, pivots turned into independent jitter,"
                + " largest dropped |d|/K_jj:");
        for (int l = 1; l <= c.depth; l++) {
            sb.append(String.format(Locale.ROOT, " Phi^%d %d, %d, %.1e; G^%d %d, %d, %.1e;", l - 1, fu[l].keptCount, fu[l].jittered,
                    fu[l].droppedRelative, l + 1, fr[l].keptCount, fr[l].jittered, fr[l].droppedRelative));
        }
        return sb.toString();
    }

    /** Layer l at time t, forward: h^l(t) of every draw, then Phi^l rows of time t and the Stein rows of J^l. */
    private void forward(ReplicaPool pool, int l, int t) {
        final int L = c.depth, P = c.p, n = c.n, lo = t * P, hi = lo + P;
        final double ge = c.gamma0 * c.eta;
        fu[l].extend(phi[l - 1], hi);
        Arrays.fill(c1, 0.0);
        for (int mu = 0; mu < P; mu++) {
            int i = lo + mu;
            for (int j = 0; j < lo; j++) {
                c1[mu * n + j] = ge * phi[l - 1][i * n + j] * dw[j] + (l >= 2 ? jOp[l - 1][i * n + j] : 0.0);
            }
        }
        pool.forEachBlock(blocks, b -> forwardBlock(b, l, t));
        sumBlocks(0, rowSum);
        storeRows(phi[l], lo, "Phi^" + l, t);
        if (l < L) {
            sumBlocks(1, steinSum);
            solveSteinRows(fr[l], lo, lo, jOp[l]);
        }
    }

    /** Layer l at time t, backward: g^l(t) of every draw, then G^l rows, the Stein rows of K^{l-1}, and f(t) at l = L. */
    private void backward(ReplicaPool pool, int l, int t) {
        final int L = c.depth, P = c.p, n = c.n, lo = t * P, hi = lo + P;
        final double ge = c.gamma0 * c.eta;
        fr[l].extend(gk[l + 1], hi);
        Arrays.fill(c2, 0.0);
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
        pool.forEachBlock(blocks, b -> backwardBlock(b, l, t));
        sumBlocks(0, rowSum);
        storeRows(gk[l], lo, "G^" + l, t);
        if (l >= 2) {
            sumBlocks(1, steinSum);
            solveSteinRows(fu[l], hi, lo, kOp[l - 1]);
        }
        if (l == L) {
            sumBlocks(2, fSum);
            predict(t);
        }
    }

    /** sum[...] = the blocks' scratch sums {@code part[b][which]}, added in block order. */
    private void sumBlocks(int which, double[] sum) {
        Arrays.fill(sum, 0.0);
        for (int b = 0; b < blocks; b++) {
            BlockSums.addTo(sum, part[b][which]);
        }
    }

    /**
     * Rows of time t (from lo) of a symmetric kernel, and their mirror columns: the summed rows over the draws.
     * @throws ArithmeticException if an entry is not finite (divergent dynamics), naming the kernel, entry and times
     */
    private void storeRows(double[] kernel, int lo, String name, int t) {
        final int n = c.n;
        for (int mu = 0; mu < c.p; mu++) {
            int i = lo + mu;
            for (int j = 0; j <= i; j++) {
                double v = rowSum[mu * n + j] / draws;
                if (!Double.isFinite(v)) {
                    throw new ArithmeticException("the sampled dynamics diverged: " + name + "(t, s)[" + mu + "][" + (j % c.p)
                            + "] is " + v + " at time t = " + t + ", s = " + (j / c.p)
                            + "; gradient descent is unstable at this eta (or gamma0 is too large): lower eta");
                }
                kernel[i * n + j] = v;
                kernel[j * n + i] = v;
            }
        }
    }

    /** Response-operator rows of time t (from lo), columns &lt; lim: the summed Stein rows times Fpp^{-1}. */
    private void solveSteinRows(GrowingFactor factor, int lim, int lo, double[] op) {
        final int n = c.n;
        for (int mu = 0; mu < c.p; mu++) {
            int i = lo + mu;
            for (int j = 0; j < lim; j++) {
                steinRow[j] = steinSum[mu * n + j] / draws;
            }
            factor.solveRow(steinRow, lim, solved);
            System.arraycopy(solved, 0, op, i * n, lim);
        }
    }

    /** f(t) = &lt;(phi(h^L) - phi(u^L)) r^L&gt; / gamma0 + eta sum_{s&lt;t} Phi^L(t,s) Delta(s), then Delta(t). */
    private void predict(int t) {
        final int L = c.depth, P = c.p, n = c.n, lo = t * P;
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

    /** A step of one draw d, with its random stream of the current (layer, source, time). */
    @FunctionalInterface
    private interface DrawStep {
        void run(int d, SplittableRandom rng);
    }

    /** Runs the step for every draw of block b, draw d on stream {@code Seeds.ofDraw(stream, drawOffset + d)}. */
    private void forEachDraw(int b, long stream, DrawStep step) {
        for (int d = start[b]; d < start[b + 1]; d++) {
            step.run(d, new SplittableRandom(Seeds.ofDraw(stream, drawOffset + d)));
        }
    }

    /** Advances the draws of block b, layer l, to h^l(t), and leaves its sums in part[b]. */
    private void forwardBlock(int b, int l, int t) {
        final double[] rows = cleared(part[b][0]), stein = cleared(part[b][1]);
        forEachDraw(b, Seeds.of(c.opt.seed(), replica, 2L * l, t), (d, rng) -> forwardDraw(d, rng, l, t, rows, stein));
        monitorBlock(b, c.n + ((l - 1) * c.tp + t) * c.p * c.p, rows, t * c.p);
    }

    /** h^l(t) = u^l(t) + sum_{s&lt;t} C1 g^l(s) of draw d; adds its Phi^l row products and Stein products. */
    private void forwardDraw(int d, SplittableRandom rng, int l, int t, double[] rows, double[] stein) {
        final int n = c.n, P = c.p, L = c.depth, lo = t * P;
        final Activation act = c.act;
        final GrowingFactor F = fu[l], Fr = fr[l];
        final double[] al = a[l], gl = g[l], zl = zeta[l], xl = xi[l], uc = uCur[l], hc = hCur[l];
        final int off = d * n;
        for (int mu = 0; mu < P; mu++) {
            double h = continueAndMarch(F, rng, zl, uc, d, mu, lo, c1, gl, lo);
            hc[d * P + mu] = h;
            al[off + lo + mu] = act.value(h);
        }
        for (int mu = 0; mu < P; mu++) {
            int i = lo + mu;
            double ai = al[off + i];
            addRowProducts(rows, mu * n, al, off, i);
            if (l < L) {
                addSteinProducts(stein, mu * n, ai - act.value(uc[d * P + mu]), Fr, xl, off, lo);
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
    private void backwardBlock(int b, int l, int t) {
        final double[] rows = cleared(part[b][0]), stein = cleared(part[b][1]), fs = cleared(part[b][2]);
        forEachDraw(b, Seeds.of(c.opt.seed(), replica, 2L * l + 1, t), (d, rng) -> backwardDraw(d, rng, l, t, rows, stein, fs));
        monitorBlock(b, c.n + ((c.depth + l - 1) * c.tp + t) * c.p * c.p, rows, t * c.p);
        if (l == c.depth) {
            monitorPredictions(b, t, fs);
        }
    }

    /**
     * z^l(t) = r^l(t) + sum_{s&lt;=t} C2 phi(h^l(s)), g^l(t) = phi'(h^l(t)) z^l(t) of draw d; adds its G^l row products,
     * Stein products and (l = L) its prediction term.
     */
    private void backwardDraw(int d, SplittableRandom rng, int l, int t, double[] rows, double[] stein, double[] fs) {
        final int n = c.n, P = c.p, L = c.depth, lo = t * P, hi = lo + P;
        final Activation act = c.act;
        final GrowingFactor F = fr[l], Fu = fu[l];
        final double[] al = a[l], gl = g[l], zl = zeta[l], xl = xi[l], uc = uCur[l], hc = hCur[l], rc = rCur[l];
        final int off = d * n;
        for (int mu = 0; mu < P; mu++) {
            double z = continueAndMarch(F, rng, xl, rc, d, mu, lo, c2, al, hi);
            gl[off + lo + mu] = act.derivative(hc[d * P + mu]) * z;
        }
        for (int mu = 0; mu < P; mu++) {
            int i = lo + mu;
            double gi = gl[off + i];
            addRowProducts(rows, mu * n, gl, off, i);
            if (l >= 2) {
                addSteinProducts(stein, mu * n, gi - act.derivative(uc[d * P + mu]) * rc[d * P + mu], Fu, zl, off, hi);
            }
            if (l == L) {
                fs[mu] += (al[off + i] - act.value(uc[d * P + mu])) * rc[d * P + mu];
            }
        }
    }

    /**
     * One field of draw d at row i = lo + mu: continues its source ({@link #continueSource}), stores it in
     * source[d P + mu], and returns source + sum_{j &lt; lim} coeff[mu][j] input[d][j] (the march of h or z).
     */
    private double continueAndMarch(GrowingFactor factor, SplittableRandom rng, double[] normals, double[] source, int d,
                                    int mu, int lo, double[] coeff, double[] input, int lim) {
        final int n = c.n, off = d * n, row = mu * n;
        double v = continueSource(factor, rng, normals, off, lo + mu, n);
        double acc = v;
        for (int j = 0; j < lim; j++) {
            acc += coeff[row + j] * input[off + j];
        }
        source[d * c.p + mu] = v;
        return acc;
    }

    /** rows[row + j] += x_i x_j, j &lt;= i, for the values x of one draw (from off). */
    private static void addRowProducts(double[] rows, int row, double[] x, int off, int i) {
        double xi = x[off + i];
        for (int j = 0; j <= i; j++) {
            rows[row + j] += xi * x[off + j];
        }
    }

    /** stein[row + j] += e normals_j over the kept pivots j &lt; lim of the factor. */
    private static void addSteinProducts(double[] stein, int row, double e, GrowingFactor factor, double[] normals, int off,
                                         int lim) {
        for (int j = 0; j < lim; j++) {
            if (factor.kept[j]) {
                stein[row + j] += e * normals[off + j];
            }
        }
    }

    private static double[] cleared(double[] a) {
        Arrays.fill(a, 0.0);
        return a;
    }

    /** The block's equal-time kernel block of time t (from its summed rows) into its monitored vector from k. */
    private void monitorBlock(int b, int k, double[] rows, int lo) {
        final int n = c.n, P = c.p;
        final double[] mon = blockMon[b];
        int cnt = start[b + 1] - start[b];
        for (int x = 0; x < P; x++) {
            for (int y = 0; y < P; y++) {
                int i = lo + Math.max(x, y), j = lo + Math.min(x, y);
                mon[k++] = rows[(i - lo) * n + j] / cnt;
            }
        }
    }

    /** The block's own predictions of time t into its monitored vector. */
    private void monitorPredictions(int b, int t, double[] fs) {
        final int n = c.n, P = c.p, L = c.depth, lo = t * P;
        int cnt = start[b + 1] - start[b];
        for (int mu = 0; mu < P; mu++) {
            int i = lo + mu;
            double acc = 0;
            for (int j = 0; j < lo; j++) {
                acc += dw[j] * phi[L][i * n + j];
            }
            blockMon[b][i] = fs[mu] / cnt / c.gamma0 + c.eta * acc;
        }
    }
}
