package org.dln.numeric.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The derivative-free paths (forward-difference Jacobian for Newton, directional differences for
 * Newton-Krylov) against the analytic ones.
 */
class FiniteDifferenceJacobianTest {

    @Test
    void denseForwardDifferenceJacobianMatchesAnalytic() {
        CubicSystem system = new CubicSystem(10, 42);
        Random rnd = new Random(3);
        double[] x = new double[10];
        for (int i = 0; i < 10; i++) {
            x[i] = 2 * rnd.nextDouble() - 1;
        }
        double[] f = new double[10];
        system.residual(x, f);
        DMatrixRMaj fd = new DMatrixRMaj(10, 10);
        FiniteDifferences.jacobian(system, x, f, fd, new double[10], new double[10]);
        DMatrixRMaj exact = new DMatrixRMaj(10, 10);
        system.jacobian(x, exact);
        // error per entry: truncation h |d2F/dx2| / 2 = 1.5e-8 * 2 * 6 / 2 ~ 1e-7, rounding eps |F| / h ~
        // 2e-16 * 10 / 1.5e-8 ~ 1.5e-7; 1e-6 covers both
        for (int i = 0; i < 100; i++) {
            assertEquals(exact.data[i], fd.data[i], 1e-6, "entry " + i);
        }
    }

    @Test
    void newtonWithFiniteDifferencesFindsTheSameRoot() {
        CubicSystem system = new CubicSystem(10, 42);
        NewtonSolver newton = NewtonSolver.builder().checker(ConvergenceChecker.of(1e-13, 1e-15)).build();
        NonlinearSolution analytic = newton.solve(system, new double[10]);
        NonlinearSolution fd = newton.solve(system.residualOnly(), new double[10]);
        System.out.println("[test 4] analytic " + analytic.report());
        System.out.println("[test 4] fd       " + fd.report());
        assertTrue(analytic.converged());
        assertTrue(fd.converged());
        assertTrue(fd.report().notes().contains("jacobian: forward differences"));
        assertTrue(analytic.report().notes().contains("jacobian: analytic"));
        // both residuals <= 1e-13 with |J^-1| = O(1): both within ~1e-13 of the unique root
        assertTrue(NewtonQuadraticConvergenceTest.maxDiff(analytic.x(), fd.x()) <= 1e-12);
        assertTrue(NewtonQuadraticConvergenceTest.maxDiff(fd.x(), system.root) <= 1e-12);
        // a 1e-8-accurate Jacobian costs at most one extra step (convergence e_{k+1} ~ 1e-8 e_k + C e_k^2)
        assertEquals(analytic.report().iterations(), fd.report().iterations(), 1);
    }

    @Test
    void directionalDifferenceMatchesJacobianTimes() {
        int n = 2000;
        Bratu1d system = new Bratu1d(n, 3.0, true);
        Random rnd = new Random(5);
        double[] u = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = 0.5 * Math.sin(Math.PI * (i + 1) / (n + 1));
            v[i] = rnd.nextGaussian();
        }
        double[] f = new double[n];
        system.residual(u, f);
        double[] fd = new double[n];
        FiniteDifferences.jacobianTimes(system, u, Vectors.norm2(u), f, v, fd, new double[n]);
        double[] exact = new double[n];
        system.jacobianTimes(u, v, exact);
        // h = 1.5e-8 (1 + |u|_2) / |v|_2 ~ 8e-9; truncation h |v_i|^2 h^2 lambda e^u / 2 is negligible, the
        // rounding error eps |F| / h ~ 2e-16 * 1 / 8e-9 ~ 3e-8 per component dominates; |Jv| ~ 4
        for (int i = 0; i < n; i++) {
            assertEquals(exact[i], fd[i], 1e-6, "component " + i);
        }
    }

    @Test
    void newtonKrylovWithDirectionalDifferencesFindsTheSameSolution() {
        int n = 2000;
        Bratu1d analyticSystem = new Bratu1d(n, 3.0, true);
        Bratu1d fdSystem = new Bratu1d(n, 3.0, false);
        NewtonKrylovSolver solver = NewtonKrylovSolver.builder().checker(NewtonKrylovBratuTest.STEP_1E10)
                .preconditioner(x -> analyticSystem.laplacianInverse()).build();
        NonlinearSolution analytic = solver.solve(analyticSystem, new double[n]);
        NonlinearSolution fd = solver.solve(fdSystem, new double[n]);
        System.out.println("[test 4] NK analytic " + analytic.report());
        System.out.println("[test 4] NK fd       " + fd.report());
        System.out.println("[test 4] NK fd notes " + fd.report().notes());
        assertTrue(analytic.converged());
        assertTrue(fd.converged(), fd.report().toString());
        assertTrue(fd.report().notes().contains("jacobian-vector products: forward differences"));
        // both converged with a step <= 1e-10 and rounding-level residuals, so each is within ~1e-10 of the root
        // (the fd one converges linearly at the end, rate ~ sqrt(eps) |J^-1| ..., but its last step bounds the
        // remaining error); observed agreement is ~1e-14
        assertTrue(NewtonQuadraticConvergenceTest.maxDiff(analytic.x(), fd.x()) <= 1e-10);
        assertTrue(fd.report().iterations() <= analytic.report().iterations() + 3);
    }
}
