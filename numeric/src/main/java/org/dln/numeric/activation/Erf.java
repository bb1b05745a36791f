package org.dln.numeric.activation;

/**
 * The error function erf(x) = 2/sqrt(pi) Int_0^x exp(-t^2) dt in double precision (relative error a few ulp).
 *
 * <p>Method: for |x| &lt; 2.5 the everywhere-convergent series with positive terms
 * erf(x) = 2/sqrt(pi) exp(-x^2) sum_{k>=0} 2^k x^{2k+1} / (1 3 5 ... (2k+1)) (no cancellation); for
 * |x| &gt;= 2.5 the continued fraction of erfc, erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
 * evaluated by the modified Lentz algorithm; erf = 1 - erfc (exactly 1 in double beyond |x| = 6).
 */
public final class Erf {

    /** 2 / sqrt(pi). */
    public static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

    private Erf() {
    }

    /** @return erf(x) */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double a = Math.abs(x);
        double v;
        if (a < 2.5) {
            v = series(a);
        } else if (a < 6.0) {
            v = 1.0 - erfcFraction(a);
        } else {
            v = 1.0;
        }
        return x < 0 ? -v : v;
    }

    /** @return erfc(x) = 1 - erf(x), accurate in relative terms for large positive x */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x >= 2.5) {
            return x > 27.3 ? 0.0 : erfcFraction(x);
        }
        return 1.0 - erf(x);
    }

    private static double series(double a) {
        double x2 = a * a;
        double term = a;
        double sum = a;
        for (int k = 1; k < 200; k++) {
            term *= 2.0 * x2 / (2 * k + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** erfc(a) for a &gt;= 2.5 by the continued fraction b0 + a1/(b1 + a2/(b2 + ...)), b = a, a_k = k/2. */
    private static double erfcFraction(double a) {
        final double tiny = 1e-300;
        double f = a;
        double c = a;
        double d = 0.0;
        for (int k = 1; k < 500; k++) {
            double ak = 0.5 * k;
            d = a + ak * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = a + ak / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return ONE_OVER_SQRT_PI * Math.exp(-a * a) / f;
    }
}
