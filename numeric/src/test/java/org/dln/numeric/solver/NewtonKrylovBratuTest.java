package org.dln.numeric.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Newton-Krylov on the 1-D Bratu problem ({@link Bratu1d}, lambda = 3, close to the fold at 3.5138 so that
 * the problem is genuinely nonlinear) with analytic Jacobian-vector products and the inverse discrete
 * Laplacian as right preconditioner (unpreconditioned GMRES would need O(n) iterations on this O(n^2)
 * -conditioned Jacobian).
 *
 * <p>Scales: the residual is in the algebraic scaling {@code 2u_i - u_{i-1} - u_{i+1} - h^2 lambda e^u}, whose
 * rounding level is ~eps |2u| ~ 3e-16, while {@code |J^-1|_inf ~ 1e6} at n = 2000. So a residual at rounding
 * level does not by itself pin u to 1e-10; convergence "to 1e-10" is therefore declared on the Newton step
 * ({@code |dx|_inf <= 1e-10}) together with a rounding-level residual ({@code <= 1e-15}), and checked against
 * an independent reference.
 */
class NewtonKrylovBratuTest {

    /** Converged when the last step is <= 1e-10 and the residual is at rounding level (see class doc). */
    static final ConvergenceChecker STEP_1E10 = (k, r, step, x) -> r <= 1e-15 && step <= 1e-10;

    /** Residuals at or below this are rounding noise (~3e-16) and carry no convergence-rate information. */
    static final double ROUNDING_LEVEL = 1e-14;

    @Test
    void convergesQuadraticallyOnLargeBratu() {
        int n = 2000;
        Bratu1d system = new Bratu1d(n, 3.0, true);
        NonlinearSolution sol = NewtonKrylovSolver.builder().checker(STEP_1E10)
                .preconditioner(x -> system.laplacianInverse()).build().solve(system, new double[n]);
        double[] r = sol.report().residualHistory();
        System.out.println("[test 2] " + sol.report());
        System.out.println("[test 2] notes " + sol.report().notes());
        assertTrue(sol.converged(), sol.report().toString());
        // the Laplacian preconditioner leaves a compact perturbation of the identity: a handful of GMRES
        // iterations per step (growing as the forcing terms shrink), never the budget
        String gmres = sol.report().notes().stream().filter(s -> s.startsWith("GMRES iterations per Newton step"))
                .findFirst().orElseThrow();
        for (String count : gmres.substring(gmres.indexOf('[') + 1, gmres.indexOf(']')).split(", ")) {
            assertTrue(Integer.parseInt(count) <= 10, gmres);
        }

        // independent reference: exact tridiagonal Newton (Thomas) iterated to a 1e-15 update. Both solutions
        // have rounding-level residuals; their difference is bounded by |J^-1| x (rounding noise), which is
        // ~1e-14 for the high-frequency noise of rounding (observed), far inside the asserted 1e-10.
        double[] ref = system.referenceSolution();
        double err = NewtonQuadraticConvergenceTest.maxDiff(sol.x(), ref);
        System.out.printf("[test 2] n=2000 max |u - u_ref| = %.3e (max u = %.4f)%n", err, Vectors.maxNorm(ref));
        assertTrue(err <= 1e-10, "error " + err);

        // convergence rate from the residual history, over steps that end above the rounding level
        List<Integer> ks = new ArrayList<>();
        for (int k = 0; k + 1 < r.length; k++) {
            if (r[k + 1] > ROUNDING_LEVEL) {
                ks.add(k);
            }
        }
        assertTrue(ks.size() >= 3, "too few informative steps: " + NewtonQuadraticConvergenceTest.fmt(r));
        // superlinear: the contraction factor r_{k+1}/r_k decreases strictly, ending far below 1
        for (int i = 1; i < ks.size(); i++) {
            int k = ks.get(i);
            assertTrue(r[k + 1] / r[k] < r[k] / r[k - 1], "not superlinear at step " + k);
        }
        int last = ks.get(ks.size() - 1);
        assertTrue(r[last + 1] / r[last] < 1e-2, "final contraction " + r[last + 1] / r[last]);
        // quadratic: r_{k+1} <= C r_k^2 with one constant C. In these units C ~ |F''| |J^-1|^2 is large
        // (~3e5, observed); what matters is that it does not grow: the last informative step obeys the bound
        // set by the first one (factor 3 slack for the inexact solves).
        int first = ks.get(0);
        double c0 = r[first + 1] / (r[first] * r[first]);
        for (int k : ks) {
            double ck = r[k + 1] / (r[k] * r[k]);
            System.out.printf("[test 2] step %d: r=%.3e -> %.3e, ratio %.2e, C=%.2e%n", k, r[k], r[k + 1],
                    r[k + 1] / r[k], ck);
            assertTrue(ck <= 3 * c0, "C grew at step " + k + ": " + ck + " vs " + c0);
        }
    }

    @Test
    void agreesWithDenseNewtonOnSmallBratu() {
        int n = 200;
        Bratu1d system = new Bratu1d(n, 3.0, true);
        NonlinearSolution krylov = NewtonKrylovSolver.builder().checker(STEP_1E10)
                .preconditioner(x -> system.laplacianInverse()).build().solve(system, new double[n]);
        NonlinearSolution dense = NewtonSolver.builder().checker(STEP_1E10).build().solve(system, new double[n]);
        System.out.println("[test 2] n=200 krylov " + krylov.report());
        System.out.println("[test 2] n=200 dense  " + dense.report());
        assertTrue(krylov.converged());
        assertTrue(dense.converged());
        // both are within a 1e-10 step of the root with rounding-level residuals; |J^-1|_inf ~ n^2/8 ~ 1e4 at
        // n = 200 turns rounding noise into at most ~1e-12, and the last step's quadratic remainder is far below
        double diff = NewtonQuadraticConvergenceTest.maxDiff(krylov.x(), dense.x());
        System.out.printf("[test 2] n=200 max |u_krylov - u_dense| = %.3e%n", diff);
        assertTrue(diff <= 1e-12, "difference " + diff);
        assertEquals(dense.report().iterations(), krylov.report().iterations(), 1,
                "the forcing terms keep Newton-Krylov within one step of exact Newton");
    }
}
