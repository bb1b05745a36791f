package org.dln.linear.stationary;

import org.dln.linear.problem.Problem;
import org.dln.numeric.report.SolverReport;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The infinite-width stationary state of gradient descent with weight decay lambda, over train then test samples
 * (S = P + Q): per-layer kernels Phi^l (S x S), G^l (scalars), predictions f, errors Delta, the adaptive NTK
 * K = sum_{l=0..L} G^{l+1} Phi^l, and the Newton report. Immutable.
 *
 * <p>Predictor. Each layer contributes lambda f to K delta (delta = s Delta, s the loss scale), so
 * K s (y - f) = (L+1) lambda f on every input, train or test, which gives
 * <pre>
 *   f(x) = K(x, X) [K(X, X) + c lambda I]^{-1} y,     c = (L + 1) / s    (c = L + 1 for the summed loss),
 * </pre>
 * with K the stationary (adapted) NTK. Equivalently f(x) = Kx(x, X) [Kx + I/a]^{-1} y: ridge regression on the
 * inputs with the self-consistent ridge 1/a, a = s G^1 / lambda ({@link DecayScalarReduction}).
 */
public final class DecayStationaryState {
    private final Problem problem;
    private final double lambda;
    private final double[][][] phi; // [l-1][i][j], l = 1..L, S x S
    private final double[] g;       // [l-1]
    private final double[] f;       // S
    private final double[][] ntk;   // S x S
    private final double a;         // a = s G^1 / lambda
    private final SolverReport report;

    DecayStationaryState(Problem problem, double lambda, double[][][] phi, double[] g, double[] f, double[][] ntk,
                         SolverReport report) {
        this.problem = problem;
        this.lambda = lambda;
        this.phi = phi;
        this.g = g;
        this.f = f;
        this.ntk = ntk;
        this.a = problem.lossScale() * g[0] / lambda;
        this.report = report;
    }

    /**
     * The state of given G^1..G^L and train errors Delta: the kernels over train and test samples follow explicitly
     * (Phi^1 = kappa G^1 (Kx delta)(Kx delta)^T, Phi^{l+1} = kappa G^{l+1} (Phi^l delta)(Phi^l delta)^T with the
     * joint Gram matrix and delta zero on test samples), f = Phi^L delta / lambda.
     */
    static DecayStationaryState of(Problem p, double lambda, double[] gL, double[] deltaTrain, SolverReport report) {
        int pn = p.trainCount(), s = pn + p.testCount(), depth = p.depth();
        double kappa = p.gamma0() * p.gamma0() / (lambda * lambda);
        double[] delta = new double[s];
        for (int mu = 0; mu < pn; mu++) {
            delta[mu] = p.lossScale() * deltaTrain[mu];
        }
        double[][] down = p.jointGram();
        double[][][] phi = new double[depth][][];
        for (int l = 1; l <= depth; l++) {
            double[] k = times(down, delta);
            double c = kappa * gL[l - 1];
            double[][] ph = new double[s][s];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    ph[i][j] = c * k[i] * k[j];
                }
            }
            phi[l - 1] = ph;
            down = ph;
        }
        double[] f = times(phi[depth - 1], delta);
        for (int i = 0; i < s; i++) {
            f[i] /= lambda;
        }
        double[][] kx = p.jointGram();
        double[][] ntk = new double[s][s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                double acc = gL[0] * kx[i][j];
                for (int l = 1; l <= depth; l++) {
                    acc += (l < depth ? gL[l] : 1.0) * phi[l - 1][i][j];
                }
                ntk[i][j] = acc;
            }
        }
        return new DecayStationaryState(p, lambda, phi, gL.clone(), f, ntk, report);
    }

    static double[] times(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double acc = 0;
            for (int j = 0; j < v.length; j++) {
                acc += m[i][j] * v[j];
            }
            out[i] = acc;
        }
        return out;
    }

    public Problem problem() { return problem; }

    public double weightDecay() { return lambda; }

    public SolverReport report() { return report; }

    /** Phi^l_{ij}, l = 1..L, over train then test samples. */
    public double phi(int l, int i, int j) { return phi[l - 1][i][j]; }

    /** G^l, l = 1..L. */
    public double g(int l) { return g[l - 1]; }

    /** Stationary prediction f_i (train i &lt; P, test i &gt;= P). */
    public double f(int i) { return f[i]; }

    /** Adaptive NTK K_ij over train then test samples. */
    public double ntk(int i, int j) { return ntk[i][j]; }

    /** The constant c of f(x) = K(x,X)[K + c lambda I]^{-1} y: (L + 1) / s. */
    public double predictorConstant() { return (problem.depth() + 1) / problem.lossScale(); }

    /** The self-consistent input-space ridge 1/a: f(x) = Kx(x,X)[Kx + I/a]^{-1} y. */
    public double effectiveRidge() { return 1.0 / a; }

    /** f over all samples from the adaptive NTK formula K(x,X)[K + c lambda I]^{-1} y (an identity to check). */
    public double[] adaptivePredictor() {
        return kernelPredictor(ntk, predictorConstant() * lambda);
    }

    /**
     * The lazy kernel predictor with the same ridge: K0(x,X)[K0 + c lambda I]^{-1} y with the initial NTK
     * K0 = (L+1) Kx, i.e. Kx(x,X)[Kx + (lambda/s) I]^{-1} y.
     */
    public double[] lazyPredictor() {
        double[][] k0 = problem.jointGram();
        for (double[] row : k0) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= problem.depth() + 1;
            }
        }
        return kernelPredictor(k0, predictorConstant() * lambda);
    }

    /** K(x,X)[K(X,X) + ridge I]^{-1} y over all samples. */
    double[] kernelPredictor(double[][] k, double ridge) {
        int pn = problem.trainCount(), s = k.length;
        DMatrixRMaj m = new DMatrixRMaj(pn, pn);
        for (int i = 0; i < pn; i++) {
            for (int j = 0; j < pn; j++) {
                m.set(i, j, k[i][j] + (i == j ? ridge : 0));
            }
        }
        DMatrixRMaj alpha = new DMatrixRMaj(pn, 1);
        CommonOps_DDRM.solve(m, new DMatrixRMaj(pn, 1, true, problem.y()), alpha);
        double[] out = new double[s];
        for (int i = 0; i < s; i++) {
            double acc = 0;
            for (int j = 0; j < pn; j++) {
                acc += k[i][j] * alpha.get(j);
            }
            out[i] = acc;
        }
        return out;
    }

    /** All predictions f over train then test samples. */
    public double[] predictions() { return f.clone(); }
}
