package org.dln.numeric.simulation;

import java.util.SplittableRandom;

/**
 * Deliberately naive, independent reference implementation of the deep linear network of
 * {@link SimulationSpec}, for tests on tiny networks: plain nested loops straight from the definitions,
 * no EJML, no hand-derived gradients. Gradients, Jacobians and hence gradient descent and the NTK are
 * obtained by central finite differences.
 *
 * <p>Because every single weight enters {@code f} linearly (each weight belongs to exactly one layer),
 * {@code f} is linear and the loss quadratic along every coordinate direction. A central difference along
 * a coordinate is therefore <em>exact</em> in exact arithmetic; the only error is rounding,
 * about {@code 1e-16 * |value| / h}.
 */
final class ReferenceDln {

    final int n;
    final int d;
    final int depth;
    final double gamma0;
    /** All parameters: W^0 row-major, W^1 .. W^{L-1} row-major, w^L (the simulator's documented order). */
    final double[] theta;

    ReferenceDln(int n, int d, int depth, double gamma0, long seed) {
        this.n = n;
        this.d = d;
        this.depth = depth;
        this.gamma0 = gamma0;
        this.theta = new double[n * d + (depth - 1) * n * n + n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rng.nextGaussian();
        }
    }

    private double w0(int i, int k) {
        return theta[i * d + k];
    }

    /** W^l_{ij}, l = 1 .. L-1. */
    private double w(int l, int i, int j) {
        return theta[n * d + (l - 1) * n * n + i * n + j];
    }

    private double wOut(int i) {
        return theta[n * d + (depth - 1) * n * n + i];
    }

    /** h^l(x), l = 1 .. L. */
    double[] hidden(int l, double[] x) {
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += w0(i, k) * x[k];
            }
            h[i] = s / Math.sqrt(d);
        }
        for (int layer = 1; layer < l; layer++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += w(layer, i, j) * h[j];
                }
                next[i] = s / Math.sqrt(n);
            }
            h = next;
        }
        return h;
    }

    /** g^l, l = 1 .. L (g^L = w^L, g^l = W^l^T g^{l+1} / sqrt(N)). */
    double[] backward(int l) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = wOut(i);
        }
        for (int layer = depth - 1; layer >= l; layer--) {
            double[] next = new double[n];
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += w(layer, i, j) * g[i];
                }
                next[j] = s / Math.sqrt(n);
            }
            g = next;
        }
        return g;
    }

    double output(double[] x) {
        double[] h = hidden(depth, x);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += wOut(i) * h[i];
        }
        return s / (gamma0 * n);
    }

    double[] outputs(double[][] xs) {
        double[] f = new double[xs.length];
        for (int mu = 0; mu < xs.length; mu++) {
            f[mu] = output(xs[mu]);
        }
        return f;
    }

    /** (lossScale / 2) sum (f - f0 - y)^2; f0 may be null (uncentred). */
    double loss(double[][] x, double[] y, double[] f0, double lossScale) {
        double s = 0;
        for (int mu = 0; mu < x.length; mu++) {
            double f = output(x[mu]) - (f0 == null ? 0 : f0[mu]);
            s += (f - y[mu]) * (f - y[mu]);
        }
        return 0.5 * lossScale * s;
    }

    /** Central finite-difference gradient of the loss with respect to every parameter. */
    double[] lossGradient(double[][] x, double[] y, double[] f0, double lossScale, double h) {
        double[] grad = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + h;
            double plus = loss(x, y, f0, lossScale);
            theta[i] = saved - h;
            double minus = loss(x, y, f0, lossScale);
            theta[i] = saved;
            grad[i] = (plus - minus) / (2 * h);
        }
        return grad;
    }

    /** Jacobian df(x_mu)/dtheta by central differences, {@code [mu][param]}. */
    double[][] jacobian(double[][] xs, double h) {
        double[][] jac = new double[xs.length][theta.length];
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + h;
            double[] plus = outputs(xs);
            theta[i] = saved - h;
            double[] minus = outputs(xs);
            theta[i] = saved;
            for (int mu = 0; mu < xs.length; mu++) {
                jac[mu][i] = (plus[mu] - minus[mu]) / (2 * h);
            }
        }
        return jac;
    }

    /** The finite-width NTK {@code gamma0^2 N sum_theta df(a)/dtheta df(b)/dtheta}. */
    double[][] ntk(double[][] xa, double[][] xb, double h) {
        double[][] ja = jacobian(xa, h);
        double[][] jb = jacobian(xb, h);
        double[][] k = new double[xa.length][xb.length];
        for (int a = 0; a < xa.length; a++) {
            for (int b = 0; b < xb.length; b++) {
                double s = 0;
                for (int i = 0; i < theta.length; i++) {
                    s += ja[a][i] * jb[b][i];
                }
                k[a][b] = gamma0 * gamma0 * n * s;
            }
        }
        return k;
    }

    /** One gradient-descent step with the stated learning rate {@code gamma0^2 N eta}, FD gradient. */
    void gradientStep(double[][] x, double[] y, double[] f0, double lossScale, double eta, double h) {
        double[] grad = lossGradient(x, y, f0, lossScale, h);
        double lr = gamma0 * gamma0 * n * eta;
        for (int i = 0; i < theta.length; i++) {
            theta[i] -= lr * grad[i];
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
