package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.problem.Problem;
import org.dln.numeric.time.GradientDescentGrid;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The block equations (Newton per block) on the gradient-descent grid against exact causal marching: with blocks of
 * one step a single sweep is exact; with blocks of several steps the rows of a block are coupled unknowns solved by
 * Newton (dense or Newton-Krylov), and the fixed point is the same. Agreement to 1e-10 (rounding plus the Newton
 * tolerance 1e-13 amplified over the trajectory).
 */
class BlockMarchingTest {

    @ParameterizedTest
    @CsvSource({"1, 3, 1, 1.0, 1, false", "2, 3, 1, 1.5, 1, false", "3, 2, 2, 1.0, 1, true",
            "1, 2, 1, 1.0, 4, false", "2, 3, 1, 1.5, 3, false", "3, 2, 1, 1.0, 5, true"})
    void blocksReproduceCausalMarching(int depth, int p, int q, double gamma0, int block, boolean mean) {
        Problem prob = DenseCrossCheckTest.random(p, q, depth, gamma0, 0.05, 21, mean, 31 + depth);
        LinearSolution ref = new CausalMarchingSolver().solve(prob, SolveOptions.DEFAULT);
        GradientDescentGrid grid = new GradientDescentGrid(prob.eta(), prob.timePoints(), block);
        BlockMarchingSolver.Result res = new BlockMarchingSolver(1e-13, 40, 30).solve(prob, grid, gamma0, null, k -> { });
        assertTrue(res.converged(), res.notes().toString());
        BlockEquations eq = res.equations();
        double err = 0;
        for (int t = 0; t < prob.timePoints(); t++) {
            for (int i = 0; i < eq.S; i++) {
                err = Math.max(err, Math.abs(eq.f[t * eq.S + i] - ref.f(t, i)));
                for (int j = 0; j < eq.S; j++) {
                    err = Math.max(err, Math.abs(eq.ntk(t, i, j) - ref.ntk(t, i, j)));
                }
            }
        }
        System.err.printf("depth %d block %d: max |block - marching| = %.2e, %d Newton iterations, %d sweeps%n",
                depth, block, err, res.newtonIterations(), res.sweeps());
        assertTrue(err < 1e-10, "error " + err);
    }
}
