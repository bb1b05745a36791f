package org.dln.linear.fluct;

import java.util.SplittableRandom;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.numeric.activation.Activation;

/**
 * O(1/N) prediction variances of a network with one hidden layer and any activation phi, gradient descent, estimated by
 * sampling the single-site process (docs/theory.md section 11.8). At width N the sites z_i = (h_i(x_1..x_{P+Q}), w_i)
 * are i.i.d. and coupled only through Delta(t):
 * h_a <- h_a + eta gamma0 lambda sum_mu Kx_{a mu} Delta_mu w phi'(h_mu), w <- w + eta gamma0 lambda sum_mu Delta_mu phi(h_mu),
 * f_a = <w phi(h_a)> / gamma0. With the site contributions c_a(t) = w phi(h_a(t)) / gamma0 (minus their t = 0 value when
 * centred), xi = the fluctuation of their site average at fixed Delta (covariance C = Cov_site(c), estimated) and
 * R_{(t,a),(s,nu)} = d<c_a(t)>/dDelta_nu(s) (s < t, estimated from forward-mode tangents of every site), the linear
 * response is df = xi + R dDelta, dDelta = -df on the training samples: df = G xi by forward substitution in time and
 * N Cov(f) = G C G^T. R replicas of M sites each (each with its own mean trajectory) give the mean and standard error;
 * each replica's estimate is split-half jackknifed (2 V_M - (V_{M/2} + V'_{M/2}) / 2, the halves marched on their own),
 * which cancels the O(1/M) bias of a smooth function of sample averages.
 *
 * <p>phi'' enters the tangents; it is the central difference of phi' with half-width {@code curvatureWidth} (for relu a
 * window of that half-width stands for the delta function phi'' = delta(h): bias O(width^2) for smooth site densities).
 */
public final class SampledFluctuations {

    /** N Var f_a(t) [T][P + Q], its Monte Carlo standard error, the mean f [T][P + Q]. */
    public record Result(double[][] fVar, double[][] fVarStderr, double[][] fMean, int sites, int replicas) {
    }

    private SampledFluctuations() {
    }

