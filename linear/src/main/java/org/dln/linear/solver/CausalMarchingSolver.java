package org.dln.linear.solver;

import java.util.ArrayList;
import java.util.List;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.ResourceGuard;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.numeric.linalg.MemoryGuard;
import org.dln.numeric.report.SolverReport;

/**
 * Exact infinite-width DMFT of full-batch gradient descent for a deep linear network, by causal marching in
 * time (theory.md section 3, with the quadrature Q = eta S of gradient descent, which is exact).
 *
 * <h2>Equations</h2>
 * With S = P + Q samples (train, then test inputs whose Delta is zero: they follow the same single-site
 * equations but do not enter the loss), n = S T and, per layer l = 1..L,
 * <pre>
 *   C^l = A^{l-1} + eta (Phi^{l-1} o S) diag(Delta)       (n x T: only sum_alpha acts)
 *   D^l = B^l     + eta (G^{l+1}  o S) diag(Delta)       (T x n)
 *   N_l = (I - g^2 D C)^{-1} = I + g^2 D A,  A_l = M_l C^l = C^l N_l,  B_l = N_l D^l = D^l M_l,  M_l = I + g^2 C B
 *   Phi^l = M Phi^{l-1} M^T + g^2 A G^{l+1} A^T
 *         = Phi^{l-1} + g^2 (C R + R^T C^T) + g^4 C S C^T + g^2 A G^{l+1} A^T,   R = B Phi^{l-1}, S = R B^T
 *   G^l   = N G^{l+1} N^T + g^2 S
 *   f(t)  = [R^T + g^2 C S + A G^{L+1} N^T]_{(t,mu), t}    (layer L)
 * </pre>
 * (g = gamma0; A^l = A_l for l &lt; L and B^{l-1} = B_l for l &gt;= 2 are theory.md's response functions.)
 * Every matrix is strictly causal, so row t of everything follows from rows &lt; t and Delta(s &lt; t):
 * the backward chain (D, N, B, R, S, G from layer L down to 1) and the forward chain (C, A, R, Phi from
 * layer 1 up to L) of one time row are independent, then f(t) and Delta(t) close the step. Only T x T
 * matrices are ever "inverted" (row by row), so the cost is O(L S^2 T^3) and no global iteration over
 * the trajectory is needed: the result is exact to rounding.
 *
 * <h2>Two marches</h2>
 * The same equations are marched in two ways: on factored kernels ({@link FactoredMarch}: D, B through dw as T x T
 * matrices and Phi^l = Z^l Y^l Z^l^T, O(L S T^3) operations, O(L^2 T^2) memory; theory.md 3a) or on the stored
 * kernels (the dense march below: Phi^l as block lower triangles, O(L S^2 T^3), O(L S^2 T^2)). {@link #factored}
 * chooses ({@link MarchKind}); the dense march alone gives the two-time kernels ({@link SolveOptions#keepTwoTime()}).
 * The two agree to rounding (1e-14 relative, FactoredMarchTest).
 *
 * <h2>Weight decay</h2>
 * With decay lambda ({@link SolveOptions#weightDecay()}) every weight (W^0, W^l, w^L) is multiplied by
 * rho = 1 - eta lambda at every step besides the gradient update, so W(t) = rho^t W(0) + sum_{s&lt;t} rho^{t-1-s}
 * (update at s). In the single-site equations this changes three things (docs/reports/weight-decay-report.md derives them):
 * <ul>
 * <li>the quadrature of the update terms is Q_{ts} = eta rho^{t-1-s} 1[s &lt; t] (instead of eta S);</li>
 * <li>the Gaussian sources, which come from the initial weights, carry rho^t: Cov(u^l) = Lambda Phi^{l-1} Lambda,
 *     Cov(r^l) = Lambda G^{l+1} Lambda with Lambda = diag(rho^t), i.e. every "Phi^{l-1}" and "G^{l+1}" above
 *     that multiplies the sources (not the Delta terms) is replaced by its Lambda-scaled version;</li>
 * <li>the response terms are responses to the initial-weight fields: C^l = Lambda A^{l-1} Lambda + (Phi^{l-1} o Q)
 *     diag(Delta), D^l = Lambda B^l Lambda + (G^{l+1} o Q) diag(Delta).</li>
 * </ul>
 * f = &lt;g^L h^L&gt;/gamma0 is unchanged. At lambda = 0 (rho = 1) every factor is exactly 1.0 and the results are
 * bit-identical to plain gradient descent. GIA and the NTK-Euler update are not offered with decay.
 *
 * <p>Approximations: GIA drops A^{l-1} and B^l from C and D and takes predictions from the NTK,
 * f(t+1) = f(t) + eta K(t) Delta(t) (the NTK-Euler update, also available with the full equations as the
 * convention {@code update = NTK_EULER}); LAZY freezes the kernels, which is the same as the full equations
 * at gamma0 = 0.
 *
 * <p>Workspaces are allocated once per solve; no per-step allocation of n-sized arrays.
 */
