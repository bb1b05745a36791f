package org.dln.numeric.dmft;

import java.util.Arrays;
import org.dln.numeric.activation.Activation;

/**
 * The constants of one sampling solve shared by every replica and method: the problem (activation, P, T, L,
 * n = P T, gamma0, eta, lossScale, y, Kx), the resolved options, the source kernels Phi^0 = Kx (every time pair) and
 * G^{L+1} = 1, and the lengths of the two vectors a replica produces: its monitored quantities (f and the equal-time
 * Phi^l, G^l, which the stopping rule and the batch means watch) and its output (layout of {@link ObservableLayout}).
 * Immutable after construction.
 */
final class SamplingContext {
    final Activation act;
    final int p, tp, depth, n;
    final double gamma0, eta, lossScale;
    final double[] y;
    final double[] phi0;
    final double[] ones;
    final SamplingOptions opt;
    final double[][] kx;

    SamplingContext(SamplingProblem problem, SamplingOptions options) {
        act = problem.activation();
        p = problem.samples();
        tp = problem.timePoints();
        depth = problem.depth();
        n = p * tp;
        gamma0 = problem.gamma0();
        eta = problem.eta();
        lossScale = problem.lossScale();
        y = problem.y();
        kx = problem.kx();
        opt = options;
        phi0 = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                phi0[i * n + j] = kx[i % p][j % p];
            }
        }
        ones = new double[n * n];
        Arrays.fill(ones, 1.0);
    }

    /** Length of the monitored vector: f (n), then the equal-time blocks of Phi^1..Phi^L, then of G^1..G^L. */
    int monitoredLength() {
        return n + 2 * depth * tp * p * p;
    }

    /** Length of a replica's output vector: f, loss, ntk, phi, gram, g ({@link ObservableLayout}). */
    int outputLength() {
        return n + tp + tp * p * p + 2 * depth * tp * p * p + depth * tp;
    }

    /**
     * Writes the P x P equal-time blocks K(t, t) of the n x n kernel K, t = 0..T-1 in order, times {@code norm}, into
     * {@code out} from index k. With {@code lowerTriangle} entry (a, b) is read at (max, min) (a kernel stored as its
     * lower triangle), otherwise at (a, b).
     *
     * @return the index after the last value written
     */
    int equalTimeBlocks(double[] kernel, double norm, boolean lowerTriangle, double[] out, int k) {
        int P = p;
        for (int t = 0; t < tp; t++) {
            for (int a = 0; a < P; a++) {
                for (int b = 0; b < P; b++) {
                    int i = t * P + (lowerTriangle ? Math.max(a, b) : a);
                    int j = t * P + (lowerTriangle ? Math.min(a, b) : b);
                    out[k++] = norm * kernel[i * n + j];
                }
            }
        }
        return k;
    }

    /**
     * The monitored vector of kernels and predictions (f, then the equal-time blocks of kernels[1..L] for each of the
     * two kernel families in turn), each kernel value times {@code norm}.
     */
    double[] monitored(double[] f, double[][] phi, double[][] g, double norm, boolean lowerTriangle, double[] m) {
        System.arraycopy(f, 0, m, 0, n);
        int k = n;
        for (int pass = 0; pass < 2; pass++) {
            for (int l = 1; l <= depth; l++) {
                k = equalTimeBlocks(pass == 0 ? phi[l] : g[l], norm, lowerTriangle, m, k);
            }
        }
        return m;
    }

    /** Response-operator storage: n x n arrays for l = 1..L-1 (null at 0 and L). */
    double[][] responseOperators() {
        double[][] ops = new double[depth + 1][];
        for (int l = 1; l < depth; l++) {
            ops[l] = new double[n * n];
        }
        return ops;
    }
}
