package org.dln.linear.adaptive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.report.SolverReport;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The Bayesian (adaptive-kernel saddle point) predictor of a two-layer muP network f = a . phi(h) / (gamma0 N),
 * h = W x / sqrt(D), with the posterior p ~ exp(-beta N gamma0^2 / 2 sum (f - y)^2 - |theta|^2 / 2) of
 * docs/theory.md section 9, for any activation (docs/theory.md section 14.1). At infinite width the kernel
 * Phi = <phi(h) phi(h)^T> is the average over the single-site measure
 * <pre>
 *   p(h) ~ N(h; 0, Kx) exp(gamma0^2 (a . phi(h_X))^2 / 2),     a = (Phi(X, X) + I / beta)^{-1} y,
 * </pre>
 * h jointly on the P train and Q test inputs (the tilt involves the train components only), and the predictor is
 * f(x) = Phi(x, X) a. For phi = identity this is section 9 at L = 1; for a nonlinearity the tilted measure is not
 * Gaussian and is sampled: per replica, a population of S chains updated by elliptical slice sampling (Murray, Adams
 * and MacKay 2010; exact for a Gaussian prior times any likelihood, no step size) in the whitened coordinates
 * xi ~ N(0, I), h = R xi with R R^T = Kx (joint). After every sweep a is recomputed from the population estimate of
 * Phi (instantaneous during burn-in, the running mean over the measured sweeps afterwards), the stochastic
 * approximation of the self-consistency. R independent replicas give standard errors.
 */
public final class TwoLayerBayesPopulation {

    /**
     * @param activation phi
     * @param gamma0     feature-learning strength >= 0 (0: the NNGP, the untilted Gaussian)
     * @param beta       inverse temperature > 0
     * @param samples    chains S per replica
     * @param replicas   R >= 2
     * @param burnIn     sweeps before measuring
     * @param sweeps     measured sweeps
     * @param seed       seed
     */
    public record Settings(Activation activation, double gamma0, double beta, int samples, int replicas, int burnIn,
                           int sweeps, long seed) {
        public Settings {
            if (!(gamma0 >= 0) || !(beta > 0) || samples < 2 || replicas < 2 || burnIn < 0 || sweeps < 1) {
                throw new IllegalArgumentException("need gamma0 >= 0, beta > 0, samples >= 2, replicas >= 2, burn-in >= 0, sweeps >= 1");
            }
        }
    }

    /**
     * @param f        mean prediction over replicas, train then test (P + Q)
     * @param se       its standard error over replicas
     * @param a        mean of a over replicas (P)
     * @param tilt     gamma0^2 a^T Phi-weighted tilt diagnostic: the mean over replicas of gamma0^2 <(a . phi)^2>
     *                 under the tilted measure (the linear network needs gamma0^2 a^T Kx a < 1 for a normalizable tilt)
     * @param report   sweeps, history of the relative change of a every 10 sweeps (first replica), convergence
     */
    public record Result(double[] f, double[] se, double[] a, double tilt, SolverReport report) {
    }

    private TwoLayerBayesPopulation() {
    }

    /**
     * @param kAll joint Gram matrix of train (first P) and test inputs, (P + Q) x (P + Q)
     * @param p    P
     * @param y    train targets
     */
    public static Result run(double[][] kAll, int p, double[] y, Settings s) {
        long start = System.nanoTime();
        int m = kAll.length;
        DMatrixRMaj root = TwoLayerDecayPopulation.sqrt(kAll);
        double[][] fr = new double[s.replicas()][];
        double[] aMean = new double[p];
        double tilt = 0;
        List<Double> history = new ArrayList<>();
        boolean ok = true;
        for (int r = 0; r < s.replicas(); r++) {
            Chains c = new Chains(root, p, y, s, new SplittableRandom(s.seed() * 1_000_003L + r));
            ok &= c.run(r == 0 ? history : null);
            fr[r] = c.predict();
            for (int i = 0; i < p; i++) {
                aMean[i] += c.a[i] / s.replicas();
            }
            tilt += c.tiltMean / s.replicas();
        }
        int rr = s.replicas();
        double[] mean = new double[m], se = new double[m];
        for (int j = 0; j < m; j++) {
            double acc = 0;
            for (double[] f : fr) {
                acc += f[j];
            }
            acc /= rr;
            double v = 0;
            for (double[] f : fr) {
                v += (f[j] - acc) * (f[j] - acc);
            }
            mean[j] = acc;
            se[j] = Math.sqrt(v / (rr - 1) / rr);
            ok &= Double.isFinite(acc) && Double.isFinite(se[j]);
        }
        double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
        SolverReport report = new SolverReport("bayes-population", s.burnIn() + s.sweeps(), h, h.length == 0 ? Double.NaN : h[h.length - 1],
                ok, (System.nanoTime() - start) * 1e-9, List.of(String.format(Locale.ROOT,
                "S = %d chains x R = %d replicas, %d + %d elliptical-slice sweeps, %s; gamma0^2 <(a.phi)^2> = %.3f",
                s.samples(), s.replicas(), s.burnIn(), s.sweeps(), s.activation().name(), tilt)));
        return new Result(mean, se, aMean, tilt, report);
    }

