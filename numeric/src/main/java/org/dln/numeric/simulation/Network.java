package org.dln.numeric.simulation;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.VectorVectorMult_DDRM;

/**
 * One finite-width deep linear network together with all the workspaces needed to train it; everything
 * is allocated once in the constructor. Samples are stored as <em>rows</em>: {@code hT[l]} is the
 * {@code M x N} matrix whose row {@code mu} is {@code h^l_mu}, with the {@code P} training samples first
 * and the {@code Q} test samples after them ({@code M = P + Q}).
 *
 * <p>Initial weights are drawn from {@code new SplittableRandom(seed).nextGaussian()} in this order:
 * {@code W^0} row-major, then {@code W^1 .. W^{L-1}} each row-major, then {@code w^L}.
 */
final class Network extends SimulatedNetwork {

    /** {@code hT[l]} ({@code M x N}) holds {@code h^l} of every sample as rows, {@code l = 1 .. L}. */
    final DMatrixRMaj[] hT;
    /** Views of the first {@code P} rows of {@code hT[l]} (training samples), sharing storage. */
    final DMatrixRMaj[] hTrainT;
    /** {@code g[l]} ({@code N x 1}) is the backward signal {@code g^l}, {@code l = 1 .. L}. */
    final DMatrixRMaj[] g;

    private final DMatrixRMaj deltaPad;
    private final DMatrixRMaj v;
    private final DMatrixRMaj xDelta;
    private final double[][] rowsBuf;
    private final boolean referenceKernels;

    /**
     * @param referenceKernels if true use plain {@code CommonOps_DDRM} for the {@code N x N} layers
     *                         instead of the fused {@link DenseKernels} (slower; used to cross-check)
     */
    Network(SimulationSpec spec, long seed, boolean referenceKernels) {
        super(spec, seed);
        this.referenceKernels = referenceKernels;
        hT = new DMatrixRMaj[depth + 1];
        hTrainT = new DMatrixRMaj[depth + 1];
        g = new DMatrixRMaj[depth + 1];
        for (int l = 1; l <= depth; l++) {
            hT[l] = new DMatrixRMaj(m, n);
            hTrainT[l] = DMatrixRMaj.wrap(p, n, hT[l].data);
            g[l] = new DMatrixRMaj(n, 1);
        }
        deltaPad = new DMatrixRMaj(m, 1);
        v = new DMatrixRMaj(n, 1);
        xDelta = new DMatrixRMaj(d, 1);
        rowsBuf = depth >= 2 ? new double[m][n] : null;
    }

    /** Forward pass: fills {@link #hT} for {@code l = 1 .. L} and {@link #fRaw}. */
    @Override
    void forward() {
        // h^1 = W^0 x / sqrt(D)  <=>  hT1 = X W0^T / sqrt(D)
        CommonOps_DDRM.multTransB(invSqrtD, xAll, w0, hT[1]);
        for (int l = 1; l < depth; l++) {
            // h^{l+1} = W^l h^l / sqrt(N)  <=>  hT_{l+1} = hT_l W^l^T / sqrt(N)
            if (referenceKernels) {
                CommonOps_DDRM.multTransB(invSqrtN, hT[l], hidden[l], hT[l + 1]);
            } else {
                DenseKernels.forward(hidden[l], hT[l], invSqrtN, hT[l + 1], rowsBuf);
            }
        }
        // f = w^L . h^L / (gamma0 N)
        CommonOps_DDRM.mult(1.0 / (gamma0 * n), hT[depth], wOut, fRaw);
    }

