package org.dln.linear.dmft;

import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;

/**
 * The one seam of dln: a solver of one family (gradient descent, gradient flow, sampling, Bayesian, ...) takes a
 * {@link Problem} and returns a {@link Solution}. Options are given when the solver is built (each family has a
 * builder; {@link Solvers} picks one for a request); progress and notes go to the {@link SolveListener}. A solver
 * never prints and never exits: bad input throws {@link org.dln.linear.problem.InvalidInputException} (naming the
 * field), a numerical failure throws {@link org.dln.numeric.solver.SolverException}; a run that stops without
 * converging returns its solution with {@code report().converged() == false} and the residual it reached.
 * Implementations are immutable and may be reused for several problems.
 */
public interface DmftSolver {

    /** Solves the problem, reporting progress and notes to {@code listener}. */
    Solution solve(Problem problem, SolveListener listener);

    /** Solves the problem without listening. */
    default Solution solve(Problem problem) {
        return solve(problem, SolveListener.NONE);
    }

    /** A short name of the family for reports and tables, e.g. "gradient-descent". */
    String family();
}
