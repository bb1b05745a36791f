package org.dln.numeric.dmft;

import org.dln.numeric.report.SolverReport;

/**
 * The flat output vector of one replica and its inverse, the {@link SamplingResult}: f (n = P T, time-major), the
 * loss (T), the NTK equal-time blocks (T P P), the equal-time blocks of Phi^1..Phi^L and of G^1..G^L (L T P P each),
 * and the mean diagonals g^l(t) (L T). Replicas are combined entry by entry on this layout.
 */
final class ObservableLayout {

    private final SamplingContext c;

    ObservableLayout(SamplingContext c) {
        this.c = c;
    }

    /** The output vector from full (symmetric, n x n) kernels Phi^l, G^l and predictions f. */
    double[] observables(double[][] phi, double[][] gram, double[] f) {
        double[] v = new double[c.outputLength()];
        int k = 0;
        for (int i = 0; i < c.n; i++) {
            v[k++] = f[i];
        }
        k = losses(f, v, k);
        k = ntk(phi, gram, v, k);
        for (int pass = 0; pass < 2; pass++) {
            for (int l = 1; l <= c.depth; l++) {
                k = c.equalTimeBlocks(pass == 0 ? phi[l] : gram[l], 1.0, false, v, k);
            }
        }
        meanDiagonals(gram, v, k);
        return v;
    }

    private int losses(double[] f, double[] v, int k) {
        int P = c.p;
        for (int t = 0; t < c.tp; t++) {
            double s = 0;
            for (int mu = 0; mu < P; mu++) {
                double d = c.y[mu] - f[t * P + mu];
                s += d * d;
            }
            v[k++] = 0.5 * c.lossScale * s;
        }
        return k;
    }

    /** K(t) = G^1 o Kx + sum_l G^{l+1} o Phi^l on the equal-time blocks (G^{L+1} = 1). */
    private int ntk(double[][] phi, double[][] gram, double[] v, int k) {
        int P = c.p, L = c.depth, n = c.n;
        for (int t = 0; t < c.tp; t++) {
            for (int a = 0; a < P; a++) {
                for (int b = 0; b < P; b++) {
                    int idx = (t * P + a) * n + t * P + b;
                    double acc = gram[1][idx] * c.kx[a][b];
                    for (int l = 1; l <= L; l++) {
                        acc += (l < L ? gram[l + 1][idx] : 1.0) * phi[l][idx];
                    }
                    v[k++] = acc;
                }
            }
        }
        return k;
    }

    private void meanDiagonals(double[][] gram, double[] v, int k) {
        int P = c.p, n = c.n;
        for (int l = 1; l <= c.depth; l++) {
            for (int t = 0; t < c.tp; t++) {
                double s = 0;
                for (int a = 0; a < P; a++) {
                    s += gram[l][(t * P + a) * n + t * P + a];
                }
                v[k++] = s / P;
            }
        }
    }

    /** Batch-means standard errors (monitored layout) on the output layout: f, Phi, G exactly; loss, NTK, g: 0. */
    double[] standardErrors(double[] monitoredSe) {
        int T = c.tp, P = c.p, L = c.depth, n = c.n;
        double[] v = new double[c.outputLength()];
        System.arraycopy(monitoredSe, 0, v, 0, n);
        System.arraycopy(monitoredSe, n, v, n + T + T * P * P, 2 * L * T * P * P);
        return v;
    }

    /** The result from the output-layout mean and standard error. */
    SamplingResult result(double[] mean, double[] se, SolverReport report) {
        int tp = c.tp, p = c.p, depth = c.depth;
        double[][][] fs = new double[2][tp][p];
        double[][] losses = new double[2][tp];
        double[][][][] ntks = new double[2][tp][p][p];
        double[][][][][] phis = new double[2][depth][tp][p][p];
        double[][][][][] grams = new double[2][depth][tp][p][p];
        double[][][] gs = new double[2][depth][tp];
        for (int w = 0; w < 2; w++) {
            Reader in = new Reader(w == 0 ? mean : se);
            in.matrix(fs[w]);
            in.vector(losses[w]);
            in.matrices(ntks[w]);
            for (int l = 0; l < depth; l++) {
                in.matrices(phis[w][l]);
            }
            for (int l = 0; l < depth; l++) {
                in.matrices(grams[w][l]);
            }
            in.matrix(gs[w]);
        }
        return new SamplingResult(fs[0], fs[1], losses[0], losses[1], ntks[0], ntks[1], phis[0], phis[1], grams[0],
                grams[1], gs[0], gs[1], report);
    }

    /** Reads a flat vector in order into nested arrays. */
    private static final class Reader {
        private final double[] v;
        private int k;

        Reader(double[] v) {
            this.v = v;
        }

        void vector(double[] dst) {
            System.arraycopy(v, k, dst, 0, dst.length);
            k += dst.length;
        }

        void matrix(double[][] dst) {
            for (double[] row : dst) {
                vector(row);
            }
        }

        void matrices(double[][][] dst) {
            for (double[][] m : dst) {
                matrix(m);
            }
        }
    }
}
