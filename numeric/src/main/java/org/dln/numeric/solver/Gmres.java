package org.dln.numeric.solver;

import java.util.Arrays;

/**
 * Restarted GMRES(m) with modified Gram-Schmidt orthogonalisation and Givens rotations, optionally right
 * preconditioned (so the monitored residual is the true residual {@code b - A x}, not a preconditioned one).
 *
 * <p>Each cycle builds an Arnoldi basis of at most {@code restart} vectors; the least-squares problem is
 * kept in triangular form by Givens rotations, so the residual norm is known at every inner iteration
 * without forming {@code x}. After each cycle the true residual is recomputed ({@code 1} extra operator
 * application) and decides convergence, so the reported residual is never just a recurrence estimate, unless
 * {@link Builder#trustRecurrence} is set (for exact linear operators: the solve then ends on the recurrence
 * residual of a cycle that meets the tolerance). A zero initial guess costs no application: its residual is b.
 *
 * <p>Safeguards: a new Arnoldi direction that is linearly dependent on the previous ones to rounding
 * level ({@code 1e-14} relative) ends the cycle (happy breakdown, or a numerically singular operator); a
 * cycle that does not decrease the true residual is undone and the solve stops unconverged. Hence the
 * returned {@code x} never has a larger residual than the initial guess, and a singular operator yields an
 * honest {@code converged = false} rather than garbage.
 *
 * <p>Configuration is immutable; the workspaces (Arnoldi basis {@code (m+1) x n}, Hessenberg matrix,
 * rotations and four {@code n}-vectors) are allocated on first use and reused by later calls of the same
 * dimension. An instance is therefore <em>not</em> thread-safe; use one per thread.
 */
public final class Gmres implements IterativeLinearSolver {

    /** Relative size below which a new direction is taken as linearly dependent (rounding level). */
    private static final double RANK_TOL = 1e-14;

    private final int restart;
    private final int maxIterations;
    private final double relativeTolerance;
    private final boolean trustRecurrence;

    // workspaces, (re)allocated when the dimension changes
    private int n = -1;
    private double[][] basis;     // (m+1) x n Arnoldi vectors
    private double[][] hessenberg; // (m+1) x m, row i = H[i][*]
    private double[] cs;
    private double[] sn;
    private double[] g;
    private double[] y;
    private double[] w;
    private double[] z;
    private double[] r;
    private double[] xPrevious;
    private double operatorNorm;

    private Gmres(Builder b) {
        this.restart = b.restart;
        this.maxIterations = b.maxIterations;
        this.relativeTolerance = b.relativeTolerance;
        this.trustRecurrence = b.trustRecurrence;
    }

    /** A builder with defaults restart 30, maxIterations 1000, relativeTolerance 1e-10. */
    public static Builder builder() {
        return new Builder();
    }

    /** The Krylov subspace size per cycle. */
    public int restart() {
        return restart;
    }

    /** The budget of inner iterations over all cycles. */
    public int maxIterations() {
        return maxIterations;
    }

    /** The default relative tolerance, used by {@link #solve(LinearOperator, double[], double[])}. */
    public double relativeTolerance() {
        return relativeTolerance;
    }

    /** Solves {@code A x = b} without preconditioner to the configured tolerance; {@code x} is the guess. */
    public LinearSolveResult solve(LinearOperator a, double[] b, double[] x) {
        return solve(a, null, b, x, relativeTolerance);
    }

    /** Solves {@code A M y = b, x = M y} to the configured tolerance; {@code x} is the guess. */
    public LinearSolveResult solve(LinearOperator a, LinearOperator preconditioner, double[] b, double[] x) {
        return solve(a, preconditioner, b, x, relativeTolerance);
    }

