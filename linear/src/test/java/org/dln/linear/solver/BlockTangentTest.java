package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dln.linear.problem.Problem;
import org.dln.numeric.time.CollocationGrid;
import org.dln.numeric.time.GradientDescentGrid;
import org.dln.numeric.time.TimeGrid;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analytic Jacobian-vector products of the block map ({@link BlockTangent}) against central differences
 * (F(z + h v) - F(z - h v)) / 2h, an independent evaluation from the sweep alone. Central differences err by
 * h^2 |F'''| / 6 + eps |F| / h; with h = 1e-5 and |F'''| ~ |F| ~ 1..10 both are below 1e-9, so the relative gap of the
 * two products must be below 1e-6, while a missing or wrong term of the tangent shows as an O(1) gap. Points are off
 * the solution (the solved rows plus a random perturbation of 1e-2), so the loaded and fresh kernels differ, and
 * each block is checked after earlier blocks were accepted (the past rows are then nonzero constants).
 */
class BlockTangentTest {

    @ParameterizedTest
    @CsvSource({"1, 3, 0, 1.0, collocation", "2, 3, 1, 1.5, collocation", "3, 2, 1, 1.0, collocation",
            "4, 2, 0, 0.7, collocation", "2, 3, 1, 1.5, descent", "3, 2, 0, 1.0, descent"})
    void tangentMatchesCentralDifferences(int depth, int p, int q, double gamma0, String kind) {
        Problem prob = DenseCrossCheckTest.random(p, q, depth, gamma0, 0.05, 13, false, 57 + depth);
        TimeGrid grid = kind.equals("collocation") ? CollocationGrid.graded(2.0, 3, 4, 0.4)
                : new GradientDescentGrid(prob.eta(), prob.timePoints(), 4);
        BlockMarchingSolver.Result res = new BlockMarchingSolver(1e-13, 40, 30).solve(prob, grid, gamma0, null, k -> { });
        assertTrue(res.converged(), res.notes().toString());
        BlockEquations eq = res.equations();
        BlockTangent tangent = new BlockTangent(eq);
        SplittableRandom rnd = new SplittableRandom(7 + depth);
        double worst = 0;
        for (int k = 1; k < grid.blocks(); k++) {
            int ta = grid.blockStart(k), tb = grid.blockEnd(k);
            int dim = eq.unknowns(ta, tb);
            double[] z = new double[dim];
            eq.pack(ta, tb, z);
            double[] v = new double[dim];
            for (int i = 0; i < dim; i++) {
                z[i] += 1e-2 * rnd.nextGaussian();
                v[i] = rnd.nextGaussian();
            }
            double h = 1e-5;
            double[] zp = z.clone(), zm = z.clone(), fp = new double[dim], fm = new double[dim];
            for (int i = 0; i < dim; i++) {
                zp[i] += h * v[i];
                zm[i] -= h * v[i];
            }
            eq.map(ta, tb, zp, fp);
            eq.map(ta, tb, zm, fm);
            double[] fz = new double[dim], jv = new double[dim];
            eq.map(ta, tb, z, fz);
            tangent.apply(ta, tb, z, fz, v, jv);
            double gap = 0, scale = 0;
            for (int i = 0; i < dim; i++) {
                double fd = (fp[i] - fm[i]) / (2 * h);
                gap = Math.max(gap, Math.abs(jv[i] - fd));
                scale = Math.max(scale, Math.abs(fd));
            }
            worst = Math.max(worst, gap / scale);
            // a second product at the same point reuses the recorded state and must give the same answer
            double[] jv2 = new double[dim];
            tangent.apply(ta, tb, z, fz, v, jv2);
            for (int i = 0; i < dim; i++) {
                assertTrue(jv2[i] == jv[i], "second product differs at " + i);
            }
        }
        System.err.printf("L = %d, %s: max relative |J v - central difference| = %.2e%n", depth, kind, worst);
        assertTrue(worst < 1e-6, "relative gap " + worst);
    }
}