    /** One replica: S chains in whitened coordinates and the self-consistent a. */
    private static final class Chains {
        /** |h| beyond which the tilted measure is taken as not normalizable (the chains escape). */
        static final double ESCAPE = 1e6;
        final int p, m, n;
        final Settings s;
        final double[] y;
        final DMatrixRMaj root;
        final SplittableRandom rng;
        final double[] xi;      // n x m whitened state
        final double[] hx;      // n x p train preactivations
        final double[] a;
        final double[] phiSum;  // m x p running sum of phi(h_all) phi(h_X)^T over measured sweeps
        double weight;          // number of measured sweeps x n
        double tiltMean;

        Chains(DMatrixRMaj root, int p, double[] y, Settings s, SplittableRandom rng) {
            this.p = p;
            this.m = root.numRows;
            this.n = s.samples();
            this.s = s;
            this.y = y;
            this.root = root;
            this.rng = rng;
            xi = new double[n * m];
            for (int k = 0; k < xi.length; k++) {
                xi[k] = rng.nextGaussian();
            }
            hx = new double[n * p];
            for (int i = 0; i < n; i++) {
                trainPre(xi, i * m, hx, i * p);
            }
            a = new double[p];
            phiSum = new double[m * p];
        }

        /** h_X = R_X xi for one chain. */
        void trainPre(double[] v, int off, double[] out, int outOff) {
            for (int mu = 0; mu < p; mu++) {
                double acc = 0;
                int row = mu * m;
                for (int k = 0; k < m; k++) {
                    acc += root.data[row + k] * v[off + k];
                }
                out[outOff + mu] = acc;
            }
        }

        double logLik(double[] h, int off) {
            Activation act = s.activation();
            double z = 0;
            for (int mu = 0; mu < p; mu++) {
                z += a[mu] * act.value(h[off + mu]);
            }
            return 0.5 * s.gamma0() * s.gamma0() * z * z;
        }

        boolean run(List<Double> history) {
            double[] phiInst = new double[p * p];
            populationTrainKernel(phiInst);
            solveA(phiInst, 1.0 / n);
            double[] nu = new double[m], hnu = new double[p], hp = new double[p], prev = a.clone();
            int total = s.burnIn() + s.sweeps();
            double tiltAcc = 0;
            for (int t = 0; t < total; t++) {
                if (s.gamma0() > 0) {
                    for (int i = 0; i < n; i++) {
                        if (!sliceStep(i, nu, hnu, hp)) {
                            return false;
                        }
                    }
                } else {
                    for (int i = 0; i < n; i++) { // untilted: fresh independent draws
                        for (int k = 0; k < m; k++) {
                            xi[i * m + k] = rng.nextGaussian();
                        }
                        trainPre(xi, i * m, hx, i * p);
                    }
                }
                if (t < s.burnIn()) {
                    populationTrainKernel(phiInst);
                    solveA(phiInst, 1.0 / n);
                } else {
                    accumulate();
                    double[] pt = new double[p * p];
                    for (int mu = 0; mu < p; mu++) {
                        System.arraycopy(phiSum, mu * p, pt, mu * p, p);
                    }
                    solveA(pt, 1.0 / weight);
                    double z = 0;
                    for (int i = 0; i < n; i++) {
                        z += 2 * logLik(hx, i * p);
                    }
                    tiltAcc += z / n;
                }
                if (history != null && t % 10 == 9) {
                    double d = 0, nrm = 0;
                    for (int mu = 0; mu < p; mu++) {
                        d += (a[mu] - prev[mu]) * (a[mu] - prev[mu]);
                        nrm += a[mu] * a[mu];
                    }
                    history.add(Math.sqrt(d / Math.max(nrm, Double.MIN_NORMAL)));
                    System.arraycopy(a, 0, prev, 0, p);
                }
            }
            tiltMean = tiltAcc / s.sweeps();
            for (double v : a) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }

