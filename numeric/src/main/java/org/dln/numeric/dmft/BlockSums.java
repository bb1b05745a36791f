package org.dln.numeric.dmft;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dln.numeric.activation.Activation;

/**
 * The sums of one block of draws of an {@link Alternation} iteration (kernel lower triangles, Stein sums) together
 * with the per-draw workspaces of the worker that fills them; reused from block to block and added in block order.
 */
final class BlockSums {
    final SamplingContext c;
    final AlternationIteration it;
    final double[][] phiSum, gSum; // l = 1..L, lower triangles
    final double[][] ma;           // l = 1..L: n x k(G^{l+1}) Stein sums of (phi(h^l) - phi(u^l)) xi^T
    final double[][] mb;           // l = 1..L-1: n x k(Phi^l) Stein sums of (g^{l+1} - phi'(u) r) zeta^T
    long count;
    final double[] u, r, h, a, g, zeta, xi;

    final int nEff; // rows simulated: times < t1

    BlockSums(SamplingContext c, AlternationIteration it, int nEff) {
        this.c = c;
        this.it = it;
        this.nEff = nEff;
        int L = c.depth, n = c.n;
        phiSum = new double[L + 1][];
        gSum = new double[L + 1][];
        ma = new double[L + 1][];
        mb = new double[L + 1][];
        for (int l = 1; l <= L; l++) {
            phiSum[l] = new double[n * n];
            gSum[l] = new double[n * n];
            ma[l] = new double[n * it.cr[l].k];
            if (l < L) {
                mb[l] = new double[n * it.cu[l + 1].k];
            }
        }
        u = new double[n];
        r = new double[n];
        h = new double[n];
        a = new double[n];
        g = new double[n];
        zeta = new double[n];
        xi = new double[n];
    }

    void clear() {
        for (int l = 1; l <= c.depth; l++) {
            Arrays.fill(phiSum[l], 0);
            Arrays.fill(gSum[l], 0);
            Arrays.fill(ma[l], 0);
            if (mb[l] != null) {
                Arrays.fill(mb[l], 0);
            }
        }
        count = 0;
    }

    /** Simulates draws [from, to) of the block from a stream seeded by {@code seed} and leaves their sums here. */
    BlockSums run(long from, long to, long seed) {
        clear();
        final SplittableRandom rng = new SplittableRandom(seed);
        for (long d = from; d < to; d++) {
            final SplittableRandom drawRng = rng.split();
            for (int l = 1; l <= c.depth; l++) {
                drawSources(l, drawRng);
                march(l);
                accumulate(l);
            }
        }
        count = to - from;
        return this;
    }

    /** u = F_u zeta, r = F_r xi (plus jitter): one stream per (draw, layer, source), the c-th normal feeds the c-th pivot. */
    private void drawSources(int l, SplittableRandom drawRng) {
        final CausalCholesky fu = it.cu[l], fr = it.cr[l];
        final SplittableRandom ru = drawRng.split(), rr = drawRng.split();
        for (int k = 0; k < fu.k; k++) {
            zeta[k] = ru.nextGaussian();
        }
        for (int k = 0; k < fr.k; k++) {
            xi[k] = rr.nextGaussian();
        }
        fu.apply(zeta, u, nEff);
        fr.apply(xi, r, nEff);
        fu.addJitter(drawRng.split(), u, nEff);
        fr.addJitter(drawRng.split(), r, nEff);
    }

    /**
     * h at time t from g at times &lt; t; then z at time t from phi(h) at times &lt;= t (the equal-time response
     * K(t,t) = &lt;phi''(h(t)) z(t)&gt; is not zero for a nonlinear phi); g = phi'(h) z.
     */
    private void march(int l) {
        final int n = c.n, P = c.p, ne = nEff;
        final Activation act = c.act;
        final double[] c1 = it.ch[l], c2 = it.cz[l];
        for (int base = 0; base < ne; base += P) {
            for (int i = base; i < base + P; i++) {
                final int row = i * n;
                double hv = u[i];
                for (int j = 0; j < base; j++) {
                    hv += c1[row + j] * g[j];
                }
                h[i] = hv;
                a[i] = act.value(hv);
            }
            for (int i = base; i < base + P; i++) {
                final int row = i * n;
                double zv = r[i];
                for (int j = 0; j < base + P; j++) {
                    zv += c2[row + j] * a[j];
                }
                g[i] = act.derivative(h[i]) * zv;
            }
        }
    }

