package org.dln.numeric.simulation;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Langevin sampling of the posterior of one finite-width deep linear network (noisy gradient descent), see
 * {@link LangevinSpec}. The dynamics {@code d theta = -grad E dt + sqrt(2) dW} is discretized either by
 * Euler-Maruyama,
 * <pre>  theta <- theta - dt (theta + grad E_lik) + sqrt(2 dt) xi, </pre>
 * or by the exponential Euler scheme that integrates the prior (Ornstein-Uhlenbeck) part exactly,
 * <pre>  theta <- e^{-dt} theta - (1 - e^{-dt}) grad E_lik + sqrt(1 - e^{-2 dt}) xi, </pre>
 * with {@code E_lik = beta N gamma0^2/2 sum_mu (f_mu - y_mu)^2} and xi standard normal per weight. Both agree to
 * first order in dt and sample the posterior up to O(dt): Euler-Maruyama inflates every prior variance by
 * 1/(1 - dt/2), so Phi^l is biased by about l dt/2; the exponential scheme has no bias at gamma0 -> 0 and an O(dt)
 * bias in the likelihood directions only.
 *
 * <p>Gradients (linear network, g^L = w, g^l = W^l^T g^{l+1}/sqrt(N), e_mu = f_mu - y_mu):
 * dE/dw = beta gamma0 sum_mu e_mu h^L_mu, dE/dW^l = beta gamma0 g^{l+1} (sum_mu e_mu h^l_mu)^T / sqrt(N),
 * dE/dW^0 = beta gamma0 g^1 (sum_mu e_mu x_mu)^T / sqrt(D).
 *
 * <p>One chain starts from a prior draw ({@code new SplittableRandom(seed)}: W^0, W^1..W^{L-1}, w row-major) and uses
 * the same generator for the noise. After burn-in it records, every {@code thin} steps, the kernels
 * Phi^l = h^l . h^l / N between all M = P + Q inputs (train first) and the outputs f of all inputs.
 */
public final class LangevinSimulator {

    private LangevinSimulator() {
    }

    /** Number of recorded observables: L blocks of M x M kernels, then M outputs. */
    public static int observableCount(LangevinSpec s) {
        int m = s.numTrain() + s.numTest();
        return s.depth() * m * m + m;
    }

    /**
     * Runs one chain.
     *
     * @return samples[k][j]: observable j ({@link #observableCount}) at recorded sample k
     * @throws SimulationDivergedException if a weight or output becomes non-finite (dt too large)
     */
    public static double[][] runChain(LangevinSpec s, long seed) {
        return recordChain(s, new Chain(s, seed), null);
    }

    /**
     * The burn-in and the recorded samples of {@code chain} ({@link #runChain}); {@code onRecord} (may be null) sees the
     * chain after each recorded sample.
     */
    private static double[][] recordChain(LangevinSpec s, Chain chain, java.util.function.Consumer<Chain> onRecord) {
        int burn = s.burnInSteps();
        int samples = s.samplesPerChain();
        int total = burn + samples * s.thin();
        double[][] out = new double[samples][observableCount(s)];
        int recorded = 0;
        for (int step = 1; step <= total; step++) {
            chain.forward(step);
            chain.update();
            if (step > burn && (step - burn) % s.thin() == 0 && recorded < samples) {
                // record the state before this step's update (kernels and outputs of the forward pass above)
                chain.record(step, out[recorded++]);
                if (onRecord != null) {
                    onRecord.accept(chain);
                }
            }
        }
        return out;
    }

    /**
     * Runs one chain as {@link #runChain} and also accumulates, over its recorded samples (ds = thin dt apart), the lagged
     * products of the hidden features and of the readout weights for lags k ds, k = 0..lags ({@link DriftAccumulator}).
     *
     * @return the samples of {@link #runChain} and the chain's drift averages ([l-1][k][M*M] for Phi^l(t + k ds, t),
     *         [L][k][0] for w(t + k ds) . w(t) / N)
     */
    public static DriftChain runDriftChain(LangevinSpec s, long seed, int lags) {
        int m = s.numTrain() + s.numTest();
        DriftAccumulator acc = new DriftAccumulator(s.depth(), m, s.width(), lags);
        double[][] hidden = new double[s.depth()][];
        double[][] out = recordChain(s, new Chain(s, seed), chain -> {
            for (int l = 1; l <= s.depth(); l++) {
                hidden[l - 1] = chain.hT[l].data;
            }
            acc.add(hidden, chain.w);
        });
        return new DriftChain(out, acc.averages());
    }

