package org.dln.linear.dmft;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.linear.solver.FirstOrderSolver;
import org.dln.linear.solver.SolveOptions;

/**
 * Family "first-order-descent" (approximation pt1): every observable of gradient descent to first order in gamma0^2,
 * X_0 + gamma0^2 X_1, with X_1 from exact causal-marching solves at three small gamma0^2 ({@link FirstOrderSolver}).
 */
public final class FirstOrderDescentSolver implements DmftSolver {

    @Override
    public String family() {
        return "first-order-descent";
    }

    @Override
    public Solution solve(Problem problem, SolveListener listener) {
        long total = 3L * problem.timePoints();
        int[] solves = {0};
        int[] last = {-1};
        SolveOptions o = SolveOptions.of(Approximation.PT1).withProgress(t -> {
            if (t <= last[0]) {
                solves[0]++;
            }
            last[0] = t;
            listener.progress("pt1", (long) solves[0] * problem.timePoints() + t + 1, total);
        });
        return Solutions.of(new FirstOrderSolver().solve(problem, o));
    }
}
