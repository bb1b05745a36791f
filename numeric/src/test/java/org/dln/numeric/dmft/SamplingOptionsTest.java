package org.dln.numeric.dmft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The automatic replica rule of {@link SamplingOptions#autoReplicas}: its documented bounds and cases. */
class SamplingOptionsTest {

    @Test
    void automaticReplicasKeepEnoughDrawsPerReplica() {
        SamplingOptions.Method march = SamplingOptions.Method.MARCH;
        for (int n : new int[] {8, 40, 200, 1000}) {
            for (long s = 256; s <= 10_000_000L; s *= 3) {
                int r = SamplingOptions.autoReplicas(s, n, 16, march);
                assertTrue(r >= 1 && r <= 64, "R = " + r);
                assertTrue(2L * r * 16 <= s, "blocks of at least 2 draws: R = " + r + ", S = " + s);
                if (r > 8) { // above the floor, every replica has at least max(250, 2 n) draws
                    assertTrue(s / r >= SamplingOptions.minDrawsPerReplica(n), "S = " + s + ", n = " + n + ", R = " + r);
                }
                if (r < 64 && s >= 2L * 16 * 8) { // below the cap, one more replica would go below the minimum
                    assertTrue(r <= 8 || s / (r + 1) < SamplingOptions.minDrawsPerReplica(n), "S = " + s + ", R = " + r);
                }
            }
        }
        // the worked cases of the Javadoc and docs/reports/sampling-report.md (P = 4: n = 40 at T = 10, 200 at T = 50)
        assertEquals(8, SamplingOptions.autoReplicas(1000, 40, 16, march));
        assertEquals(40, SamplingOptions.autoReplicas(10000, 40, 16, march));
        assertEquals(64, SamplingOptions.autoReplicas(100000, 40, 16, march));
        assertEquals(25, SamplingOptions.autoReplicas(10000, 200, 16, march));
        assertEquals(8, SamplingOptions.autoReplicas(100000, 40, 16, SamplingOptions.Method.ALTERNATION));
    }

    @Test
    void explicitReplicasAreKeptAndZeroIsResolved() {
        SamplingOptions d = SamplingOptions.defaults(10000, 1, 1);
        assertEquals(0, d.replicas());
        assertTrue(d.biasCorrection());
        assertEquals(40, d.resolved(40).replicas());
        assertEquals(8, d.withReplicas(8).resolved(40).replicas());
        assertThrows(IllegalArgumentException.class, () -> d.withReplicas(-1));
    }
}
