package org.dln.linear.dmft;

import java.util.List;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.solver.PicardSolver;

/**
 * The contract for family "picard" (the published global fixed-point iteration, {@link PicardSolver}), on a gentle
 * problem where it converges: P = 2 (+ 1 test input), L = 2, gamma0 = 0.5, eta = 0.05, T = 8 (eta T = 0.4, theory.md
 * section 3). Lazy reference: at gamma0 = 0 the dense equations of gradient descent reduce to the lazy recursion
 * Delta(t+1) = (I - eta s K0) Delta(t); the iteration starts from the lazy guess and stops when one sweep changes the
 * order parameters by less than its tolerance 1e-10 (max-norm), so its fixed point is the lazy solution to within that
 * change: tolerance 1e-10.
 */
class PicardSolverContractTest extends DmftSolverContract {
    PicardSolverContractTest() {
        super(PicardSolver.builder().build(),
                withTestCopy(2).depth(2).gamma0(0.5).eta(0.05).timePoints(8).build(),
                withTestCopy(2).depth(2).gamma0(0.0).eta(0.05).timePoints(8).build());
    }

    @Override
    protected List<Expected> lazyReference(Problem p, Solution s) {
        return descentReference(p, 1e-10);
    }

    @Override
    protected boolean iterative() {
        return true;
    }

    @Override
    protected BadInput badInput() {
        return new BadInput("picard-damping", () -> PicardSolver.builder().damping(2));
    }

    /** Picard has no solve command of its own: it runs in {@code dln bench} (one tiny size). */
    @Override
    protected BadCommand badCommand() {
        return new BadCommand("picard-damping", List.of("bench", "--sizes", "2x3", "--repeats", "1", "--picard-damping", "2"));
    }
}
