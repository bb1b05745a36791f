package org.dln.linear.solver;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.numeric.linalg.Kernels;

/**
 * The trajectory both causal marches fill ({@link CausalMarchingSolver}: {@link FactoredRun} and the dense one): f, the
 * NTK, the loss bookkeeping with the divergence test, and the NTK-Euler update.
 */
final class MarchTrajectory {
    final int P, S, T, L;
    final double eta;
    final double rho;       // 1 - eta lambda, the per-step weight decay factor
    final boolean ntkEuler; // predictions from f(t+1) = f(t) + eta K(t) Delta(t)
    final double lossScale;
    final double[] y;
    final double[][] f;     // [t][i]
    final double[][][] ntk; // [t][i][j]
    double initialLoss;     // loss(0), the reference of the divergence test

    MarchTrajectory(Problem p, Approximation approx, double lambda) {
        P = p.trainCount();
        S = P + p.testCount();
        T = p.timePoints();
        L = p.depth();
        eta = p.eta();
        rho = 1.0 - eta * lambda;
        ntkEuler = approx == Approximation.GIA
                || p.conventions().update() == org.dln.linear.problem.Conventions.Update.NTK_EULER;
        lossScale = p.lossScale();
        y = p.y();
        f = new double[T][S];
        ntk = new double[T][S][S];
    }

    /** f(t) = f(t-1) + eta K(t-1) dw(t-1) (f(0) = 0). */
    void eulerPredict(int t, double[] dw) {
        for (int i = 0; i < S; i++) {
            if (t == 0) {
                f[0][i] = 0;
                continue;
            }
            double acc = f[t - 1][i];
            for (int mu = 0; mu < P; mu++) {
                acc += eta * ntk[t - 1][i][mu] * dw[(t - 1) * S + mu];
            }
            f[t][i] = acc;
        }
    }

    /** dw(t) = lossScale (y - f(t)) and the loss; refuses (exit 2, eta named) a diverging descent. */
    void closeStep(int t, double[] dw) {
        double loss = 0;
        for (int mu = 0; mu < P; mu++) {
            double delta = y[mu] - f[t][mu];
            dw[t * S + mu] = lossScale * delta;
            loss += 0.5 * lossScale * delta * delta;
        }
        if (t == 0) {
            initialLoss = loss;
        }
        if (!Double.isFinite(loss) || loss > CausalMarchingSolver.DIVERGENCE_FACTOR * (1 + initialLoss)) {
            int tb = Math.max(0, t - 1);
            throw new InvalidInputException(InputError.DIVERGED, "eta", t, loss, eta,
                    eta * lossScale * maxEigenvalue(ntk[tb], P));
        }
    }

    static double maxEigenvalue(double[][] k, int p) {
        return Kernels.eigenvalueRange(k, p)[1];
    }
}