public final class CausalMarchingSolver implements LinearDmftSolver {

    /** Loss growth (relative to 1 + loss(0)) beyond which gradient descent is declared divergent. */
    static final double DIVERGENCE_FACTOR = 1e8;

    private final int threads;
    private final MarchKind kind;

    /** A solver on {@link SweepPool#defaultThreads()} threads (system property dln.threads, else the cores). */
    public CausalMarchingSolver() {
        this(SweepPool.defaultThreads());
    }

    /** A solver whose march runs on the given number of threads (results are bit-identical for any count). */
    public CausalMarchingSolver(int threads) {
        this(threads, MarchKind.AUTO);
    }

    /** Which march runs a solve: the choice of {@link #factored} (AUTO), or always one of the two. */
    public enum MarchKind { AUTO, FACTORED, DENSE }

    /**
     * A solver on the given number of threads with the given choice of march (DENSE: the stored two-time kernels, which
     * the traffic model {@link MarchTraffic} and the numerical derivative of {@link FirstOrderSolver} rely on; FACTORED:
     * {@link FactoredMarch} unless the two-time kernels are asked for).
     */
    public CausalMarchingSolver(int threads, MarchKind kind) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.threads = threads;
        this.kind = kind;
    }

    /** The kernels of the march's large products: "native BLAS (...)" or "pure Java" ({@link NativeBlas}). */
    public static String kernels() {
        return NativeBlas.describe();
    }

    /** The default number of threads of the march: system property dln.threads, else the number of cores. */
    public static int defaultThreads() {
        return SweepPool.defaultThreads();
    }

    /**
     * Bytes of the march's arrays for S samples (train + test), T time points and depth L, as it runs by default (the
     * factored kernels, {@link FactoredMarch}: T x T and T x (S + l T) arrays, about 8 (3 L (L + 1) / 2 + 6 L + 2) T^2).
     */
    public static long workspaceBytes(long S, long T, long L) {
        return FactoredMarch.bytesNeeded(S, T, L);
    }

    /** Entries of the largest array of the march as it runs by default ({@link #workspaceBytes}). */
    public static long largestWorkspaceArray(long S, long T, long L) {
        return FactoredMarch.largestArray(S, T, L);
    }

    /** Bytes of the two-time kernels of a solution ({@code keepTwoTime}): Phi^0..Phi^L as n x n, A^1..A^{L-1} as n x T. */
    public static long twoTimeBytes(long S, long T, long L) {
        long n = MemoryGuard.times(S, T);
        return MemoryGuard.doubles(MemoryGuard.plus(MemoryGuard.times(L + 1, n, n), MemoryGuard.times(Math.max(0, L - 1), n, T)));
    }

    /**
     * Floating-point operations of the march as it runs by default (the factored kernels): L T^3 (S (3L + 1) + 3L + 5) / 3,
     * the multiply-adds (x 2) of its products, 2 S t^2 (3l - 1) for the forward rows (C, A, Z, Y Z^T) and about
     * 2 t^2 (3l + 1) for the backward chain (N, Bt, V, S, G, H) per step t and layer l (lower orders left out).
     */
    public static double flops(int S, int T, int L) {
        return (double) L * T * T * T * (S * (3.0 * L + 1) + 3.0 * L + 5) / 3.0;
    }

    /** Floating-point operations of the dense march, (7/3) L S^2 T^3 (the count of issue 15: R = B Phi, C R, Phi's products). */
    public static double denseFlops(int S, int T, int L) {
        return 7.0 / 3.0 * L * (double) S * S * (double) T * T * T;
    }

    /**
     * Bytes of the dense march (the stored kernels; its guard's estimate, in saturating long arithmetic for any sizes):
     * the block lower triangles of Phi^1..Phi^L (S^2 T (T + 1) / 2 entries each), the T x n matrices B, R, the packed D,
     * C^T, A^T (S T (T - 1) / 2 each), the current block's rows of C and A and the T x T ones (n = S T).
     */
    public static long denseWorkspaceBytes(long S, long T, long L) {
        long n = MemoryGuard.times(S, T);
        long packed = MemoryGuard.times(S, S, T, T + 1) / 2;
        long transpose = MemoryGuard.times(S, T, T - 1) / 2;
        return MemoryGuard.doubles(MemoryGuard.plus(MemoryGuard.times(L, packed), MemoryGuard.times(2, L, n, T),
                MemoryGuard.times(2, L, transpose), MemoryGuard.times(L, S, T, T - 1) / 2, MemoryGuard.times(2, L, S, T),
                MemoryGuard.times(3, L + 1, T, T), MemoryGuard.times(3 * S + 3, n)));
    }

    /** Entries of the dense march's largest array: a packed lower triangle S^2 T (T + 1) / 2, or a T x n matrix. */
    public static long largestArray(long S, long T) {
        return Math.max(MemoryGuard.times(S, S, T, T + 1) / 2, MemoryGuard.times(S, T, T));
    }

    @Override
    public String name() {
        return "causal-marching";
    }

    @Override
    public LinearSolution solve(Problem problem, SolveOptions options) {
        if (options.approximation() == Approximation.PT1) {
            return new FirstOrderSolver().solve(problem, options); // three exact marches, combined to first order
        }
        long start = System.nanoTime();
        double lambda = options.weightDecay();
        if (!(lambda >= 0) || Double.isInfinite(lambda) || problem.eta() * lambda >= 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "weight-decay", "weight-decay", lambda,
                    "must be a finite number >= 0 with eta * lambda < 1 (each step multiplies the weights by 1 - eta lambda)");
        }
        if (lambda != 0 && (options.approximation() == Approximation.GIA
                || problem.conventions().update() == org.dln.linear.problem.Conventions.Update.NTK_EULER)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "weight-decay", "weight-decay", lambda,
                    "weight decay is implemented for the exact update only (use --approx full or lazy, --update exact)");
        }
        March march;
        if (factored(problem, options)) {
            FactoredRun.checkMemory(problem);
            march = new FactoredRun(problem, options.approximation(), lambda);
        } else {
            Workspace.checkMemory(problem, options.keepTwoTime());
            march = new Workspace(problem, options.approximation(), lambda);
        }
        MarchTrajectory w = march.trajectory();
        List<String> notes = new ArrayList<>();
        try (SweepPool pool = new SweepPool(threads)) {
            march.usePool(pool);
            for (int t = 0; t < w.T; t++) {
                march.step(t);
                options.progress().accept(t);
            }
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        notes.add(String.format(java.util.Locale.ROOT, "exact marching over %d time points, %d samples (%d test), depth %d%s",
                w.T, w.S, w.S - w.P, w.L, march instanceof FactoredRun ? " (factored kernels)" : ""));
        double edge = 0;
        int edgeAt = 0;
        for (int t = 0; t < w.T; t++) {
            double v = w.eta * w.lossScale * MarchTrajectory.maxEigenvalue(w.ntk[t], w.P);
            if (v > edge) {
                edge = v;
                edgeAt = t;
            }
        }
        notes.add(String.format(java.util.Locale.ROOT, "max over t of eta * lambda_max(K(t)) = %.4f (at t = %d)%s", edge, edgeAt,
                edge >= 2 ? ": beyond the stability edge 2 of gradient descent (edge-of-stability / catapult dynamics; "
                        + "finite-width corrections are amplified there)" : ""));
        if (lambda != 0) {
            notes.add(String.format(java.util.Locale.ROOT,
                    "weight decay lambda = %s: every weight multiplied by 1 - eta lambda = %s per step", lambda, w.rho));
        }
        if (options.approximation() == Approximation.LAZY) {
            notes.add("lazy: kernels frozen at initialization (solved as gamma0 = 0)");
        }
        SolverReport report = new SolverReport(name(), w.T, new double[0], Double.NaN, true, seconds, notes);
        return march.toSolution(problem, options, report);
    }

    /**
     * Whether the solve runs on {@link FactoredMarch}. Never for the two-time kernels or a DENSE solver, always otherwise
     * for a FACTORED one. For AUTO, system property dln.march = factored or dense forces the choice; otherwise the
     * factored march unless it does more than 4 times the dense march's operations ({@link #flops} against
     * {@link #denseFlops}: few samples at large depth, e.g. S = 1 from L = 4 on; measured at T = 200, L = 6, S = 1:
     * dense 0.10 s, factored 0.16 s; at T = 400, L = 3, S = 1: dense 0.30 s, factored 0.24 s), or unless only the other
     * one fits the heap.
     */
    boolean factored(Problem p, SolveOptions options) {
        if (kind == MarchKind.DENSE || options.keepTwoTime()) {
            return false;
        }
        String mode = kind == MarchKind.FACTORED ? "factored" : System.getProperty(MARCH_PROPERTY, "auto").trim();
        if ("dense".equalsIgnoreCase(mode) || "factored".equalsIgnoreCase(mode)) {
            return "factored".equalsIgnoreCase(mode);
        }
        int s = p.trainCount() + p.testCount(), tp = p.timePoints(), depth = p.depth();
        boolean byOperations = flops(s, tp, depth) <= 4 * denseFlops(s, tp, depth);
        // the other march only if it alone fits (if neither does, the solve's guard names the field of the first)
        return fits(byOperations, p) || !fits(!byOperations, p) ? byOperations : !byOperations;
    }

    /** Whether the factored (or the dense) march's arrays pass the memory guard. */
    private static boolean fits(boolean factoredMarch, Problem p) {
        try {
            if (factoredMarch) {
                FactoredRun.checkMemory(p);
            } else {
                Workspace.checkMemory(p, false);
            }
            return true;
        } catch (InvalidInputException tooLarge) {
            return false;
        }
    }

    /** A size of a march's arrays for S samples (train + test), T time points, depth L. */
    @FunctionalInterface
    interface MarchSize {
        long of(long samples, long timePoints, long depth);
    }

    /**
     * Refuses at once (exit 2, the field named: P, T or L) a problem whose march arrays ({@code bytes}) do not fit the
     * heap or whose largest array ({@code largest}) does not fit a Java array; the samples include the test inputs.
     */
    static void requireFits(Problem p, MarchSize bytes, MarchSize largest) {
        int P = p.trainCount(), Q = p.testCount();
        ResourceGuard.require("the causal march", "kernels", d -> bytes.of(d[0] + Q, d[1], d[2]),
                d -> largest.of(d[0] + Q, d[1], d[2]),
                new ResourceGuard.Dim("P", P, P, 1), new ResourceGuard.Dim("T", p.timePoints(), p.timePoints(), 1),
                new ResourceGuard.Dim("L", p.depth(), p.depth(), 1));
    }

    /** System property choosing the march's kernels: "auto" (default), "factored" or "dense" (the stored two-time kernels). */
    static final String MARCH_PROPERTY = "dln.march";

    /** One march: the kernels' rows of a time step on the trajectory it fills. */
    interface March {
        MarchTrajectory trajectory();

        void usePool(SweepPool pool);

        void step(int t);

        LinearSolution toSolution(Problem p, SolveOptions o, SolverReport report);
    }

    /** Q_{ts} = eta rho^{t-1-s} for s &lt; t: the update made at s, decayed over the steps since. */
    static double[] decayQuadrature(int T, double eta, double rho) {
        double[] qk = new double[T];
        double pk = 1.0;
        for (int k = 0; k < T; k++) {
            qk[k] = eta * pk;
            pk *= rho;
        }
        double[] q = new double[T * T];
        for (int t = 0; t < T; t++) {
            for (int s = 0; s < t; s++) {
                q[t * T + s] = qk[t - 1 - s];
            }
        }
        return q;
    }

    /** rho^t: the initial weights' share at time t (the source fields carry it). */
    static double[] sourceScale(int T, double rho) {
        double[] pw = new double[T];
        double pk = 1.0;
        for (int k = 0; k < T; k++) {
            pw[k] = pk;
            pk *= rho;
        }
        return pw;
    }

    /**
     * All arrays of one solve, allocated once: the layer recursion on one-step blocks with the quadrature
     * Q_{ts} = eta rho^{t-1-s} 1[s &lt; t] and sources scaled by rho^t, and the trajectory.
     */
    private static final class Workspace extends LayerSweep implements March {
        final MarchTrajectory tr;
        final double[][] f;     // [t][i]
        final double[][][] ntk; // [t][i][j]

        Workspace(Problem p, Approximation approx, double lambda) {
            super(p.trainCount(), p.jointGram(), p.timePoints(), p.depth(),
                    approx == Approximation.LAZY ? 0.0 : p.gamma0(),
                    decayQuadrature(p.timePoints(), p.eta(), 1.0 - p.eta() * lambda),
                    sourceScale(p.timePoints(), 1.0 - p.eta() * lambda), true, approx != Approximation.GIA);
            tr = new MarchTrajectory(p, approx, lambda);
            f = tr.f;
            ntk = tr.ntk;
        }

        @Override
        public MarchTrajectory trajectory() {
            return tr;
        }

        @Override
        public void usePool(SweepPool pool) {
            this.pool = pool;
        }

        /** Refuses at once (exit 2, the field named) a problem whose kernels do not fit in the heap or in a Java array. */
        static void checkMemory(Problem p, boolean twoTime) {
            requireFits(p, (s, tp, depth) -> MemoryGuard.plus(denseWorkspaceBytes(s, tp, depth), twoTime ? twoTimeBytes(s, tp, depth) : 0),
                    (s, tp, depth) -> twoTime ? Math.max(largestArray(s, tp), MemoryGuard.times(s, tp, s, tp)) : largestArray(s, tp));
        }


        @Override
        public void step(int t) {
            for (int l = L; l >= 1; l--) {
                backward(l, t);
            }
            for (int l = 1; l <= L; l++) {
                forward(l, t);
            }
            ntkAt(t);
            predict(t);
            tr.closeStep(t, dw);
        }

        /** Row t of D, N, B, R (columns before block t), S and G for layer l. */
        private void backward(int l, int t) {
            final int cEnd = t * S; // columns (s, alpha) with s < t
            computeD(l, t, t + 1, t);
            responseRow(l, t);
            computeB(l, t, t + 1, cEnd);
            causalR(l, t);
            causalS(l, t);
            computeG(l, t, t + 1);
        }

        /**
         * N row t = e_t + g^2 D[t,:] A: the causal row of N = (I - g^2 D C)^{-1} = I + g^2 D A. N[t, s'] sums
         * g^2 D[t, col] A[col, s'] over col &gt;= (s' + 1) S ascending (A[col, s'] vanishes for s' &gt;= col / S), from
         * the rows of A^T, four s' at a time.
         */
        private void responseRow(int l, int t) {
            final double[] nl = nn[l], dl = d[l], aT = at[l];
            final int row = drow(t), cEnd = t * S, out = t * T;
            java.util.Arrays.fill(nl, out, out + T, 0.0);
            if (g2 != 0 && fullTranspose && t > 0) {
                // column-major: N[t, s'] = g^2 A^T[s', :] . D[t, :tS], in panels of s' in [a, e) that need the columns
                // col >= (a + 1) S only (A[col, s'] = 0 for col < (s' + 1) S)
                // (the panels on the pool: each writes its own entries of N, with the same call for any thread count)
                final int panels = Math.min(t, 8);
                pool.run(panels, (long) S * t * t / 2 >= PARALLEL_GRAIN && !pool.contended(), p -> {
                    final int a0 = SweepChains.split(t, panels, p), e = SweepChains.split(t, panels, p + 1);
                    final int c0 = (a0 + 1) * S;
                    if (e > a0 && c0 < cEnd) {
                        blas.dgemv("T", cEnd - c0, e - a0, g2, aT, a0 * n + c0, n, dl, row + c0, 1, 0.0, nl, out + a0, 1);
                    } else if (e > a0) {
                        java.util.Arrays.fill(nl, out + a0, out + e, 0.0);
                    }
                });
            } else if (g2 != 0) {
                int sp = 0;
                for (; sp + 3 < t; sp += 4) {
                    final int a0 = ctoff(sp), a1 = ctoff(sp + 1), a2 = ctoff(sp + 2), a3 = ctoff(sp + 3);
                    double x0 = 0, x1 = 0, x2 = 0, x3 = 0;
                    int col = (sp + 1) * S;
                    for (; col < (sp + 2) * S; col++) {
                        x0 += g2 * dl[row + col] * aT[a0 + col];
                    }
                    for (; col < (sp + 3) * S; col++) {
                        double dv = g2 * dl[row + col];
                        x0 += dv * aT[a0 + col];
                        x1 += dv * aT[a1 + col];
                    }
                    for (; col < (sp + 4) * S; col++) {
                        double dv = g2 * dl[row + col];
                        x0 += dv * aT[a0 + col];
                        x1 += dv * aT[a1 + col];
                        x2 += dv * aT[a2 + col];
                    }
                    for (; col < cEnd; col++) {
                        double dv = g2 * dl[row + col];
                        x0 += dv * aT[a0 + col];
                        x1 += dv * aT[a1 + col];
                        x2 += dv * aT[a2 + col];
                        x3 += dv * aT[a3 + col];
                    }
                    nl[out + sp] = x0;
                    nl[out + sp + 1] = x1;
                    nl[out + sp + 2] = x2;
                    nl[out + sp + 3] = x3;
                }
                for (; sp < t; sp++) {
                    final int a0 = ctoff(sp);
                    double x0 = 0;
                    for (int col = (sp + 1) * S; col < cEnd; col++) {
                        x0 += g2 * dl[row + col] * aT[a0 + col];
                    }
                    nl[out + sp] = x0;
                }
            }
            nl[out + t] = 1.0;
        }

        /** Rows (t, mu) of C, A, Phi^l and column block t of R for layer l. */
        private void forward(int l, int t) {
            causalC(l, t);
            causalA(l, t);
            causalRBlockColumns(l, t);
            causalPhi(l, t);
        }

        /** K_{ij}(t) = sum_{l=0..L} G^{l+1}(t,t) Phi^l_{ij}(t,t). */
        private void ntkAt(int t) {
            for (int i = 0; i < S; i++) {
                for (int j = 0; j < S; j++) {
                    ntk[t][i][j] = ntk(t, i, j);
                }
            }
        }

        private void predict(int t) {
            if (tr.ntkEuler) {
                tr.eulerPredict(t, dw);
                return;
            }
            predictRow(t, t + 1, f[t], 0);
        }

        @Override
        public LinearSolution toSolution(Problem p, SolveOptions o, SolverReport report) {
            double[][][][] phiEq = new double[L][T][S][S];
            double[][] gEq = new double[L][T];
            for (int l = 1; l <= L; l++) {
                for (int t = 0; t < T; t++) {
                    gEq[l - 1][t] = gk[l][t * T + t];
                    for (int i = 0; i < S; i++) {
                        for (int j = 0; j < S; j++) {
                            phiEq[l - 1][t][i][j] = phiAt(l, t * S + i, t * S + j);
                        }
                    }
                }
            }
            TwoTimeKernels two = null;
            if (o.keepTwoTime()) {
                double[][] aOut = new double[L + 1][];
                double[][] bOut = new double[L + 1][];
                for (int l = 1; l < L; l++) {
                    aOut[l] = new double[n * T]; // A^l rows from A^T (the march keeps only the current block's rows)
                    for (int i = 0; i < n; i++) {
                        for (int sIdx = 0; sIdx < i / S; sIdx++) { // A[i, i / S] = 0
                            aOut[l][i * T + sIdx] = at[l][ctoff(sIdx) + i];
                        }
                    }
                    bOut[l] = b[l + 1];
                }
                double[][] phiFull = new double[L + 1][];
                for (int l = 0; l <= L; l++) {
                    phiFull[l] = fullPhi(l);
                }
                two = new TwoTimeKernels(S, T, phiFull, gk, aOut, bOut);
            }
            return new LinearSolution(p, o.approximation(), f, ntk, phiEq, gEq, two, report);
        }

    }
}
