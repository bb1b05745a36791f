package org.dln.numeric.dmft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.dln.numeric.activation.Activation;
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
 */
public final class SamplingDmftSolver {

    /** @return the solver's name in reports */
    public String name() {
        return "alternating-monte-carlo";
    }

    /**
     * @param log receives one progress line per iteration (stderr in the CLI); may be null
     * @throws ArithmeticException if the predictions become non-finite (divergent gradient descent)
     */
    public SamplingResult solve(SamplingProblem problem, SamplingOptions requested, Consumer<String> log) {
        long start = System.nanoTime();
        SamplingOptions options = requested.resolved(problem.samples() * problem.timePoints());
        Consumer<String> out = log == null ? s -> { } : log;
        ExecutorService pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "dln-sampler");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            Context ctx = new Context(problem, options);
            int replicas = options.replicas();
            double[][] outs = new double[replicas][];
            double[] lastSe = null;
            int maxIt = 0;
            boolean allConverged = true;
            double[] history0 = null;
            List<String> notes = new ArrayList<>();
            for (int rep = 0; rep < replicas; rep++) {
                long drawsR = options.draws() / replicas + (rep < options.draws() % replicas ? 1 : 0);
                if (options.method() == SamplingOptions.Method.MARCH) {
                    CausalMarch march = new CausalMarch(ctx, rep, drawsR);
                    march.run(pool, out);
                    outs[rep] = march.output;
                    lastSe = march.outputSe;
                    if (options.biasCorrection()) {
                        outs[rep] = splitHalfCorrected(ctx, rep, drawsR, march.output, pool);
                    }
                    maxIt = Math.max(maxIt, problem.timePoints());
                    if (rep == 0) {
                        history0 = new double[0];
                        notes.add(march.jitterNote);
                    }
                    if (rep == 0) {
                        notes.add(String.format(Locale.ROOT, "replicas: %d x %d draws (+-1), each one causal march over %d time points (no"
                                + " iteration: the fixed point of the alternation with common random numbers)%s", replicas, drawsR,
                                problem.timePoints(), options.biasCorrection() ? " and two over the halves of its draws" : ""));
                    }
                    continue;
                }
                Replica replica = new Replica(ctx, rep, drawsR);
                replica.run(pool, out);
                outs[rep] = replica.output;
                lastSe = replica.outputSe;
                maxIt = Math.max(maxIt, replica.iterations);
                allConverged &= replica.converged;
                if (rep == 0) {
                    history0 = replica.ratioHistory.stream().mapToDouble(Double::doubleValue).toArray();
                    notes.add(replica.jitterNote);
                }
                notes.add(String.format(Locale.ROOT, "replica %d: %d draws, %d iterations, final change %.3e vs Monte Carlo"
                                + " standard error %.3e (ratio %.2f, stop at %.2f)%s", rep, drawsR, replica.iterations,
                        replica.lastChange, replica.lastNoise, replica.lastChange / replica.lastNoise, options.noiseFactor(),
                        replica.converged ? "" : ": NOT converged"));
            }
            int len = outs[0].length;
            double[] mean = new double[len];
            double[] se = new double[len];
            for (int k = 0; k < len; k++) {
                double s = 0;
                for (double[] o : outs) {
                    s += o[k];
                }
                mean[k] = s / replicas;
            }
            if (replicas > 1) {
                for (int k = 0; k < len; k++) {
                    double s = 0;
                    for (double[] o : outs) {
                        double d = o[k] - mean[k];
                        s += d * d;
                    }
                    se[k] = Math.sqrt(s / (replicas - 1) / replicas);
                }
                notes.add(String.format(Locale.ROOT, "standard errors: sd over %d independent replicas / sqrt(%d);"
                        + " (value - exact) / SE is Student-t with %d degrees of freedom", replicas, replicas, replicas - 1));
            } else {
                System.arraycopy(lastSe, 0, se, 0, len);
                notes.add("standard errors from batch means of the last iteration (one replica: the noise carried in from"
                        + " earlier iterations is not included)");
            }
            if (options.method() == SamplingOptions.Method.MARCH) {
                notes.add(String.format(Locale.ROOT, "causal march: %d draws in %d replicas x %d blocks, pivot tolerance %.1e, activation %s, %d threads",
                        options.draws(), replicas, options.blocks(), options.pivotTolerance(), problem.activation().name(), options.threads()));
                notes.add(options.biasCorrection()
                        ? "bias correction: split-half jackknife per replica (2 y - (y_a + y_b) / 2 over the two halves of its draws,"
                        + " same normals): the O(replicas / draws) bias of the march removed; the correction is inside each replica,"
                        + " so the replica spread includes its noise"
                        : "bias correction: off (each replica carries an O(replicas / draws) bias)");
            } else {
                notes.add(String.format(Locale.ROOT, "alternation: %d draws per iteration in %d replicas x %d blocks, damping %.2f, pivot tolerance %.1e, activation %s, %d threads",
                        options.draws(), replicas, options.blocks(), options.damping(), options.pivotTolerance(), problem.activation().name(), options.threads()));
            }
            double seconds = (System.nanoTime() - start) * 1e-9;
            double resid = history0.length > 0 ? history0[history0.length - 1] : 0.0;
            String solverName = options.method() == SamplingOptions.Method.MARCH ? "monte-carlo-causal-march" : name();
            SolverReport report = new SolverReport(solverName, maxIt, history0, resid, allConverged, seconds, notes);
            return ctx.unflatten(mean, se, report);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Quenouille's split-half bias correction of one replica: the march is a smooth function of the empirical measure of
     * its draws, so its bias is b / S_r + O(S_r^-2). The two halves of the population (sharing their normals with the
     * whole) are marched again; 2 y - (y_a + y_b) / 2 removes the 1 / S_r term (for halves of unequal size the weights
     * follow from b / S_r exactly). The linear (noise) term of the halves averages to that of the whole, so the correction
     * adds variance only at second order. The replica (corrected) stays independent of the other replicas, so their
     * spread still gives the standard error.
     */
    private static double[] splitHalfCorrected(Context ctx, int rep, long drawsR, double[] whole, ExecutorService pool) {
        long na = drawsR / 2, nb = drawsR - na;
        CausalMarch half = new CausalMarch(ctx, rep, na, 0L); // draws [0, na) of the replica's stream
        half.run(pool, null);
        double[] ya = half.output;
        half = new CausalMarch(ctx, rep, nb, na);             // draws [na, drawsR)
        half.run(pool, null);
        double[] yb = half.output;
        // with y_x = theta + b / n_x: the mean of the halves ym has bias b w, w = (1/na + 1/nb) / 2, the whole b / drawsR;
        // eliminating b, theta = (w y - ym / drawsR) / (w - 1 / drawsR) (= 2 y - ym for equal halves)
        double w = 0.5 * (1.0 / na + 1.0 / nb), inv = 1.0 / drawsR;
        double[] c = new double[whole.length];
        for (int k = 0; k < c.length; k++) {
            double ym = 0.5 * (ya[k] + yb[k]);
            c[k] = (w * whole[k] - inv * ym) / (w - inv);
        }
        return c;
    }

