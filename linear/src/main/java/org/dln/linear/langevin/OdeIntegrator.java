package org.dln.linear.langevin;

/**
 * Adaptive classical Runge-Kutta (RK4) with step doubling and local extrapolation: each step compares one RK4 step of
 * length h with two of length h/2; their difference / 15 estimates the error of the half steps, and the accepted value
 * is the extrapolated y_{h/2} + (y_{h/2} - y_h) / 15 (fifth order). The step adapts to keep the estimate below
 * {@code tol * max(1, max|y|)}. Integrates exactly to the requested end time. Not thread-safe (workspaces reused).
 */
final class OdeIntegrator {

    /** dy/dt = F(t, y). */
    interface Rhs {
        void eval(double t, double[] y, double[] dy);
    }

    private final double tol;
    private double h;
    private long steps;
    private long rejected;
    private double[] k1, k2, k3, k4, tmp, full, half;

    OdeIntegrator(double tol, double firstStep) {
        this.tol = tol;
        this.h = firstStep;
    }

    long steps() {
        return steps;
    }

    long rejected() {
        return rejected;
    }

    /** Advances y (in place) from t0 to t1 > t0. */
    void integrate(Rhs f, double[] y, double t0, double t1) {
        int n = y.length;
        if (k1 == null || k1.length != n) {
            k1 = new double[n];
            k2 = new double[n];
            k3 = new double[n];
            k4 = new double[n];
            tmp = new double[n];
            full = new double[n];
            half = new double[n];
        }
        double t = t0;
        while (t < t1) {
            double step = Math.min(h, t1 - t);
            boolean last = step >= t1 - t;
            System.arraycopy(y, 0, full, 0, n);
            rk4(f, t, full, step);
            System.arraycopy(y, 0, half, 0, n);
            rk4(f, t, half, step / 2);
            rk4(f, t + step / 2, half, step / 2);
            double err = 0, scale = 1;
            for (int i = 0; i < n; i++) {
                err = Math.max(err, Math.abs(half[i] - full[i]) / 15);
                scale = Math.max(scale, Math.abs(half[i]));
            }
            if (!Double.isFinite(err)) {
                throw new ArithmeticException("non-finite state at t = " + t);
            }
            double ratio = err / (tol * scale);
            if (ratio <= 1) {
                for (int i = 0; i < n; i++) {
                    y[i] = half[i] + (half[i] - full[i]) / 15;
                }
                t = last ? t1 : t + step;
                steps++;
                double grow = ratio == 0 ? 4 : Math.min(4, 0.9 * Math.pow(ratio, -0.2));
                if (!last || grow < 1) {
                    h = step * grow;
                }
            } else {
                rejected++;
                h = step * Math.max(0.1, 0.9 * Math.pow(ratio, -0.2));
                if (h < 1e-14 * Math.max(1, Math.abs(t))) {
                    throw new ArithmeticException("step size underflow at t = " + t);
                }
            }
        }
    }

    private void rk4(Rhs f, double t, double[] y, double dt) {
        int n = y.length;
        f.eval(t, y, k1);
        for (int i = 0; i < n; i++) {
            tmp[i] = y[i] + 0.5 * dt * k1[i];
        }
        f.eval(t + 0.5 * dt, tmp, k2);
        for (int i = 0; i < n; i++) {
            tmp[i] = y[i] + 0.5 * dt * k2[i];
        }
        f.eval(t + 0.5 * dt, tmp, k3);
        for (int i = 0; i < n; i++) {
            tmp[i] = y[i] + dt * k3[i];
        }
        f.eval(t + dt, tmp, k4);
        for (int i = 0; i < n; i++) {
            y[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
    }
}
