package org.dln.linear.solver;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A small fixed pool of worker threads for the layer sweep's loops: {@link #run} hands out task indices 0..tasks-1
 * to the workers and the calling thread and returns when all are done. The callers split their outputs into tasks
 * so that every output entry is computed by exactly one task with a fixed summation order: the results do not depend
 * on the number of threads or on which thread ran which task (bit-identical for any thread count).
 *
 * <p>The threads are daemons, created lazily on the first parallel call and stopped by {@link #close}.
 */
final class SweepPool implements AutoCloseable {
    /** System property with the default number of threads (default: the number of cores). */
    static final String THREADS_PROPERTY = "dln.threads";

    private final int threads;
    private Thread[] workers;
    private volatile boolean closed;
    private volatile Job job; // the current job; a new object per call, so late workers of an old job find it finished

    private static final class Job {
        final IntConsumer body;
        final int tasks;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(IntConsumer body, int tasks, Thread caller) {
            this.body = body;
            this.tasks = tasks;
            this.caller = caller;
        }

        void work() {
            int k;
            while ((k = next.getAndIncrement()) < tasks) {
                try {
                    body.accept(k);
                } catch (Throwable e) {
                    failure = e;
                }
                if (done.incrementAndGet() == tasks) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    SweepPool(int threads) {
        this.threads = Math.max(1, threads);
    }

    /** The default thread count: the system property dln.threads, else the number of available processors. */
    static int defaultThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        if (p != null && !p.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property " + THREADS_PROPERTY + " must be an integer: " + p);
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    int threads() {
        return threads;
    }

    /**
     * Running average of how long the calling thread waited, at the end of a parallel call, for tasks a worker still held
     * (each call weighs 1/8): some microseconds on an idle machine, milliseconds when the workers are descheduled (more
     * runnable threads than cores).
     */
    private double stallNanos;

    /** Average wait (ns) above which {@link #contended} holds: the span of a few scheduler time slices. */
    static final double CONTENDED_NANOS = 300_000;

    /**
     * Whether the workers have lately been descheduled in the middle of their tasks (the cores are shared): short kernels
     * then run on the calling thread alone ({@code parallel = ... && !pool.contended()}), where a split would cost more
     * waiting than it saves. Only where tasks run changes, never what they compute: results are the same either way.
     */
    boolean contended() {
        return stallNanos > CONTENDED_NANOS;
    }

    /** Runs body(0..tasks-1), on the workers and the calling thread when parallel is true and tasks &gt; 1. */
    void run(int tasks, boolean parallel, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        if (threads == 1 || tasks == 1 || !parallel) {
            for (int k = 0; k < tasks; k++) {
                body.accept(k);
            }
            return;
        }
        if (workers == null) {
            start();
        }
        Job j = new Job(body, tasks, Thread.currentThread());
        job = j;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        j.work();
        int spins = 0;
        long waitFrom = 0;
        while (j.done.get() < tasks) {
            if (waitFrom == 0) {
                waitFrom = System.nanoTime();
            }
            if (++spins < 1000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 50_000L);
            }
        }
        // the caller's wait for tasks the workers hold when it has none left: long waits mean descheduled workers
        stallNanos += ((waitFrom == 0 ? 0 : System.nanoTime() - waitFrom) - stallNanos) * 0.125;
        job = null;
        Throwable f = j.failure;
        if (f != null) {
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(f);
        }
    }

    private synchronized void start() {
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread w = new Thread(this::loop, "dln-sweep-" + i);
            w.setDaemon(true);
            workers[i] = w;
            w.start();
        }
    }

    private void loop() {
        Job seen = null;
        int spins = 0;
        while (!closed) {
            Job j = job;
            if (j == null || j == seen) {
                if (++spins < 1000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 200_000L);
                }
                continue;
            }
            spins = 0;
            seen = j;
            j.work();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (workers != null) {
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
        }
    }
}