    /**
     * {@inheritDoc}
     *
     * @throws SolverException if the operator or preconditioner produces a non-finite value
     * @throws IllegalArgumentException on dimension mismatch, a non-finite {@code b} or {@code tol <= 0}
     */
    @Override
    public LinearSolveResult solve(LinearOperator a, LinearOperator preconditioner, double[] b, double[] x,
                                   double tol) {
        int dim = a.dimension();
        Vectors.checkLength("right-hand side", b, dim);
        Vectors.checkLength("initial guess", x, dim);
        if (preconditioner != null && preconditioner.dimension() != dim) {
            throw new IllegalArgumentException(SolverMessage.DIMENSION_MISMATCH.format("preconditioner",
                    preconditioner.dimension(), dim));
        }
        if (!(tol > 0)) {
            throw new IllegalArgumentException(SolverMessage.INVALID_PARAMETER.format("relative tolerance", tol,
                    "must be > 0"));
        }
        int bad = Vectors.firstNonFinite(b);
        if (bad >= 0) {
            throw new IllegalArgumentException(SolverMessage.INVALID_PARAMETER.format("right-hand side",
                    "component " + bad + " = " + b[bad], "must be finite"));
        }
        ensureWorkspace(dim);
        double bNorm = Vectors.norm2(b);
        if (bNorm == 0) {
            Arrays.fill(x, 0.0);
            return new LinearSolveResult(0, 0.0, true, 0);
        }
        int total = 0;
        int cycles = 0;
        double previousRel = Double.POSITIVE_INFINITY;
        operatorNorm = 0;
        boolean zeroGuess = Vectors.firstNonZero(x) < 0;
        double estimate = Double.NaN; // the recurrence's residual of the last cycle, when it claimed convergence
        while (true) {
            double beta;
            if (cycles == 0 && zeroGuess) {
                // x = 0: the true residual is b itself (A 0 = 0 for a linear operator); no operator application
                System.arraycopy(b, 0, r, 0, dim);
                beta = bNorm;
            } else if (trustRecurrence && estimate <= tol) {
                return new LinearSolveResult(total, estimate, true, cycles);
            } else {
                // true residual r = b - A x
                a.apply(x, w);
                checkFinite(w, total);
                for (int i = 0; i < dim; i++) {
                    r[i] = b[i] - w[i];
                }
                beta = Vectors.norm2(r);
            }
            double rel = beta / bNorm;
            if (!(rel < previousRel)) {
                // the last cycle made things worse (rounding-level breakdown): undo it and stop
                System.arraycopy(xPrevious, 0, x, 0, dim);
                return new LinearSolveResult(total, previousRel, previousRel <= tol, cycles);
            }
            if (rel <= tol) {
                return new LinearSolveResult(total, rel, true, cycles);
            }
            if (total >= maxIterations) {
                return new LinearSolveResult(total, rel, false, cycles);
            }
            int k = cycle(a, preconditioner, beta, tol * bNorm, total);
            if (k == 0) { // cannot extend the Krylov space (singular operator): no progress possible
                return new LinearSolveResult(total, rel, false, cycles);
            }
            total += k;
            System.arraycopy(x, 0, xPrevious, 0, dim);
            previousRel = rel;
            update(preconditioner, k, x, total);
            estimate = Math.abs(g[k]) / bNorm;
            cycles++;
        }
    }

    /** One Arnoldi cycle from the residual in {@code r}; returns the number of usable basis vectors. */
    private int cycle(LinearOperator a, LinearOperator m, double beta, double absTol, int done) {
        double[] v0 = basis[0];
        double inv = 1.0 / beta;
        for (int i = 0; i < n; i++) {
            v0[i] = r[i] * inv;
        }
        Arrays.fill(g, 0.0);
        g[0] = beta;
        int k = 0;
        for (int j = 0; j < restart && done + j < maxIterations; j++) {
            double[] vj = basis[j];
            if (m != null) {
                m.apply(vj, z);
                checkFinite(z, done + j);
                a.apply(z, w);
            } else {
                a.apply(vj, w);
            }
            checkFinite(w, done + j);
            double wNorm = Vectors.norm2(w);
            operatorNorm = Math.max(operatorNorm, wNorm); // |A M v| over unit v: a lower bound on |A M|
            // modified Gram-Schmidt
            for (int i = 0; i <= j; i++) {
                double h = Vectors.dot(w, basis[i]);
                hessenberg[i][j] = h;
                Vectors.axpy(-h, basis[i], w);
            }
            double hNext = Vectors.norm2(w);
            // previous rotations on column j
            for (int i = 0; i < j; i++) {
                double hi = hessenberg[i][j];
                double hi1 = hessenberg[i + 1][j];
                hessenberg[i][j] = cs[i] * hi + sn[i] * hi1;
                hessenberg[i + 1][j] = -sn[i] * hi + cs[i] * hi1;
            }
            double hjj = hessenberg[j][j];
            double rho = Math.hypot(hjj, hNext);
            if (rho <= RANK_TOL * operatorNorm) {
                // A M v_j lies (to rounding) in A M K_j: the triangular factor would be singular and the
                // update garbage. Happens only for (numerically) singular A M; stop before this column.
                break;
            }
            cs[j] = hjj / rho;
            sn[j] = hNext / rho;
            hessenberg[j][j] = rho;
            hessenberg[j + 1][j] = 0.0;
            g[j + 1] = -sn[j] * g[j];
            g[j] = cs[j] * g[j];
            k = j + 1;
            if (Math.abs(g[j + 1]) <= absTol || hNext <= RANK_TOL * wNorm) { // converged or happy breakdown
                break;
            }
            double[] vNext = basis[j + 1];
            double invH = 1.0 / hNext;
            for (int i = 0; i < n; i++) {
                vNext[i] = w[i] * invH;
            }
        }
        return k;
    }

