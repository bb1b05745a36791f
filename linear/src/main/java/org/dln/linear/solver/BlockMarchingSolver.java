package org.dln.linear.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.dln.linear.problem.Problem;
import org.dln.numeric.solver.ConvergenceChecker;
import org.dln.numeric.solver.LinearOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.dln.numeric.solver.NewtonKrylovSolver;
import org.dln.numeric.solver.NewtonSolver;
import org.dln.numeric.solver.NonlinearSolution;
import org.dln.numeric.solver.NonlinearSolver;
import org.dln.numeric.time.TimeGrid;

/**
 * Marches the deep linear DMFT over the blocks of a {@link TimeGrid}: each block's rows solve {@code z = F(z)}
 * ({@link BlockEquations}) by Newton's method, with a dense Jacobian when the block has at most {@code denseLimit}
 * unknowns and by Newton-Krylov (GMRES on Jacobian-vector products) otherwise, Armijo line search in both. The
 * derivatives are analytic by default: products J v from the tangent of the sweep ({@link BlockTangent}, exact to
 * rounding, about the cost of one sweep each) and dense Jacobians column by column from the same products;
 * {@link Jacobian#DIFFERENCES} uses forward differences instead. Blocks of one node on a strictly causal grid
 * (gradient descent) need no iteration: one sweep is exact.
 *
 * <p>Immutable; each solve has its own workspace.
 */
public final class BlockMarchingSolver {

    /**
     * Outcome of one march.
     *
     * @param sweeps   evaluations of the block map F (residuals and re-linearisations)
     * @param products analytic Jacobian-vector products (tangent sweeps), 0 with {@link Jacobian#DIFFERENCES}, whose
     *                 products are counted in {@code sweeps}
     */
    public record Result(BlockEquations equations, boolean converged, int newtonIterations, int sweeps, int products,
                         double maxResidual, List<double[]> residualHistories, List<String> notes, double seconds) {
    }

    /** The derivative method. */
    public Jacobian jacobian() {
        return jacobian;
    }

    /** How Newton obtains derivatives of the block map. */
    public enum Jacobian {
        /** the tangent of the sweep ({@link BlockTangent}): exact products J v, dense Jacobians by columns */
        ANALYTIC,
        /** forward differences of the residual (step sqrt(eps)), for comparison */
        DIFFERENCES
    }

    private final double tolerance;
    private final int denseLimit;
    private final int maxIterations;
    private final Jacobian jacobian;
    /** System.nanoTime() after which no further element is started (Long.MAX_VALUE: none). */
    private long deadline = Long.MAX_VALUE;

    /**
     * @param tolerance     max-norm residual of z - F(z) per block
     * @param denseLimit    largest block system solved with a dense Jacobian
     * @param maxIterations Newton iterations per block
     */
    public BlockMarchingSolver(double tolerance, int denseLimit, int maxIterations) {
        this(tolerance, denseLimit, maxIterations, Jacobian.ANALYTIC);
    }

    /** As above, choosing how derivatives are obtained. */
    public BlockMarchingSolver(double tolerance, int denseLimit, int maxIterations, Jacobian jacobian) {
        this.tolerance = tolerance;
        this.denseLimit = denseLimit;
        this.maxIterations = maxIterations;
        this.jacobian = jacobian;
    }

    /** A copy that starts no element after System.nanoTime() = deadline (the march stops not converged, with a note). */
    public BlockMarchingSolver withDeadline(long deadlineNanos) {
        BlockMarchingSolver b = new BlockMarchingSolver(tolerance, denseLimit, maxIterations, jacobian);
        b.deadline = deadlineNanos;
        return b;
    }

    /** Whether the deadline has passed. */
    public boolean pastDeadline() {
        return deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0;
    }

