package org.dln.numeric.linalg;

import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Size arithmetic for the memory estimates that every solver makes before it allocates: saturating long products and
 * sums (a size that does not fit in a long is {@link Long#MAX_VALUE}, never a negative number), the JVM's heap, and
 * which of a problem's dimensions makes an estimate large.
 */
public final class MemoryGuard {
    /** The largest number of elements of a Java array (a little below 2^31 - 1 on every JVM). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;

    private MemoryGuard() {
    }

    /** The JVM's maximum heap in bytes ({@code Runtime.maxMemory()}). */
    public static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** The product of non-negative factors, {@link Long#MAX_VALUE} when it overflows. */
    public static long times(long... factors) {
        long p = 1;
        for (long f : factors) {
            if (f < 0) {
                throw new IllegalArgumentException("negative size " + f);
            }
            if (f == 0) {
                return 0;
            }
        }
        for (long f : factors) {
            if (p > Long.MAX_VALUE / f) {
                return Long.MAX_VALUE;
            }
            p *= f;
        }
        return p;
    }

    /** The sum of non-negative terms, {@link Long#MAX_VALUE} when it overflows. */
    public static long plus(long... terms) {
        long s = 0;
        for (long t : terms) {
            if (t < 0) {
                throw new IllegalArgumentException("negative size " + t);
            }
            if (s > Long.MAX_VALUE - t) {
                return Long.MAX_VALUE;
            }
            s += t;
        }
        return s;
    }

    /** Bytes of {@code count} doubles (saturating). */
    public static long doubles(long count) {
        return times(8, count);
    }

    /**
     * The index of the dimension that makes the estimate large: the one whose reduction to its minimum shrinks the
     * estimate the most (ties: the first).
     *
     * @param bytes    the estimate as a function of the dimensions
     * @param dims     the dimensions of the problem
     * @param minimums the smallest value of each dimension
     */
    public static int blame(ToLongFunction<long[]> bytes, long[] dims, long[] minimums) {
        int best = 0;
        long smallest = Long.MAX_VALUE;
        for (int k = 0; k < dims.length; k++) {
            long[] d = dims.clone();
            d[k] = Math.min(d[k], minimums[k]);
            long b = bytes.applyAsLong(d);
            if (b < smallest) {
                smallest = b;
                best = k;
            }
        }
        return best;
    }

    /** A byte count in the form 7.3e12 ("more than 9.2e18" when it saturated). */
    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 9.2e18";
        }
        String[] me = String.format(Locale.ROOT, "%.1e", (double) bytes).split("e");
        return me[0] + "e" + Integer.parseInt(me[1]);
    }
}
