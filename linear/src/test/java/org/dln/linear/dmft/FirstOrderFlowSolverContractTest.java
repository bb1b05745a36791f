package org.dln.linear.dmft;

import java.util.List;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.solver.FlowSolver;

/**
 * The contract for family "first-order-flow" (pt1 of gradient flow, {@link FirstOrderFlowSolver}, Symja derivation
 * on each solve), L = 1, t_max = 2. At gamma0 = 0 the first order is its zeroth order, the lazy flow
 * Delta(t) = exp(-s K0 t) y, evaluated in closed form by both sides, so the tolerance is rounding: 1e-12 on O(1)
 * quantities (exponentials of arguments &lt;= 2 s lambda_max(K0) t_max ~ 10, a few ulps each).
 */
class FirstOrderFlowSolverContractTest extends DmftSolverContract {
    FirstOrderFlowSolverContractTest() {
        super(new FirstOrderFlowSolver(FlowSolver.Options.of(2.0), 0),
                withTestCopy(3).depth(1).gamma0(0.5).build(),
                withTestCopy(3).depth(1).gamma0(0.0).build());
    }

    @Override
    protected List<Expected> lazyReference(Problem p, Solution s) {
        double[] times = s.method().times();
        return trajectoryReference(p, LazyClosedForm.flow(jointGram(p), p.y(), p.depth(), p.lossScale(), times), 1e-12);
    }

    /** resample = 1 is no grid (0 = nodes, or n &gt;= 2 equally spaced times), as for {@link GradientFlowSolver}. */
    @Override
    protected BadInput badInput() {
        return new BadInput("resample", () -> new FirstOrderFlowSolver(FlowSolver.Options.of(2.0), 1));
    }

    @Override
    protected BadCommand badCommand() {
        return new BadCommand("resample", List.of("flow", "--approx", "pt1", "--problem", "@problem", "--resample", "1"));
    }
}
