package org.dln.linear.langevin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dln.linear.bayes.BayesSaddleSolver;
import org.dln.linear.bayes.BayesSolution;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.solver.FlowSolver;
import org.dln.linear.stationary.DecayStationarySolver;
import org.dln.linear.stationary.DecayStationaryState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The limits of Langevin training at infinite width (theory.md 12.4, issue 17), each against an independent dln
 * family or a closed form: (a) lambda = T = 0 is gradient flow (collocation + Newton, {@code solve --flow});
 * (b) T = 0, lambda > 0 ends in the weight-decay stationary state (Newton on section 8's equations); (c) at
 * t = 50 / lambda the state is the Bayesian saddle point ({@code dln bayes}) through the map (12.1); (d) without
 * data the weights' autocorrelation is the Ornstein-Uhlenbeck one. Data: P = 4 random inputs in D = 3 with 2 test
 * inputs (seed 17). Tolerances: the integrator's local tolerance is 1e-12 (relative), the flow solver's grid
 * tolerance 1e-11 and the Newton solves 1e-12 to 1e-13, so 1e-8 leaves a margin of about 100 for accumulation;
 * the OU check compares a Lyapunov/propagator integration with the closed form at the integrator's accuracy (1e-10).
 */
class LangevinLimitsTest {

    static Problem problem(int depth, double gamma0, double[] y) {
        SplittableRandom r = new SplittableRandom(17);
        double[][] x = new double[4][3], xt = new double[2][3];
        for (double[] row : x) {
            for (int k = 0; k < 3; k++) {
                row[k] = r.nextGaussian();
            }
        }
        for (double[] row : xt) {
            for (int k = 0; k < 3; k++) {
                row[k] = r.nextGaussian();
            }
        }
        return new Problem.Builder().inputs(x).testInputs(xt).y(y).depth(depth).gamma0(gamma0).checkStability(false).build();
    }

    static final double[] Y = {1.0, -0.5, 0.3, 0.8};

    /** The problem with its Gram matrix (train and test blocks) scaled by the factor (slower NTK rates). */
    static Problem scaled(int depth, double gamma0, double factor) {
        double[][] k = problem(depth, gamma0, Y).jointGram();
        double[][] kt = new double[4][4], ktt = new double[2][4], kq = new double[2][2];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double v = factor * k[i][j];
                if (i < 4 && j < 4) {
                    kt[i][j] = v;
                } else if (i >= 4 && j < 4) {
                    ktt[i - 4][j] = v;
                } else if (i >= 4) {
                    kq[i - 4][j - 4] = v;
                }
            }
        }
        return new Problem.Builder().gram(kt).testGram(ktt, kq).y(Y).depth(depth).gamma0(gamma0).checkStability(false).build();
    }

    static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        assertTrue(Double.isFinite(d) && a.length == b.length && a.length > 0);
        return d;
    }

    /** max |f - f_flow| over the flow's times, 4 train and 2 test inputs (the trajectory on the same times). */
    private static double worstAgainstFlow(Solution flow, LangevinTrajectory tr) {
        double worst = 0;
        for (int t = 0; t < flow.method().times().length; t++) {
            double[] ff = new double[6];
            for (int mu = 0; mu < 4; mu++) {
                ff[mu] = flow.f(t, mu);
            }
            for (int q = 0; q < 2; q++) {
                ff[4 + q] = flow.get("f_test").value(t, q);
            }
            worst = Math.max(worst, maxDiff(ff, tr.f()[t]));
        }
        return worst;
    }

    /** (a) lambda = T = 0, sigma0 = beta = 1: the gradient-flow DMFT at every resampled time, to 1e-8. */
    @ParameterizedTest
    @CsvSource({"1, 0.0", "2, 0.0", "3, 0.0", "1, 0.5", "1, 1.0", "1, 2.0"})
    void gradientFlowLimit(int depth, double gamma0) {
        Problem p = problem(depth, gamma0, Y);
        double tMax = 6;
        Solution flow = Solvers.gradientFlow(gamma0 == 0 ? Approximation.LAZY : Approximation.FULL,
                FlowSolver.Options.of(tMax), false, 13, 1e-8).solve(p);
        double[] times = flow.method().times();
        LangevinParameters par = new LangevinParameters(0, 0, 1, 1, tMax, times.length, 0, 1e-12);
        LangevinTrajectory tr = LangevinEngine.solve(p, par, times);
        double worst = worstAgainstFlow(flow, tr);
        assertTrue(worst < 1e-8, "max |f_langevin - f_flow| = " + worst);
    }

    /**
     * (a) for L = 2 with feature learning (gamma0 = 1), by the trapezoid march (theory.md 12.6): lambda = T = 0 against
     * the gradient-flow collocation solver at 13 times in [0, 3] (Kx / 2). The march (h0 = 0.125, 4 levels, Richardson
     * in h^2 to O(h^8)) is compared at the flow's times, multiples of its step. Tolerance 1e-8: the flow solver's grid
     * tolerance is 1e-11 and the march's estimate (its last Richardson correction) is asserted to be below 1e-8 too.
     */
    @Test
    void gradientFlowLimitDeepByTheTrapezoidMarch() {
        Problem p = scaled(2, 1.0, 0.5);
        double tMax = 3;
        Solution flow = Solvers.gradientFlow(Approximation.FULL, FlowSolver.Options.of(tMax), false, 13, 1e-8).solve(p);
        double[] times = flow.method().times();
        LangevinParameters par = new LangevinParameters(0, 0, 1, 1, tMax, times.length, 0, 1e-12);
        LangevinTrajectory tr = LangevinEngine.select(LangevinEngine.solveMarch(p, par, new double[] {0.125, 4}), times);
        double worst = worstAgainstFlow(flow, tr);
        assertTrue(worst < 1e-8 && tr.errorEstimate() < 1e-8, "max |f_langevin - f_flow| = " + worst + ", estimate " + tr.errorEstimate());
    }

    /** (b) T = 0, lambda > 0 (L = 1): the state at t = 60 / lambda is the weight-decay stationary state, to 1e-8. */
    @ParameterizedTest
    @CsvSource({"1.0, 0.5", "2.0, 0.5", "1.0, 0.25"})
    void weightDecayLimit(double gamma0, double lambda) {
        Problem p = problem(1, gamma0, Y);
        LangevinParameters par = new LangevinParameters(lambda, 0, 1, 1, 60 / lambda, 40, 0, 1e-12);
        LangevinTrajectory tr = LangevinEngine.solve(p, par);
        DecayStationaryState st = new DecayStationarySolver().solve(p, lambda, null, null);
        double[] fs = new double[6];
        for (int i = 0; i < 6; i++) {
            fs[i] = st.f(i);
        }
        double d = maxDiff(fs, tr.finalPredictions());
        assertTrue(d < 1e-8, "max |f_langevin(60/lambda) - f_decay| = " + d);
        assertEquals(st.g(1), tr.g()[0][tr.timePoints() - 1], 1e-8);
    }

    /**
     * (c) T > 0: at t = 50 / lambda the predictions and Phi^L are the Bayesian saddle point through (12.1):
     * y' = y / sigma^{L+1}, beta' = beta sigma^{2L+2} / T, f = sigma^{L+1} f', Phi^l = sigma^{2l} Phi'^l.
     */
    @ParameterizedTest
    @CsvSource({"1, 0.0, 1, 1", "2, 0.0, 1, 1", "3, 0.0, 1, 1", "1, 0.5, 1, 1", "1, 1.0, 1, 1", "1, 2.0, 1, 1",
            "2, 0.0, 2, 1", "1, 1.0, 2, 0.5", "3, 0.0, 0.5, 2"})
    void bayesLimit(int depth, double gamma0, double lambda, double temperature) {
        Problem p = problem(depth, gamma0, Y);
        double beta = 1.5, sigma0 = 1.3;
        LangevinParameters par = new LangevinParameters(lambda, temperature, beta, sigma0, 50 / lambda, 30, 0, 1e-12);
        LangevinTrajectory tr = LangevinEngine.solve(p, par);
        double s2 = temperature / lambda, sl = Math.pow(s2, (depth + 1) / 2.0);
        double[] yp = new double[4];
        for (int i = 0; i < 4; i++) {
            yp[i] = Y[i] / sl;
        }
        BayesSolution b = new BayesSaddleSolver(1e-13).solve(p.kx(), yp, p.kxTestTrain(), p.kxTestTest(), depth, gamma0,
                temperature / (beta * Math.pow(s2, depth + 1)));
        double[] fb = new double[6];
        for (int i = 0; i < 4; i++) {
            fb[i] = sl * b.fTrain()[i];
        }
        for (int q = 0; q < 2; q++) {
            fb[4 + q] = sl * b.fTest()[q];
        }
        double d = maxDiff(fb, tr.finalPredictions());
        assertTrue(d < 1e-8, "max |f_langevin(50/lambda) - f_bayes| = " + d);
        double[][] phiL = tr.phi()[depth - 1][tr.timePoints() - 1];
        double dk = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                dk = Math.max(dk, Math.abs(phiL[i][j] - Math.pow(s2, depth) * b.phi()[depth][i][j]));
            }
        }
        assertTrue(dk < 1e-8, "max |Phi^L - Phi^L_bayes| = " + dk);
    }

    /** (d) No data (y = 0): G^1(t,s) = c(t,s), Phi^1(t,s) = c(t,s) Kx from the propagated Lyapunov system, to 1e-10. */
    @Test
    void ornsteinUhlenbeckWithoutData() {
        Problem p = problem(1, 1.0, new double[4]);
        double lambda = 0.7, temp = 0.3, sigma0 = Math.sqrt(2);
        LangevinParameters par = new LangevinParameters(lambda, temp, 1, sigma0, 8, 25, 25, 1e-12);
        LangevinTrajectory tr = LangevinEngine.solve(p, par);
        double[][] k = p.jointGram();
        double s2 = temp / lambda, worst = 0;
        int[] idx = tr.twoTimeIndex();
        for (int a = 0; a < idx.length; a++) {
            for (int b = 0; b < idx.length; b++) {
                double t = tr.times()[idx[a]], s = tr.times()[idx[b]];
                double c = s2 * Math.exp(-lambda * Math.abs(t - s)) + (sigma0 * sigma0 - s2) * Math.exp(-lambda * (t + s));
                worst = Math.max(worst, Math.abs(tr.gTwoTime()[0][a][b] - c));
                for (int i = 0; i < 6; i++) {
                    for (int j = 0; j < 6; j++) {
                        worst = Math.max(worst, Math.abs(tr.phiTwoTime()[0][a][b][i][j] - c * k[i][j]));
                    }
                }
            }
        }
        assertTrue(worst < 1e-10 && idx.length == 25, "max OU deviation " + worst);
    }

    /** The ODE systems cover gamma0 = 0 or L = 1 only; asking them for L = 2, gamma0 > 0 is refused naming gamma0. */
    @Test
    void deepFeatureLearningIsRefusedByTheOdeSystems() {
        Problem p = problem(2, 1.0, Y);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LangevinEngine.solve(p, LangevinParameters.defaults(5), new double[] {0, 1, 2}));
        assertEquals("gamma0", e.field());
    }

    /**
     * The extrapolated discrete march (theory.md 12.5) against the L = 1 Lyapunov system at the march's times: an independent
     * method for the same continuous dynamics. Tolerance: the march's own error estimate (the last Richardson
     * correction), which must bound the true error; and 1e-4 absolute for this grid (Kx / 2, h0 = 0.05, 3 levels, t = 3).
     */
    @Test
    void marchAgreesWithTheSingleSiteSystem() {
        Problem p = scaled(1, 1.0, 0.5);
        LangevinParameters par = new LangevinParameters(0.5, 0.3, 1.2, 0.9, 3, 10, 0, 1e-12);
        LangevinTrajectory mr = LangevinEngine.solveMarch(p, par, new double[] {0.05, 3, LangevinEngine.DISCRETE});
        LangevinTrajectory ode = LangevinEngine.solve(p, par, mr.times());
        double worst = 0;
        for (int t = 0; t < mr.timePoints(); t++) {
            worst = Math.max(worst, maxDiff(ode.f()[t], mr.f()[t]));
        }
        assertTrue(worst <= mr.errorEstimate() && worst < 1e-4, "march vs ODE " + worst + ", estimate " + mr.errorEstimate());
    }

    /**
     * (c) for L = 2, 3 with feature learning, by the trapezoid march (theory.md 12.6): the state at t = 50 / lambda
     * against the Bayesian saddle point through (12.1) (lambda = T = 2, beta = 1, sigma0 = 1: sigma^2 = 1, y' = y, f = f',
     * 1 / beta' = T / beta = 2). The saddle point is solved to 1e-13 and the state at t = 25 is stationary far below
     * 1e-8 (the slowest rate is at least (L+1) lambda = 6). The march runs on the harmonic sequence: base step 1 (the
     * reported times 0, 1, ..., 25), seven levels with steps 1/4, 1/5, ..., 1/10 (finest 251 points), extrapolated in
     * h^2 to order h^14, rows by Anderson-accelerated sweeps. Measured (load about 2): L = 2: 1.3e-10, 4.1e-11,
     * 1.5e-11 at gamma0 = 0.5, 1, 2 (25, 27, 33 s); L = 3: 4.9e-9, 1.4e-9, 4.0e-10 (45, 53, 54 s). The halving sequence
     * from 0.4 with four levels (finest step 0.05) gave 4.5e-8 .. 3.1e-6 in 15 to 35 minutes. Asserted: the issue's
     * 1e-8, and the march's own estimate (the largest change of the last column over all reported times) bounds the
     * error.
     */
    @Tag("slow")
    @ParameterizedTest
    @CsvSource({"2, 0.5", "2, 1.0", "2, 2.0", "3, 0.5", "3, 1.0", "3, 2.0"})
    void bayesLimitDeepByTheTrapezoidMarch(int depth, double gamma0) {
        Problem q = scaled(depth, gamma0, 0.5);
        double lambda = 2, temperature = 2, beta = 1;
        LangevinParameters par = new LangevinParameters(lambda, temperature, beta, 1, 25, 10, 0, 1e-12);
        LangevinTrajectory tr = LangevinEngine.solveMarch(q, par,
                new double[] {1, 7, LangevinEngine.TRAPEZOID, LangevinEngine.HARMONIC, 4});
        BayesSolution b = new BayesSaddleSolver(1e-13).solve(q.kx(), Y, q.kxTestTrain(), q.kxTestTest(), depth, gamma0,
                temperature / beta);
        assertTrue(b.converged(), String.valueOf(b.report()));
        double[] fb = new double[6];
        System.arraycopy(b.fTrain(), 0, fb, 0, 4);
        System.arraycopy(b.fTest(), 0, fb, 4, 2);
        double d = maxDiff(fb, tr.finalPredictions());
        assertTrue(d <= tr.errorEstimate() && d < 1e-8, "trapezoid march at t = 50/lambda vs bayes " + d + ", estimate "
                + tr.errorEstimate());
    }

    /**
     * (b) for L = 2, 3 with feature learning, by the trapezoid march: T = 0, lambda = 1, gamma0 = 2 (Kx / 2, a nonzero
     * stationary state), the state at t = 25 against the weight-decay stationary state (Newton on section 8's
     * equations, 1e-12). The approach is geometric at about the rate lambda (measured at L = 2: 1.4e-5 at t = 8), so at
     * t = 25 the state is stationary to ~1e-12; tolerance 1e-8 as the issue asks, and the march's estimate (the max over
     * the whole run) must bound the error. L = 2: h0 = 0.4, 4 levels, measured 2.5e-13 (25 minutes under load); L = 3: at
     * h0 = 0.4 the coarse level's row sweeps diverge and the solve is refused, so h0 = 0.2 with 3 levels (the same
     * finest step 0.05), measured 5.2e-10 (6 minutes). Slow, as above.
     */
    @Tag("slow")
    @ParameterizedTest
    @CsvSource({"2, 0.4, 4", "3, 0.2, 3"})
    void weightDecayLimitDeepByTheTrapezoidMarch(int depth, double h0, int levels) {
        double gamma0 = 2, lambda = 1;
        Problem q = scaled(depth, gamma0, 0.5);
        LangevinParameters par = new LangevinParameters(lambda, 0, 1, 1, 25, 10, 0, 1e-12);
        LangevinTrajectory tr = LangevinEngine.solveMarch(q, par, new double[] {h0, levels});
        DecayStationaryState st = new DecayStationarySolver().solve(q, lambda, null, null);
        double[] fs = new double[6];
        for (int i = 0; i < 6; i++) {
            fs[i] = st.f(i);
        }
        double d = maxDiff(fs, tr.finalPredictions());
        assertTrue(d <= tr.errorEstimate() && d < 1e-8, "trapezoid march at t = 25 vs the decay stationary state " + d
                + ", estimate " + tr.errorEstimate());
    }
}
