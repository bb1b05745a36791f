package org.dln.numeric.dmft;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.dln.numeric.linalg.MemoryGuard;
import org.dln.numeric.report.SolverReport;

/**
 * Infinite-width DMFT of gradient descent for any activation, by alternating Monte Carlo sampling of the
 * single-site processes of theory.md section 2 (quadrature Q = eta S of gradient descent).
 *
 * <h2>Equations (index i = (t, mu) = t P + mu, n = P T; every sum over j runs over times s &lt; t)</h2>
 * <pre>
 *   h^l_i = u^l_i + sum_j [ J^{l-1}_{ij} + gamma0 eta Phi^{l-1}_{ij} Delta_j ] g^l_j,     u^l ~ N(0, Phi^{l-1})
 *   z^l_i = r^l_i + sum_j [ K^l_{ij}     + gamma0 eta G^{l+1}_{ij}  Delta_j ] phi(h^l_j),  r^l ~ N(0, G^{l+1})
 *           (plus the equal-time term sum_{j at time t} K^l_{ij} phi(h^l_j): g^{l+1}(t) depends on u^{l+1}(t) through
 *           phi'(h^{l+1}(t)), so K^l(t,t) = &lt;phi''(h^{l+1}(t)) z^{l+1}(t)&gt; is not zero for a nonlinear phi)
 *   g^l_i = phi'(h^l_i) z^l_i
 * </pre>
 * with the discrete response functions J^l = &lt;d phi(h^l) / d r^l&gt;, K^{l-1} = &lt;d g^l / d u^l&gt; (J^0 = 0, K^L = 0;
 * per time step they are eta gamma0 times theory.md's A^l and B^{l-1}, which are densities in time),
 * Phi^0 = Kx (every time pair), G^{L+1} = 1, Delta_j = lossScale (y_mu - f_mu(s)), and
 * f_i = &lt;z^L_i phi(h^L_i)&gt; / gamma0 = &lt;r^L phi(h^L_i)&gt; / gamma0 + eta sum_j Phi^L_{ij} Delta_j
 * (the readout w^L is the backward source z^L of the last layer; theory.md writes g^L, which is the same thing only
 * for phi = identity).
 *
 * <h2>Methods</h2>
 * {@link SamplingOptions.Method#MARCH} (default, {@link CausalMarch}) keeps a population of draws per replica and
 * computes every kernel row, response row and prediction of time t once, from the draws' values at times &lt;= t: it
 * is the fixed point of the alternation below with common random numbers, reached in one pass without a stopping
 * rule (memory 4 L P T doubles per draw of a replica). {@link SamplingOptions.Method#ALTERNATION} is the plain
 * alternation; its stopping rule (change &lt; noiseFactor x standard error) leaves a distance of about
 * change / (1 - rate) to the fixed point, biased towards the lazy start when the damped iteration converges slowly
 * (measured in docs/reports/sampling-report.md: identity, L = 3, gamma0 = 0.5, 10 standard errors at noiseFactor 0.2, 2 at 0.02).
 *
 * <h2>Standard errors and bias (march)</h2>
 * The value is the mean over R independent replicas and its standard error their spread / sqrt(R), so (value - exact)
 * / SE is Student-t with R - 1 degrees of freedom (reported in the notes). A replica's march is a smooth function of the
 * empirical measure of its S / R draws and carries a bias O(R / S); each replica is therefore corrected by the
 * split-half jackknife ({@link SamplingOptions#biasCorrection()}), which is what makes many replicas (light t tails,
 * {@link SamplingOptions#autoReplicas}) affordable. Measured in docs/reports/sampling-report.md (Done-when 1).
 *
 * <h2>Alternation</h2>
 * Each iteration (a) factorizes the current Phi^{l-1} and G^{l+1} by a causal pivoted Cholesky factor F
 * ({@link CausalCholesky}; singular directions such as those of G^{L+1} = 1 are dropped and reported) and draws
 * u = F zeta, r = F xi with standard normal zeta, xi; (b) marches every draw's single-site equations forward in time;
 * (c) estimates Phi^l = &lt;phi(h) phi(h)^T&gt;, G^l = &lt;g g^T&gt;, the predictions, and the response functions by
 * Gaussian integration by parts in the standard normal coordinates: &lt;F(r) xi^T&gt; = J F exactly, so
 * J v = &lt;(phi(h) - phi(u)) xi^T&gt; Fpp^{-1} v_pivots for every v in the range of G^{l+1} (which is where g^{l+1}
 * lives), and likewise K from &lt;(g - phi'(u) r) zeta^T&gt; (phi(u) and phi'(u) r are control variates with zero
 * expectation against xi and zeta; they remove the O(1) part and leave an O(gamma0) signal); (d) updates all
 * kernels, operators and predictions with damping. A replica stops when the rms change of f and of the equal-time
 * kernels is below {@code noiseFactor} times their rms Monte Carlo standard error (batch means over blocks).
 *
 * <h2>Reproducibility and memory</h2>
 * The draws of one iteration are split into fixed blocks; each block draws from its own SplittableRandom seeded by a
 * hash of (seed, replica, iteration, block) and accumulates into its own sums; sums are added in block order, so
 * results are bit-identical for any thread count. At most 2 x threads blocks are in flight; memory does not grow
 * with the number of draws.
 *
 * <p>Cost per draw and layer: O(n^2) (the march, the kernel outer products, the Stein sums). Per iteration:
 * O(L n^3) for the factorizations.
 *
 * <h2>Classes</h2>
 * This class is the entry point: it runs the replicas of the chosen method ({@link CausalMarch} or
 * {@link Alternation}) on a {@link ReplicaPool} (workers, split-half correction, spread over replicas) and writes the
 * report. {@link SamplingContext} holds the problem constants, {@link ObservableLayout} the output vector of a
 * replica and the result.
 */
