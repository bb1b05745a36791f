package org.dln.linear.dmft;

import java.util.List;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.solver.FlowSolver;

/**
 * The contract for family "gradient-flow" (collocation + Newton, {@link GradientFlowSolver}), horizon t_max = 2.
 * Lazy reference: Delta(t) = exp(-s K0 t) y by the eigendecomposition of K0 = (L+1) Kx, f_test(t) =
 * K0(test,train) K0^{-1} (y - Delta(t)), at the solution's own times (the collocation nodes). Tolerance: gradient flow is
 * not solved exactly per step. At gamma0 = 0 the collocation equations are linear (one Newton step solves them; Newton
 * stops at a max-norm residual of 1e-12, FlowSolver.Options.of), and collocation at 14 Legendre-Gauss-Lobatto nodes per
 * element is Lobatto IIIA of order 2*14 - 2 = 26 at the nodes, whose error for exp(-k t) is negligible at k h = O(1);
 * so the difference is the Newton residual times the conditioning of the collocation system (O(10..100)): 1e-10 on O(1)
 * quantities. (Measured: below 1e-15.)
 */
class GradientFlowSolverContractTest extends DmftSolverContract {
    GradientFlowSolverContractTest() {
        super(GradientFlowSolver.builder().options(FlowSolver.Options.of(2.0)).build(),
                withTestCopy(3).depth(2).gamma0(1.0).build(),
                withTestCopy(3).depth(2).gamma0(0.0).build());
    }

    @Override
    protected List<Expected> lazyReference(Problem p, Solution s) {
        double[] times = s.method().times();
        return trajectoryReference(p, LazyClosedForm.flow(jointGram(p), p.y(), p.depth(), p.lossScale(), times), 1e-10);
    }

    @Override
    protected boolean iterative() {
        return true;
    }

    @Override
    protected BadInput badInput() {
        return new BadInput("resample", () -> GradientFlowSolver.builder().resample(1));
    }

    @Override
    protected BadCommand badCommand() {
        return new BadCommand("t-max", List.of("flow", "--problem", "@problem", "--t-max=-1"));
    }
}