    /**
     * @param guess    a solved workspace on the same grid and problem shape (e.g. at a smaller gamma0) whose rows
     *                 start each block's Newton iteration, or null to extrapolate from the previous block
     * @param progress receives each finished block index
     */
    public Result solve(Problem p, TimeGrid grid, double gamma0, BlockEquations guess, IntConsumer progress) {
        long start = System.nanoTime();
        March march = new March(new BlockEquations(p, grid, gamma0), grid, guess);
        try (SweepPool pool = new SweepPool(SweepPool.defaultThreads())) {
            march.eq.pool = pool;
            for (int k = 0; k < grid.blocks(); k++) {
                if (pastDeadline()) {
                    march.ok = false;
                    march.notes.add(String.format(Locale.ROOT, "time budget used up before element %d of %d (t = %.6g); "
                            + "elements from there on are not solved", k, grid.blocks(), grid.time(grid.blockStart(k))));
                    break;
                }
                if (!march.block(k, progress)) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        return new Result(march.eq, march.ok, march.newton, march.sweeps, march.products, march.worst,
                march.histories, march.notes, seconds);
    }

    /** One march over the blocks: the workspace and the running records of the result. */
    private final class March {
        final BlockEquations eq;
        final TimeGrid grid;
        final BlockEquations guess;
        BlockTangent tangent; // allocated when a block first needs Newton
        final List<double[]> histories = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        int newton;
        int sweeps;
        int products;
        double worst;
        boolean ok = true;

        March(BlockEquations eq, TimeGrid grid, BlockEquations guess) {
            this.eq = eq;
            this.grid = grid;
            this.guess = guess;
        }

        /**
         * Solves and accepts block k, reporting it to progress when it is finished; false when the march must stop
         * (Newton failed: the block is not finished; Newton did not converge: it is, with the last iterate).
         */
        boolean block(int k, IntConsumer progress) {
            final int ta = grid.blockStart(k), tb = grid.blockEnd(k);
            double[] z0 = new double[eq.unknowns(ta, tb)];
            initialGuess(eq, guess, ta, tb, z0);
            if (tb - ta == 1 && grid.strictlyCausal() || ta == 0 && tb == 1) {
                acceptAt(ta, tb, z0); // one sweep is exact
                sweeps++;
                progress.accept(k);
                return true;
            }
            if (jacobian == Jacobian.ANALYTIC && tangent == null) {
                tangent = new BlockTangent(eq);
            }
            BlockSystem sys = new BlockSystem(eq, tangent, ta, tb);
            NonlinearSolution sol;
            try {
                sol = newton(sys.dimension(), ta, tb).solve(sys, z0);
            } catch (RuntimeException e) {
                count(sys);
                notes.add(String.format(Locale.ROOT, "block %d (t = %.6g..%.6g): Newton failed: %s", k, grid.time(ta),
                        grid.time(tb - 1), e.getMessage()));
                ok = false;
                acceptAt(ta, tb, z0);
                return false;
            }
            count(sys);
            double[] hist = sol.report().residualHistory();
            histories.add(hist);
            newton += sol.report().iterations();
            double res = hist.length > 0 ? hist[hist.length - 1] : Double.NaN;
            worst = Math.max(worst, res);
            if (sys.sweptAt(sol.x())) {
                eq.accept(ta, tb); // the last residual was evaluated at the solution: its sweep is in the workspace
            } else {
                acceptAt(ta, tb, sol.x());
                sweeps++;
            }
            progress.accept(k);
            if (!sol.converged()) {
                ok = false;
                notes.add(String.format(Locale.ROOT, "block %d (t = %.6g..%.6g, %d unknowns): Newton did not converge, residual %.3e",
                        k, grid.time(ta), grid.time(tb - 1), sys.dimension(), res));
            }
            return sol.converged();
        }

        private void count(BlockSystem sys) {
            sweeps += sys.sweeps;
            products += sys.products;
        }

        /** Loads z into block [ta, tb), sweeps once and accepts the block's predictions. */
        private void acceptAt(int ta, int tb, double[] z) {
            eq.load(ta, tb, z);
            eq.sweep(ta, tb);
            eq.accept(ta, tb);
        }

        /** Dense Newton for small blocks, Newton-Krylov with the prediction preconditioner for large ones. */
        private NonlinearSolver newton(int dim, int ta, int tb) {
            ConvergenceChecker checker = ConvergenceChecker.of(tolerance, 1e-14);
            return dim <= denseLimit
                    ? NewtonSolver.builder().checker(checker).maxIterations(maxIterations).build()
                    : NewtonKrylovSolver.builder().checker(checker).maxIterations(maxIterations).trustRecurrence(true)
                            .residualTarget(tolerance)
                            .preconditioner(x -> predictionPreconditioner(eq, grid, ta, tb, dim)).build();
        }
    }

    /**
     * Right preconditioner of Newton-Krylov: the identity on the kernel unknowns and, on the errors Delta of the
     * block, the inverse of I + dF/dDelta in its lazy form, d f(t_i) / d Delta(t_j) ~ Q_ij K(t_{a-1}) (gradient flow
     * df/dt = K Delta with the NTK frozen at the last known node). This captures the stiff coupling h lambda(K) of
     * long elements, which otherwise costs GMRES one iteration per stiff mode.
     */
    static LinearOperator predictionPreconditioner(BlockEquations eq, TimeGrid grid, int ta, int tb, int dim) {
        int m = tb - ta, P = eq.P;
        int k = m * P;
        int prev = Math.max(0, ta - 1);
        double[] q = eq.q;
        DMatrixRMaj mat = new DMatrixRMaj(k, k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double w = q[(ta + i) * eq.T + ta + j] * eq.lossScale;
                for (int mu = 0; mu < P; mu++) {
                    for (int al = 0; al < P; al++) {
                        double v = w * eq.ntk(prev, mu, al);
                        if (i == j && mu == al) {
                            v += 1.0;
                        }
                        mat.set(i * P + mu, j * P + al, v);
                    }
                }
            }
        }
        LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(k);
        if (!lu.setA(mat)) {
            return null;
        }
        int off = dim - k;
        DMatrixRMaj rhs = new DMatrixRMaj(k, 1);
        DMatrixRMaj sol = new DMatrixRMaj(k, 1);
        return new LinearOperator() {
            @Override
            public int dimension() {
                return dim;
            }

            @Override
            public void apply(double[] v, double[] out) {
                System.arraycopy(v, 0, out, 0, off);
                for (int i = 0; i < k; i++) {
                    rhs.data[i] = v[off + i];
                }
                lu.solve(rhs, sol);
                for (int i = 0; i < k; i++) {
                    out[off + i] = sol.data[i];
                }
            }
        };
    }

    /** The block's starting point: the guess workspace's rows, else the previous node's rows held constant. */
    private static void initialGuess(BlockEquations eq, BlockEquations guess, int ta, int tb, double[] z) {
        if (guess != null) {
            guess.pack(ta, tb, z);
            return;
        }
        int S = eq.S, n = eq.n, T = eq.T, L = eq.L, P = eq.P;
        int pos = 0;
        int prev = Math.max(0, ta - 1);
        for (int l = 1; l < L; l++) {
            for (int t = ta; t < tb; t++) {
                for (int mu = 0; mu < S; mu++) {
                    int src = (prev * S + mu) * n;
                    for (int j = 0; j < tb * S; j++) {
                        int sIdx = j / S;
                        z[pos++] = sIdx < ta ? eq.phi[l][src + j] : eq.phi[l][src + prev * S + j % S];
                    }
                }
            }
        }
        for (int l = 1; l < L; l++) {
            for (int t = ta; t < tb; t++) {
                for (int mu = 0; mu < S; mu++) {
                    int src = (prev * S + mu) * T;
                    for (int sIdx = 0; sIdx < tb; sIdx++) {
                        z[pos++] = sIdx < ta ? eq.a[l][src + sIdx] : 0.0;
                    }
                }
            }
        }
        // Delta(t) = exp(-lossScale K(t_{a-1}) (t - t_{a-1})) Delta(t_{a-1}): the lazy flow from the last known node
        DMatrixRMaj k = new DMatrixRMaj(P, P);
        for (int i = 0; i < P; i++) {
            for (int j = 0; j < P; j++) {
                k.set(i, j, eq.ntk(prev, i, j) * eq.lossScale);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(P, true, true);
        boolean ok = eig.decompose(k);
        double[] d0 = new double[P];
        for (int mu = 0; mu < P; mu++) {
            d0[mu] = eq.delta[prev * S + mu];
        }
        for (int t = ta; t < tb; t++) {
            double dt = eq.time(t) - eq.time(prev);
            double[] d = d0.clone();
            if (ok) {
                java.util.Arrays.fill(d, 0.0);
                for (int e = 0; e < P; e++) {
                    DMatrixRMaj v = eig.getEigenVector(e);
                    double lam = eig.getEigenvalue(e).getReal();
                    double proj = 0;
                    for (int mu = 0; mu < P; mu++) {
                        proj += v.get(mu) * d0[mu];
                    }
                    double decay = Math.exp(-Math.max(lam, 0.0) * dt) * proj;
                    for (int mu = 0; mu < P; mu++) {
                        d[mu] += decay * v.get(mu);
                    }
                }
            }
            for (int mu = 0; mu < P; mu++) {
                z[pos++] = d[mu];
            }
        }
    }
}