    /** The result of a worker's task; its runtime exception is rethrown as is, an interrupt cancels the solve. */
    static <T> T await(Future<T> fut) {
        try {
            return fut.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        }
    }

    /** Problem constants shared by every replica. */
    static final class Context {
        final Activation act;
        final int p, tp, depth, n;
        final double gamma0, eta, lossScale;
        final double[] y;
        final double[] phi0;
        final double[] ones;
        final SamplingOptions opt;
        final double[][] kx;

        Context(SamplingProblem problem, SamplingOptions options) {
            act = problem.activation();
            p = problem.samples();
            tp = problem.timePoints();
            depth = problem.depth();
            n = p * tp;
            gamma0 = problem.gamma0();
            eta = problem.eta();
            lossScale = problem.lossScale();
            y = problem.y();
            kx = problem.kx();
            opt = options;
            phi0 = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    phi0[i * n + j] = kx[i % p][j % p];
                }
            }
            ones = new double[n * n];
            java.util.Arrays.fill(ones, 1.0);
        }

        int monitoredLength() {
            return n + 2 * depth * tp * p * p;
        }

        /** Layout of a replica's output vector: f, loss, ntk, phi, gram, g. */
        int outputLength() {
            return n + tp + tp * p * p + 2 * depth * tp * p * p + depth * tp;
        }

        /** The output vector (layout of {@link Context#outputLength()}) from full kernels and predictions. */
        double[] observables(double[][] newPhi, double[][] newG, double[] newF) {
            int T = tp, P = p, L = depth;
            double[] v = new double[outputLength()];
            int k = 0;
            for (int i = 0; i < n; i++) {
                v[k++] = newF[i];
            }
            for (int t = 0; t < T; t++) {
                double s = 0;
                for (int mu = 0; mu < P; mu++) {
                    double d = y[mu] - newF[t * P + mu];
                    s += d * d;
                }
                v[k++] = 0.5 * lossScale * s;
            }
            for (int t = 0; t < T; t++) {
                for (int a = 0; a < P; a++) {
                    for (int b = 0; b < P; b++) {
                        int idx = (t * P + a) * n + t * P + b;
                        double acc = newG[1][idx] * kx[a][b];
                        for (int l = 1; l <= L; l++) {
                            acc += (l < L ? newG[l + 1][idx] : 1.0) * newPhi[l][idx];
                        }
                        v[k++] = acc;
                    }
                }
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int l = 1; l <= L; l++) {
                    double[] K = pass == 0 ? newPhi[l] : newG[l];
                    for (int t = 0; t < T; t++) {
                        for (int a = 0; a < P; a++) {
                            for (int b = 0; b < P; b++) {
                                v[k++] = K[(t * P + a) * n + t * P + b];
                            }
                        }
                    }
                }
            }
            for (int l = 1; l <= L; l++) {
                for (int t = 0; t < T; t++) {
                    double s = 0;
                    for (int a = 0; a < P; a++) {
                        s += newG[l][(t * P + a) * n + t * P + a];
                    }
                    v[k++] = s / P;
                }
            }
            return v;
        }

        /** Batch-means standard errors mapped on the output layout (f, Phi, G exactly; loss, NTK, g approximately: 0). */
        double[] observablesSe(double[] se) {
            int T = tp, P = p, L = depth;
            double[] v = new double[outputLength()];
            System.arraycopy(se, 0, v, 0, n);
            int k = n + T + T * P * P;
            System.arraycopy(se, n, v, k, 2 * L * T * P * P);
            return v;
        }

        SamplingResult unflatten(double[] m, double[] s, SolverReport report) {
            double[][][] fs = new double[2][tp][p];
            double[][] losses = new double[2][tp];
            double[][][][] ntks = new double[2][tp][p][p];
            double[][][][][] phis = new double[2][depth][tp][p][p];
            double[][][][][] grams = new double[2][depth][tp][p][p];
            double[][][] gs = new double[2][depth][tp];
            for (int w = 0; w < 2; w++) {
                double[] v = w == 0 ? m : s;
                int k = 0;
                for (int t = 0; t < tp; t++) {
                    for (int mu = 0; mu < p; mu++) {
                        fs[w][t][mu] = v[k++];
                    }
                }
                for (int t = 0; t < tp; t++) {
                    losses[w][t] = v[k++];
                }
                for (int t = 0; t < tp; t++) {
                    for (int a = 0; a < p; a++) {
                        for (int b = 0; b < p; b++) {
                            ntks[w][t][a][b] = v[k++];
                        }
                    }
                }
                for (int pass = 0; pass < 2; pass++) {
                    double[][][][] dst = pass == 0 ? phis[w] : grams[w];
                    for (int l = 0; l < depth; l++) {
                        for (int t = 0; t < tp; t++) {
                            for (int a = 0; a < p; a++) {
                                for (int b = 0; b < p; b++) {
                                    dst[l][t][a][b] = v[k++];
                                }
                            }
                        }
                    }
                }
                for (int l = 0; l < depth; l++) {
                    for (int t = 0; t < tp; t++) {
                        gs[w][l][t] = v[k++];
                    }
                }
            }
            return new SamplingResult(fs[0], fs[1], losses[0], losses[1], ntks[0], ntks[1], phis[0], phis[1], grams[0],
                    grams[1], gs[0], gs[1], report);
        }
    }

    /** One independent alternation: its state (kernels, operators, predictions) and its iteration loop. */
    static final class Replica {
        final Context c;
        final int index;
        final long draws;
        final double[][] phi;   // l = 0..L
        final double[][] gk;    // l = 1..L+1
        final double[][] jOp;   // l = 1..L-1 (n x n, acts on g^{l+1})
        final double[][] kOp;   // l = 1..L-1 (n x n, acts on phi(h^l))
        final double[] f;       // n
        final List<Double> ratioHistory = new ArrayList<>();
        double[] output;
        double[] outputSe;
        int iterations;
        boolean converged;
        double lastChange, lastNoise;
        String jitterNote = "";
        double[] windowSe;

        Replica(Context c, int index, long draws) {
            this.c = c;
            this.index = index;
            this.draws = draws;
            int n = c.n, L = c.depth;
            phi = new double[L + 1][];
            phi[0] = c.phi0;
            for (int l = 1; l <= L; l++) {
                phi[l] = c.phi0.clone(); // start: lazy linear kernels
            }
            gk = new double[L + 2][];
            for (int l = 1; l <= L + 1; l++) {
                gk[l] = c.ones.clone();
            }
            jOp = new double[L + 1][];
            kOp = new double[L + 1][];
            for (int l = 1; l < L; l++) {
                jOp[l] = new double[n * n];
                kOp[l] = new double[n * n];
            }
            f = new double[n];
            windowSe = new double[c.monitoredLength()];
        }

        void run(ExecutorService pool, Consumer<String> log) {
            final SamplingOptions o = c.opt;
            final int T = c.tp;
            final int w = o.window() == 0 ? T : o.window();
            for (int t0 = 0; t0 < T; t0 += w) {
                int t1 = Math.min(T, t0 + w);
                boolean ok = runWindow(pool, log, t0, t1);
                converged = (t0 == 0 ? ok : converged && ok);
            }
        }

        /** The alternation on times [0, t1), updating only rows of times in [t0, t1). @return whether it converged */
        private boolean runWindow(ExecutorService pool, Consumer<String> log, int t0, int t1) {
            final SamplingOptions o = c.opt;
            final int L = c.depth, P = c.p;
            final int blocks = o.blocks();
            final int window = 2 * o.threads();
            final int minIt = Math.max(o.minIterations(), L + 1);
            final int lo = t0 * P, hi = t1 * P;
            final int[] timeOf = monitoredTimes();
            for (int it = 0; it < o.maxIterations(); it++) {
                Iteration iter = new Iteration(this, hi);
                Sums total = new Sums(c, iter, hi);
                int mlen = c.monitoredLength();
                double[] mSum = new double[mlen];
                double[] mSq = new double[mlen];
                double[] mBlock = new double[mlen];
                ArrayDeque<Future<Sums>> inFlight = new ArrayDeque<>();
                ArrayDeque<Sums> free = new ArrayDeque<>();
                int nextBlock = 0;
                int merged = 0;
                while (merged < blocks) {
                    while (nextBlock < blocks && inFlight.size() < window) {
                        Sums s = free.isEmpty() ? new Sums(c, iter, hi) : free.poll();
                        final int b = nextBlock++;
                        final long from = draws * b / blocks, to = draws * (b + 1) / blocks;
                        final long seed = seedFor(o.seed(), index, 0, b); // common random numbers across iterations
                        if (pool == null) {
                            s.run(from, to, seed);
                            inFlight.add(java.util.concurrent.CompletableFuture.completedFuture(s));
                        } else {
                            inFlight.add(pool.submit(() -> s.run(from, to, seed)));
                        }
                    }
                    Sums done = await(inFlight.poll());
                    done.monitored(mBlock);
                    for (int k = 0; k < mlen; k++) {
                        mSum[k] += mBlock[k];
                        mSq[k] += mBlock[k] * mBlock[k];
                    }
                    total.add(done);
                    free.add(done);
                    merged++;
                }
                double[] mNew = new double[mlen];
                total.monitored(mNew);
                total.scale(1.0 / draws);
                double[] mOld = monitoredOfState();
                double ch = 0, ns = 0;
                int cnt = 0;
                double[] se = new double[mlen];
                for (int k = 0; k < mlen; k++) {
                    double mb = mSum[k] / blocks;
                    double var = Math.max(0, mSq[k] / blocks - mb * mb) * blocks / (blocks - 1.0);
                    se[k] = Math.sqrt(var / blocks);
                    if (timeOf[k] >= t0 && timeOf[k] < t1) {
                        double d = mNew[k] - mOld[k];
                        ch += d * d;
                        ns += var / blocks;
                        cnt++;
                    }
                }
                lastChange = Math.sqrt(ch / cnt);
                lastNoise = Math.sqrt(ns / cnt);
                if (!Double.isFinite(lastChange)) {
                    throw new ArithmeticException("the sampled dynamics diverged (non-finite predictions) at times < " + t1
                            + "; gradient descent is unstable at this eta: lower eta");
                }
                double ratio = lastNoise > 0 ? lastChange / lastNoise : (lastChange == 0 ? 0 : Double.POSITIVE_INFINITY);
                ratioHistory.add(ratio);
                iterations++;
                log.accept(String.format(Locale.ROOT, "sampler replica %d, times [%d, %d), iteration %d: change %.3e, Monte Carlo error %.3e, ratio %.2f",
                        index, t0, t1, it + 1, lastChange, lastNoise, ratio));
                for (int k = 0; k < mlen; k++) {
                    if (timeOf[k] >= t0 && timeOf[k] < t1) {
                        windowSe[k] = se[k];
                    }
                }
                jitterNote = iter.jitterNote();
                // damped update of the rows of this window
                double a = o.damping();
                // kernels: the undamped estimate, so that the state is always the sample covariance of draws that the
                // common random numbers reproduce exactly in later iterations and windows (consistent sources for the
                // Stein estimates); the response operators and predictions are damped
                for (int l = 1; l <= L; l++) {
                    dampRows(phi[l], total.phiFull(l), 1.0, lo, hi, true);
                    dampRows(gk[l], total.gFull(l), 1.0, lo, hi, true);
                }
                for (int l = 1; l < L; l++) {
                    dampRows(jOp[l], iter.cr[l].operatorFromStein(total.ma[l]), a, lo, hi, false);
                    dampRows(kOp[l], iter.cu[l + 1].operatorFromStein(total.mb[l]), a, lo, hi, false);
                }
                double[] newF = total.predictions();
                for (int i = lo; i < hi; i++) {
                    f[i] = (1 - a) * f[i] + a * newF[i];
                }
                if (it + 1 >= minIt && ratio <= o.noiseFactor()) {
                    finish();
                    return true;
                }
            }
            finish();
            return false;
        }

        /** Output of this replica: the observables of the current state (every window frozen at its last update). */
        private void finish() {
            output = c.observables(phi, gk, f);
            outputSe = c.observablesSe(windowSe);
        }

        private int[] monitoredTimes() {
            int n = c.n, P = c.p;
            int[] tm = new int[c.monitoredLength()];
            for (int i = 0; i < n; i++) {
                tm[i] = i / P;
            }
            int k = n;
            for (int pass = 0; pass < 2; pass++) {
                for (int l = 1; l <= c.depth; l++) {
                    for (int t = 0; t < c.tp; t++) {
                        for (int q = 0; q < P * P; q++) {
                            tm[k++] = t;
                        }
                    }
                }
            }
            return tm;
        }

        /** Damps rows [lo, hi) (and, if symmetric, the mirrored columns) of an n x n state towards an estimate. */
        private void dampRows(double[] state, double[] est, double a, int lo, int hi, boolean symmetric) {
            int n = c.n;
            for (int i = lo; i < hi; i++) {
                int lim = symmetric ? i + 1 : n;
                for (int j = 0; j < lim; j++) {
                    double v = (1 - a) * state[i * n + j] + a * est[i * n + j];
                    state[i * n + j] = v;
                    if (symmetric) {
                        state[j * n + i] = v;
                    }
                }
            }
        }


        private static void damp(double[] state, double[] est, double a) {
            for (int k = 0; k < state.length; k++) {
                state[k] = (1 - a) * state[k] + a * est[k];
            }
        }

        double[] monitoredOfState() {
            double[] m = new double[c.monitoredLength()];
            int n = c.n, P = c.p;
            System.arraycopy(f, 0, m, 0, n);
            int k = n;
            for (int pass = 0; pass < 2; pass++) {
                for (int l = 1; l <= c.depth; l++) {
                    double[] K = pass == 0 ? phi[l] : gk[l];
                    for (int t = 0; t < c.tp; t++) {
                        for (int a = 0; a < P; a++) {
                            for (int b = 0; b < P; b++) {
                                m[k++] = K[(t * P + a) * n + t * P + b];
                            }
                        }
                    }
                }
            }
            return m;
        }

    }

    /** The read-only data of one iteration: factors of the source kernels, the march coefficients, Delta. */
    static final class Iteration {
        final CausalCholesky[] cu; // l = 1..L: factor of Phi^{l-1}
        final CausalCholesky[] cr; // l = 1..L: factor of G^{l+1}
        final double[][] ch, cz;   // l = 1..L: n x n strictly causal march coefficients
        final double[] dw;         // n: lossScale * Delta

        Iteration(Replica r, int rows) {
            Context c = r.c;
            int L = c.depth, n = c.n, P = c.p;
            double tol = c.opt.pivotTolerance();
            cu = new CausalCholesky[L + 1];
            cr = new CausalCholesky[L + 1];
            ch = new double[L + 1][];
            cz = new double[L + 1][];
            dw = new double[n];
            for (int i = 0; i < n; i++) {
                dw[i] = c.lossScale * (c.y[i % P] - r.f[i]);
            }
            for (int l = 1; l <= L; l++) {
                cu[l] = CausalCholesky.of(r.phi[l - 1], n, rows, tol);
                cr[l] = CausalCholesky.of(r.gk[l + 1], n, rows, tol);
                double[] a = new double[n * n];
                double[] b = new double[n * n];
                double[] pd = r.phi[l - 1], gu = r.gk[l + 1];
                double[] jd = l >= 2 ? r.jOp[l - 1] : null;
                double[] ku = l < L ? r.kOp[l] : null;
                double ge = c.gamma0 * c.eta;
                for (int i = 0; i < rows; i++) {
                    int lim = (i / P) * P;
                    int row = i * n;
                    for (int j = 0; j < lim; j++) {
                        a[row + j] = ge * pd[row + j] * dw[j] + (jd != null ? jd[row + j] : 0.0);
                        b[row + j] = ge * gu[row + j] * dw[j] + (ku != null ? ku[row + j] : 0.0);
                    }
                    if (ku != null) { // equal-time response of the backward field
                        for (int j = lim; j < lim + P; j++) {
                            b[row + j] = ku[row + j];
                        }
                    }
                }
                ch[l] = a;
                cz[l] = b;
            }
        }

        String jitterNote() {
            StringBuilder sb = new StringBuilder("causal Cholesky of the sources (last iteration): kept pivots, pivots turned into"
                    + " independent jitter, largest dropped |d|/K_jj:");
            for (int l = 1; l < cu.length; l++) {
                sb.append(String.format(Locale.ROOT, " Phi^%d %d, %d, %.1e; G^%d %d, %d, %.1e;", l - 1, cu[l].k, cu[l].jittered,
                        cu[l].droppedRelative, l + 1, cr[l].k, cr[l].jittered, cr[l].droppedRelative));
            }
            return sb.toString();
        }
    }

    /** Per-block sums (and the per-draw workspaces of the block's worker). */
    static final class Sums {
        final Context c;
        final Iteration it;
        final double[][] phiSum, gSum; // l = 1..L, lower triangles
        final double[][] ma;           // l = 1..L: n x k(G^{l+1}) Stein sums of (phi(h^l) - phi(u^l)) xi^T
        final double[][] mb;           // l = 1..L-1: n x k(Phi^l) Stein sums of (g^{l+1} - phi'(u) r) zeta^T
        long count;
        final double[] u, r, h, a, g, zeta, xi;

        final int nEff; // rows simulated: times < t1

        Sums(Context c, Iteration it, int nEff) {
            this.c = c;
            this.it = it;
            this.nEff = nEff;
            int L = c.depth, n = c.n;
            phiSum = new double[L + 1][];
            gSum = new double[L + 1][];
            ma = new double[L + 1][];
            mb = new double[L + 1][];
            for (int l = 1; l <= L; l++) {
                phiSum[l] = new double[n * n];
                gSum[l] = new double[n * n];
                ma[l] = new double[n * it.cr[l].k];
                if (l < L) {
                    mb[l] = new double[n * it.cu[l + 1].k];
                }
            }
            u = new double[n];
            r = new double[n];
            h = new double[n];
            a = new double[n];
            g = new double[n];
            zeta = new double[n];
            xi = new double[n];
        }

        void clear() {
            for (int l = 1; l <= c.depth; l++) {
                java.util.Arrays.fill(phiSum[l], 0);
                java.util.Arrays.fill(gSum[l], 0);
                java.util.Arrays.fill(ma[l], 0);
                if (mb[l] != null) {
                    java.util.Arrays.fill(mb[l], 0);
                }
            }
            count = 0;
        }

        Sums run(long from, long to, long seed) {
            clear();
            final SplittableRandom rng = new SplittableRandom(seed);
            final int n = c.n, P = c.p, L = c.depth, ne = nEff;
            final Activation act = c.act;
            for (long d = from; d < to; d++) {
                final SplittableRandom drawRng = rng.split();
                for (int l = 1; l <= L; l++) {
                    final CausalCholesky fu = it.cu[l], fr = it.cr[l];
                    // one stream per (draw, layer, source): the c-th normal always feeds the c-th pivot
                    final SplittableRandom ru = drawRng.split(), rr = drawRng.split();
                    for (int k = 0; k < fu.k; k++) {
                        zeta[k] = ru.nextGaussian();
                    }
                    for (int k = 0; k < fr.k; k++) {
                        xi[k] = rr.nextGaussian();
                    }
                    fu.apply(zeta, u, ne);
                    fr.apply(xi, r, ne);
                    fu.addJitter(drawRng.split(), u, ne);
                    fr.addJitter(drawRng.split(), r, ne);
                    final double[] c1 = it.ch[l], c2 = it.cz[l];
                    for (int base = 0; base < ne; base += P) {
                        // h at time t from g at times < t; then z at time t from phi(h) at times <= t (the equal-time
                        // response K(t,t) = <phi''(h(t)) z(t)> is not zero for a nonlinear phi)
                        for (int i = base; i < base + P; i++) {
                            final int row = i * n;
                            double hv = u[i];
                            for (int j = 0; j < base; j++) {
                                hv += c1[row + j] * g[j];
                            }
                            h[i] = hv;
                            a[i] = act.value(hv);
                        }
                        for (int i = base; i < base + P; i++) {
                            final int row = i * n;
                            double zv = r[i];
                            for (int j = 0; j < base + P; j++) {
                                zv += c2[row + j] * a[j];
                            }
                            g[i] = act.derivative(h[i]) * zv;
                        }
                    }
                    final double[] ps = phiSum[l], gs = gSum[l], mal = ma[l];
                    final double[] mbl = l >= 2 ? mb[l - 1] : null;
                    final int kr = fr.k, ku = fu.k;
                    for (int i = 0; i < ne; i++) {
                        final double ai = a[i], gi = g[i];
                        final int row = i * n;
                        for (int j = 0; j <= i; j++) {
                            ps[row + j] += ai * a[j];
                            gs[row + j] += gi * g[j];
                        }
                        final int lim = (i / P) * P;
                        final double ea = ai - act.value(u[i]);
                        final int mrow = i * kr;
                        for (int k = 0; k < kr && fr.pivots[k] < lim; k++) {
                            mal[mrow + k] += ea * xi[k];
                        }
                        if (mbl != null) {
                            final double eb = gi - act.derivative(u[i]) * r[i];
                            final int brow = i * ku;
                            for (int k = 0; k < ku && fu.pivots[k] < lim + P; k++) {
                                mbl[brow + k] += eb * zeta[k];
                            }
                        }
                    }
                }
            }
            count = to - from;
            return this;
        }

        void add(Sums o) {
            for (int l = 1; l <= c.depth; l++) {
                addTo(phiSum[l], o.phiSum[l]);
                addTo(gSum[l], o.gSum[l]);
                addTo(ma[l], o.ma[l]);
                if (mb[l] != null) {
                    addTo(mb[l], o.mb[l]);
                }
            }
            count += o.count;
        }

        void scale(double s) {
            for (int l = 1; l <= c.depth; l++) {
                scaleIn(phiSum[l], s);
                scaleIn(gSum[l], s);
                scaleIn(ma[l], s);
                if (mb[l] != null) {
                    scaleIn(mb[l], s);
                }
            }
        }

        private static void addTo(double[] dst, double[] src) {
            for (int k = 0; k < dst.length; k++) {
                dst[k] += src[k];
            }
        }

        private static void scaleIn(double[] dst, double s) {
            for (int k = 0; k < dst.length; k++) {
                dst[k] *= s;
            }
        }

        double[] phiFull(int l) {
            return symmetric(phiSum[l]);
        }

        double[] gFull(int l) {
            return symmetric(gSum[l]);
        }

        private double[] symmetric(double[] lower) {
            int n = c.n;
            double[] out = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = lower[i * n + j];
                    out[i * n + j] = v;
                    out[j * n + i] = v;
                }
            }
            return out;
        }

        /** Predictions from (normalized) sums: f_i = M^L_{i,0} / gamma0 + eta sum_{j &lt; lim} Phi^L_{ij} dw_j. */
        double[] predictions() {
            return predictions(1.0);
        }

        private double[] predictions(double norm) {
            int n = c.n, P = c.p, L = c.depth;
            double[] out = new double[n];
            double[] ps = phiSum[L];
            int kr = it.cr[L].k;
            for (int i = 0; i < n; i++) {
                int lim = (i / P) * P;
                double acc = 0;
                for (int j = 0; j < lim; j++) {
                    acc += ps[i * n + j] * it.dw[j];
                }
                double stein = kr > 0 ? ma[L][i * kr] : 0.0;
                out[i] = norm * (stein / c.gamma0 + c.eta * acc);
            }
            return out;
        }

        /** Monitored quantities (f, equal-time Phi^l, G^l) of these sums divided by their draw count. */
        void monitored(double[] m) {
            int n = c.n, P = c.p;
            double norm = count > 0 ? 1.0 / count : 1.0;
            if (count == 0) {
                norm = 1.0;
            }
            double[] fb = predictions(norm);
            System.arraycopy(fb, 0, m, 0, n);
            int k = n;
            for (int pass = 0; pass < 2; pass++) {
                for (int l = 1; l <= c.depth; l++) {
                    double[] K = pass == 0 ? phiSum[l] : gSum[l];
                    for (int t = 0; t < c.tp; t++) {
                        for (int a = 0; a < P; a++) {
                            for (int b = 0; b < P; b++) {
                                int i = t * P + Math.max(a, b), j = t * P + Math.min(a, b);
                                m[k++] = norm * K[i * n + j];
                            }
                        }
                    }
                }
            }
        }
    }

    static long seedFor(long seed, int replica, int iteration, int block) {
        long z = mix(seed + 0x9E3779B97F4A7C15L * (replica + 1L));
        z = mix(z + 0xC2B2AE3D27D4EB4FL * (iteration + 1L));
        return mix(z + 0x165667B19E3779F9L * (block + 1L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
