package org.dln.numeric.dmft;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One replica of the damped alternation ({@link SamplingOptions.Method#ALTERNATION}) over time windows: its state
 * (kernels Phi^l, G^l, response operators J^l, K^l, predictions f) and its iteration loop.
 *
 * <p>The trajectory is cut into windows of {@code window} time points; on window [t0, t1) each iteration draws the
 * sources from the current kernels on the rows of times &lt; t1 ({@link AlternationIteration}), simulates all draws
 * in fixed blocks ({@link BlockSums}, common random numbers across iterations), and updates the rows of times in
 * [t0, t1): the kernels to the undamped sample estimates, the response operators and predictions with damping. The
 * window stops when the rms change of f and of the equal-time kernels is below {@code noiseFactor} times their rms
 * batch-means standard error (after at least max(minIterations, L + 1) iterations), or after maxIterations.
 */
final class Alternation extends ReplicaPool.Replica {
    final SamplingContext c;
    final int index;
    final long draws;
    final double[][] phi;   // l = 0..L
    final double[][] gk;    // l = 1..L+1
    final double[][] jOp;   // l = 1..L-1 (n x n, acts on g^{l+1})
    final double[][] kOp;   // l = 1..L-1 (n x n, acts on phi(h^l))
    final double[] f;       // n
    final List<Double> ratioHistory = new ArrayList<>();
    private final int[] timeOf; // time of every monitored quantity
    private final double[] windowSe;
    int iterations;
    boolean converged;
    double lastChange, lastNoise;
    String jitterNote = "";

    Alternation(SamplingContext c, int index, long draws) {
        this.c = c;
        this.index = index;
        this.draws = draws;
        int L = c.depth;
        phi = new double[L + 1][];
        phi[0] = c.phi0;
        for (int l = 1; l <= L; l++) {
            phi[l] = c.phi0.clone(); // start: lazy linear kernels
        }
        gk = new double[L + 2][];
        for (int l = 1; l <= L + 1; l++) {
            gk[l] = c.ones.clone();
        }
        jOp = c.responseOperators();
        kOp = c.responseOperators();
        f = new double[c.n];
        windowSe = new double[c.monitoredLength()];
        timeOf = monitoredTimes();
    }

    /** Runs the windows in order; converged if every window did. */
    Alternation run(ReplicaPool pool, Consumer<String> log) {
        final int T = c.tp;
        final int w = c.opt.window() == 0 ? T : c.opt.window();
        for (int t0 = 0; t0 < T; t0 += w) {
            int t1 = Math.min(T, t0 + w);
            boolean ok = runWindow(pool, log, t0, t1);
            converged = (t0 == 0 ? ok : converged && ok);
        }
        return this;
    }

    /** The report note of this replica: draws, iterations, the final change against the Monte Carlo error. */
    String note() {
        return String.format(Locale.ROOT, "replica %d: %d draws, %d iterations, final change %.3e vs Monte Carlo"
                        + " standard error %.3e (ratio %.2f, stop at %.2f)%s", index, draws, iterations,
                lastChange, lastNoise, lastChange / lastNoise, c.opt.noiseFactor(), converged ? "" : ": NOT converged");
    }

    /** The alternation on times [0, t1), updating only rows of times in [t0, t1). @return whether it converged */
    private boolean runWindow(ReplicaPool pool, Consumer<String> log, int t0, int t1) {
        final SamplingOptions o = c.opt;
        final int minIt = Math.max(o.minIterations(), c.depth + 1);
        final int lo = t0 * c.p, hi = t1 * c.p;
        for (int it = 0; it < o.maxIterations(); it++) {
            AlternationIteration iter = new AlternationIteration(this, hi);
            BlockSums total = new BlockSums(c, iter, hi);
            BatchMeans batches = sample(pool, iter, hi, total);
            double[] mNew = new double[c.monitoredLength()];
            total.monitored(mNew);
            total.scale(1.0 / draws);
            double ratio = measureChange(mNew, batches, t0, t1);
            ratioHistory.add(ratio);
            iterations++;
            log.accept(String.format(Locale.ROOT, "sampler replica %d, times [%d, %d), iteration %d: change %.3e, Monte Carlo error %.3e, ratio %.2f",
                    index, t0, t1, it + 1, lastChange, lastNoise, ratio));
            jitterNote = iter.jitterNote();
            update(iter, total, lo, hi);
            if (it + 1 >= minIt && ratio <= o.noiseFactor()) {
                finish();
                return true;
            }
        }
        finish();
        return false;
    }

    /** Simulates all blocks of one iteration into {@code total}; returns the batch means of their monitored values. */
    private BatchMeans sample(ReplicaPool pool, AlternationIteration iter, int hi, BlockSums total) {
        final int blocks = c.opt.blocks();
        final double[] mBlock = new double[c.monitoredLength()];
        final BatchMeans batches = new BatchMeans(mBlock.length);
        pool.inBlockOrder(blocks, () -> new BlockSums(c, iter, hi), (s, b) -> {
            long from = draws * b / blocks, to = draws * (b + 1) / blocks;
            return s.run(from, to, Seeds.of(c.opt.seed(), index, 0, b)); // common random numbers across iterations
        }, done -> {
            done.monitored(mBlock);
            batches.add(mBlock);
            total.add(done);
        });
        return batches;
    }

    /**
     * Sets lastChange and lastNoise, the rms change of the monitored quantities of times in [t0, t1) and their rms
     * batch-means error, and keeps their standard errors for the output. @return change / noise
     * @throws ArithmeticException if the change is not finite (divergent gradient descent)
     */
    private double measureChange(double[] mNew, BatchMeans batches, int t0, int t1) {
        final int blocks = c.opt.blocks();
        double[] mOld = c.monitored(f, phi, gk, 1.0, false, new double[c.monitoredLength()]);
        double ch = 0, ns = 0;
        int cnt = 0;
        for (int k = 0; k < mNew.length; k++) {
            if (timeOf[k] >= t0 && timeOf[k] < t1) {
                double var = batches.variance(k);
                double d = mNew[k] - mOld[k];
                ch += d * d;
                ns += var / blocks;
                cnt++;
                windowSe[k] = Math.sqrt(var / blocks);
            }
        }
        lastChange = Math.sqrt(ch / cnt);
        lastNoise = Math.sqrt(ns / cnt);
        if (!Double.isFinite(lastChange)) {
            throw new ArithmeticException("the sampled dynamics diverged (non-finite predictions or equal-time kernels) at times < " + t1
                    + "; gradient descent is unstable at this eta: lower eta");
        }
        return lastNoise > 0 ? lastChange / lastNoise : (lastChange == 0 ? 0 : Double.POSITIVE_INFINITY);
    }

    /**
     * Updates the rows [lo, hi). Kernels: the undamped estimate, so that the state is always the sample covariance of
     * draws that the common random numbers reproduce exactly in later iterations and windows (consistent sources for
     * the Stein estimates); the response operators and predictions are damped.
     */
    private void update(AlternationIteration iter, BlockSums total, int lo, int hi) {
        final int L = c.depth;
        final double a = c.opt.damping();
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
    }

    /** Output of this replica: the observables of the current state (every window frozen at its last update). */
    private void finish() {
        finish(c, phi, gk, f, windowSe);
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
}
