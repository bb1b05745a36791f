package org.dln.linear.dmft;

import java.util.List;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;

/**
 * The contract for family "first-order-descent" (pt1 of gradient descent, {@link FirstOrderDescentSolver}). At
 * gamma0 = 0 the first order X_0 + gamma0^2 X_1 is X_0, the lazy recursion Delta(t+1) = (I - eta s K0) Delta(t)
 * exactly (theory.md section 7a); X_0 comes from an exact causal-marching solve, so the tolerance is rounding (1e-12 on
 * O(1) quantities after T = 12 steps).
 */
class FirstOrderDescentSolverContractTest extends DmftSolverContract {
    FirstOrderDescentSolverContractTest() {
        super(new FirstOrderDescentSolver(),
                withTestCopy(3).depth(2).gamma0(0.5).eta(0.1).timePoints(12).build(),
                withTestCopy(3).depth(2).gamma0(0.0).eta(0.1).timePoints(12).build());
    }

    @Override
    protected List<Expected> lazyReference(Problem p, Solution s) {
        return descentReference(p, 1e-12);
    }

    /** pt1 has no options of its own; the factory refuses pt1 with weight decay, naming the approximation. */
    @Override
    protected BadInput badInput() {
        return new BadInput("approx", () -> Solvers.gradientDescent(Approximation.PT1, false, 0.1));
    }

    @Override
    protected BadCommand badCommand() {
        return new BadCommand("eta", List.of("solve", "--approx", "pt1", "--problem", "@problem", "--eta=-0.1"));
    }
}
