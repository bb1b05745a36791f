package org.dln.linear.sampling;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.SolveOptions;
import org.dln.numeric.activation.Activations;
import org.dln.numeric.sampling.SamplingOptions;
import org.dln.numeric.sampling.SamplingResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With the identity activation the sampler must reproduce the exact causal-marching solution: predictions and NTK
 * within 4 Monte Carlo standard errors (the standard errors are from independent replicas; 4 rather than 3 because
 * 3 x 4 x 6 = 72 values are compared and the replica standard error itself is uncertain with 4 replicas).
 * Small sizes keep it fast; the S^{-1/2} study is in docs/sampling-report.md.
 */
class SamplerIdentityTest {

    @ParameterizedTest
    @CsvSource({"1, 1.5", "2, 1.0", "2, 0.5"})
    void matchesExactLinearSolver(int depth, double gamma0) {
        double[][] x = {{1, 0.2, -0.3}, {0.1, 1, 0.4}, {-0.5, 0.3, 1}};
        double[] y = {1, -0.5, 0.3};
        Problem p = new Problem.Builder().inputs(x).y(y).depth(depth).gamma0(gamma0).eta(0.1).timePoints(6).build();
        LinearSolution exact = new CausalMarchingSolver().solve(p, SolveOptions.of(Approximation.FULL));
        SamplingResult r = SamplingSolve.run(p, Activations.IDENTITY, Approximation.FULL,
                SamplingOptions.defaults(8000, 2, 11), null);
        assertTrue(r.report().converged(), r.report().toString());
        double worst = 0;
        String where = "";
        for (int t = 1; t < 6; t++) {
            for (int mu = 0; mu < 3; mu++) {
                double z = Math.abs(r.f()[t][mu] - exact.f(t, mu)) / r.fSe()[t][mu];
                if (z > worst) {
                    worst = z;
                    where = "f[" + t + "][" + mu + "]";
                }
                for (int nu = 0; nu < 3; nu++) {
                    double zk = Math.abs(r.ntk()[t][mu][nu] - exact.ntk(t, mu, nu)) / r.ntkSe()[t][mu][nu];
                    if (zk > worst) {
                        worst = zk;
                        where = "ntk[" + t + "][" + mu + "][" + nu + "]";
                    }
                }
            }
        }
        assertTrue(worst < 4, "largest deviation " + worst + " standard errors at " + where);
    }
}
