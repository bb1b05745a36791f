package org.dln.numeric.solver;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.dense.row.linsol.lu.LinearSolverLuBase_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Dense Newton's method with a backtracking Armijo line search.
 *
 * <p>Each step solves {@code J(x_k) dx = -F(x_k)} by LU with partial pivoting
 * ({@link LinearSolverFactory_DDRM#lu}); {@code J} comes from {@link NonlinearSystem#jacobian} when
 * available, else from forward differences ({@code n} extra residual evaluations, step
 * {@code sqrt(eps)(1 + |x_j|)}). The step length is {@code 1, 1/2, ..., 2^-20}, the first satisfying the
 * Armijo condition on {@code |F|_2^2 / 2} (a non-finite trial residual counts as no decrease); if none does,
 * the full step is still taken when the checker accepts its result (rounding level), else the solve ends
 * unconverged with a {@link SolverMessage#LINE_SEARCH_FAILED} note. A numerically singular Jacobian (smallest LU pivot below
 * {@code n eps} times the largest) ends the solve unconverged with {@link SolverMessage#SINGULAR_JACOBIAN}.
 * Locally quadratic for smooth systems with a nonsingular Jacobian at the root. Cost per step:
 * {@code O(n^3)} plus the Jacobian; memory {@code O(n^2)}, allocated once per solve.
 *
 * <p>Immutable and thread-safe.
 */
public final class NewtonSolver implements NonlinearSolver {

    private final NewtonSettings settings;

    private NewtonSolver(Builder b) {
        this.settings = b.settings();
    }

    /** A builder with defaults maxIterations 50, {@code ConvergenceChecker.of(1e-10, 1e-12)}, line search on. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NonlinearSolution solve(NonlinearSystem system, double[] initialGuess) {
        return NewtonDriver.solve("newton", settings, system, initialGuess, "jacobian", system.hasJacobian(),
                List.of(), () -> new DenseDirection(system));
    }

    /** Newton direction by dense LU; workspaces allocated once per solve. */
    private static final class DenseDirection implements NewtonDriver.DirectionFinder {
        private final NonlinearSystem system;
        private final int n;
        private final DMatrixRMaj jac;
        private final LinearSolverDense<DMatrixRMaj> lu;
        private final double[] negF;
        private final DMatrixRMaj rhs;
        private final double[] xWork;
        private final double[] fWork;

        DenseDirection(NonlinearSystem system) {
            this.system = system;
            this.n = system.dimension();
            this.jac = new DMatrixRMaj(n, n);
            this.lu = LinearSolverFactory_DDRM.lu(n);
            this.negF = new double[n];
            this.rhs = DMatrixRMaj.wrap(n, 1, negF);
            boolean fd = !system.hasJacobian();
            this.xWork = fd ? new double[n] : null;
            this.fWork = fd ? new double[n] : null;
        }

        @Override
        public NewtonDriver.Direction find(int iteration, double[] x, double[] f, double[] dx) {
            if (xWork == null) {
                system.jacobian(x, jac);
            } else {
                FiniteDifferences.jacobian(system, x, f, jac, xWork, fWork);
            }
            int bad = Vectors.firstNonFinite(jac.data);
            if (bad >= 0) {
                throw new SolverException(SolverMessage.NON_FINITE_JACOBIAN, iteration, bad / n, bad % n,
                        jac.data[bad]);
            }
            if (!lu.setA(jac) || isSingular()) {
                return NewtonDriver.Direction.failed(SolverMessage.SINGULAR_JACOBIAN.format(iteration));
            }
            for (int i = 0; i < n; i++) {
                negF[i] = -f[i];
            }
            lu.solve(rhs, DMatrixRMaj.wrap(n, 1, dx));
            if (Vectors.firstNonFinite(dx) >= 0) {
                return NewtonDriver.Direction.failed(SolverMessage.SINGULAR_JACOBIAN.format(iteration));
            }
            return NewtonDriver.Direction.ok(0.0);
        }

        /** Smallest |U_ii| below n eps max |U_ii| (a cheap, scale-invariant rank test of the LU factors). */
        private boolean isSingular() {
            if (!(lu instanceof LinearSolverLuBase_DDRM base)) {
                return false;
            }
            DMatrixRMaj factors = base.getDecomposition().getLU();
            double max = 0;
            double min = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double d = Math.abs(factors.unsafe_get(i, i));
                max = Math.max(max, d);
                min = Math.min(min, d);
            }
            return max == 0 || min <= n * Math.ulp(1.0) * max;
        }

        @Override
        public void addNotes(List<String> notes) {
            // nothing beyond the header
        }
    }

    @Override
    public String toString() {
        return "NewtonSolver[maxIterations=" + settings.maxIterations() + ", lineSearch=" + settings.lineSearch() + "]";
    }

    /** Builder for {@link NewtonSolver}. */
    public static final class Builder extends NewtonBuilder<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** The immutable solver. */
        public NewtonSolver build() {
            return new NewtonSolver(this);
        }
    }
}