    /** One chain's samples and drift averages ({@link #runDriftChain}). */
    public record DriftChain(double[][] samples, double[][][] drift) {
    }

    /**
     * Runs one chain of Langevin training from the initialization (no burn-in) with weight decay lambda, temperature T
     * and initial scale sigma0 (exponential Euler, step {@code s.dt()}; s.beta() multiplies the likelihood gradient),
     * recording the outputs f of all M inputs before the update of each step in {@code recordSteps} (increasing; step 0
     * is the initialization).
     *
     * @return out[k][mu]: f_mu at recordSteps[k]
     */
    public static double[][] runTrajectory(LangevinSpec s, long seed, double lambda, double temperature, double sigma0,
                                           int[] recordSteps) {
        if (!s.exponential()) {
            throw new IllegalArgumentException("trajectories use the exponential Euler scheme");
        }
        Chain chain = new Chain(s, seed, lambda, temperature, sigma0);
        int m = s.numTrain() + s.numTest();
        double[][] out = new double[recordSteps.length][];
        int k = 0;
        int last = recordSteps[recordSteps.length - 1];
        for (int step = 0; step <= last; step++) {
            chain.forward(step);
            while (k < recordSteps.length && recordSteps[k] == step) {
                out[k++] = java.util.Arrays.copyOf(chain.f, m);
            }
            if (step < last) {
                chain.update();
            }
        }
        return out;
    }

    /** One chain: the weights, the random stream (prior draw, then the noise) and the workspaces, allocated once. */
    private static final class Chain {
        private final LangevinSpec s;
        private final long seed;
        private final int n, d, p, m, depth;
        private final double gamma0, invSqrtN, invSqrtD;
        private final double a, b, sigma; // theta <- a theta - b grad E_lik + sigma xi
        private final double coef;        // beta gamma0
        private final SplittableRandom rng;
        private final DMatrixRMaj xAll, w0, kern;
        private final DMatrixRMaj[] hidden, hT;
        private final double[] w, f, e, v, xe;
        private final double[][] rowsBuf, g;

        Chain(LangevinSpec s, long seed) {
            this(s, seed, 1.0, 1.0, 1.0);
        }

        /** A chain of d theta = -(lambda theta + grad E) dt + sqrt(2 T) dB from theta(0) ~ N(0, sigma0^2) (exponential Euler). */
        Chain(LangevinSpec s, long seed, double lambda, double temperature, double sigma0) {
            this.s = s;
            this.seed = seed;
            n = s.width();
            d = s.inputDim();
            p = s.numTrain();
            m = p + s.numTest();
            depth = s.depth();
            gamma0 = s.gamma0();
            invSqrtN = 1.0 / Math.sqrt(n);
            invSqrtD = 1.0 / Math.sqrt(d);
            if (s.exponential()) {
                a = Math.exp(-lambda * s.dt());
                b = lambda == 0 ? s.dt() : -Math.expm1(-lambda * s.dt()) / lambda;
                sigma = lambda == 0 ? Math.sqrt(2 * temperature * s.dt())
                        : Math.sqrt(temperature / lambda * -Math.expm1(-2 * lambda * s.dt()));
            } else {
                a = 1 - s.dt();
                b = s.dt();
                sigma = Math.sqrt(2 * s.dt());
            }
            coef = s.beta() * gamma0;
            rng = new SplittableRandom(seed);
            xAll = InitialState.inputs(s.x(), s.xTest());
            w0 = InitialState.gaussian(n, d, rng);
            hidden = new DMatrixRMaj[depth];
            for (int l = 1; l < depth; l++) {
                hidden[l] = InitialState.gaussian(n, n, rng);
            }
            w = InitialState.gaussian(n, 1, rng).data;
            if (sigma0 != 1.0) {
                CommonOps_DDRM.scale(sigma0, w0);
                for (int l = 1; l < depth; l++) {
                    CommonOps_DDRM.scale(sigma0, hidden[l]);
                }
                for (int i = 0; i < n; i++) {
                    w[i] *= sigma0;
                }
            }
            hT = new DMatrixRMaj[depth + 1];
            g = new double[depth + 2][];
            for (int l = 1; l <= depth; l++) {
                hT[l] = new DMatrixRMaj(m, n);
                g[l] = new double[n];
            }
            rowsBuf = new double[m][n];
            f = new double[m];
            e = new double[m];
            v = new double[n];
            xe = new double[d];
            kern = new DMatrixRMaj(m, m);
        }

