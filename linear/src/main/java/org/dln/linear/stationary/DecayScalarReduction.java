package org.dln.linear.stationary;

import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The exact reduction of {@link DecayStationaryEquations} to one scalar equation. At a stationary point every layer
 * contributes the same to K delta: (G^{l+1} Phi^l) delta = lambda f for l = 0..L (take the inner product of
 * lambda W^l = gamma0^2 N s sum_mu Delta_mu df_mu/dW^l with df_nu/dW^l and use that f is linear in each W^l). With
 * l = 0: f = (G^1 s / lambda) Kx Delta, so Delta = (I + a Kx)^{-1} y with a = s G^1 / lambda, i.e. the predictor
 * is ridge regression on the inputs with the self-consistent ridge 1/a. With E = delta^T K^l delta (the same for
 * every l), the G equations give G^l = (kappa E)^{L+1-l}, kappa = gamma0^2/lambda^2, and E = G^1 s^2 m(a),
 * m(a) = Delta^T Kx Delta. Hence, for G^1 != 0,
 * <pre>
 *   phi(u) = L ln(kappa s^2 m(a)) + (L - 1) ln(lambda a / s) = 0,     u = ln a.
 * </pre>
 * L = 1: m(a) = lambda^2 / (gamma0 s)^2, one root iff y^T Kx y > lambda^2/(gamma0 s)^2 (for one sample with Kx = 1,
 * y = 1: Delta = lambda/gamma0). L >= 2: phi -> -infinity at both ends, so there are zero or two roots (a saddle-node
 * in lambda); the zero state is also stationary. This class returns the largest root, found by scanning u downward
 * from 40 and bisecting to the last bit; it is the state gradient descent reaches from the standard initialization
 * in every case checked (WeightDecayStationaryTest).
 */
public final class DecayScalarReduction {
    private final double[] eig;   // eigenvalues of Kx
    private final double[] yRot;  // V^T y
    private final int depth;
    private final double gamma0, lambda, scale, kappa;

    /** From the eigenvalues of Kx and the target in its eigenbasis (no decomposition). */
    public DecayScalarReduction(double[] eig, double[] yRot, int depth, double gamma0, double lambda, double scale) {
        this.eig = eig.clone();
        this.yRot = yRot.clone();
        this.depth = depth;
        this.gamma0 = gamma0;
        this.lambda = lambda;
        this.scale = scale;
        this.kappa = gamma0 * gamma0 / (lambda * lambda);
    }

    public DecayScalarReduction(double[][] kx, double[] y, int depth, double gamma0, double lambda, double scale) {
        int p = y.length;
        EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(p, true, true);
        if (!e.decompose(new DMatrixRMaj(kx))) {
            throw new IllegalStateException("eigen-decomposition of Kx failed");
        }
        eig = new double[p];
        yRot = new double[p];
        for (int i = 0; i < p; i++) {
            eig[i] = Math.max(0, e.getEigenvalue(i).getReal());
            DMatrixRMaj v = e.getEigenVector(i);
            double acc = 0;
            for (int j = 0; j < p; j++) {
                acc += v.get(j) * y[j];
            }
            yRot[i] = acc;
        }
        this.depth = depth;
        this.gamma0 = gamma0;
        this.lambda = lambda;
        this.scale = scale;
        this.kappa = gamma0 * gamma0 / (lambda * lambda);
    }

    /** m(a) = Delta^T Kx Delta with Delta = (I + a Kx)^{-1} y. */
    public double m(double a) {
        double acc = 0;
        for (int i = 0; i < eig.length; i++) {
            double d = yRot[i] / (1 + a * eig[i]);
            acc += eig[i] * d * d;
        }
        return acc;
    }

    /** The scalar function phi(u), u = ln a, whose largest root is the stationary state. */
    public double phi(double u) {
        double a = Math.exp(u);
        return depth * Math.log(kappa * scale * scale * m(a)) + (depth - 1) * Math.log(lambda * a / scale);
    }

    /**
     * The largest root a* of phi(ln a) = 0.
     *
     * @throws InvalidInputException (field weight-decay) when there is none: the decay is too strong for any
     *         nontrivial stationary state, and all weights decay to zero
     */
    public double solve() {
        double hi = 40, step = 0.05;
        double u = hi;
        double fHi = phi(hi);
        if (fHi > 0) {
            throw new IllegalStateException("phi(40) > 0: ridge 1/a below e^-40; rescale the problem");
        }
        double prev = hi;
        boolean found = false;
        for (u = hi - step; u > -40; u -= step) {
            double v = phi(u);
            if (v > 0) {
                found = true;
                break;
            }
            prev = u;
        }
        if (!found) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "weight-decay", "weight-decay", lambda,
                    String.format(java.util.Locale.ROOT, "no nontrivial stationary state at gamma0 = %s, L = %d: the decay is too strong "
                            + "and every weight decays to zero (lower lambda or raise gamma0)", gamma0, depth));
        }
        double lo = u; // phi(lo) > 0 >= phi(prev), lo < prev
        double up = prev;
        for (int it = 0; it < 200 && up - lo > 0; it++) {
            double mid = 0.5 * (lo + up);
            if (mid <= lo || mid >= up) {
                break;
            }
            if (phi(mid) > 0) {
                lo = mid;
            } else {
                up = mid;
            }
        }
        return Math.exp(0.5 * (lo + up));
    }

    /** Delta(a) = (I + a Kx)^{-1} y, computed in the original basis from the problem's Kx. */
    public static double[] delta(double[][] kx, double[] y, double a) {
        int p = y.length;
        DMatrixRMaj m = new DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                m.set(i, j, (i == j ? 1 : 0) + a * kx[i][j]);
            }
        }
        DMatrixRMaj rhs = new DMatrixRMaj(p, 1, true, y);
        DMatrixRMaj out = new DMatrixRMaj(p, 1);
        if (!org.ejml.dense.row.CommonOps_DDRM.solveSPD(m, rhs, out)) {
            org.ejml.dense.row.CommonOps_DDRM.solve(m, rhs, out);
        }
        return out.data.clone();
    }

    public double kappa() {
        return kappa;
    }
}
