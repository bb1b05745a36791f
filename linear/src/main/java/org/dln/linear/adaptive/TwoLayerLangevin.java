package org.dln.linear.adaptive;

import java.util.SplittableRandom;
import org.dln.numeric.activation.Activation;

/**
 * Langevin sampling of the posterior of a finite two-layer muP network with any activation (the ground truth of
 * {@link TwoLayerBayesPopulation}; {@code dln simulate-langevin}'s simulator is deep linear only): width N,
 * h_i = W_i . x / sqrt(D), f = sum_i a_i phi(h_i) / (gamma0 N), all weights with the unit Gaussian prior and
 * <pre>
 *   p(theta) ~ exp(-E),   E = beta N gamma0^2 / 2 sum_mu (f_mu - y_mu)^2 + |theta|^2 / 2       (theory.md section 9),
 *   theta <- e^{-dt} theta - (1 - e^{-dt}) grad E_lik + sqrt(1 - e^{-2 dt}) xi                   (exponential Euler),
 * </pre>
 * grad_a_i E_lik = beta gamma0 sum_mu r_mu phi(h_i mu), grad_W_i E_lik = beta gamma0 a_i sum_mu r_mu phi'(h_i mu) x_mu / sqrt(D),
 * r = f - y. The stationary law has an O(dt) bias. Each chain starts from the prior, is run for the burn-in time and
 * then records f on the train and test inputs every {@code thin} steps; posterior means with standard errors over
 * independent chains.
 */
public final class TwoLayerLangevin {

    /** Settings: width, step, burn-in and recorded time (Langevin time units), thinning, chains, seed. */
    public record Settings(Activation activation, double gamma0, double beta, int width, double dt, double burnIn,
                           double sampleTime, int thin, int chains, long seed) {
    }

    /** Mean over chains of the time-averaged f (train then test), standard error over chains. */
    public record Result(double[] f, double[] se) {
    }

    private TwoLayerLangevin() {
    }

    public static Result run(double[][] x, double[][] xTest, double[] y, Settings s) {
        int p = x.length, m = p + xTest.length;
        double[][] all = new double[m][];
        System.arraycopy(x, 0, all, 0, p);
        System.arraycopy(xTest, 0, all, p, xTest.length);
        double[][] per = new double[s.chains()][];
        for (int c = 0; c < s.chains(); c++) {
            per[c] = chain(all, p, y, s, new SplittableRandom(s.seed() * 7_919L + c));
        }
        double[] mean = new double[m], se = new double[m];
        for (int j = 0; j < m; j++) {
            double acc = 0;
            for (double[] f : per) {
                acc += f[j];
            }
            acc /= s.chains();
            double v = 0;
            for (double[] f : per) {
                v += (f[j] - acc) * (f[j] - acc);
            }
            mean[j] = acc;
            se[j] = Math.sqrt(v / (s.chains() - 1) / s.chains());
        }
        return new Result(mean, se);
    }

    static double[] chain(double[][] all, int p, double[] y, Settings s, SplittableRandom rng) {
        int n = s.width(), d = all[0].length, m = all.length;
        Activation act = s.activation();
        double[] w = new double[n * d], a = new double[n];
        for (int k = 0; k < w.length; k++) {
            w[k] = rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian();
        }
        double decay = Math.exp(-s.dt()), drift = 1 - decay, noise = Math.sqrt(1 - Math.exp(-2 * s.dt()));
        double sd = 1 / Math.sqrt(d), g = s.gamma0();
        int burn = (int) Math.ceil(s.burnIn() / s.dt()), steps = (int) Math.ceil(s.sampleTime() / s.dt());
        double[] h = new double[n * p], f = new double[p], r = new double[p], rd = new double[p], acc = new double[m];
        int recorded = 0;
        for (int t = 0; t < burn + steps; t++) {
            java.util.Arrays.fill(f, 0);
            for (int i = 0; i < n; i++) {
                for (int mu = 0; mu < p; mu++) {
                    double z = 0;
                    double[] xm = all[mu];
                    for (int k = 0; k < d; k++) {
                        z += w[i * d + k] * xm[k];
                    }
                    z *= sd;
                    h[i * p + mu] = z;
                    f[mu] += a[i] * act.value(z);
                }
            }
            for (int mu = 0; mu < p; mu++) {
                f[mu] /= g * n;
                r[mu] = f[mu] - y[mu];
            }
            if (t >= burn && (t - burn) % s.thin() == 0) {
                record(all, w, a, s, acc);
                recorded++;
            }
            double bg = s.beta() * g;
            for (int i = 0; i < n; i++) {
                double ga = 0;
                for (int mu = 0; mu < p; mu++) {
                    ga += r[mu] * act.value(h[i * p + mu]);
                    rd[mu] = r[mu] * act.derivative(h[i * p + mu]);
                }
                ga *= bg;
                for (int k = 0; k < d; k++) {
                    double gw = 0;
                    for (int mu = 0; mu < p; mu++) {
                        gw += rd[mu] * all[mu][k];
                    }
                    gw *= bg * a[i] * sd;
                    w[i * d + k] = decay * w[i * d + k] - drift * gw + noise * rng.nextGaussian();
                }
                a[i] = decay * a[i] - drift * ga + noise * rng.nextGaussian();
            }
        }
        for (int j = 0; j < m; j++) {
            acc[j] /= recorded;
        }
        return acc;
    }

    private static void record(double[][] all, double[] w, double[] a, Settings s, double[] acc) {
        int n = s.width(), d = all[0].length;
        double sd = 1 / Math.sqrt(d);
        for (int j = 0; j < all.length; j++) {
            double f = 0;
            for (int i = 0; i < n; i++) {
                double z = 0;
                for (int k = 0; k < d; k++) {
                    z += w[i * d + k] * all[j][k];
                }
                f += a[i] * s.activation().value(z * sd);
            }
            acc[j] += f / (s.gamma0() * n);
        }
    }
}
