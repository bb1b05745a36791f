package org.dln.linear.dmft;

import org.dln.linear.problem.Problem;
import org.dln.linear.result.Method;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.stationary.DecayStationaryEquations;
import org.dln.linear.stationary.DecayStationarySolver;
import org.dln.linear.stationary.DecayStationaryState;

/**
 * Family "weight-decay-stationary": the infinite-width stationary state of gradient descent with weight decay lambda,
 * by dense Newton on the P x P stationary equations ({@link DecayStationarySolver}) from the scalar reduction or from
 * the last point of a gradient-descent trajectory. A stationary solution (one point) with f, the adapted NTK, Phi^l and
 * G^l on train and test inputs; the {@link DecayStationaryState} is attached. The problem's eta and T are not used.
 */
public final class WeightDecayStationarySolver implements DmftSolver {
    private final double lambda;
    private final LinearSolution trajectory;

    /** Newton from the scalar reduction's root. */
    public WeightDecayStationarySolver(double lambda) {
        this(lambda, null);
    }

    /**
     * @param lambda     weight decay lambda > 0
     * @param trajectory a gradient-descent trajectory with the same decay whose last point is the Newton guess (null:
     *                   the scalar reduction)
     */
    public WeightDecayStationarySolver(double lambda, LinearSolution trajectory) {
        this.lambda = lambda;
        this.trajectory = trajectory;
    }

    @Override
    public String family() {
        return "weight-decay-stationary";
    }

    @Override
    public Solution solve(Problem p, SolveListener listener) {
        DecayStationaryEquations eq = DecayStationarySolver.equations(p, lambda);
        DecayStationaryState st;
        if (trajectory == null) {
            st = new DecayStationarySolver().solve(p, lambda, null, null);
        } else {
            int tEnd = trajectory.timePoints() - 1;
            st = new DecayStationarySolver().solve(p, lambda, DecayStationarySolver.guessFromTrajectory(trajectory, tEnd, eq),
                    "trajectory at t = " + tEnd);
        }
        int depth = p.depth(), pn = p.trainCount(), s = pn + p.testCount();
        double[] f = new double[pn], fTest = new double[s - pn];
        double[][] ntk = new double[s][s];
        for (int i = 0; i < s; i++) {
            if (i < pn) {
                f[i] = st.f(i);
            } else {
                fTest[i - pn] = st.f(i);
            }
            for (int j = 0; j < s; j++) {
                ntk[i][j] = st.ntk(i, j);
            }
        }
        double[][][] phi = new double[depth][pn][pn];
        double[] g = new double[depth];
        for (int l = 1; l <= depth; l++) {
            g[l - 1] = st.g(l);
            for (int i = 0; i < pn; i++) {
                for (int j = 0; j < pn; j++) {
                    phi[l - 1][i][j] = st.phi(l, i, j);
                }
            }
        }
        Method m = Method.builder().solver(st.report().solver()).approximation("full").put("weight_decay", lambda)
                .put("infinite_width", true).build();
        return Solutions.stationary(p, m, st.report(), f, fTest, ntk, phi, g).withExtra(DecayStationaryState.class, st);
    }
}
