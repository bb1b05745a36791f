package org.dln.numeric.dmft;

/**
 * The seeds of the sampler's random streams: a SplitMix64 hash of (base seed, replica, two stream coordinates), so
 * that every block (alternation) or every (layer, source, time) of a replica (march) has its own stream, independent of
 * the order in which the workers run.
 */
final class Seeds {
    private Seeds() {
    }

    /** The seed of stream (first, second) of a replica, from the base seed. */
    static long of(long seed, int replica, long first, long second) {
        long z = mix(seed + 0x9E3779B97F4A7C15L * (replica + 1L));
        z = mix(z + 0xC2B2AE3D27D4EB4FL * (first + 1L));
        return mix(z + 0x165667B19E3779F9L * (second + 1L));
    }

    /** The seed of draw {@code draw} of a stream. */
    static long ofDraw(long stream, long draw) {
        return mix(stream + 0xD1B54A32D192ED03L * (draw + 1L));
    }

    /** The SplitMix64 finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
