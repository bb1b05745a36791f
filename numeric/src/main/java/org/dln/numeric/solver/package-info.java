/**
 * Generic solvers for smooth nonlinear systems {@code F(x) = 0}: dense Newton with an Armijo line search
 * ({@link org.dln.numeric.solver.NewtonSolver}) and inexact Newton-Krylov with restarted GMRES
 * ({@link org.dln.numeric.solver.NewtonKrylovSolver}, {@link org.dln.numeric.solver.Gmres}).
 *
 * <p>Design (after Hipparchus): one interface per algorithm family ({@link org.dln.numeric.solver.NonlinearSolver},
 * {@link org.dln.numeric.solver.IterativeLinearSolver}), thin immutable implementations configured by builders,
 * a pluggable {@link org.dln.numeric.solver.ConvergenceChecker}, immutable results
 * ({@link org.dln.numeric.solver.NonlinearSolution} carrying an {@link org.dln.numeric.report.SolverReport}),
 * and workspaces allocated once per solve (once per instance for {@code Gmres}).
 *
 * <p>Failure policy: not converging within the iteration budget, a stalled line search or a singular
 * Jacobian are <em>results</em> ({@code converged() == false}, with the residual history and a catalogue
 * message in the notes); only conditions under which a solver cannot continue at all (a non-finite residual
 * at an iterate, a non-finite Jacobian or operator output) throw {@link org.dln.numeric.solver.SolverException},
 * whose text always comes from {@link org.dln.numeric.solver.SolverMessage}.
 */
package org.dln.numeric.solver;
