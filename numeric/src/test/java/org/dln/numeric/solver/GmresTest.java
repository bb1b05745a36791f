package org.dln.numeric.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;

/**
 * GMRES on a random nonsymmetric n = 300 system {@code A = D + 0.5 R / sqrt(n)}, D diagonal log-uniform in
 * [1, 10], R uniform in [-1, 1] (iid, variance 1/3): the perturbation has spectral radius ~0.5/sqrt(3) ~ 0.3
 * (circular law) and norm ~0.6, so A is nonsingular with cond(A) ~ 15: "well conditioned", yet its spread
 * diagonal makes unpreconditioned GMRES need tens of iterations, which Jacobi preconditioning (D^-1)
 * removes. Reference: EJML dense LU.
 */
class GmresTest {

    static final int N = 300;

    private static DMatrixRMaj randomMatrix(long seed) {
        Random rnd = new Random(seed);
        DMatrixRMaj a = new DMatrixRMaj(N, N);
        double s = 0.5 / Math.sqrt(N);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                a.set(i, j, s * (2 * rnd.nextDouble() - 1));
            }
            a.add(i, i, Math.pow(10, rnd.nextDouble()));
        }
        return a;
    }

    private static LinearOperator operator(DMatrixRMaj a) {
        return new LinearOperator() {
            @Override
            public int dimension() {
                return a.numRows;
            }

            @Override
            public void apply(double[] v, double[] out) {
                CommonOps_DDRM.mult(a, DMatrixRMaj.wrap(v.length, 1, v), DMatrixRMaj.wrap(out.length, 1, out));
            }
        };
    }

    private static LinearOperator jacobi(DMatrixRMaj a) {
        return new LinearOperator() {
            @Override
            public int dimension() {
                return a.numRows;
            }

            @Override
            public void apply(double[] v, double[] out) {
                for (int i = 0; i < v.length; i++) {
                    out[i] = v[i] / a.get(i, i);
                }
            }
        };
    }

    private static double[] rhs(long seed) {
        Random rnd = new Random(seed);
        double[] b = new double[N];
        for (int i = 0; i < N; i++) {
            b[i] = rnd.nextGaussian();
        }
        return b;
    }

    private static double[] luSolve(DMatrixRMaj a, double[] b) {
        LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(N);
        assertTrue(lu.setA(a.copy()));
        DMatrixRMaj x = new DMatrixRMaj(N, 1);
        lu.solve(DMatrixRMaj.wrap(N, 1, b.clone()), x);
        return x.data;
    }

    private static double trueRelativeResidual(DMatrixRMaj a, double[] x, double[] b) {
        double[] ax = new double[N];
        operator(a).apply(x, ax);
        double num = 0;
        double den = 0;
        for (int i = 0; i < N; i++) {
            num += (b[i] - ax[i]) * (b[i] - ax[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void solvesRandomNonsymmetricSystemLikeLu() {
        DMatrixRMaj a = randomMatrix(7);
        double[] b = rhs(8);
        Gmres gmres = Gmres.builder().restart(N).maxIterations(N).relativeTolerance(1e-12).build();
        double[] x = new double[N];
        LinearSolveResult res = gmres.solve(operator(a), b, x);
        System.out.println("[test 3] full GMRES: " + res);
        assertTrue(res.converged(), res.toString());
        assertTrue(res.relativeResidual() <= 1e-12);
        // the reported residual is the true one
        assertEquals(trueRelativeResidual(a, x, b), res.relativeResidual(), 1e-15);
        // forward error <= cond(A) * relative residual ~ 15 * 1e-12 (|x| ~ 1), so 1e-9 has a wide margin
        double[] ref = luSolve(a, b);
        assertTrue(NewtonQuadraticConvergenceTest.maxDiff(x, ref) <= 1e-9,
                "max |x - x_lu| = " + NewtonQuadraticConvergenceTest.maxDiff(x, ref));
        System.out.printf("[test 3] max |x_gmres - x_lu| = %.3e%n", NewtonQuadraticConvergenceTest.maxDiff(x, ref));
    }

    /**
     * From a zero guess the first residual is b itself (no operator application), and with trustRecurrence the solve
     * ends on the recurrence residual (no confirming application): the same iterate as the verified solve, with
     * exactly one application per inner iteration. The recurrence residual of an exact linear operator agrees with the
     * true one to rounding (relative 1e-12 at |x| ~ 1, cond ~ 15), and both meet the tolerance.
     */
    @Test
    void zeroGuessAndTrustedRecurrenceSaveApplications() {
        DMatrixRMaj a = randomMatrix(7);
        double[] b = rhs(8);
        int[] count = new int[1];
        LinearOperator op = operator(a);
        LinearOperator counting = new LinearOperator() {
            @Override
            public int dimension() {
                return N;
            }

            @Override
            public void apply(double[] v, double[] out) {
                count[0]++;
                op.apply(v, out);
            }
        };
        double[] x1 = new double[N];
        LinearSolveResult verified = Gmres.builder().restart(N).maxIterations(N).build().solve(counting, null, b, x1, 1e-10);
        int verifiedCount = count[0];
        count[0] = 0;
        double[] x2 = new double[N];
        LinearSolveResult trusted = Gmres.builder().restart(N).maxIterations(N).trustRecurrence(true).build()
                .solve(counting, null, b, x2, 1e-10);
        assertTrue(verified.converged() && trusted.converged(), verified + " " + trusted);
        assertEquals(verified.iterations() + 1, verifiedCount, "zero guess: one confirming application only");
        assertEquals(trusted.iterations(), count[0], "trusted recurrence: one application per iteration");
        assertEquals(0.0, NewtonQuadraticConvergenceTest.maxDiff(x1, x2), "the same iterate");
        assertTrue(trusted.relativeResidual() <= 1e-10);
        assertEquals(trueRelativeResidual(a, x2, b), trusted.relativeResidual(), 1e-12);
    }

    @Test
    void restartedGmresStillConverges() {
        DMatrixRMaj a = randomMatrix(7);
        double[] b = rhs(8);
        double[] ref = luSolve(a, b);
        Gmres full = Gmres.builder().restart(N).maxIterations(N).relativeTolerance(1e-12).build();
        LinearSolveResult fullRes = full.solve(operator(a), b, new double[N]);
        Gmres restarted = Gmres.builder().restart(10).maxIterations(2000).relativeTolerance(1e-12).build();
        double[] x = new double[N];
        LinearSolveResult res = restarted.solve(operator(a), b, x);
        System.out.println("[test 3] GMRES(10): " + res + " vs full " + fullRes);
        assertTrue(res.converged(), res.toString());
        assertTrue(res.restarts() >= 2, "restarts actually happened");
        // restarting loses the optimality over the whole Krylov space: never fewer iterations than full GMRES
        assertTrue(res.iterations() >= fullRes.iterations());
        assertTrue(NewtonQuadraticConvergenceTest.maxDiff(x, ref) <= 1e-9);
        // the workspace is reused: a second solve on the same instance from a warm start is immediate
        LinearSolveResult again = restarted.solve(operator(a), b, x);
        assertEquals(0, again.iterations());
        // and a different right-hand side works on the same instance
        double[] b2 = rhs(9);
        double[] x2 = new double[N];
        assertTrue(restarted.solve(operator(a), b2, x2).converged());
        assertTrue(NewtonQuadraticConvergenceTest.maxDiff(x2, luSolve(a, b2)) <= 1e-9);
    }

    @Test
    void preconditionerReducesIterations() {
        DMatrixRMaj a = randomMatrix(7);
        double[] b = rhs(8);
        Gmres gmres = Gmres.builder().restart(50).maxIterations(1000).relativeTolerance(1e-12).build();
        double[] x0 = new double[N];
        LinearSolveResult plain = gmres.solve(operator(a), null, b, x0);
        double[] x1 = new double[N];
        LinearSolveResult jac = gmres.solve(operator(a), jacobi(a), b, x1);
        System.out.println("[test 3] unpreconditioned " + plain + ", Jacobi " + jac);
        assertTrue(plain.converged());
        assertTrue(jac.converged());
        // A D^-1 = I + 0.5 R D^-1 / sqrt(n) has its spectrum in a disc of radius ~0.3 about 1 -> ~ln(1e-12)/ln(0.3)
        // ~ 23 iterations at most; A itself has eigenvalues spread over [1, 10]
        assertTrue(jac.iterations() < plain.iterations() * 3 / 4, jac + " vs " + plain);
        // right preconditioning leaves the residual unchanged in meaning: it is the true residual of A x = b
        assertEquals(trueRelativeResidual(a, x1, b), jac.relativeResidual(), 1e-15);
        assertTrue(NewtonQuadraticConvergenceTest.maxDiff(x1, luSolve(a, b)) <= 1e-9);
    }

    @Test
    void reportsFailureHonestly() {
        DMatrixRMaj a = randomMatrix(7);
        double[] b = rhs(8);
        Gmres gmres = Gmres.builder().restart(5).maxIterations(7).relativeTolerance(1e-12).build();
        double[] x = new double[N];
        LinearSolveResult res = gmres.solve(operator(a), b, x);
        assertFalse(res.converged());
        assertEquals(7, res.iterations());
        assertTrue(res.relativeResidual() < 1 && res.relativeResidual() > 1e-12);
        assertEquals(trueRelativeResidual(a, x, b), res.relativeResidual(), 1e-15);
        // zero right-hand side: x = 0 at once
        double[] z = new double[N];
        java.util.Arrays.fill(z, 3.0);
        LinearSolveResult zero = gmres.solve(operator(a), new double[N], z);
        assertTrue(zero.converged());
        assertEquals(0.0, Vectors.maxNorm(z));
        // a singular (zero) operator: no progress, no exception, no loop
        LinearOperator nil = new LinearOperator() {
            @Override
            public int dimension() {
                return N;
            }

            @Override
            public void apply(double[] v, double[] out) {
                java.util.Arrays.fill(out, 0.0);
            }
        };
        LinearSolveResult stuck = gmres.solve(nil, b, new double[N]);
        assertFalse(stuck.converged());
        assertEquals(1.0, stuck.relativeResidual(), 1e-15);
    }
}
