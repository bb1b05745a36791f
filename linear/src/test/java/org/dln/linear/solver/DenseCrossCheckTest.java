package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The causal marching solver (Woodbury-reduced, row by row) against the literal dense matrix equations of
 * theory.md section 3 (explicit n x n inverses): (a) one dense sweep leaves the marching solution unchanged (fixed
 * point residual at rounding level, 1e-10 for these sizes), and (b) the global Picard iteration of the dense
 * equations, on a horizon short enough for it to converge, reaches the same predictions to 1e-9.
 * Covers depth 1..4, test inputs, and the mean-loss convention.
 */
class DenseCrossCheckTest {

    static Problem random(int p, int q, int depth, double gamma0, double eta, int tp, boolean mean, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int dim = 5;
        double[][] x = new double[p][dim];
        double[][] xt = new double[q][dim];
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < dim; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < dim; j++) {
                xt[i][j] = rnd.nextGaussian();
            }
        }
        return new Problem.Builder().inputs(x).testInputs(q > 0 ? xt : null).y(y).depth(depth).gamma0(gamma0).eta(eta)
                .timePoints(tp).conventions(new Conventions(mean ? Conventions.Loss.MEAN : Conventions.Loss.SUM,
                        Conventions.Output.UNCENTRED)).build();
    }

    @ParameterizedTest
    @CsvSource({"1, 2, 1, 1.0, false", "2, 3, 1, 1.5, false", "3, 2, 2, 1.0, true", "4, 2, 0, 0.7, false"})
    void marchingIsAFixedPointOfTheDenseEquations(int depth, int p, int q, double gamma0, boolean mean) {
        Problem prob = random(p, q, depth, gamma0, 0.05, 12, mean, 11 + depth);
        LinearSolution sol = new CausalMarchingSolver().solve(prob, SolveOptions.DEFAULT.withTwoTime(true));
        double r = DenseFixedPointMap.residualOf(sol);
        System.err.printf("depth %d: dense fixed-point residual of the marching solution %.2e%n", depth, r);
        assertTrue(r < 1e-10, "residual " + r);
    }

    /** Picard converges only on gentle problems (theory.md section 3); there it must agree. */
    @ParameterizedTest
    @CsvSource({"1, 2, 1, 1.0, false", "2, 3, 1, 0.5, false", "3, 2, 2, 0.5, true"})
    void picardAgreesWhereItConverges(int depth, int p, int q, double gamma0, boolean mean) {
        Problem prob = random(p, q, depth, gamma0, 0.05, 8, mean, 11 + depth);
        LinearSolution sol = new CausalMarchingSolver().solve(prob, SolveOptions.DEFAULT);
        LinearSolution pic = PicardSolver.builder().tolerance(1e-13).maxIterations(200).maxSeconds(60).build().solve(prob)
                .extra(LinearSolution.class).orElseThrow();
        assertTrue(pic.report().converged(), pic.report().toString());
        int s = p + q;
        for (int t = 0; t < prob.timePoints(); t++) {
            for (int i = 0; i < s; i++) {
                assertEquals(pic.f(t, i), sol.f(t, i), 1e-9, "f at t=" + t + " i=" + i);
            }
        }
    }
}
