package org.dln.linear.stationary;

import org.dln.numeric.solver.NonlinearSystem;
import org.ejml.data.DMatrixRMaj;

/**
 * The stationary state of gradient descent (or flow) with weight decay lambda at infinite width, as algebraic
 * equations in P x P kernels. With s the loss scale (1 or 1/P) and delta = s Delta the weighted errors, the
 * stationarity of every weight, lambda W = gamma0^2 N s sum_mu Delta_mu df_mu/dW (the same condition for
 * gradient descent with any step eta as for gradient flow), gives W^0 = (gamma0/lambda) g^1 (sum_mu delta_mu
 * x_mu)^T / sqrt(D), W^l = (gamma0/lambda) sum_mu delta_mu g^{l+1} h^l_mu^T / sqrt(N), w^L = (gamma0/lambda)
 * sum_mu delta_mu h^L_mu, hence with kappa = gamma0^2 / lambda^2:
 * <pre>
 *   Phi^1     = kappa G^1 (Kx delta)(Kx delta)^T
 *   Phi^{l+1} = kappa G^{l+1} (Phi^l delta)(Phi^l delta)^T              l = 1..L-1
 *   G^l       = kappa (G^{l+1})^2 delta^T Phi^l delta,   G^{L+1} = 1     l = 1..L
 *   Delta     = y - Phi^L delta / lambda                                 (f = Phi^L delta / lambda)
 * </pre>
 * Unknowns, in this order: the upper triangles (row-major, i &lt;= j) of Phi^1..Phi^L, then G^1..G^L, then Delta
 * (dimension L P (P+1)/2 + L + P). Residual = left side minus right side. The Jacobian is analytic (each column is
 * the exact directional derivative of the polynomial residual). Note that Phi = G = 0, Delta = y (all weights
 * zero) is always a solution; the network's state is the nontrivial one (see {@link DecayScalarReduction}).
 */
public final class DecayStationaryEquations implements NonlinearSystem {
    private final int p, depth, tri, dim;
    private final double[][] kx;
    private final double[] y;
    private final double lambda, kappa, scale;
    // workspaces
    private final double[][][] phi, dphi;
    private final double[] g, dg, delta, ddelta, k, dk;
    private final double[] unit, col;

    /**
     * @param kx     train Gram matrix (P x P)
     * @param y      targets (P)
     * @param depth  L >= 1
     * @param gamma0 feature-learning strength > 0
     * @param lambda weight decay > 0
     * @param scale  loss scale s (1 = sum convention, 1/P = mean)
     */
    public DecayStationaryEquations(double[][] kx, double[] y, int depth, double gamma0, double lambda, double scale) {
        this.p = y.length;
        this.depth = depth;
        this.tri = p * (p + 1) / 2;
        this.dim = depth * tri + depth + p;
        this.kx = kx;
        this.y = y.clone();
        this.lambda = lambda;
        this.kappa = gamma0 * gamma0 / (lambda * lambda);
        this.scale = scale;
        phi = new double[depth + 1][p][p];
        dphi = new double[depth + 1][p][p];
        g = new double[depth + 2];
        dg = new double[depth + 2];
        delta = new double[p];
        ddelta = new double[p];
        k = new double[p];
        dk = new double[p];
        unit = new double[dim];
        col = new double[dim];
    }

    @Override
    public int dimension() {
        return dim;
    }

    public int samples() {
        return p;
    }

    public int depth() {
        return depth;
    }

    /** Packs Phi^l ([l-1][i][j]), G^l ([l-1]) and Delta into an unknown vector. */
    public double[] pack(double[][][] phiL, double[] gL, double[] deltaL) {
        double[] z = new double[dim];
        int idx = 0;
        for (int l = 0; l < depth; l++) {
            for (int i = 0; i < p; i++) {
                for (int j = i; j < p; j++) {
                    z[idx++] = phiL[l][i][j];
                }
            }
        }
        for (int l = 0; l < depth; l++) {
            z[idx++] = gL[l];
        }
        for (int i = 0; i < p; i++) {
            z[idx++] = deltaL[i];
        }
        return z;
    }

    /** Phi^l (l = 1..L) of an unknown vector. */
    public double[][] phi(double[] z, int l) {
        double[][] out = new double[p][p];
        unpackPhi(z, l, out);
        return out;
    }

