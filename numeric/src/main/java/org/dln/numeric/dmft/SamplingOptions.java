package org.dln.numeric.dmft;

/**
 * Settings of {@link SamplingDmftSolver}.
 *
 * @param draws         total number S of Monte Carlo draws of the single-site processes per iteration, split
 *                      evenly over the replicas
 * @param replicas      R &gt;= 1 independent replicas of the whole solve (different random streams), or 0 = automatic
 *                      ({@link #autoReplicas}); the reported value is their mean and the standard error their spread /
 *                      sqrt(R), so (value - truth) / SE is Student-t with R - 1 degrees of freedom. With R = 1 the
 *                      standard error is the batch-means error of one replica (it misses the noise carried in through
 *                      the kernels)
 * @param threads       worker threads (results do not depend on it)
 * @param seed          base seed: block b of iteration i of replica r draws from a SplittableRandom seeded by a
 *                      hash of (seed, r, i, b)
 * @param damping       alpha in (0, 1]: kernels &lt;- (1 - alpha) kernels + alpha estimate
 * @param maxIterations cap on the alternation
 * @param minIterations the alternation runs at least this many iterations (&gt;= L + 1 so the layer chain fills)
 * @param noiseFactor   stop when rms(change) &lt;= noiseFactor * rms(Monte Carlo standard error) over f and the
 *                      equal-time kernels
 * @param pivotTolerance a Cholesky pivot whose Schur complement is below pivotTolerance * K_jj is dropped and its
 *                      variance kept as independent noise (the reported jitter)
 * @param blocks        blocks per replica and iteration (the unit of parallel work, of batch means and of seeding)
 * @param window        time points per window of the alternation: the alternation runs on times [0, t1) with the
 *                      rows of earlier windows frozen, t1 advancing by {@code window}; 0 = one window (the plain
 *                      global alternation over the whole trajectory)
 * @param method        {@link Method#MARCH} (default) or {@link Method#ALTERNATION}; damping, iteration caps, the noise
 *                      factor and windows apply to the alternation only
 * @param biasCorrection march only: each replica is corrected for its O(1/S_r) bias by Quenouille's split-half
 *                      jackknife (the two halves of its population are marched again on the same normals;
 *                      2 y - (y_a + y_b) / 2); doubles the cost, leaves the noise unchanged to first order
 */