    /**
     * Backward pass, optionally fused with one gradient-descent update. Must follow {@link #forward()}.
     * Fills {@code g[l]} ({@code g^L = w^L}, {@code g^l = W^l^T g^{l+1} / sqrt(N)}) from the weights
     * <em>before</em> the update; if {@code delta != null} then applies simultaneously to all layers
     * <pre>
     *   w^L += lr sum_mu delta_mu h^L_mu
     *   W^l += lr g^{l+1} (sum_mu delta_mu h^l_mu)^T / sqrt(N)     l = 1 .. L-1
     *   W^0 += lr g^1 (sum_mu delta_mu x_mu)^T / sqrt(D)
     * </pre>
     * where {@code lr = eta gamma0 lossScale}. (Since {@code g} does not depend on the sample in a linear
     * network, the rank-{@code P} sum {@code sum_mu delta_mu g h_mu^T} is the rank-one
     * {@code g (H delta)^T}.)
     *
     * @param delta training errors {@code y_mu - f_mu} (length {@code P}), or null for no update
     */
    void backward(double[] delta, double lr) {
        final boolean update = delta != null;
        System.arraycopy(wOut.data, 0, g[depth].data, 0, n);
        if (update) {
            for (int mu = 0; mu < m; mu++) {
                deltaPad.data[mu] = mu < p ? delta[mu] : 0.0;   // test samples never enter the loss
            }
            CommonOps_DDRM.multTransA(hT[depth], deltaPad, v);
            CommonOps_DDRM.addEquals(wOut, lr, v);
        }
        for (int l = depth - 1; l >= 1; l--) {
            final double alpha = update ? lr * invSqrtN : 0.0;
            if (update) {
                CommonOps_DDRM.multTransA(hT[l], deltaPad, v);     // v = sum_mu delta_mu h^l_mu
            }
            if (referenceKernels) {
                CommonOps_DDRM.multTransA(invSqrtN, hidden[l], g[l + 1], g[l]);
                if (update) {
                    VectorVectorMult_DDRM.addOuterProd(alpha, g[l + 1], v, hidden[l]);
                }
            } else {
                DenseKernels.backwardUpdate(hidden[l], g[l + 1].data, invSqrtN, g[l].data, alpha, v.data);
            }
        }
        if (update) {
            CommonOps_DDRM.multTransA(xAll, deltaPad, xDelta);     // sum_mu delta_mu x_mu
            VectorVectorMult_DDRM.addOuterProd(lr * invSqrtD, g[1], xDelta, w0);
        }
    }

    /**
     * {@link #backward} with weight decay: W &lt;- rho W + lr (...) = rho (W + (lr / rho)(...)), the gradient taken at
     * the weights before the step.
     */
    @Override
    void step(double[] delta, double lr, double rho) {
        backward(delta, rho == 1.0 ? lr : lr / rho);
        if (delta != null && rho != 1.0) {
            scaleWeights(rho);
        }
    }

    /** G^l = g^l . g^l / N (the same for every sample), K = sum_{l=0..L} G^{l+1} Phi^l (Phi^0 = Kx, G^{L+1} = 1). */
    @Override
    void tangentKernel(DMatrixRMaj kx, DMatrixRMaj[] phi, double[] gKernel, DMatrixRMaj ntk) {
        for (int l = 1; l <= depth; l++) {
            gKernel[l] = gKernel(l);
        }
        gKernel[depth + 1] = 1.0;
        CommonOps_DDRM.scale(gKernel[1], kx, ntk);
        for (int l = 1; l <= depth; l++) {
            CommonOps_DDRM.addEquals(ntk, gKernel[l + 1], phi[l]);
        }
    }

    /** Multiplies every weight (W^0, W^l, w^L) by {@code rho} (weight decay). */
    void scaleWeights(double rho) {
        CommonOps_DDRM.scale(rho, w0);
        for (int l = 1; l < depth; l++) {
            CommonOps_DDRM.scale(rho, hidden[l]);
        }
        CommonOps_DDRM.scale(rho, wOut);
    }

    /** @return {@code G^l = g^l . g^l / N} from the last {@link #backward} call, {@code l = 1 .. L} */
    double gKernel(int l) {
        return CommonOps_DDRM.dot(g[l], g[l]) / n;
    }

    /**
     * Equal-time feature kernels of layer {@code l} between all samples and the training samples:
     * {@code out[mu][nu] = h^l_mu . h^l_nu / N}, {@code out} is {@code M x P}.
     */
    @Override
    void featureKernel(int l, DMatrixRMaj out) {
        CommonOps_DDRM.multTransB(1.0 / n, hT[l], hTrainT[l], out);
    }
}
