package org.dln.linear.solver;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.numeric.linalg.Kernels;
import org.dln.numeric.report.SolverReport;

/**
 * The infinite-width trajectory of a deep linear network: predictions, loss, NTK and per-layer equal-time
 * kernels at every time point t = 0..T-1, optionally the full two-time order parameters, and the report of
 * the solver that produced it. Samples are indexed train (0..P-1) then test (P..P+Q-1). Immutable.
 */
public final class LinearSolution {
    private final Problem problem;
    private final Approximation approximation;
    private final double[][] f;          // [t][i]
    private final double[][][] ntk;      // [t][i][j]
    private final double[][][][] phi;    // [l-1][t][i][j], l = 1..L
    private final double[][] g;          // [l-1][t], l = 1..L
    private final TwoTimeKernels twoTime; // may be null
    private final SolverReport report;
    private final double[][] inputGram;  // Phi^0 over train then test samples
    private final double[] times;        // time of each point (null: gradient descent, t * eta)

    public LinearSolution(Problem problem, Approximation approximation, double[][] f, double[][][] ntk,
                          double[][][][] phi, double[][] g, TwoTimeKernels twoTime, SolverReport report) {
        this(problem, approximation, null, f, ntk, phi, g, twoTime, report);
    }

    /**
     * A solution on explicit time points (gradient flow: collocation nodes or interpolation times); {@code times}
     * null means gradient-descent steps at t * eta.
     */
    public LinearSolution(Problem problem, Approximation approximation, double[] times, double[][] f, double[][][] ntk,
                          double[][][][] phi, double[][] g, TwoTimeKernels twoTime, SolverReport report) {
        this.problem = problem;
        this.approximation = approximation;
        this.f = f;
        this.ntk = ntk;
        this.phi = phi;
        this.g = g;
        this.twoTime = twoTime;
        this.report = report;
        this.inputGram = problem.jointGram();
        this.times = times == null ? null : times.clone();
    }

    /** Whether the time points are those of gradient flow (explicit times) rather than gradient-descent steps. */
    public boolean isFlow() {
        return times != null;
    }

    /** The time of point t: t * eta for gradient descent, the node time for gradient flow. */
    public double time(int t) {
        return times == null ? t * problem.eta() : times[t];
    }

    public Problem problem() { return problem; }

    public Approximation approximation() { return approximation; }

    public SolverReport report() { return report; }

    /** The same solution with another report (e.g. after an a-posteriori residual check). */
    public LinearSolution withReport(SolverReport r) {
        return new LinearSolution(problem, approximation, times, f, ntk, phi, g, twoTime, r);
    }

    public int timePoints() { return f.length; }

    /** Number of samples, train then test. */
    public int samples() { return f[0].length; }

    /** Prediction f_i(t) for sample i (train i < P, test i >= P). */
    public double f(int t, int i) { return f[t][i]; }

    /** Error Delta_mu(t) = y_mu - f_mu(t) of train sample mu. */
    public double delta(int t, int mu) { return problem.y(mu) - f[t][mu]; }

    /** Loss at time t in the problem's convention: (scale/2) sum_mu Delta_mu^2, scale = 1 or 1/P. */
    public double loss(int t) {
        double s = 0;
        for (int mu = 0; mu < problem.trainCount(); mu++) {
            double d = delta(t, mu);
            s += d * d;
        }
        return 0.5 * problem.lossScale() * s;
    }

    /** NTK K_{ij}(t) over train then test samples. */
    public double ntk(int t, int i, int j) { return ntk[t][i][j]; }

    /** Phi^l_{ij}(t, t), l = 1..L (l = 0 gives Kx). */
    public double phi(int l, int t, int i, int j) {
        if (l == 0) {
            return inputGram[i][j];
        }
        return phi[l - 1][t][i][j];
    }

    /** G^l(t, t), l = 1..L (l = L+1 gives 1). */
    public double g(int l, int t) {
        return l == problem.depth() + 1 ? 1.0 : g[l - 1][t];
    }

    /** The full two-time order parameters, or null if they were not kept. */
    public TwoTimeKernels twoTime() { return twoTime; }

    /**
     * Kernel-target alignment of a P x P kernel restricted to train samples: y^T K y / (|y|^2 ||K||_F).
     * Pass layer l = 0..L for Phi^l(t,t), or -1 for the NTK.
     */
    public double alignment(int layer, int t) {
        int p = problem.trainCount();
        double[][] k = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                k[i][j] = layer < 0 ? ntk(t, i, j) : phi(layer, t, i, j);
            }
        }
        return Kernels.alignment(k, problem.y());
    }
}