public final class SamplingDmftSolver {

    /** What the replicas of one method produced, before they are combined. */
    private record MethodRun(ReplicaPool.Runs<?> runs, int iterations, boolean converged, double[] history,
                             List<String> notes) {
    }

    /** @return the solver's name in reports */
    public String name() {
        return "alternating-monte-carlo";
    }

    /**
     * Bytes of the kernels of one replica, in saturating long arithmetic: with n = P T, the sources Phi^0 and G^{L+1}
     * (2 n^2), the replica's Phi^l and G^l (2 L n^2) and response operators (2 (L - 1) n^2): 4 L n^2 doubles.
     */
    public static long bytesNeeded(long samples, long timePoints, long depth) {
        long n = MemoryGuard.times(samples, timePoints);
        return MemoryGuard.doubles(MemoryGuard.times(4, depth, n, n));
    }

    /** Entries of the largest array: a two-time kernel, n^2 with n = P T. */
    public static long largestArray(long samples, long timePoints) {
        long n = MemoryGuard.times(samples, timePoints);
        return MemoryGuard.times(n, n);
    }

    /** Refuses (IllegalArgumentException) kernels that do not fit in the heap or in a Java array. */
    static void checkMemory(long samples, long timePoints, long depth) {
        long need = bytesNeeded(samples, timePoints, depth);
        if (need > MemoryGuard.maxHeap() || largestArray(samples, timePoints) > MemoryGuard.MAX_ARRAY) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "P = %d, T = %d, L = %d: the sampler needs %s bytes of kernels (arrays of (P T)^2 = %s entries), the heap has %s; "
                            + "reduce T, P or L", samples, timePoints, depth, MemoryGuard.format(need),
                    MemoryGuard.format(largestArray(samples, timePoints)), MemoryGuard.format(MemoryGuard.maxHeap())));
        }
    }

    /**
     * @param log receives one progress line per iteration (stderr in the CLI); may be null
     * @throws ArithmeticException if the predictions become non-finite (divergent gradient descent)
     */
    public SamplingResult solve(SamplingProblem problem, SamplingOptions requested, Consumer<String> log) {
        long start = System.nanoTime();
        checkMemory(problem.samples(), problem.timePoints(), problem.depth());
        SamplingOptions options = requested.resolved(problem.samples() * problem.timePoints());
        Consumer<String> out = log == null ? s -> { } : log;
        try (ReplicaPool pool = new ReplicaPool(options.threads())) {
            SamplingContext ctx = new SamplingContext(problem, options);
            boolean march = options.method() == SamplingOptions.Method.MARCH;
            MethodRun run = march ? march(ctx, pool, out) : alternate(ctx, pool, out);
            ReplicaPool.Spread spread = run.runs().spread();
            List<String> notes = new ArrayList<>(run.notes());
            notes.add(ReplicaPool.spreadNote(options.replicas()));
            notes.addAll(settingsNotes(problem, options));
            double seconds = (System.nanoTime() - start) * 1e-9;
            double[] history = run.history();
            double resid = history.length > 0 ? history[history.length - 1] : 0.0;
            String solverName = march ? "monte-carlo-causal-march" : name();
            SolverReport report = new SolverReport(solverName, run.iterations(), history, resid, run.converged(), seconds,
                    notes);
            return new ObservableLayout(ctx).result(spread.mean(), spread.se(), report);
        }
    }

    /** The causal march of every replica, each corrected by the split-half jackknife if asked. */
    private static MethodRun march(SamplingContext ctx, ReplicaPool pool, Consumer<String> out) {
        SamplingOptions o = ctx.opt;
        int replicas = o.replicas();
        ReplicaPool.Subpopulation halves = o.biasCorrection()
                ? (rep, count, offset) -> new CausalMarch(ctx, rep, count, offset).run(pool, null).output() : null;
        ReplicaPool.Runs<CausalMarch> runs = pool.runAll(replicas, o.draws(),
                (rep, draws) -> new CausalMarch(ctx, rep, draws).run(pool, out), halves);
        List<String> notes = new ArrayList<>();
        notes.add(runs.replicas().get(0).jitterNote);
        notes.add(String.format(Locale.ROOT, "replicas: %d x %d draws (+-1), each one causal march over %d time points (no"
                        + " iteration: the fixed point of the alternation with common random numbers)%s", replicas,
                ReplicaPool.drawsOf(o.draws(), replicas, 0), ctx.tp, o.biasCorrection() ? " and two over the halves of its draws" : ""));
        return new MethodRun(runs, ctx.tp, true, new double[0], notes);
    }

    /** The damped alternation of every replica. */
    private static MethodRun alternate(SamplingContext ctx, ReplicaPool pool, Consumer<String> out) {
        ReplicaPool.Runs<Alternation> runs = pool.runAll(ctx.opt.replicas(), ctx.opt.draws(),
                (rep, draws) -> new Alternation(ctx, rep, draws).run(pool, out), null);
        Alternation first = runs.replicas().get(0);
        List<String> notes = new ArrayList<>();
        notes.add(first.jitterNote);
        int iterations = 0;
        boolean converged = true;
        for (Alternation r : runs.replicas()) {
            iterations = Math.max(iterations, r.iterations);
            converged &= r.converged;
            notes.add(r.note());
        }
        double[] history = first.ratioHistory.stream().mapToDouble(Double::doubleValue).toArray();
        return new MethodRun(runs, iterations, converged, history, notes);
    }

    /** The closing notes: the method's settings (and, for the march, the bias correction). */
    private static List<String> settingsNotes(SamplingProblem problem, SamplingOptions options) {
        if (options.method() != SamplingOptions.Method.MARCH) {
            return List.of(String.format(Locale.ROOT, "alternation: %d draws per iteration in %d replicas x %d blocks, damping %.2f, pivot tolerance %.1e, activation %s, %d threads",
                    options.draws(), options.replicas(), options.blocks(), options.damping(), options.pivotTolerance(),
                    problem.activation().name(), options.threads()));
        }
        return List.of(String.format(Locale.ROOT, "causal march: %d draws in %d replicas x %d blocks, pivot tolerance %.1e, activation %s, %d threads",
                        options.draws(), options.replicas(), options.blocks(), options.pivotTolerance(),
                        problem.activation().name(), options.threads()),
                options.biasCorrection()
                        ? "bias correction: split-half jackknife per replica (2 y - (y_a + y_b) / 2 over the two halves of its draws,"
                        + " same normals): the O(replicas / draws) bias of the march removed; the correction is inside each replica,"
                        + " so the replica spread includes its noise"
                        : "bias correction: off (each replica carries an O(replicas / draws) bias)");
    }
}