        /** One elliptical slice-sampling update of chain i (false: the chain escaped, the tilt is not normalizable). */
        boolean sliceStep(int i, double[] nu, double[] hnu, double[] hp) {
            int off = i * m, offX = i * p;
            for (int k = 0; k < m; k++) {
                nu[k] = rng.nextGaussian();
            }
            trainPre(nu, 0, hnu, 0);
            double logY = logLik(hx, offX) + Math.log(1 - rng.nextDouble());
            double theta = 2 * Math.PI * rng.nextDouble();
            double lo = theta - 2 * Math.PI, hi = theta;
            for (int tries = 0; tries < 200; tries++) {
                double c = Math.cos(theta), sn = Math.sin(theta);
                for (int mu = 0; mu < p; mu++) {
                    hp[mu] = hx[offX + mu] * c + hnu[mu] * sn;
                }
                if (logLik(hp, 0) > logY) {
                    for (int k = 0; k < m; k++) {
                        xi[off + k] = xi[off + k] * c + nu[k] * sn;
                    }
                    double big = 0;
                    for (int mu = 0; mu < p; mu++) {
                        hx[offX + mu] = hp[mu];
                        big = Math.max(big, Math.abs(hp[mu]));
                    }
                    return big < ESCAPE && Double.isFinite(big);
                }
                if (theta < 0) {
                    lo = theta;
                } else {
                    hi = theta;
                }
                theta = lo + (hi - lo) * rng.nextDouble();
            }
            return true; // bracket shrunk to the current point: keep it
        }

        void populationTrainKernel(double[] out) {
            java.util.Arrays.fill(out, 0);
            Activation act = s.activation();
            double[] ph = new double[p];
            for (int i = 0; i < n; i++) {
                for (int mu = 0; mu < p; mu++) {
                    ph[mu] = act.value(hx[i * p + mu]);
                }
                for (int mu = 0; mu < p; mu++) {
                    double v = ph[mu];
                    for (int nu = 0; nu < p; nu++) {
                        out[mu * p + nu] += v * ph[nu];
                    }
                }
            }
        }

        /** Adds phi(h_all) phi(h_X)^T of every chain to the running sum. */
        void accumulate() {
            Activation act = s.activation();
            double[] ph = new double[m], phx = new double[p];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double acc = 0;
                    int row = j * m;
                    for (int k = 0; k < m; k++) {
                        acc += root.data[row + k] * xi[i * m + k];
                    }
                    ph[j] = act.value(acc);
                }
                for (int mu = 0; mu < p; mu++) {
                    phx[mu] = act.value(hx[i * p + mu]);
                }
                for (int j = 0; j < m; j++) {
                    double v = ph[j];
                    for (int mu = 0; mu < p; mu++) {
                        phiSum[j * p + mu] += v * phx[mu];
                    }
                }
            }
            weight += n;
        }

        /** a = (c Phi + I / beta)^{-1} y with Phi = c * sums (P x P, row-major). */
        void solveA(double[] sums, double c) {
            DMatrixRMaj k = new DMatrixRMaj(p, p);
            for (int mu = 0; mu < p; mu++) {
                for (int nu = 0; nu < p; nu++) {
                    k.set(mu, nu, 0.5 * c * (sums[mu * p + nu] + sums[nu * p + mu]) + (mu == nu ? 1 / s.beta() : 0));
                }
            }
            DMatrixRMaj sol = new DMatrixRMaj(p, 1);
            if (!CommonOps_DDRM.solve(k, new DMatrixRMaj(p, 1, true, y), sol)) {
                java.util.Arrays.fill(a, Double.NaN);
                return;
            }
            System.arraycopy(sol.data, 0, a, 0, p);
        }

        /** f = Phi(all, X) a from the running mean. */
        double[] predict() {
            double[] f = new double[m];
            for (int j = 0; j < m; j++) {
                double acc = 0;
                for (int mu = 0; mu < p; mu++) {
                    acc += phiSum[j * p + mu] * a[mu];
                }
                f[j] = acc / weight;
            }
            return f;
        }
    }
}
