package org.dln.numeric.solver;

/** Small dense-vector kernels shared by the solvers (package-private). */
final class Vectors {

    /** sqrt of the double machine epsilon, the standard forward-difference step scale. */
    static final double SQRT_EPS = Math.sqrt(Math.ulp(1.0));

    private Vectors() {
    }

    static double maxNorm(double[] v) {
        double m = 0;
        for (double d : v) {
            double a = Math.abs(d);
            if (a > m || Double.isNaN(a)) {
                m = a;
            }
        }
        return m;
    }

    static double norm2(double[] v) {
        // scaled to avoid overflow/underflow for extreme vectors
        double scale = maxNorm(v);
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double s = 0;
        if (scale > 1e150 || scale < 1e-150) {
            for (double d : v) {
                double t = d / scale;
                s += t * t;
            }
            return scale * Math.sqrt(s);
        }
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** y += alpha x. */
    static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** Index of the first entry that is not zero (+0.0 or -0.0), or -1 when all are. */
    static int firstNonZero(double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first non-finite component, or -1. */
    static int firstNonFinite(double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return i;
            }
        }
        return -1;
    }

    static void checkLength(String what, double[] v, int n) {
        if (v.length != n) {
            throw new IllegalArgumentException(SolverMessage.DIMENSION_MISMATCH.format(what, v.length, n));
        }
    }
}
