package org.dln.linear.langevin;

/**
 * Two-layer networks (L = 1) at any gamma0 (theory.md 12.4): one neuron's (h_1..h_M, w) is a linear SDE driven by
 * the error, and its covariance obeys a Lyapunov equation. State: S_hh (M x M, row-major), X = S_hw / gamma0 (M) and
 * S_ww, with k = Kx(:, train) Delta and Delta padded by zeros on test inputs:
 * <pre>
 *   S_hh' = -2 lambda S_hh + beta gamma0^2 (k X^T + X k^T) + 2 T Kx
 *   X'    = -2 lambda X    + beta (S_ww k + S_hh Delta)
 *   S_ww' = -2 lambda S_ww + 2 beta gamma0^2 Delta . X + 2 T,          f = X (train entries).
 * </pre>
 * Two-time blocks ({@link #propagate}) follow d/dt <z(t) z(s)^T> = A(t) <z(t) z(s)^T>.
 */
final class SingleSiteModel implements LangevinModel {
    private final double[][] kJoint;
    private final double[] y;
    private final int p, m;
    private final LangevinParameters par;
    private final double g2;
    private final double[] k, dl;

    SingleSiteModel(double[][] kJoint, double[] y, double gamma0, LangevinParameters par) {
        this.kJoint = kJoint;
        this.y = y;
        this.p = y.length;
        this.m = kJoint.length;
        this.par = par;
        this.g2 = gamma0 * gamma0;
        this.k = new double[m];
        this.dl = new double[m];
    }

    /** Length of one two-time block: Y_hh (M^2), Y^_wh (M), Y^_hw (M), Y_ww (1). */
    int blockLength() {
        return m * m + 2 * m + 1;
    }

    @Override
    public int dimension() {
        return m * m + m + 1;
    }

    @Override
    public double[] initial() {
        double s0 = par.sigma0() * par.sigma0();
        double[] z = new double[dimension()];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                z[i * m + j] = s0 * kJoint[i][j];
            }
        }
        z[m * m + m] = s0;
        return z;
    }

    /** k = Kx(:, train) Delta and the padded Delta from the main state. */
    private void errors(double[] z) {
        int xo = m * m;
        for (int i = 0; i < m; i++) {
            dl[i] = i < p ? y[i] - z[xo + i] : 0.0;
        }
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int a = 0; a < p; a++) {
                s += kJoint[i][a] * dl[a];
            }
            k[i] = s;
        }
    }

    @Override
    public void eval(double t, double[] z, double[] dz) {
        errors(z);
        mainRhs(z, dz);
    }

    private void mainRhs(double[] z, double[] dz) {
        double lam = par.lambda(), temp = par.temperature(), beta = par.beta();
        int xo = m * m, wo = m * m + m;
        double sww = z[wo];
        double dx = 0;
        for (int i = 0; i < m; i++) {
            double shd = 0;
            for (int j = 0; j < p; j++) {
                shd += z[i * m + j] * dl[j];
            }
            dz[xo + i] = -2 * lam * z[xo + i] + beta * (sww * k[i] + shd);
            dx += dl[i] * z[xo + i];
            for (int j = 0; j < m; j++) {
                dz[i * m + j] = -2 * lam * z[i * m + j] + beta * g2 * (k[i] * z[xo + j] + z[xo + i] * k[j])
                        + 2 * temp * kJoint[i][j];
            }
        }
        dz[wo] = -2 * lam * sww + 2 * beta * g2 * dx + 2 * temp;
    }

    /** The main system followed by {@code blocks} two-time blocks (starting at offset dimension()). */
    OdeIntegrator.Rhs withBlocks(int blocks) {
        return (t, z, dz) -> {
            errors(z);
            mainRhs(z, dz);
            double lam = par.lambda(), beta = par.beta();
            int bl = blockLength();
            for (int b = 0; b < blocks; b++) {
                int o = dimension() + b * bl;
                int wh = o + m * m, hw = wh + m, ww = hw + m;
                double yww = z[ww];
                double dww = 0;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        dz[o + i * m + j] = -lam * z[o + i * m + j] + beta * g2 * k[i] * z[wh + j];
                    }
                    double s = 0;
                    for (int a = 0; a < p; a++) {
                        s += dl[a] * z[o + a * m + i];
                    }
                    dz[wh + i] = -lam * z[wh + i] + beta * s;
                    dz[hw + i] = -lam * z[hw + i] + beta * k[i] * yww;
                    dww += dl[i] * z[hw + i];
                }
                dz[ww] = -lam * yww + beta * g2 * dww;
            }
        };
    }

    /** A new two-time block at the current state: <z(s) z(s)^T> itself. */
    void startBlock(double[] z, double[] dest, int offset) {
        int xo = m * m, wo = m * m + m;
        System.arraycopy(z, 0, dest, offset, m * m);
        for (int i = 0; i < m; i++) {
            dest[offset + m * m + i] = z[xo + i];
            dest[offset + m * m + m + i] = z[xo + i];
        }
        dest[offset + m * m + 2 * m] = z[wo];
    }

    /** Phi^1(t, s) = Y_hh and G^1(t, s) = Y_ww of the block at offset. */
    double[][] blockPhi(double[] z, int offset) {
        double[][] out = new double[m][m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(z, offset + i * m, out[i], 0, m);
        }
        return out;
    }

    double blockG(double[] z, int offset) {
        return z[offset + m * m + 2 * m];
    }

    @Override
    public double[] predictions(double t, double[] z) {
        double[] f = new double[m];
        System.arraycopy(z, m * m, f, 0, m);
        return f;
    }

    @Override
    public double[][][] phi(double t, double[] z) {
        return new double[][][] {blockPhi(z, 0)};
    }

    @Override
    public double[] g(double t, double[] z) {
        return new double[] {z[m * m + m]};
    }
}
