package org.dln.numeric.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dln.numeric.report.SolverReport;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Failures are reported, not hidden: no root -> an unconverged solution with its history; a NaN residual ->
 * a {@link SolverException} whose text is the catalogue message. Every solve runs under a 5 s timeout to
 * catch infinite loops (each takes milliseconds).
 */
class HonestFailureTest {

    /** {@code F_i(x) = x_i^2 + 1}: no real root; |F|^2 is minimal (not zero) at x = 0, where J is singular. */
    static final class NoRoot implements NonlinearSystem {
        final int n;
        final boolean derivatives;

        NoRoot(int n, boolean derivatives) {
            this.n = n;
            this.derivatives = derivatives;
        }

        @Override
        public int dimension() {
            return n;
        }

        @Override
        public void residual(double[] x, double[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = x[i] * x[i] + 1;
            }
        }

        @Override
        public boolean hasJacobian() {
            return derivatives;
        }

        @Override
        public void jacobian(double[] x, DMatrixRMaj out) {
            out.zero();
            for (int i = 0; i < n; i++) {
                out.set(i, i, 2 * x[i]);
            }
        }

        @Override
        public boolean hasJacobianVectorProduct() {
            return derivatives;
        }

        @Override
        public void jacobianTimes(double[] x, double[] v, double[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = 2 * x[i] * v[i];
            }
        }
    }

    /** {@code F(x) = sqrt(x) - 0.1} (root 0.01): NaN for x < 0, where an undamped step from x = 1 lands. */
    static final NonlinearSystem SQRT = new NonlinearSystem() {
        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public void residual(double[] x, double[] out) {
            out[0] = Math.sqrt(x[0]) - 0.1;
        }

        @Override
        public boolean hasJacobian() {
            return true;
        }

        @Override
        public void jacobian(double[] x, DMatrixRMaj out) {
            out.set(0, 0, 0.5 / Math.sqrt(x[0]));
        }
    };

    private static void assertHonestNonConvergence(NonlinearSolution sol) {
        SolverReport report = sol.report();
        System.out.println("[test 5] " + report + " notes " + report.notes());
        assertFalse(sol.converged());
        double[] h = report.residualHistory();
        assertEquals(report.iterations() + 1, h.length);
        // |F|_inf >= 1 everywhere for x^2 + 1
        for (double r : h) {
            assertTrue(r >= 1.0);
        }
        assertEquals(h[h.length - 1], report.residual());
        List<String> notes = report.notes();
        String last = notes.get(notes.size() - 1);
        assertTrue(last.startsWith("line search failed") || last.startsWith("singular Jacobian")
                || last.contains("did not converge") || last.startsWith("no descent direction"), last);
    }

    @Test
    void noRootEndsUnconvergedWithHistory() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (double x0 : new double[] {2.0, 1.0, -0.3}) { // x0 = 1 lands exactly on the singular x = 0
                for (boolean derivatives : new boolean[] {true, false}) {
                    NoRoot system = new NoRoot(3, derivatives);
                    double[] guess = {x0, x0 * 0.7, -x0};
                    assertHonestNonConvergence(NewtonSolver.builder().build().solve(system, guess));
                    assertHonestNonConvergence(NewtonKrylovSolver.builder().build().solve(system, guess));
                }
            }
        });
    }

    @Test
    void scalarNoRootWithLineSearchFailureNote() {
        NonlinearSolution sol = NewtonSolver.builder().build().solve(new NoRoot(1, true), new double[] {2.0});
        assertHonestNonConvergence(sol);
        // the merit function's only stationary point is x = 0, where no Armijo step exists: the iterate creeps
        // towards it and the line search gives up (or the budget runs out) — never a false "converged"
        assertTrue(Math.abs(sol.x()[0]) < 0.1, "x = " + sol.x()[0]);
    }

    @Test
    void exhaustedBudgetIsAResultNotAnException() {
        CubicSystem system = new CubicSystem(10, 42);
        NonlinearSolution sol = NewtonSolver.builder().maxIterations(2).build().solve(system, new double[10]);
        assertFalse(sol.converged());
        assertEquals(2, sol.report().iterations());
        assertEquals(3, sol.report().residualHistory().length);
        List<String> notes = sol.report().notes();
        String last = notes.get(notes.size() - 1);
        assertTrue(last.startsWith("newton did not converge in 2 iterations: residual "), last);
    }

    @Test
    void nanResidualAtTheGuessThrowsCatalogueMessage() {
        SolverException e = assertThrows(SolverException.class,
                () -> NewtonSolver.builder().build().solve(SQRT, new double[] {-1.0}));
        assertEquals(SolverMessage.NON_FINITE_RESIDUAL, e.getSolverMessage());
        assertEquals(SolverMessage.NON_FINITE_RESIDUAL.format(0, 0, Double.NaN), e.getMessage());
        assertEquals("non-finite residual at iteration 0: component 0 is NaN", e.getMessage());
        assertTrue(e.partialReport().isPresent());
        assertFalse(e.partialReport().get().converged());

        SolverException k = assertThrows(SolverException.class,
                () -> NewtonKrylovSolver.builder().build().solve(SQRT, new double[] {-1.0}));
        assertEquals(SolverMessage.NON_FINITE_RESIDUAL, k.getSolverMessage());
    }

    @Test
    void nanResidualAfterAnUndampedStepThrows() {
        // Newton from x = 1: dx = -(1 - 0.1) / 0.5 = -1.8, so the full step lands at x = -0.8 where F is NaN
        SolverException e = assertThrows(SolverException.class,
                () -> NewtonSolver.builder().lineSearch(false).build().solve(SQRT, new double[] {1.0}));
        assertEquals("non-finite residual at iteration 1: component 0 is NaN", e.getMessage());
        SolverReport partial = e.partialReport().orElseThrow();
        assertEquals(1, partial.residualHistory().length); // the guess only
        assertEquals(0.9, partial.residualHistory()[0], 1e-15);

        // with the line search a NaN trial is just "no decrease": the step is halved and Newton converges
        NonlinearSolution sol = NewtonSolver.builder().build().solve(SQRT, new double[] {1.0});
        System.out.println("[test 5] sqrt with line search: " + sol.report() + " " + sol.report().notes());
        assertTrue(sol.converged());
        assertEquals(0.01, sol.x()[0], 1e-12); // residual <= 1e-10 and dF/dx = 5 at the root: error <= 2e-11
    }

    @Test
    void nonFiniteJacobianThrows() {
        NonlinearSystem bad = new NonlinearSystem() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void residual(double[] x, double[] out) {
                out[0] = x[0] - 1;
            }

            @Override
            public boolean hasJacobian() {
                return true;
            }

            @Override
            public void jacobian(double[] x, DMatrixRMaj out) {
                out.set(0, 0, Double.POSITIVE_INFINITY);
            }
        };
        SolverException e = assertThrows(SolverException.class,
                () -> NewtonSolver.builder().build().solve(bad, new double[] {0.0}));
        assertEquals(SolverMessage.NON_FINITE_JACOBIAN.format(1, 0, 0, Double.POSITIVE_INFINITY), e.getMessage());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> NewtonSolver.builder().build().solve(new NoRoot(2, true), new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> NewtonSolver.builder().build().solve(new NoRoot(1, true), new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> NewtonSolver.builder().maxIterations(-1));
        assertThrows(IllegalArgumentException.class, () -> Gmres.builder().restart(0));
        assertThrows(IllegalArgumentException.class, () -> ConvergenceChecker.of(-1, 0));
    }
}
