package org.dln.numeric.dmft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The worker threads of a sampling solve and the independent replicas it runs on them, for either method
 * ({@link CausalMarch}, {@link Alternation}).
 *
 * <p>Replicas run one after the other, each on all workers: a replica's draws are split into fixed blocks, and the
 * blocks run in parallel ({@link #forEachBlock}, or {@link #inBlockOrder} with a bounded number in flight) and are
 * combined in block order, so nothing depends on the thread count. The pool then combines the replicas: the
 * split-half jackknife of one replica ({@link #splitHalfCorrected}) and the mean over replicas with its standard
 * error from their spread ({@link #spread}). One thread: every block runs on the caller.
 */
final class ReplicaPool implements AutoCloseable {

    /**
     * What a replica of either method hands back once it has run: its output vector ({@link ObservableLayout}) and the
     * batch-means standard errors of its outputs.
     */
    abstract static class Replica {
        private double[] output;
        private double[] outputSe;

        final double[] output() {
            return output;
        }

        final double[] outputSe() {
            return outputSe;
        }

        /** Sets the output from the final kernels and predictions and the monitored batch-means errors. */
        final void finish(SamplingContext c, double[][] phi, double[][] gram, double[] f, double[] monitoredSe) {
            ObservableLayout layout = new ObservableLayout(c);
            output = layout.observables(phi, gram, f);
            outputSe = layout.standardErrors(monitoredSe);
        }
    }

    /** Runs replica {@code index} on {@code draws} draws. */
    @FunctionalInterface
    interface ReplicaRunner<R extends Replica> {
        R run(int index, long draws);
    }

    /** The output of a population of {@code count} draws starting at draw {@code offset} of a replica's stream. */
    @FunctionalInterface
    interface Population {
        double[] output(long count, long offset);
    }

    /** The output of {@code count} draws of replica {@code replica} starting at draw {@code offset} of its stream. */
    @FunctionalInterface
    interface Subpopulation {
        double[] output(int replica, long count, long offset);
    }

    /** A block's work on a reusable workspace; returns the workspace holding the block's sums. */
    @FunctionalInterface
    interface BlockJob<S> {
        S run(S workspace, int block);
    }

    /** The mean over replicas and its standard error (same layout). */
    record Spread(double[] mean, double[] se) {
    }

    private final int threads;
    private final ExecutorService executor; // null: one thread, blocks run on the caller

    ReplicaPool(int threads) {
        this.threads = threads;
        this.executor = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dln-sampler");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Draws of replica {@code rep} of {@code replicas}: total / replicas, and one more for the first total % replicas. */
    static long drawsOf(long total, int replicas, int rep) {
        return total / replicas + (rep < total % replicas ? 1 : 0);
    }

    /** Replicas in replica order with the output each contributes (bias-corrected or as produced). */
    record Runs<R extends Replica>(List<R> replicas, double[][] outputs) {
        /** The mean over the replicas and its standard error ({@link ReplicaPool#spread}). */
        Spread spread() {
            return ReplicaPool.spread(outputs, replicas.get(replicas.size() - 1).outputSe());
        }
    }

    /**
     * Runs replicas 0..replicas-1 in order on the total draws, split evenly ({@link #drawsOf}). With {@code halves}
     * each replica's output is replaced by its split-half correction ({@link #splitHalfCorrected}) right after it ran.
     *
     * @param halves the output of part of a replica's population, or null for no bias correction
     */
    <R extends Replica> Runs<R> runAll(int replicas, long totalDraws, ReplicaRunner<R> runner, Subpopulation halves) {
        List<R> done = new ArrayList<>(replicas);
        double[][] outputs = new double[replicas][];
        for (int rep = 0; rep < replicas; rep++) {
            final int index = rep;
            long draws = drawsOf(totalDraws, replicas, rep);
            R r = runner.run(rep, draws);
            done.add(r);
            outputs[rep] = halves == null ? r.output()
                    : splitHalfCorrected(draws, r.output(), (count, offset) -> halves.output(index, count, offset));
        }
        return new Runs<>(done, outputs);
    }

    /** Runs task(b) for every block b on the workers and waits for all; the first failure (in block order) is rethrown. */
    void forEachBlock(int blocks, IntConsumer task) {
        if (executor == null) {
            for (int b = 0; b < blocks; b++) {
                task.accept(b);
            }
            return;
        }
        List<Future<?>> fs = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) {
            final int bb = b;
            fs.add(executor.submit(() -> task.accept(bb)));
        }
        for (Future<?> fut : fs) {
            await(fut);
        }
    }

    /**
     * Runs the blocks on the workers with at most 2 x threads in flight, each on a workspace (new or handed back by
     * an earlier block), and merges the finished workspaces in block order: memory stays bounded by the window.
     */
    <S> void inBlockOrder(int blocks, Supplier<S> newWorkspace, BlockJob<S> job, Consumer<S> merge) {
        final int window = 2 * threads;
        ArrayDeque<Future<S>> inFlight = new ArrayDeque<>();
        ArrayDeque<S> free = new ArrayDeque<>();
        int nextBlock = 0;
        for (int merged = 0; merged < blocks; merged++) {
            while (nextBlock < blocks && inFlight.size() < window) {
                S s = free.isEmpty() ? newWorkspace.get() : free.poll();
                final int b = nextBlock++;
                inFlight.add(executor == null ? CompletableFuture.completedFuture(job.run(s, b))
                        : executor.submit(() -> job.run(s, b)));
            }
            S done = await(inFlight.poll());
            merge.accept(done);
            free.add(done);
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
    static double[] splitHalfCorrected(long draws, double[] whole, Population half) {
        long na = draws / 2, nb = draws - na;
        double[] ya = half.output(na, 0L); // draws [0, na) of the replica's stream
        double[] yb = half.output(nb, na); // draws [na, draws)
        // with y_x = theta + b / n_x: the mean of the halves ym has bias b w, w = (1/na + 1/nb) / 2, the whole b / draws;
        // eliminating b, theta = (w y - ym / draws) / (w - 1 / draws) (= 2 y - ym for equal halves)
        double w = 0.5 * (1.0 / na + 1.0 / nb), inv = 1.0 / draws;
        double[] c = new double[whole.length];
        for (int k = 0; k < c.length; k++) {
            double ym = 0.5 * (ya[k] + yb[k]);
            c[k] = (w * whole[k] - inv * ym) / (w - inv);
        }
        return c;
    }

    /**
     * The mean of the replicas' outputs and its standard error: their spread / sqrt(R) for R &gt; 1, else the
     * batch-means error {@code singleSe} of the one replica.
     */
    static Spread spread(double[][] outputs, double[] singleSe) {
        int replicas = outputs.length, len = outputs[0].length;
        double[] mean = new double[len];
        double[] se = new double[len];
        for (int k = 0; k < len; k++) {
            double s = 0;
            for (double[] o : outputs) {
                s += o[k];
            }
            mean[k] = s / replicas;
        }
        if (replicas == 1) {
            System.arraycopy(singleSe, 0, se, 0, len);
            return new Spread(mean, se);
        }
        for (int k = 0; k < len; k++) {
            double s = 0;
            for (double[] o : outputs) {
                double d = o[k] - mean[k];
                s += d * d;
            }
            se[k] = Math.sqrt(s / (replicas - 1) / replicas);
        }
        return new Spread(mean, se);
    }

    /** The report note saying where the standard errors of {@link #spread} come from. */
    static String spreadNote(int replicas) {
        return replicas > 1
                ? String.format(Locale.ROOT, "standard errors: sd over %d independent replicas / sqrt(%d);"
                        + " (value - exact) / SE is Student-t with %d degrees of freedom", replicas, replicas, replicas - 1)
                : "standard errors from batch means of the last iteration (one replica: the noise carried in from"
                        + " earlier iterations is not included)";
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
            throw new CancellationException("interrupted");
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
