package org.dln.linear.langevin;

/**
 * The kernel regime (gamma0 = 0) of Langevin training, any depth (theory.md 12.3): the mean predictor obeys
 * f(t) = int_0^t K_NDK(t,s) Delta(s) ds with the neural dynamical kernel K_NDK(t,s) = (L+1) beta c(t,s)^L
 * e^{-lambda (t-s)} Kx. Since c(t,s) = e^{-lambda (t-s)} m(s) for s <= t, K_NDK = (L+1) beta e^{-(L+1) lambda (t-s)} m(s)^L Kx
 * and the Volterra equation is exactly the ODE z' = -(L+1) lambda z + m(t)^L Delta(t), f = (L+1) beta Kx z (z in R^P).
 */
final class NdkModel implements LangevinModel {
    private final double[][] kJoint; // M x M
    private final double[] y;
    private final int p, m, depth;
    private final LangevinParameters par;
    private final double[] delta;

    NdkModel(double[][] kJoint, double[] y, int depth, LangevinParameters par) {
        this.kJoint = kJoint;
        this.y = y;
        this.p = y.length;
        this.m = kJoint.length;
        this.depth = depth;
        this.par = par;
        this.delta = new double[p];
    }

    @Override
    public int dimension() {
        return p;
    }

    @Override
    public double[] initial() {
        return new double[p];
    }

    @Override
    public void eval(double t, double[] z, double[] dz) {
        double coef = (depth + 1) * par.beta();
        for (int mu = 0; mu < p; mu++) {
            double f = 0;
            for (int a = 0; a < p; a++) {
                f += kJoint[mu][a] * z[a];
            }
            delta[mu] = y[mu] - coef * f;
        }
        double mL = Math.pow(par.m(t), depth);
        double decay = (depth + 1) * par.lambda();
        for (int mu = 0; mu < p; mu++) {
            dz[mu] = -decay * z[mu] + mL * delta[mu];
        }
    }

    @Override
    public double[] predictions(double t, double[] z) {
        double coef = (depth + 1) * par.beta();
        double[] f = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int a = 0; a < p; a++) {
                s += kJoint[i][a] * z[a];
            }
            f[i] = coef * s;
        }
        return f;
    }

    @Override
    public double[][][] phi(double t, double[] z) {
        double[][][] out = new double[depth][m][m];
        double mt = par.m(t);
        for (int l = 1; l <= depth; l++) {
            double s = Math.pow(mt, l);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    out[l - 1][i][j] = s * kJoint[i][j];
                }
            }
        }
        return out;
    }

    @Override
    public double[] g(double t, double[] z) {
        double[] out = new double[depth];
        double mt = par.m(t);
        for (int l = 1; l <= depth; l++) {
            out[l - 1] = Math.pow(mt, depth + 1 - l);
        }
        return out;
    }
}
