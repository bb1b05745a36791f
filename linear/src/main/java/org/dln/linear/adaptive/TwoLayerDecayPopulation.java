package org.dln.linear.adaptive;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.report.SolverReport;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The infinite-width weight-decay state of a two-layer network with a nonlinear activation phi (ReLU, tanh, ...) in
 * muP (docs/theory.md section 14). At infinite width the neurons are independent draws of the single-site process
 * (h(x), w): h(x) = W x / sqrt(D) on the P train and Q test inputs and the readout weight w, with
 * h(0) ~ N(0, Kx) (joint train + test Gram matrix), w(0) ~ N(0, 1), and gradient descent with decay
 * <pre>
 *   h(x) <- rho h(x) + eta gamma0 w sum_mu delta_mu phi'(h_mu) Kx(x, x_mu),
 *   w    <- rho w    + eta gamma0 sum_mu delta_mu phi(h_mu),           rho = 1 - eta lambda,
 *   f(x) = <w phi(h(x))> / gamma0,   delta = s (y - f) on the train inputs,
 * </pre>
 * the average over the single-site distribution. Its fixed point is the stationary state (lambda w = gamma0 sum delta
 * phi(h), lambda h = gamma0 w Kx (phi'(h) o delta)); unlike the linear network its kernels are not a closed function of
 * Kx and y (for ReLU the stationary conditions only fix each neuron's direction, h proportional to Kx (phi'(h) o
 * delta), not the distribution of scales, which the dynamics selects from the initialization), so the average is
 * taken over a population of S draws marched to stationarity (the Monte Carlo the adaptive-kernel papers use), with
 * R independent replicas giving standard errors.
 */
public final class TwoLayerDecayPopulation {

    /**
     * @param activation phi
     * @param gamma0     feature-learning strength > 0
     * @param lambda     weight decay > 0
     * @param eta        step (eta lambda < 1)
     * @param scale      loss scale s (1 = sum, 1/P = mean)
     * @param samples    S draws per replica
     * @param replicas   R
     * @param maxSteps   step limit
     * @param tol        stop when max |f(t) - f(t - 100)| < tol (train and test)
     * @param seed       seed of the draws
     */
    public record Settings(Activation activation, double gamma0, double lambda, double eta, double scale, int samples,
                           int replicas, int maxSteps, double tol, long seed) {
    }

    /**
     * @param f          mean prediction over replicas, train then test (P + Q)
     * @param se         standard error over replicas (P + Q)
     * @param stationarity relative residual of the stationary conditions, averaged over draws (last replica)
     * @param report     steps, history of max |f(t) - f(t - 100)| (first replica), convergence
     */
    public record Result(double[] f, double[] se, double stationarity, SolverReport report) {
    }

    private TwoLayerDecayPopulation() {
    }

    /**
     * @param kAll joint Gram matrix of train (first P) and test inputs, (P + Q) x (P + Q)
     * @param p    P
     * @param y    train targets
     */
    public static Result run(double[][] kAll, int p, double[] y, Settings s) {
        long start = System.nanoTime();
        int m = kAll.length;
        DMatrixRMaj root = sqrt(kAll);
        DMatrixRMaj kxT = new DMatrixRMaj(p, m); // Kx(x_mu, x) rows mu, columns all inputs
        for (int mu = 0; mu < p; mu++) {
            for (int j = 0; j < m; j++) {
                kxT.set(mu, j, kAll[mu][j]);
            }
        }
        double[][] fr = new double[s.replicas()][];
        List<Double> history = new ArrayList<>();
        int steps = 0;
        boolean converged = true;
        double stat = Double.NaN;
        for (int r = 0; r < s.replicas(); r++) {
            Replica rep = new Replica(root, kxT, p, y, s, s.seed() * 1_000_003L + r);
            int k = rep.march(r == 0 ? history : null);
            steps = Math.max(steps, k);
            converged &= rep.converged;
            fr[r] = rep.f.clone();
            stat = rep.stationarity();
        }
        double[] mean = new double[m], se = new double[m];
        int rr = s.replicas();
        for (int j = 0; j < m; j++) {
            double a = 0;
            for (double[] f : fr) {
                a += f[j];
            }
            a /= rr;
            double v = 0;
            for (double[] f : fr) {
                v += (f[j] - a) * (f[j] - a);
            }
            mean[j] = a;
            se[j] = rr > 1 ? Math.sqrt(v / (rr - 1) / rr) : Double.NaN;
        }
        double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
        SolverReport report = new SolverReport("population-march", steps, h, h.length == 0 ? Double.NaN : h[h.length - 1],
                converged, (System.nanoTime() - start) * 1e-9, List.of(String.format(java.util.Locale.ROOT,
                "S = %d draws x R = %d replicas, eta = %s, %s; stationarity residual %.2e", s.samples(), s.replicas(), s.eta(),
                s.activation().name(), stat)));
        return new Result(mean, se, stat, report);
    }

    /** A symmetric square root V sqrt(Lambda) (eigenvalues clipped at 0) of a PSD matrix. */
    static DMatrixRMaj sqrt(double[][] k) {
        int m = k.length;
        EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(m, true, true);
        if (!e.decompose(new DMatrixRMaj(k))) {
            throw new IllegalStateException("eigen-decomposition of the joint Gram matrix failed");
        }
        DMatrixRMaj r = new DMatrixRMaj(m, m);
        for (int a = 0; a < m; a++) {
            double sq = Math.sqrt(Math.max(0, e.getEigenvalue(a).getReal()));
            DMatrixRMaj v = e.getEigenVector(a);
            for (int i = 0; i < m; i++) {
                r.set(i, a, v.get(i) * sq);
            }
        }
        return r;
    }

    private static final class Replica {
        final int p, m, n;
        final Settings s;
        final double[] y;
        final DMatrixRMaj h;     // n x m, row i = draw i
        final double[] w;
        final DMatrixRMaj c;     // n x p coefficients
        final DMatrixRMaj dh;    // n x m
        final DMatrixRMaj kxT;
        final double[] f, delta;
        boolean converged;

        Replica(DMatrixRMaj root, DMatrixRMaj kxT, int p, double[] y, Settings s, long seed) {
            this.p = p;
            this.m = root.numRows;
            this.n = s.samples();
            this.s = s;
            this.y = y;
            this.kxT = kxT;
            Random rng = new Random(seed);
            DMatrixRMaj xi = new DMatrixRMaj(n, m);
            for (int k = 0; k < xi.data.length; k++) {
                xi.data[k] = rng.nextGaussian();
            }
            h = new DMatrixRMaj(n, m);
            CommonOps_DDRM.multTransB(xi, root, h); // rows ~ N(0, root root^T = Kx)
            w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = rng.nextGaussian();
            }
            c = new DMatrixRMaj(n, p);
            dh = new DMatrixRMaj(n, m);
            f = new double[m];
            delta = new double[p];
        }

        void predict() {
            java.util.Arrays.fill(f, 0);
            Activation a = s.activation();
            for (int i = 0; i < n; i++) {
                int row = i * m;
                for (int j = 0; j < m; j++) {
                    f[j] += w[i] * a.value(h.data[row + j]);
                }
            }
            for (int j = 0; j < m; j++) {
                f[j] /= s.gamma0() * n;
            }
            for (int mu = 0; mu < p; mu++) {
                delta[mu] = s.scale() * (y[mu] - f[mu]);
            }
        }

        int march(List<Double> history) {
            Activation a = s.activation();
            double rho = 1 - s.eta() * s.lambda();
            double eg = s.eta() * s.gamma0();
            double[] prev = null;
            converged = false;
            int t;
            for (t = 0; t < s.maxSteps(); t++) {
                predict();
                if (t % 100 == 0) {
                    if (prev != null) {
                        double d = 0;
                        for (int j = 0; j < m; j++) {
                            d = Math.max(d, Math.abs(f[j] - prev[j]));
                        }
                        if (history != null) {
                            history.add(d);
                        }
                        if (d < s.tol()) {
                            converged = true;
                            break;
                        }
                    }
                    prev = f.clone();
                }
                for (int i = 0; i < n; i++) {
                    int row = i * m;
                    double dw = 0;
                    for (int mu = 0; mu < p; mu++) {
                        double hv = h.data[row + mu];
                        dw += delta[mu] * a.value(hv);
                        c.data[i * p + mu] = eg * w[i] * a.derivative(hv) * delta[mu];
                    }
                    w[i] = rho * w[i] + eg * dw;
                }
                CommonOps_DDRM.mult(c, kxT, dh);
                for (int k = 0; k < h.data.length; k++) {
                    h.data[k] = rho * h.data[k] + dh.data[k];
                }
            }
            predict();
            return t;
        }

        /** RMS over draws of the stationary conditions, relative to the RMS of lambda w and lambda h. */
        double stationarity() {
            predict();
            Activation a = s.activation();
            double num = 0, den = 0;
            for (int i = 0; i < n; i++) {
                int row = i * m;
                double dw = 0;
                for (int mu = 0; mu < p; mu++) {
                    double hv = h.data[row + mu];
                    dw += delta[mu] * a.value(hv);
                    c.data[i * p + mu] = s.gamma0() * w[i] * a.derivative(hv) * delta[mu];
                }
                double rw = s.lambda() * w[i] - s.gamma0() * dw;
                num += rw * rw;
                den += s.lambda() * w[i] * s.lambda() * w[i];
            }
            CommonOps_DDRM.mult(c, kxT, dh);
            for (int k = 0; k < h.data.length; k++) {
                double rh = s.lambda() * h.data[k] - dh.data[k];
                num += rh * rh;
                den += s.lambda() * h.data[k] * s.lambda() * h.data[k];
            }
            return den > 0 ? Math.sqrt(num / den) : 0;
        }
    }
}
