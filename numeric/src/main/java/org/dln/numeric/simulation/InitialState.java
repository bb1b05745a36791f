package org.dln.numeric.simulation;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * What every simulated network starts from, shared by the linear {@link Network} and the {@link NonlinearNetwork}:
 * the inputs (train rows, then test rows) and the i.i.d. N(0,1) weights drawn from one seed in a fixed order
 * (W^0, then W^1 .. W^{L-1}, then the readout w^L), so that the two networks with the same seed hold the same weights.
 */
final class InitialState {
    private InitialState() {
    }

    /** The M x D input matrix, train samples then test samples. */
    static DMatrixRMaj inputs(SimulationSpec spec) {
        int p = spec.numTrain(), m = p + spec.numTest(), d = spec.inputDim();
        DMatrixRMaj xAll = new DMatrixRMaj(m, d);
        for (int mu = 0; mu < m; mu++) {
            for (int i = 0; i < d; i++) {
                xAll.unsafe_set(mu, i, mu < p ? spec.x(mu, i) : spec.xTest(mu - p, i));
            }
        }
        return xAll;
    }

    /** The M x D input matrix of train rows x (P x D) then test rows xTest (Q x D). */
    static DMatrixRMaj inputs(double[][] x, double[][] xTest) {
        int p = x.length, m = p + xTest.length, d = x[0].length;
        DMatrixRMaj xAll = new DMatrixRMaj(m, d);
        for (int mu = 0; mu < m; mu++) {
            double[] row = mu < p ? x[mu] : xTest[mu - p];
            for (int i = 0; i < d; i++) {
                xAll.unsafe_set(mu, i, row[i]);
            }
        }
        return xAll;
    }

    /** The weights of one seed: w0 (N x D), hidden[l] (N x N, l = 1..L-1; hidden[0] null), wOut (N x 1). */
    record Weights(DMatrixRMaj w0, DMatrixRMaj[] hidden, DMatrixRMaj wOut) {
        static Weights draw(SimulationSpec spec, long seed) {
            int n = spec.width(), d = spec.inputDim(), depth = spec.depth();
            SplittableRandom rng = new SplittableRandom(seed);
            DMatrixRMaj w0 = gaussian(n, d, rng);
            DMatrixRMaj[] hidden = new DMatrixRMaj[depth];
            for (int l = 1; l < depth; l++) {
                hidden[l] = gaussian(n, n, rng);
            }
            return new Weights(w0, hidden, gaussian(n, 1, rng));
        }
    }

    /** A rows x cols matrix of standard normals from rng, row-major. */
    static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        double[] data = a.data;
        for (int i = 0, len = rows * cols; i < len; i++) {
            data[i] = rng.nextGaussian();
        }
        return a;
    }
}