    /** x += M V_k y_k with y_k solving the rotated triangular system. */
    private void update(LinearOperator m, int k, double[] x, int iteration) {
        for (int i = k - 1; i >= 0; i--) {
            double s = g[i];
            for (int l = i + 1; l < k; l++) {
                s -= hessenberg[i][l] * y[l];
            }
            y[i] = s / hessenberg[i][i];
        }
        double[] u = (m != null) ? w : z;
        Arrays.fill(u, 0.0);
        for (int i = 0; i < k; i++) {
            Vectors.axpy(y[i], basis[i], u);
        }
        if (m != null) {
            m.apply(w, z);
            checkFinite(z, iteration);
        }
        Vectors.axpy(1.0, z, x);
    }

    private static void checkFinite(double[] v, int iteration) {
        int bad = Vectors.firstNonFinite(v);
        if (bad >= 0) {
            throw new SolverException(SolverMessage.NON_FINITE_OPERATOR, iteration, bad, v[bad]);
        }
    }

    private void ensureWorkspace(int dim) {
        if (dim == n) {
            return;
        }
        n = dim;
        basis = new double[restart + 1][dim];
        hessenberg = new double[restart + 1][restart];
        cs = new double[restart];
        sn = new double[restart];
        g = new double[restart + 1];
        y = new double[restart];
        w = new double[dim];
        z = new double[dim];
        r = new double[dim];
        xPrevious = new double[dim];
    }

    @Override
    public String toString() {
        return "gmres(" + restart + ")";
    }

    /** Builder for {@link Gmres}. */
    public static final class Builder {
        private int restart = 30;
        private int maxIterations = 1000;
        private double relativeTolerance = 1e-10;
        private boolean trustRecurrence;

        private Builder() {
        }

        /**
         * Whether a cycle whose recurrence residual meets the tolerance ends the solve without recomputing the true
         * residual (one operator application fewer per solve; default false). Only for exact linear operators, where
         * the two agree to rounding: the returned residual is then the recurrence's.
         */
        public Builder trustRecurrence(boolean trust) {
            this.trustRecurrence = trust;
            return this;
        }

        /** Krylov dimension per cycle (default 30). */
        public Builder restart(int m) {
            this.restart = SolverMessage.requireAtLeast("restart", m, 1);
            return this;
        }

        /** Total inner-iteration budget over all cycles (default 1000). */
        public Builder maxIterations(int max) {
            this.maxIterations = SolverMessage.requireAtLeast("maxIterations", max, 1);
            return this;
        }

        /** Default relative tolerance (default 1e-10). */
        public Builder relativeTolerance(double tol) {
            if (!(tol > 0)) {
                throw new IllegalArgumentException(
                        SolverMessage.INVALID_PARAMETER.format("relativeTolerance", tol, "must be > 0"));
            }
            this.relativeTolerance = tol;
            return this;
        }

        /** The configured solver (with fresh, lazily allocated workspaces). */
        public Gmres build() {
            return new Gmres(this);
        }
    }
}
