package org.dln.linear.dmft;

import java.util.List;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;

/**
 * The contract for family "gradient-descent" (exact causal marching, {@link GradientDescentSolver}). Lazy reference:
 * gamma0 = 0 with the exact update is the linear recursion Delta(t+1) = (I - eta s K0) Delta(t), K0 = (L+1) Kx, which
 * the marching reproduces step by step (no discretization error: Q = eta S is exact, theory.md section 5), so the
 * tolerance is rounding: T = 12 steps of O(1) quantities with |I - eta s K0| &lt; 1, a few hundred ulps, 1e-12.
 */
class GradientDescentSolverContractTest extends DmftSolverContract {
    GradientDescentSolverContractTest() {
        super(GradientDescentSolver.builder().build(),
                withTestCopy(3).depth(2).gamma0(1.0).eta(0.1).timePoints(12).build(),
                withTestCopy(3).depth(2).gamma0(0.0).eta(0.1).timePoints(12).build());
    }

    @Override
    protected List<Expected> lazyReference(Problem p, Solution s) {
        return descentReference(p, 1e-12);
    }

    @Override
    protected BadInput badInput() {
        return new BadInput("weight-decay", () -> GradientDescentSolver.builder().weightDecay(-1));
    }

    @Override
    protected BadCommand badCommand() {
        return new BadCommand("eta", List.of("solve", "--problem", "@problem", "--eta=-0.1"));
    }
}