    /** Adds this draw's kernel outer products and Stein products of layer l. */
    private void accumulate(int l) {
        final int n = c.n, P = c.p, ne = nEff;
        final Activation act = c.act;
        final CausalCholesky fu = it.cu[l], fr = it.cr[l];
        final double[] ps = phiSum[l], gs = gSum[l], mal = ma[l];
        final double[] mbl = l >= 2 ? mb[l - 1] : null;
        final int kr = fr.k, ku = fu.k;
        for (int i = 0; i < ne; i++) {
            final double ai = a[i], gi = g[i];
            final int row = i * n;
            for (int j = 0; j <= i; j++) {
                ps[row + j] += ai * a[j];
                gs[row + j] += gi * g[j];
            }
            final int lim = (i / P) * P;
            final double ea = ai - act.value(u[i]);
            final int mrow = i * kr;
            for (int k = 0; k < kr && fr.pivots[k] < lim; k++) {
                mal[mrow + k] += ea * xi[k];
            }
            if (mbl != null) {
                final double eb = gi - act.derivative(u[i]) * r[i];
                final int brow = i * ku;
                for (int k = 0; k < ku && fu.pivots[k] < lim + P; k++) {
                    mbl[brow + k] += eb * zeta[k];
                }
            }
        }
    }

    void add(BlockSums o) {
        for (int l = 1; l <= c.depth; l++) {
            addTo(phiSum[l], o.phiSum[l]);
            addTo(gSum[l], o.gSum[l]);
            addTo(ma[l], o.ma[l]);
            if (mb[l] != null) {
                addTo(mb[l], o.mb[l]);
            }
        }
        count += o.count;
    }

    void scale(double s) {
        for (int l = 1; l <= c.depth; l++) {
            scaleIn(phiSum[l], s);
            scaleIn(gSum[l], s);
            scaleIn(ma[l], s);
            if (mb[l] != null) {
                scaleIn(mb[l], s);
            }
        }
    }

    static void addTo(double[] dst, double[] src) {
        for (int k = 0; k < dst.length; k++) {
            dst[k] += src[k];
        }
    }

    private static void scaleIn(double[] dst, double s) {
        for (int k = 0; k < dst.length; k++) {
            dst[k] *= s;
        }
    }

    double[] phiFull(int l) {
        return symmetric(phiSum[l]);
    }

    double[] gFull(int l) {
        return symmetric(gSum[l]);
    }

    private double[] symmetric(double[] lower) {
        int n = c.n;
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = lower[i * n + j];
                out[i * n + j] = v;
                out[j * n + i] = v;
            }
        }
        return out;
    }

    /** Predictions from (normalized) sums: f_i = M^L_{i,0} / gamma0 + eta sum_{j &lt; lim} Phi^L_{ij} dw_j. */
    double[] predictions() {
        return predictions(1.0);
    }

    private double[] predictions(double norm) {
        int n = c.n, P = c.p, L = c.depth;
        double[] out = new double[n];
        double[] ps = phiSum[L];
        int kr = it.cr[L].k;
        for (int i = 0; i < n; i++) {
            int lim = (i / P) * P;
            double acc = 0;
            for (int j = 0; j < lim; j++) {
                acc += ps[i * n + j] * it.dw[j];
            }
            double stein = kr > 0 ? ma[L][i * kr] : 0.0;
            out[i] = norm * (stein / c.gamma0 + c.eta * acc);
        }
        return out;
    }

    /** Monitored quantities (f, equal-time Phi^l, G^l) of these sums divided by their draw count. */
    void monitored(double[] m) {
        double norm = count > 0 ? 1.0 / count : 1.0;
        c.monitored(predictions(norm), phiSum, gSum, norm, true, m);
    }
}