    /** G^l (l = 1..L) of an unknown vector. */
    public double g(double[] z, int l) {
        return z[depth * tri + l - 1];
    }

    /** Delta_mu of an unknown vector. */
    public double delta(double[] z, int mu) {
        return z[depth * tri + depth + mu];
    }

    private void unpackPhi(double[] z, int l, double[][] out) {
        int idx = (l - 1) * tri;
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                out[i][j] = z[idx];
                out[j][i] = z[idx];
                idx++;
            }
        }
    }

    @Override
    public void residual(double[] x, double[] out) {
        java.util.Arrays.fill(unit, 0.0);
        evaluate(x, unit, out, col);
    }

    @Override
    public boolean hasJacobian() {
        return true;
    }

    @Override
    public void jacobian(double[] x, DMatrixRMaj out) {
        double[] f = new double[dim];
        for (int j = 0; j < dim; j++) {
            java.util.Arrays.fill(unit, 0.0);
            unit[j] = 1.0;
            evaluate(x, unit, f, col);
            for (int i = 0; i < dim; i++) {
                out.set(i, j, col[i]);
            }
        }
    }

    @Override
    public boolean hasJacobianVectorProduct() {
        return true;
    }

    @Override
    public void jacobianTimes(double[] x, double[] v, double[] out) {
        evaluate(x, v, new double[dim], out);
    }

    /** Residual F(x) into out and its directional derivative J(x) v into dout (forward mode, exact). */
    private void evaluate(double[] x, double[] v, double[] out, double[] dout) {
        for (int l = 1; l <= depth; l++) {
            unpackPhi(x, l, phi[l]);
            unpackPhi(v, l, dphi[l]);
            g[l] = x[depth * tri + l - 1];
            dg[l] = v[depth * tri + l - 1];
        }
        g[depth + 1] = 1.0;
        dg[depth + 1] = 0.0;
        int off = depth * tri + depth;
        for (int mu = 0; mu < p; mu++) {
            delta[mu] = scale * x[off + mu];
            ddelta[mu] = scale * v[off + mu];
        }
        int idx = 0;
        for (int l = 1; l <= depth; l++) {
            // k = Phi^{l-1} delta (Phi^0 = Kx), dk its derivative
            for (int i = 0; i < p; i++) {
                double a = 0, da = 0;
                for (int j = 0; j < p; j++) {
                    double ph = l == 1 ? kx[i][j] : phi[l - 1][i][j];
                    double dph = l == 1 ? 0.0 : dphi[l - 1][i][j];
                    a += ph * delta[j];
                    da += dph * delta[j] + ph * ddelta[j];
                }
                k[i] = a;
                dk[i] = da;
            }
            double c = kappa * g[l], dc = kappa * dg[l];
            for (int i = 0; i < p; i++) {
                for (int j = i; j < p; j++) {
                    out[idx] = phi[l][i][j] - c * k[i] * k[j];
                    dout[idx] = dphi[l][i][j] - dc * k[i] * k[j] - c * (dk[i] * k[j] + k[i] * dk[j]);
                    idx++;
                }
            }
        }
        for (int l = 1; l <= depth; l++) {
            double q = 0, dq = 0;
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    q += delta[i] * phi[l][i][j] * delta[j];
                    dq += ddelta[i] * phi[l][i][j] * delta[j] + delta[i] * dphi[l][i][j] * delta[j]
                            + delta[i] * phi[l][i][j] * ddelta[j];
                }
            }
            double gu = g[l + 1], dgu = dg[l + 1];
            out[idx] = g[l] - kappa * gu * gu * q;
            dout[idx] = dg[l] - kappa * (2 * gu * dgu * q + gu * gu * dq);
            idx++;
        }
        for (int mu = 0; mu < p; mu++) {
            double a = 0, da = 0;
            for (int j = 0; j < p; j++) {
                a += phi[depth][mu][j] * delta[j];
                da += dphi[depth][mu][j] * delta[j] + phi[depth][mu][j] * ddelta[j];
            }
            out[idx] = x[off + mu] - y[mu] + a / lambda;
            dout[idx] = v[off + mu] + da / lambda;
            idx++;
        }
    }
}
