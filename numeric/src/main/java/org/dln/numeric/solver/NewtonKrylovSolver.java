package org.dln.numeric.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Inexact (truncated) Newton's method with restarted GMRES as inner solver, for large systems whose
 * Jacobian is available only through products {@code J v}.
 *
 * <p>Step {@code k} solves {@code J(x_k) dx = -F(x_k)} by {@link Gmres} (initial guess 0) to the relative
 * tolerance (forcing term) {@code eta_k} of Eisenstat and Walker's choice 2:
 * {@code eta_k = 0.9 (|F_k|_2 / |F_{k-1}|_2)^2}, safeguarded by {@code eta_k >= 0.9 eta_{k-1}^2} whenever
 * the latter exceeds 0.1, then clipped to {@code [etaMin, etaMax]} (defaults {@code [1e-12, 0.1]},
 * {@code eta_0 = etaMax}). Since {@code eta_k ~ |F_k|} near the root, the outer iteration keeps Newton's
 * quadratic convergence without over-solving early steps. {@code J v} comes from
 * {@link NonlinearSystem#jacobianTimes} when available, else from the forward difference
 * {@code (F(x + h v) - F(x)) / h}, {@code h = sqrt(eps) (1 + |x|_2) / |v|_2} (accurate to about
 * {@code sqrt(eps)} relative, so convergence then becomes fast-linear at {@code ~1e-8} per step).
 * An optional right preconditioner is rebuilt from each iterate by a user factory.
 *
 * <p>Globalisation is the same Armijo backtracking as {@link NewtonSolver}, with the slope bound
 * {@code -(1 - rho) |F|^2} where {@code rho} is the relative residual GMRES actually achieved. If GMRES
 * misses its forcing tolerance the step is still used (a note records it) as long as {@code rho < 1};
 * otherwise the solve ends unconverged with {@link SolverMessage#NO_DESCENT_DIRECTION}.
 *
 * <p>Memory per solve: the GMRES basis {@code (restart + 1) n} plus a few {@code n}-vectors. Immutable and
 * thread-safe (each solve has its own {@link Gmres}).
 */
public final class NewtonKrylovSolver implements NonlinearSolver {

    private final NewtonSettings settings;
    private final int gmresRestart;
    private final int gmresMaxIterations;
    private final double etaMax;
    private final double etaMin;
    private final Function<double[], LinearOperator> preconditioner;
    private final boolean trustRecurrence;
    private final double residualTarget;

    private NewtonKrylovSolver(Builder b) {
        this.settings = b.settings();
        this.gmresRestart = b.gmresRestart;
        this.gmresMaxIterations = b.gmresMaxIterations;
        this.etaMax = b.etaMax;
        this.etaMin = b.etaMin;
        this.preconditioner = b.preconditioner;
        this.trustRecurrence = b.trustRecurrence;
        this.residualTarget = b.residualTarget;
    }

    /**
     * A builder with defaults maxIterations 50, {@code ConvergenceChecker.of(1e-10, 1e-12)}, line search on,
     * GMRES restart 30 and 300 iterations per Newton step, forcing terms in {@code [1e-12, 0.1]}, no
     * preconditioner.
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NonlinearSolution solve(NonlinearSystem system, double[] initialGuess) {
        Gmres gmres = Gmres.builder().restart(gmresRestart).maxIterations(gmresMaxIterations)
                .trustRecurrence(trustRecurrence && system.hasJacobianVectorProduct()).build();
        String inner = "inner solver: " + gmres + ", max " + gmresMaxIterations + " iterations"
                + (preconditioner != null ? ", right preconditioned" : "");
        return NewtonDriver.solve("newton-krylov", settings, system, initialGuess, "jacobian-vector products",
                system.hasJacobianVectorProduct(), List.of(inner), () -> new KrylovDirection(system, gmres));
    }

    /** Inexact Newton direction by GMRES; workspaces allocated once per solve. */
    private final class KrylovDirection implements NewtonDriver.DirectionFinder, LinearOperator {
        private final NonlinearSystem system;
        private final Gmres gmres;
        private final int n;
        private final double[] negF;
        private final double[] xWork;
        private final List<Integer> innerIterations = new ArrayList<>();
        private final List<Double> forcing = new ArrayList<>();
        private final List<Double> achieved = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private double previousNorm = Double.NaN;
        private double previousEta = Double.NaN;
        // the current linearisation point, set by find()
        private double[] x;
        private double[] f;
        private double xNorm2;

        KrylovDirection(NonlinearSystem system, Gmres gmres) {
            this.system = system;
            this.gmres = gmres;
            this.n = system.dimension();
            this.negF = new double[n];
            this.xWork = system.hasJacobianVectorProduct() ? null : new double[n];
        }

        @Override
        public int dimension() {
            return n;
        }

        @Override
        public void apply(double[] v, double[] out) {
            if (xWork == null) {
                system.jacobianTimes(x, v, out);
            } else {
                FiniteDifferences.jacobianTimes(system, x, xNorm2, f, v, out, xWork);
            }
        }

        @Override
        public NewtonDriver.Direction find(int iteration, double[] x, double[] f, double[] dx) {
            this.x = x;
            this.f = f;
            this.xNorm2 = Vectors.norm2(x);
            double fNorm = Vectors.norm2(f);
            double eta = forcingTerm(fNorm);
            previousNorm = fNorm;
            previousEta = eta;
            for (int i = 0; i < n; i++) {
                negF[i] = -f[i];
            }
            java.util.Arrays.fill(dx, 0.0);
            LinearOperator m = preconditioner == null ? null : preconditioner.apply(x.clone());
            LinearSolveResult res = gmres.solve(this, m, negF, dx, eta);
            innerIterations.add(res.iterations());
            forcing.add(eta);
            achieved.add(res.relativeResidual());
            if (!(res.relativeResidual() < 1.0)) {
                return NewtonDriver.Direction.failed(
                        SolverMessage.NO_DESCENT_DIRECTION.format(iteration, res.relativeResidual()));
            }
            if (!res.converged()) {
                // still a descent direction; record the shortfall
                notes.add("step " + iteration + ": "
                        + SolverMessage.GMRES_NOT_CONVERGED.format(eta, res.iterations(), res.relativeResidual()));
            }
            return NewtonDriver.Direction.ok(res.relativeResidual());
        }

        /** Eisenstat-Walker choice 2 (gamma 0.9, alpha 2) with the usual safeguard, clipped. */
        private double forcingTerm(double fNorm) {
            if (Double.isNaN(previousNorm)) {
                return etaMax;
            }
            double ratio = fNorm / previousNorm;
            double eta = 0.9 * ratio * ratio;
            double safeguard = 0.9 * previousEta * previousEta;
            if (safeguard > 0.1) {
                eta = Math.max(eta, safeguard);
            }
            eta = Math.max(etaMin, Math.min(etaMax, eta));
            if (residualTarget > 0 && fNorm > 0) {
                // no solve beyond what the residual target needs: a linear residual of 0.1 target (2-norm, so also
                // in max-norm) is below the target whatever the direction's remaining error
                eta = Math.min(etaMax, Math.max(eta, 0.1 * residualTarget / fNorm));
            }
            return eta;
        }

        @Override
        public void addNotes(List<String> out) {
            out.add("GMRES iterations per Newton step: " + innerIterations);
            out.add(NewtonDriver.formatList("forcing terms", forcing, "%.1e"));
            out.add(NewtonDriver.formatList("GMRES achieved relative residuals", achieved, "%.1e"));
            out.addAll(notes);
        }
    }

    @Override
    public String toString() {
        return "NewtonKrylovSolver[maxIterations=" + settings.maxIterations() + ", gmres(" + gmresRestart + ")]";
    }

    /** Builder for {@link NewtonKrylovSolver}. */
    public static final class Builder extends NewtonBuilder<Builder> {
        private int gmresRestart = 30;
        private int gmresMaxIterations = 300;
        private double etaMax = 0.1;
        private double etaMin = 1e-12;
        private Function<double[], LinearOperator> preconditioner;
        private boolean trustRecurrence;
        private double residualTarget;

        private Builder() {
        }

        /**
         * The max-norm residual the checker accepts (0: none, the default): the forcing term is kept at least
         * {@code 0.1 target / |F|_2}, so GMRES does not drive the linear residual far below what convergence needs
         * (Kelley's safeguard; saves inner iterations on the last Newton step).
         */
        public Builder residualTarget(double target) {
            if (!(target >= 0)) {
                throw new IllegalArgumentException(SolverMessage.INVALID_PARAMETER.format("residual target", target,
                        "must be >= 0"));
            }
            this.residualTarget = target;
            return this;
        }

        /**
         * With exact Jacobian-vector products ({@link NonlinearSystem#hasJacobianVectorProduct}), end each GMRES solve
         * on its recurrence residual instead of recomputing the true one (one product fewer per Newton step; the line
         * search still checks the true residual of the system). Default false; ignored with finite differences.
         */
        public Builder trustRecurrence(boolean trust) {
            this.trustRecurrence = trust;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        /** GMRES Krylov dimension per cycle (default 30). */
        public Builder gmresRestart(int m) {
            this.gmresRestart = SolverMessage.requireAtLeast("gmresRestart", m, 1);
            return this;
        }

        /** GMRES inner-iteration budget per Newton step (default 300). */
        public Builder gmresMaxIterations(int max) {
            this.gmresMaxIterations = SolverMessage.requireAtLeast("gmresMaxIterations", max, 1);
            return this;
        }

        /** Forcing-term bounds (defaults 1e-12 and 0.1); {@code 0 < etaMin <= etaMax < 1}. */
        public Builder forcingTerms(double etaMin, double etaMax) {
            if (!(etaMin > 0 && etaMin <= etaMax && etaMax < 1)) {
                throw new IllegalArgumentException(SolverMessage.INVALID_PARAMETER.format("forcing terms",
                        etaMin + ", " + etaMax, "need 0 < etaMin <= etaMax < 1"));
            }
            this.etaMin = etaMin;
            this.etaMax = etaMax;
            return this;
        }

        /**
         * A right preconditioner factory, called once per Newton step with (a copy of) the current iterate and
         * returning an approximation of {@code J(x)^-1} (or null for none at that step).
         */
        public Builder preconditioner(Function<double[], LinearOperator> factory) {
            this.preconditioner = factory;
            return this;
        }

        /** The immutable solver. */
        public NewtonKrylovSolver build() {
            return new NewtonKrylovSolver(this);
        }
    }
}
