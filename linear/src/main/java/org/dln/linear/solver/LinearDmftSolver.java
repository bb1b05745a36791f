package org.dln.linear.solver;

import org.dln.linear.problem.Problem;

/** A solver of the infinite-width dynamics of a deep linear network (theory.md section 3). */
public interface LinearDmftSolver {

    /** Solves the problem; throws {@link org.dln.linear.problem.InvalidInputException} if training diverges. */
    LinearSolution solve(Problem problem, SolveOptions options);

    /** A short name for reports, e.g. "causal-marching". */
    String name();
}