        /** Forward pass of all M inputs: h^l, the outputs f and the errors e (train inputs only). */
        void forward(int step) {
            CommonOps_DDRM.multTransB(invSqrtD, xAll, w0, hT[1]);
            for (int l = 1; l < depth; l++) {
                DenseKernels.forward(hidden[l], hT[l], invSqrtN, hT[l + 1], rowsBuf);
            }
            double[] hl = hT[depth].data;
            for (int mu = 0; mu < m; mu++) {
                double acc = 0;
                int base = mu * n;
                for (int i = 0; i < n; i++) {
                    acc += hl[base + i] * w[i];
                }
                f[mu] = acc / (gamma0 * n);
                e[mu] = mu < p ? f[mu] - s.y()[mu] : 0.0;
            }
            if (!Double.isFinite(f[0])) {
                throw new SimulationDivergedException(step, seed, "f[0] = " + f[0] + " (Langevin step dt = " + s.dt()
                        + " too large for beta = " + s.beta() + ")");
            }
        }

        /** Backward pass (weights before the update) fused with the update of every layer: readout, hidden, W^0. */
        void update() {
            System.arraycopy(w, 0, g[depth], 0, n);
            // readout: w <- a w - b beta gamma0 H^L^T e + sigma xi
            sumRows(hT[depth].data, e, m, n, v);
            for (int i = 0; i < n; i++) {
                w[i] = a * w[i] - b * coef * v[i] + sigma * rng.nextGaussian();
            }
            for (int l = depth - 1; l >= 1; l--) {
                sumRows(hT[l].data, e, m, n, v);
                updateHidden(hidden[l].data, n, g[l + 1], invSqrtN, g[l], a, b * coef * invSqrtN, v, sigma, rng);
            }
            // W^0 (N x D): W0_ik <- a W0_ik - b coef g1_i (X^T e)_k / sqrt(D) + sigma xi
            Arrays.fill(xe, 0.0);
            for (int mu = 0; mu < p; mu++) {
                for (int k = 0; k < d; k++) {
                    xe[k] += e[mu] * xAll.unsafe_get(mu, k);
                }
            }
            double[] w0d = w0.data;
            double c0 = b * coef * invSqrtD;
            for (int i = 0; i < n; i++) {
                double gi = c0 * g[1][i];
                int base = i * d;
                for (int k = 0; k < d; k++) {
                    w0d[base + k] = a * w0d[base + k] - gi * xe[k] + sigma * rng.nextGaussian();
                }
            }
        }

        /** The kernels Phi^l (M x M, l = 1..L) and outputs f of the last forward pass into o. */
        void record(int step, double[] o) {
            int j = 0;
            for (int l = 1; l <= depth; l++) {
                CommonOps_DDRM.multTransB(1.0 / n, hT[l], hT[l], kern);
                System.arraycopy(kern.data, 0, o, j, m * m);
                j += m * m;
            }
            System.arraycopy(f, 0, o, j, m);
            for (double val : o) {
                if (!Double.isFinite(val)) {
                    throw new SimulationDivergedException(step, seed, "a kernel entry (Langevin step dt = "
                            + s.dt() + " too large for beta = " + s.beta() + ")");
                }
            }
        }
    }

    /** v = sum_mu e_mu h_mu (rows of hT). */
    private static void sumRows(double[] hT, double[] e, int m, int n, double[] v) {
        Arrays.fill(v, 0.0);
        for (int mu = 0; mu < m; mu++) {
            double em = e[mu];
            if (em == 0.0) {
                continue;
            }
            int base = mu * n;
            for (int i = 0; i < n; i++) {
                v[i] += em * hT[base + i];
            }
        }
    }

    /**
     * One sweep over W (N x N): gOut = backScale W^T gIn (before the update), then
     * W_ik <- a W_ik - alpha gIn_i v_k + sigma xi_ik.
     */
    private static void updateHidden(double[] wd, int n, double[] gIn, double backScale, double[] gOut, double a,
                                     double alpha, double[] v, double sigma, SplittableRandom rng) {
        Arrays.fill(gOut, 0.0);
        for (int i = 0; i < n; i++) {
            int base = i * n;
            double gi = gIn[i];
            double ag = alpha * gi;
            for (int k = 0; k < n; k++) {
                double wik = wd[base + k];
                gOut[k] += wik * gi;
                wd[base + k] = a * wik - ag * v[k] + sigma * rng.nextGaussian();
            }
        }
        for (int k = 0; k < n; k++) {
            gOut[k] *= backScale;
        }
    }
}
