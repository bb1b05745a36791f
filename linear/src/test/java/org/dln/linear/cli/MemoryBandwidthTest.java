package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The bandwidth kernels of {@code dln bench march} compute what they claim (so the passes cannot be optimized away or
 * count the wrong elements): the read's eight sums add up every element of its range, the triad writes b + s c, and a
 * measurement on small arrays gives positive, finite rates with the multi-threaded ones on the threads asked.
 */
class MemoryBandwidthTest {

    @Test
    void kernelsComputeTheirSums() {
        int len = 1003; // not a multiple of 8: the tail loop counts too
        double[] x = new double[len], b = new double[len], c = new double[len], a = new double[len];
        double expected = 0;
        for (int i = 0; i < len; i++) {
            x[i] = i + 1; // integers: every partial sum exact
            b[i] = 2 * i;
            c[i] = i;
        }
        for (int i = 17; i < 1000; i++) {
            expected += x[i];
        }
        assertEquals(expected, MemoryBandwidth.read(x, 17, 1000), 0.0);
        MemoryBandwidth.triad(a, b, c, 0.5, 5, 900);
        for (int i = 0; i < len; i++) {
            assertEquals(i >= 5 && i < 900 ? 2.5 * i : 0.0, a[i], 0.0, "a[" + i + "]");
        }
    }

    @Test
    void measurementGivesPositiveRates() {
        MemoryBandwidth m = MemoryBandwidth.measure(4, 2);
        for (double v : new double[] {m.read1, m.readMt, m.triad1, m.triadMt}) {
            assertTrue(v > 0 && Double.isFinite(v), m.describe());
        }
        assertEquals(2, m.threads);
        assertEquals(m.readMt, m.read(2), 0.0);
        assertEquals(m.read1, m.read(1), 0.0);
        assertTrue(m.describe().contains("on 2 threads"), m.describe());
    }
}
