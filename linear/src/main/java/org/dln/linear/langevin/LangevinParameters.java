package org.dln.linear.langevin;

import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * The parameters of Langevin training (theory.md section 12) beside the {@link org.dln.linear.problem.Problem}:
 * d theta = -(lambda theta + grad E) dt + sqrt(2 T) dB with E = beta N gamma0^2 / 2 sum (f - y)^2, weights initialized
 * i.i.d. N(0, sigma0^2); and how the trajectory is reported: horizon tMax, {@code points} output times (0 and
 * log-spaced up to tMax), {@code twoTimePoints} of them (a sub-grid) for the two-time kernels, the integrator's
 * relative local tolerance.
 *
 * @param lambda        weight decay >= 0
 * @param temperature   T >= 0
 * @param beta          > 0, the likelihood factor of E
 * @param sigma0        initial weight standard deviation > 0
 * @param tMax          horizon > 0
 * @param points        output times >= 2 (t = 0 included)
 * @param twoTimePoints times of the two-time kernels (0: none), at most points
 * @param tolerance     local error tolerance of the integrator
 */
public record LangevinParameters(double lambda, double temperature, double beta, double sigma0, double tMax, int points,
                                 int twoTimePoints, double tolerance) {

    public LangevinParameters {
        check("lambda", lambda, lambda >= 0 && Double.isFinite(lambda), "the weight decay must be a finite number >= 0");
        check("temperature", temperature, temperature >= 0 && Double.isFinite(temperature),
                "the temperature must be a finite number >= 0");
        check("beta", beta, beta > 0 && Double.isFinite(beta), "must be a finite number > 0");
        check("sigma0", sigma0, sigma0 > 0 && Double.isFinite(sigma0), "the initial weight scale must be a finite number > 0");
        check("t-max", tMax, tMax > 0 && Double.isFinite(tMax), "must be a finite time > 0");
        check("points", points, points >= 2 && points <= 100000, "must be in 2..100000");
        check("two-time-points", twoTimePoints, twoTimePoints >= 0 && twoTimePoints <= Math.min(points, 400),
                "must be in 0..min(points, 400)");
        check("tol", tolerance, tolerance >= 1e-15 && tolerance < 1e-2, "must be in [1e-15, 1e-2)");
        if (temperature > 0 && lambda == 0) {
            // allowed: the weights diffuse (c = sigma0^2 + 2 T min(t,s)); no stationary state
        }
    }

    /** lambda = T = 1, beta = 1, sigma0 = 1 (the convention of dln simulate-langevin), 200 points, 40 two-time points. */
    public static LangevinParameters defaults(double tMax) {
        return new LangevinParameters(1, 1, 1, 1, tMax, 200, 40, 1e-12);
    }

    public LangevinParameters withHorizon(double t, int n) {
        return new LangevinParameters(lambda, temperature, beta, sigma0, t, n, Math.min(twoTimePoints, n), tolerance);
    }

    /** The stationary prior variance sigma^2 = T / lambda (infinite when lambda = 0 and T > 0, NaN when both vanish). */
    public double sigma2() {
        return lambda > 0 ? temperature / lambda : temperature > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    }

    /** Equal-time variance of one weight, m(t) = c(t,t) = sigma0^2 e^{-2 lambda t} + T (1 - e^{-2 lambda t}) / lambda. */
    public double m(double t) {
        double s0 = sigma0 * sigma0;
        if (lambda == 0) {
            return s0 + 2 * temperature * t;
        }
        return s0 * Math.exp(-2 * lambda * t) + temperature * (-Math.expm1(-2 * lambda * t)) / lambda;
    }

    /** The OU autocorrelation of one weight, c(t,s) = e^{-lambda |t-s|} m(min(t,s)) (theory.md 12.2). */
    public double c(double t, double s) {
        return Math.exp(-lambda * Math.abs(t - s)) * m(Math.min(t, s));
    }

    private static void check(String field, double v, boolean ok, String why) {
        if (!ok) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, v, why);
        }
    }
}
