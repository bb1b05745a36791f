package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Identities that any correct solver satisfies, independent of its internals:
 * <ul>
 * <li>a test input equal to training input 0 follows the same single-site process, so its prediction and its NTK row
 * equal those of input 0 at every time (to rounding);</li>
 * <li>the mean-loss convention with step eta is the sum-loss convention with step eta / P (every Delta carries 1/P);</li>
 * <li>the centred-output convention leaves the infinite-width theory unchanged (f(0) = 0 there).</li>
 * </ul>
 */
class ConventionsAndTestInputsTest {
    static final double[][] X = {{0.3, 1.2, -0.5, 0.8}, {1.1, -0.4, 0.9, 0.2}, {-0.7, 0.5, 0.4, -1.3}};
    static final double[] Y = {1.0, -0.5, 0.3};

    static Problem.Builder base() {
        return new Problem.Builder().inputs(X).y(Y).depth(3).gamma0(1.5).eta(0.04).timePoints(40);
    }

    @ParameterizedTest
    @EnumSource(Approximation.class)
    void testInputEqualToATrainingInputGetsItsPrediction(Approximation approx) {
        double[][] xt = {X[0].clone(), {0.5, 0.5, -0.5, 0.1}};
        Problem p = base().testInputs(xt).build();
        LinearSolution s = new CausalMarchingSolver().solve(p, SolveOptions.of(approx));
        for (int t = 0; t < p.timePoints(); t++) {
            assertEquals(s.f(t, 0), s.f(t, 3), 1e-12, "f_test(t) vs f_0(t) at t=" + t);
            for (int mu = 0; mu < 3; mu++) {
                assertEquals(s.ntk(t, 0, mu), s.ntk(t, 3, mu), 1e-11, "K(test, mu) at t=" + t);
            }
        }
        // adding test inputs does not change the training dynamics
        LinearSolution plain = new CausalMarchingSolver().solve(base().build(), SolveOptions.of(approx));
        double scale = approx == Approximation.PT1 ? 1e4 : 1; // pt1: numerical derivative in gamma0^2 amplifies rounding
        for (int t = 0; t < p.timePoints(); t++) {
            for (int mu = 0; mu < 3; mu++) {
                assertEquals(plain.f(t, mu), s.f(t, mu), 1e-12 * scale);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Approximation.class)
    void meanLossIsSumLossWithStepOverP(Approximation approx) {
        Problem mean = base().conventions(new Conventions(Conventions.Loss.MEAN, Conventions.Output.UNCENTRED)).build();
        Problem sum = base().eta(0.04 / 3).build();
        LinearSolution a = new CausalMarchingSolver().solve(mean, SolveOptions.of(approx));
        LinearSolution b = new CausalMarchingSolver().solve(sum, SolveOptions.of(approx));
        // pt1 differentiates the exact solver numerically in gamma0^2 (step h ~ 1e-5): rounding is amplified by gamma0^2 / h
        double scale = approx == Approximation.PT1 ? 1e4 : 1;
        for (int t = 0; t < mean.timePoints(); t++) {
            for (int mu = 0; mu < 3; mu++) {
                assertEquals(b.f(t, mu), a.f(t, mu), 1e-12 * scale);
                assertEquals(b.ntk(t, mu, mu), a.ntk(t, mu, mu), 1e-11 * scale);
            }
            assertEquals(b.loss(t) / 3, a.loss(t), 1e-13 * scale, "mean loss = sum loss / P");
        }
    }

    @ParameterizedTest
    @EnumSource(Approximation.class)
    void centringDoesNotChangeTheInfiniteWidthTheory(Approximation approx) {
        Problem c = base().conventions(new Conventions(Conventions.Loss.SUM, Conventions.Output.CENTRED)).build();
        LinearSolution a = new CausalMarchingSolver().solve(c, SolveOptions.of(approx));
        LinearSolution b = new CausalMarchingSolver().solve(base().build(), SolveOptions.of(approx));
        for (int t = 0; t < c.timePoints(); t++) {
            assertEquals(b.f(t, 1), a.f(t, 1), 0.0);
        }
    }
}
