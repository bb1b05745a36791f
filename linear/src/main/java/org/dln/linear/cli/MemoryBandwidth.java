package org.dln.linear.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;

/**
 * The machine's memory bandwidth for {@code dln bench march} (the roofline of a memory-bound march), STREAM-like in Java:
 * a read (sum of an array, eight independent sums) and a triad (a = b + s c) over arrays much larger than the last-level
 * cache, on one thread and on {@code threads} threads (each thread its own contiguous range; best of the repeats). Bytes
 * counted as STREAM does: 8 per element read, 24 per triad element (two reads, one write; the write-allocate read of
 * a is not counted).
 */
final class MemoryBandwidth {
    /** GB/s (1e9 bytes per second); NaN where not measured. */
    final double read1, readMt, triad1, triadMt;
    final int threads;
    final long bytesPerArray;

    private MemoryBandwidth(double read1, double readMt, double triad1, double triadMt, int threads, long bytesPerArray) {
        this.read1 = read1;
        this.readMt = readMt;
        this.triad1 = triad1;
        this.triadMt = triadMt;
        this.threads = threads;
        this.bytesPerArray = bytesPerArray;
    }

    /** Repeats of each measurement (the best is kept). */
    static final int REPEATS = 5;

    /**
     * Measures with arrays of {@code mib} MiB each (three arrays for the triad) on 1 and {@code threads} threads; the arrays
     * are made smaller when three of them would take more than half the heap ({@link #describe} names the size used).
     */
    static MemoryBandwidth measure(int mib, int threads) {
        long fit = Runtime.getRuntime().maxMemory() / 2 / 3 / 8;
        int len = (int) Math.max(1, Math.min(Math.min(Integer.MAX_VALUE - 16L, fit), (long) mib * (1 << 20) / 8));
        double[] a = new double[len], b = new double[len], c = new double[len];
        Arrays.fill(b, 1.0);
        Arrays.fill(c, 0.5);
        Arrays.fill(a, 0.25);
        // warm-up (JIT) on a part of the arrays
        for (int r = 0; r < 3; r++) {
            sink += read(b, 0, Math.min(len, 1 << 20));
            triad(a, b, c, 0.5, 0, Math.min(len, 1 << 20));
        }
        int th = Math.max(1, threads);
        double r1 = best(len, 1, (lo, hi) -> sink += read(b, lo, hi)) * 8.0;
        double t1 = best(len, 1, (lo, hi) -> triad(a, b, c, 0.5, lo, hi)) * 24.0;
        double rm = th > 1 ? best(len, th, (lo, hi) -> sink += read(b, lo, hi)) * 8.0 : r1;
        double tm = th > 1 ? best(len, th, (lo, hi) -> triad(a, b, c, 0.5, lo, hi)) * 24.0 : t1;
        return new MemoryBandwidth(r1 * 1e-9, rm * 1e-9, t1 * 1e-9, tm * 1e-9, th, 8L * len);
    }

    /** The read bandwidth on the given number of threads (1, or all). */
    double read(int threadCount) {
        return threadCount > 1 ? readMt : read1;
    }

    String describe() {
        return String.format(Locale.ROOT, "Memory bandwidth (STREAM-like, Java, arrays of %d MiB, best of %d): read %.1f GB/s on one "
                        + "thread, %.1f on %d threads; triad a = b + s c %.1f GB/s on one thread, %.1f on %d threads.%n%n",
                Math.max(1, bytesPerArray >> 20), REPEATS, read1, readMt, threads, triad1, triadMt, threads);
    }

    private interface Range {
        void run(int lo, int hi);
    }

    static volatile double sink;

    /** Elements per second of the best of {@link #REPEATS} passes over [0, len), split into {@code th} contiguous ranges. */
    private static double best(int len, int th, Range body) {
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < REPEATS; r++) {
            best = Math.min(best, th == 1 ? timed(() -> body.run(0, len)) : parallel(len, th, body));
        }
        return len / best;
    }

    private static double timed(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) * 1e-9;
    }

    /** Seconds from a common start (a barrier) until the last thread is done. */
    private static double parallel(int len, int th, Range body) {
        CyclicBarrier start = new CyclicBarrier(th);
        long[] ends = new long[th];
        long[] starts = new long[th];
        Thread[] ts = new Thread[th];
        for (int k = 0; k < th; k++) {
            final int kk = k, lo = (int) ((long) len * k / th), hi = (int) ((long) len * (k + 1) / th);
            ts[k] = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                starts[kk] = System.nanoTime();
                body.run(lo, hi);
                ends[kk] = System.nanoTime();
            });
            ts[k].start();
        }
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return (Arrays.stream(ends).max().getAsLong() - Arrays.stream(starts).min().getAsLong()) * 1e-9;
    }

    /** The sum of x[lo..hi) in eight independent sums (so the loop is bound by the loads, not by the add latency). */
    static double read(double[] x, int lo, int hi) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = lo;
        for (; i + 7 < hi; i += 8) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
            s4 += x[i + 4];
            s5 += x[i + 5];
            s6 += x[i + 6];
            s7 += x[i + 7];
        }
        for (; i < hi; i++) {
            s0 += x[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static void triad(double[] a, double[] b, double[] c, double s, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            a[i] = b[i] + s * c[i];
        }
    }
}