    public static Result descent(Problem p, Activation phi, int sites, int replicas, long seed, double curvatureWidth) {
        if (p.depth() != 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "depth", "depth", p.depth(),
                    "sampled fluctuations are implemented for one hidden layer (L = 1)");
        }
        int tn = p.timePoints(), n = p.trainCount() + p.testCount();
        double[][][] est = new double[replicas][][];
        double[][] mean = new double[tn][n];
        for (int r = 0; r < replicas; r++) {
            double[][][] z = draw(p, sites, new SplittableRandom(seed + 7919L * r));
            Replica rep = new Replica(p, phi, z[0], z[1][0], 0, sites, curvatureWidth);
            double[][] full = rep.run();
            double[][] ha = new Replica(p, phi, z[0], z[1][0], 0, sites / 2, curvatureWidth).run();
            double[][] hb = new Replica(p, phi, z[0], z[1][0], sites / 2, sites, curvatureWidth).run();
            est[r] = new double[tn][n];
            for (int t = 0; t < tn; t++) {
                for (int a = 0; a < n; a++) {
                    est[r][t][a] = 2 * full[t][a] - (ha[t][a] + hb[t][a]) / 2; // split-half jackknife: the O(1/M) bias cancels
                    mean[t][a] += rep.fMean[t][a] / replicas;
                }
            }
        }
        double[][] m = new double[tn][n], se = new double[tn][n];
        for (int t = 0; t < tn; t++) {
            for (int a = 0; a < n; a++) {
                double s = 0, ss = 0;
                for (int r = 0; r < replicas; r++) {
                    s += est[r][t][a];
                }
                s /= replicas;
                for (int r = 0; r < replicas; r++) {
                    ss += (est[r][t][a] - s) * (est[r][t][a] - s);
                }
                m[t][a] = s;
                se[t][a] = replicas > 1 ? Math.sqrt(ss / (replicas - 1) / replicas) : Double.NaN;
            }
        }
        return new Result(m, se, mean, sites, replicas);
    }

    /** M sites at t = 0: {h [M][P + Q] ~ N(0, Kx), {w [M] ~ N(0, 1)}}. */
    private static double[][][] draw(Problem p, int m, SplittableRandom rnd) {
        double[][] joint = p.jointGram();
        int n = joint.length;
        double[][] root = SingleLayerFluctuations.squareRoot(joint);
        int r = root[0].length;
        double[][] h = new double[m][n];
        double[] w = new double[m];
        double[] xi = new double[r];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < r; k++) {
                xi[k] = rnd.nextGaussian();
            }
            for (int a = 0; a < n; a++) {
                double acc = 0;
                for (int k = 0; k < r; k++) {
                    acc += root[a][k] * xi[k];
                }
                h[i][a] = acc;
            }
            w[i] = rnd.nextGaussian();
        }
        return new double[][][] {h, {w}};
    }

    /** One population of M sites marched with its own Delta(t), with tangents with respect to every Delta_nu(s). */
    private static final class Replica {
        final Problem p;
        final Activation phi;
        final int m, pn, n, tn;
        final double[][] joint;
        final double[] y;
        final double gamma0, c, width;
        final boolean centred;
        final double[][] h;
        final double[] w;
        final double[][] fMean;

        Replica(Problem p, Activation phi, double[][] h0, double[] w0, int from, int to, double width) {
            this.p = p;
            this.phi = phi;
            this.m = to - from;
            this.width = width;
            pn = p.trainCount();
            n = pn + p.testCount();
            tn = p.timePoints();
            joint = p.jointGram();
            y = p.y();
            gamma0 = p.gamma0();
            c = p.eta() * gamma0 * p.lossScale();
            centred = p.conventions().output() == Conventions.Output.CENTRED;
            h = new double[m][];
            w = new double[m];
            for (int i = 0; i < m; i++) {
                h[i] = h0[from + i].clone();
                w[i] = w0[from + i];
            }
            fMean = new double[tn][n];
        }

        private double curvature(double x) {
            return (phi.derivative(x + width) - phi.derivative(x - width)) / (2 * width);
        }

        /** N Var f_a(t) of this replica, [T][n]. */
        double[][] run() {
            int dirs = pn * tn, obs = n * tn;
            double[][] contrib = new double[m][obs]; // c_a(t) per site, index t * n + a
            double[][][] resp = new double[tn][][]; // resp[t][d][a] = d<c_a(t)>/dDelta_d, d = s * pn + nu, s < t
            double[][][] dh = new double[dirs][][];
            double[][] dw = new double[dirs][];
            double[] c0 = new double[m * n];
            for (int t = 0; t < tn; t++) {
                for (int i = 0; i < m; i++) {
                    for (int a = 0; a < n; a++) {
                        double v = w[i] * phi.value(h[i][a]) / gamma0;
                        if (t == 0) {
                            c0[i * n + a] = v;
                        }
                        contrib[i][t * n + a] = centred ? v - c0[i * n + a] : v;
                        fMean[t][a] += contrib[i][t * n + a] / m;
                    }
                }
                int live = t * pn;
                resp[t] = new double[live][n];
                for (int d = 0; d < live; d++) {
                    for (int i = 0; i < m; i++) {
                        for (int a = 0; a < n; a++) {
                            resp[t][d][a] += (dw[d][i] * phi.value(h[i][a]) + w[i] * phi.derivative(h[i][a]) * dh[d][i][a]) / gamma0;
                        }
                    }
                    for (int a = 0; a < n; a++) {
                        resp[t][d][a] /= m;
                    }
                }
                if (t + 1 == tn) {
                    break;
                }
                double[] delta = new double[pn];
                for (int mu = 0; mu < pn; mu++) {
                    delta[mu] = y[mu] - fMean[t][mu];
                }
                step(delta, dh, dw, live);
            }
            return linearResponse(contrib, resp);
        }

        /** One gradient-descent step of every site and of the tangents d = 0..live-1; opens the directions of Delta(t). */
        private void step(double[] delta, double[][][] dh, double[][] dw, int live) {
            for (int nu = 0; nu < pn; nu++) {
                dh[live + nu] = new double[m][n];
                dw[live + nu] = new double[m];
            }
            double[] dphi = new double[pn], val = new double[pn], curv = new double[pn];
            for (int i = 0; i < m; i++) {
                for (int mu = 0; mu < pn; mu++) {
                    dphi[mu] = phi.derivative(h[i][mu]);
                    val[mu] = phi.value(h[i][mu]);
                    curv[mu] = curvature(h[i][mu]);
                }
                for (int d = 0; d < live; d++) {
                    double[] dhi = dh[d][i];
                    double dwi = dw[d][i];
                    double dwNew = dwi;
                    for (int mu = 0; mu < pn; mu++) {
                        dwNew += c * delta[mu] * dphi[mu] * dhi[mu];
                    }
                    double[] g = new double[pn];
                    for (int mu = 0; mu < pn; mu++) {
                        g[mu] = c * delta[mu] * (dwi * dphi[mu] + w[i] * curv[mu] * dhi[mu]);
                    }
                    for (int a = 0; a < n; a++) {
                        double acc = 0;
                        for (int mu = 0; mu < pn; mu++) {
                            acc += joint[a][mu] * g[mu];
                        }
                        dhi[a] += acc;
                    }
                    dw[d][i] = dwNew;
                }
                for (int nu = 0; nu < pn; nu++) {
                    for (int a = 0; a < n; a++) {
                        dh[live + nu][i][a] = c * joint[a][nu] * w[i] * dphi[nu];
                    }
                    dw[live + nu][i] = c * val[nu];
                }
                double wNew = w[i];
                for (int mu = 0; mu < pn; mu++) {
                    wNew += c * delta[mu] * val[mu];
                }
                for (int a = 0; a < n; a++) {
                    double acc = 0;
                    for (int mu = 0; mu < pn; mu++) {
                        acc += joint[a][mu] * delta[mu] * dphi[mu];
                    }
                    h[i][a] += c * acc * w[i];
                }
                w[i] = wNew;
            }
        }

        /** G by forward substitution (df = xi + R dDelta, dDelta = -df on training rows), then diag(G C G^T). */
        private double[][] linearResponse(double[][] contrib, double[][][] resp) {
            int obs = n * tn;
            double[][] g = new double[obs][obs];
            for (int t = 0; t < tn; t++) {
                for (int a = 0; a < n; a++) {
                    double[] row = g[t * n + a];
                    row[t * n + a] = 1;
                    for (int s = 0; s < t; s++) {
                        for (int nu = 0; nu < pn; nu++) {
                            double rr = resp[t][s * pn + nu][a];
                            double[] prev = g[s * n + nu];
                            for (int k = 0; k < obs; k++) {
                                row[k] -= rr * prev[k];
                            }
                        }
                    }
                }
            }
            double[] mu = new double[obs];
            for (double[] ci : contrib) {
                for (int k = 0; k < obs; k++) {
                    mu[k] += ci[k] / m;
                }
            }
            double[][] cov = new double[obs][obs];
            double[] dev = new double[obs];
            for (double[] ci : contrib) {
                for (int k = 0; k < obs; k++) {
                    dev[k] = ci[k] - mu[k];
                }
                for (int k = 0; k < obs; k++) {
                    if (dev[k] == 0) {
                        continue;
                    }
                    double dk = dev[k] / (m - 1);
                    for (int l = 0; l < obs; l++) {
                        cov[k][l] += dk * dev[l];
                    }
                }
            }
            double[][] out = new double[tn][n];
            for (int t = 0; t < tn; t++) {
                for (int a = 0; a < n; a++) {
                    double[] row = g[t * n + a];
                    double acc = 0;
                    for (int k = 0; k < obs; k++) {
                        if (row[k] == 0) {
                            continue;
                        }
                        double ck = 0;
                        for (int l = 0; l < obs; l++) {
                            ck += cov[k][l] * row[l];
                        }
                        acc += row[k] * ck;
                    }
                    out[t][a] = acc;
                }
            }
            return out;
        }
    }
}
