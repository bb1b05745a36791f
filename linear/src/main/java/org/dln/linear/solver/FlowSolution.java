package org.dln.linear.solver;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.numeric.report.SolverReport;
import org.dln.numeric.time.CollocationGrid;

/** The result of a gradient-flow solve: node values, interpolation, and the long-time state. */
public final class FlowSolution {
    private final Problem problem;
    private final CollocationGrid grid;
    private final LinearSolution nodes;
    private final double[][] nodal; // [quantity][node] for interpolation: f_i, K_ij, Phi^l_ij, G^l
    private final LinearSolution withTwoTime;

    FlowSolution(Problem p, CollocationGrid grid, BlockEquations eq, SolverReport report) {
        this.problem = p;
        this.grid = grid;
        int tp = grid.size(), s = eq.S, depth = eq.L;
        double[] times = new double[tp];
        double[][] f = new double[tp][s];
        double[][][] ntk = new double[tp][s][s];
        double[][][][] phi = new double[depth][tp][s][s];
        double[][] g = new double[depth][tp];
        for (int t = 0; t < tp; t++) {
            times[t] = grid.time(t);
            for (int i = 0; i < s; i++) {
                f[t][i] = eq.f[t * s + i];
                for (int j = 0; j < s; j++) {
                    ntk[t][i][j] = eq.ntk(t, i, j);
                    for (int l = 1; l <= depth; l++) {
                        phi[l - 1][t][i][j] = eq.phi[l][(t * s + i) * eq.n + t * s + j];
                    }
                }
            }
            for (int l = 1; l <= depth; l++) {
                g[l - 1][t] = eq.gk[l][t * tp + t];
            }
        }
        this.nodes = new LinearSolution(p, Approximation.FULL, times, f, ntk, phi, g, null, report);
        this.withTwoTime = new LinearSolution(p, Approximation.FULL, times, f, ntk, phi, g,
                new TwoTimeKernels(s, tp, eq.phi, eq.gk, null, null), report);
        int qn = s + s * s + depth * s * s + depth;
        nodal = new double[qn][tp];
        for (int t = 0; t < tp; t++) {
            int k = 0;
            for (int i = 0; i < s; i++) {
                nodal[k++][t] = f[t][i];
            }
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    nodal[k++][t] = ntk[t][i][j];
                }
            }
            for (int l = 0; l < depth; l++) {
                for (int i = 0; i < s; i++) {
                    for (int j = 0; j < s; j++) {
                        nodal[k++][t] = phi[l][t][i][j];
                    }
                }
            }
            for (int l = 0; l < depth; l++) {
                nodal[k++][t] = g[l][t];
            }
        }
    }

    public Problem problem() {
        return problem;
    }

    public CollocationGrid grid() {
        return grid;
    }

    /** The solution at the collocation nodes. */
    public LinearSolution atNodes() {
        return nodes;
    }

    /**
     * The node values with the two-time kernels Phi^l(t, s) and G^l(t, s) on the node grid (theory.md section 3
     * indexing). The response functions are omitted: on a collocation grid they are stored multiplied by the
     * element's quadrature weights, which is not a per-step constant as for gradient descent.
     */
    public LinearSolution atNodesWithTwoTime() {
        return withTwoTime;
    }

    public SolverReport report() {
        return nodes.report();
    }

    /**
     * The solution interpolated (piecewise polynomial of degree m - 1 through the nodes of each element, as
     * accurate as the nodes themselves for smooth trajectories) at the given times in [0, tMax].
     */
    public LinearSolution at(double[] times) {
        int s = nodes.samples(), depth = problem.depth(), tp = times.length;
        double[][] f = new double[tp][s];
        double[][][] ntk = new double[tp][s][s];
        double[][][][] phi = new double[depth][tp][s][s];
        double[][] g = new double[depth][tp];
        int[] idx = new int[grid.nodesPerElement()];
        for (int t = 0; t < tp; t++) {
            double[] w = grid.weights(times[t], 0, idx);
            double[] v = new double[nodal.length];
            for (int q = 0; q < nodal.length; q++) {
                double acc = 0;
                for (int j = 0; j < idx.length; j++) {
                    acc += w[j] * nodal[q][idx[j]];
                }
                v[q] = acc;
            }
            int k = 0;
            for (int i = 0; i < s; i++) {
                f[t][i] = v[k++];
            }
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    ntk[t][i][j] = v[k++];
                }
            }
            for (int l = 0; l < depth; l++) {
                for (int i = 0; i < s; i++) {
                    for (int j = 0; j < s; j++) {
                        phi[l][t][i][j] = v[k++];
                    }
                }
            }
            for (int l = 0; l < depth; l++) {
                g[l][t] = v[k++];
            }
        }
        return new LinearSolution(problem, Approximation.FULL, times, f, ntk, phi, g, null, nodes.report());
    }

    /** Prediction f_i(t) for any t in [0, tMax] (interpolated). */
    public double f(double t, int i) {
        return grid.interpolate(t, nodal[i], 0);
    }

    /** NTK K_ij(t) for any t in [0, tMax] (interpolated). */
    public double ntk(double t, int i, int j) {
        return grid.interpolate(t, nodal[nodes.samples() + i * nodes.samples() + j], 0);
    }

    /**
     * The long-time state: the values at tMax, accepted as t = infinity values when the estimated remaining change
     * is below {@code tolerance}. The estimate: with r = -d ln|Delta|/dt at tMax (the slowest surviving decay rate),
     * the remaining change of a quantity X is about |dX/dt(tMax)| / r.
     */
    public LongTimeState longTime(double tolerance) {
        int s = nodes.samples(), p = problem.trainCount(), last = grid.size() - 1;
        double tMax = grid.tMax();
        double d2 = 0;
        for (int mu = 0; mu < p; mu++) {
            double delta = problem.y(mu) - nodes.f(last, mu);
            d2 += delta * delta;
        }
        double[][] ntk = new double[s][s];
        double[][] train = new double[p][p];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                ntk[i][j] = nodes.ntk(last, i, j);
                if (i < p && j < p) {
                    train[i][j] = ntk[i][j];
                }
            }
        }
        // slowest decay rate of the error under df/dt = scale K Delta near the end
        double rate = problem.lossScale() * org.dln.numeric.linalg.Kernels.eigenvalueRange(train, p)[0];
        double maxRate = 0;
        for (double[] q : nodal) {
            maxRate = Math.max(maxRate, Math.abs(grid.interpolate(tMax, q, 1)));
        }
        double estimate = rate > 0 ? maxRate / rate : Double.POSITIVE_INFINITY;
        return new LongTimeState(tMax, Math.sqrt(d2), rate, estimate, estimate <= tolerance, ntk);
    }
}
