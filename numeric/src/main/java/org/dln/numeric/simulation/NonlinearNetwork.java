package org.dln.numeric.simulation;

import org.dln.numeric.activation.Activation;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * One finite-width network with a nonlinear activation phi (theory.md section 1):
 * h^1 = W^0 x / sqrt(D), h^{l+1} = W^l phi(h^l) / sqrt(N), f = w^L . phi(h^L) / (gamma0 N). Backpropagation keeps one
 * backward signal per sample, g^L_mu = w^L o phi'(h^L_mu), g^l_mu = phi'(h^l_mu) o (W^l^T g^{l+1}_mu / sqrt(N)), since
 * for phi != identity g depends on the sample. Weights are drawn exactly as in {@link Network} (same seed, same
 * order: W^0, W^1 .. W^{L-1}, w^L). Samples are rows, train then test, as in {@link Network}.
 */
final class NonlinearNetwork extends SimulatedNetwork {
    final Activation act;
    final DMatrixRMaj[] hT, aT, gT;
    private final DMatrixRMaj[] gm;
    private final DMatrixRMaj z, gd, aTrain, v;

    NonlinearNetwork(SimulationSpec spec, long seed) {
        super(spec, seed);
        act = spec.activation();
        hT = new DMatrixRMaj[depth + 1];
        aT = new DMatrixRMaj[depth + 1];
        gT = new DMatrixRMaj[depth + 1];
        gm = new DMatrixRMaj[depth + 1];
        for (int l = 1; l <= depth; l++) {
            hT[l] = new DMatrixRMaj(m, n);
            aT[l] = new DMatrixRMaj(m, n);
            gT[l] = new DMatrixRMaj(m, n);
            gm[l] = new DMatrixRMaj(m, p);
        }
        z = new DMatrixRMaj(m, n);
        gd = new DMatrixRMaj(p, n);
        aTrain = new DMatrixRMaj(p, n);
        v = new DMatrixRMaj(n, 1);
    }

    private void activate(int l) {
        double[] h = hT[l].data, a = aT[l].data;
        for (int k = 0; k < h.length; k++) {
            a[k] = act.value(h[k]);
        }
    }

    @Override
    void forward() {
        CommonOps_DDRM.multTransB(invSqrtD, xAll, w0, hT[1]);
        activate(1);
        for (int l = 1; l < depth; l++) {
            CommonOps_DDRM.multTransB(invSqrtN, aT[l], hidden[l], hT[l + 1]);
            activate(l + 1);
        }
        CommonOps_DDRM.mult(1.0 / (gamma0 * n), aT[depth], wOut, fRaw);
    }

    /** Backward signals of every sample from the current weights, then (if delta != null) one update with lr. */
    void backward(double[] delta, double lr) {
        for (int mu = 0; mu < m; mu++) {
            for (int i = 0; i < n; i++) {
                gT[depth].data[mu * n + i] = wOut.data[i] * act.derivative(hT[depth].data[mu * n + i]);
            }
        }
        for (int l = depth - 1; l >= 1; l--) {
            CommonOps_DDRM.mult(invSqrtN, gT[l + 1], hidden[l], z);
            double[] g = gT[l].data, h = hT[l].data, zz = z.data;
            for (int k = 0; k < g.length; k++) {
                g[k] = act.derivative(h[k]) * zz[k];
            }
        }
        if (delta == null) {
            return;
        }
        // w^L += lr sum_mu delta_mu phi(h^L_mu)
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int mu = 0; mu < p; mu++) {
                s += delta[mu] * aT[depth].data[mu * n + i];
            }
            v.data[i] = s;
        }
        for (int l = depth - 1; l >= 1; l--) {
            // W^l += lr / sqrt(N) sum_mu delta_mu g^{l+1}_mu phi(h^l_mu)^T
            scaledTrainRows(gT[l + 1], delta, gd);
            System.arraycopy(aT[l].data, 0, aTrain.data, 0, p * n);
            CommonOps_DDRM.multAddTransA(lr * invSqrtN, gd, aTrain, hidden[l]);
        }
        scaledTrainRows(gT[1], delta, gd);
        CommonOps_DDRM.multAddTransA(lr * invSqrtD, gd, xTrain, w0);
        CommonOps_DDRM.addEquals(wOut, lr, v);
    }

    private void scaledTrainRows(DMatrixRMaj src, double[] delta, DMatrixRMaj dst) {
        for (int mu = 0; mu < p; mu++) {
            for (int i = 0; i < n; i++) {
                dst.data[mu * n + i] = delta[mu] * src.data[mu * n + i];
            }
        }
    }

    /** out (M x P) = phi(h^l) phi(h^l_train)^T / N. */
    @Override
    void featureKernel(int l, DMatrixRMaj out) {
        CommonOps_DDRM.multTransB(1.0 / n, aT[l], DMatrixRMaj.wrap(p, n, aT[l].data), out);
    }

    /** out (M x P) = g^l g^l_train^T / N (from the last backward call). */
    void gradientKernel(int l, DMatrixRMaj out) {
        CommonOps_DDRM.multTransB(1.0 / n, gT[l], DMatrixRMaj.wrap(p, n, gT[l].data), out);
    }

    /**
     * {@link #backward} with weight decay, as in {@link Network}: W &lt;- rho W + lr (...) = rho (W + (lr / rho)(...)),
     * the gradient taken at the current weights.
     */
    @Override
    void step(double[] delta, double lr, double rho) {
        backward(delta, rho == 1.0 ? lr : lr / rho);
        if (delta != null && rho != 1.0) {
            CommonOps_DDRM.scale(rho, w0);
            for (int l = 1; l < depth; l++) {
                CommonOps_DDRM.scale(rho, hidden[l]);
            }
            CommonOps_DDRM.scale(rho, wOut);
        }
    }

    /**
     * G^l is a P x P matrix per time, summarised by its mean diagonal (1/P) sum_mu G^l_{mu mu}; the NTK is
     * K = G^1 o Kx + sum_l G^{l+1} o Phi^l (elementwise, G^{L+1} = 1).
     */
    @Override
    void tangentKernel(DMatrixRMaj kx, DMatrixRMaj[] phi, double[] gKernel, DMatrixRMaj ntk) {
        for (int l = 1; l <= depth; l++) {
            gradientKernel(l, gm[l]);
            double s = 0;
            for (int mu = 0; mu < p; mu++) {
                s += gm[l].get(mu, mu);
            }
            gKernel[l] = s / p;
        }
        for (int i = 0; i < m * p; i++) {
            double acc = gm[1].data[i] * kx.data[i];
            for (int l = 1; l <= depth; l++) {
                acc += (l < depth ? gm[l + 1].data[i] : 1.0) * phi[l].data[i];
            }
            ntk.data[i] = acc;
        }
    }
}