public record SamplingOptions(long draws, int replicas, int threads, long seed, double damping, int maxIterations,
                              int minIterations, double noiseFactor, double pivotTolerance, int blocks, int window,
                              Method method, boolean biasCorrection) {

    /** How the fixed point is found. */
    public enum Method {
        /**
         * One causal pass over time with a persistent population of draws per replica (kernels, responses and
         * predictions of time t estimated from the draws' values at times &lt;= t, then the draws advanced to t + 1):
         * the fixed point of the alternation with common random numbers, without iterating. Memory: 4 L P T doubles
         * per draw of one replica.
         */
        MARCH,
        /** The alternation (a)-(d) over time windows with damping, draws re-simulated from t = 0 (memory bounded). */
        ALTERNATION
    }

    /** The settings before the bias correction existed: the correction on. */
    public SamplingOptions(long draws, int replicas, int threads, long seed, double damping, int maxIterations,
                           int minIterations, double noiseFactor, double pivotTolerance, int blocks, int window, Method method) {
        this(draws, replicas, threads, seed, damping, maxIterations, minIterations, noiseFactor, pivotTolerance, blocks, window,
                method, true);
    }

    public SamplingOptions {
        requireSampling(draws, replicas, threads, blocks);
        requireAlternation(damping, maxIterations, minIterations, noiseFactor, pivotTolerance, blocks);
        if (method == null) {
            throw new IllegalArgumentException("method must not be null");
        }
        if (window < 0) {
            throw new IllegalArgumentException("window must be >= 0 (0 = whole trajectory), got " + window);
        }
    }

    /** The sample budget: replicas &gt;= 0, at least 2 draws per block of every replica, threads &gt;= 1. */
    private static void requireSampling(long draws, int replicas, int threads, int blocks) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 1 (or 0 = automatic), got " + replicas);
        }
        if (draws < 2L * Math.max(1, replicas) * Math.max(2, blocks)) {
            throw new IllegalArgumentException("samples must be >= 2 * replicas * blocks = " + 2L * Math.max(1, replicas) * Math.max(2, blocks)
                    + ", got " + draws);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** The iteration settings: damping in (0, 1], iteration counts &gt;= 1, positive tolerances, blocks &gt;= 2. */
    private static void requireAlternation(double damping, int maxIterations, int minIterations, double noiseFactor,
                                           double pivotTolerance, int blocks) {
        if (!(damping > 0 && damping <= 1)) {
            throw new IllegalArgumentException("damping must be in (0, 1], got " + damping);
        }
        if (maxIterations < 1 || minIterations < 1) {
            throw new IllegalArgumentException("maxIterations and minIterations must be >= 1");
        }
        if (!(noiseFactor > 0) || !(pivotTolerance > 0) || blocks < 2) {
            throw new IllegalArgumentException("noiseFactor and pivotTolerance must be > 0 and blocks >= 2");
        }
    }

    /**
     * Defaults: automatic replicas ({@link #autoReplicas}), the split-half bias correction, damping 0.8, 100 iterations
     * per window at most, stop below 0.2 standard errors, pivot tolerance 1e-4 (relative to K_jj), 16 blocks, windows of
     * 5 time points (alternation only), the causal march.
     */
    public static SamplingOptions defaults(long draws, int threads, long seed) {
        return new SamplingOptions(draws, 0, threads, seed, 0.8, 100, 3, 0.2, 1e-4, 16, 5, Method.MARCH, true);
    }

    /** Fewest draws per replica the automatic rule aims at, for n = P T: max(250, 2 n). */
    public static long minDrawsPerReplica(int n) {
        return Math.max(250L, 2L * n);
    }

    /**
     * The automatic number of replicas for S draws and n = P T. The standard error's own noise makes
     * (value - truth) / SE Student-t with R - 1 degrees of freedom, whose tails are heavy for small R (P(|t_7| &gt; 3) =
     * 2.0%, P(|t_7| &gt; 5) = 0.16%, against 0.27% and 6e-7 for the normal), so R should be large; but each replica is
     * a march over S / R draws with a bias O(R / S) (removed to O((R / S)^2) by the split-half correction) and its
     * kernels need enough draws to be estimated. March: R = clamp(floor(S / max(250, 2 n)), 8, 64) (S = 10^4, n = 40:
     * 40 replicas of 250 draws; S = 10^5: 64); never more than S / (2 blocks). Alternation: 8 (each replica iterates
     * on its own; its bias is that of the stopping rule, docs/reports/sampling-report.md).
     */
    public static int autoReplicas(long draws, int n, int blocks, Method method) {
        long r = method == Method.MARCH ? Math.max(8L, Math.min(64L, draws / minDrawsPerReplica(n))) : 8L;
        r = Math.min(r, draws / (2L * Math.max(2, blocks)));
        return (int) Math.max(1L, r);
    }

    /** @return these options with an automatic replica count (0) resolved for n = P T time-sample points */
    public SamplingOptions resolved(int n) {
        return replicas > 0 ? this : withReplicas(autoReplicas(draws, n, blocks, method));
    }

    /** @return these options with another window (time points per window of the alternation) */
    public SamplingOptions withWindow(int w) {
        return with(e -> e.window = w);
    }

    /** @return these options with another noise factor of the stopping rule */
    public SamplingOptions withNoiseFactor(double nf) {
        return with(e -> e.noiseFactor = nf);
    }

    /** @return these options with another base seed */
    public SamplingOptions withSeed(long s) {
        return with(e -> e.seed = s);
    }

    /** @return these options with another replica count (0 = automatic) */
    public SamplingOptions withReplicas(int r) {
        return with(e -> e.replicas = r);
    }

    /** @return these options with another damping of the alternation */
    public SamplingOptions withDamping(double a) {
        return with(e -> e.damping = a);
    }

    /** @return these options with another iteration cap per window */
    public SamplingOptions withMaxIterations(int m) {
        return with(e -> e.maxIterations = m);
    }

    /** @return these options with another worker-thread count */
    public SamplingOptions withThreads(int t) {
        return with(e -> e.threads = t);
    }

    /** @return these options with another method */
    public SamplingOptions withMethod(Method m) {
        return with(e -> e.method = m);
    }

    /** @return these options with another split-half bias correction on or off */
    public SamplingOptions withBiasCorrection(boolean on) {
        return with(e -> e.biasCorrection = on);
    }

    /** @return these options with another Cholesky pivot tolerance */
    public SamplingOptions withPivotTolerance(double tol) {
        return with(e -> e.pivotTolerance = tol);
    }

    /** These options with one change: the one place the with-methods call the (validating) constructor. */
    private SamplingOptions with(java.util.function.Consumer<Edit> change) {
        Edit e = new Edit(this);
        change.accept(e);
        return new SamplingOptions(e.draws, e.replicas, e.threads, e.seed, e.damping, e.maxIterations, e.minIterations,
                e.noiseFactor, e.pivotTolerance, e.blocks, e.window, e.method, e.biasCorrection);
    }

    /** A mutable copy of every component, edited by {@link #with}. */
    private static final class Edit {
        long draws, seed;
        int replicas, threads, maxIterations, minIterations, blocks, window;
        double damping, noiseFactor, pivotTolerance;
        Method method;
        boolean biasCorrection;

        Edit(SamplingOptions o) {
            draws = o.draws;
            replicas = o.replicas;
            threads = o.threads;
            seed = o.seed;
            damping = o.damping;
            maxIterations = o.maxIterations;
            minIterations = o.minIterations;
            noiseFactor = o.noiseFactor;
            pivotTolerance = o.pivotTolerance;
            blocks = o.blocks;
            window = o.window;
            method = o.method;
            biasCorrection = o.biasCorrection;
        }
    }
}
