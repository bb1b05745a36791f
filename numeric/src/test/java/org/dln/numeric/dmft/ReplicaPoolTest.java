package org.dln.numeric.dmft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replica pool: blocks merged in block order for any thread count, even draw split, spread, split-half weights. */
class ReplicaPoolTest {

    @Test
    void blocksAreMergedInBlockOrderForAnyThreadCount() {
        for (int threads : new int[] {1, 2, 3}) {
            List<Integer> merged = new ArrayList<>();
            try (ReplicaPool pool = new ReplicaPool(threads)) {
                pool.inBlockOrder(11, () -> new int[1], (w, b) -> {
                    w[0] = b;
                    return w;
                }, w -> merged.add(w[0]));
            }
            for (int b = 0; b < 11; b++) {
                assertEquals(b, merged.get(b), "threads " + threads);
            }
        }
    }

    @Test
    void drawsAreSplitEvenlyOverReplicas() {
        long total = 0;
        for (int rep = 0; rep < 7; rep++) {
            long d = ReplicaPool.drawsOf(100, 7, rep);
            assertEquals(rep < 2 ? 15 : 14, d);
            total += d;
        }
        assertEquals(100, total);
    }

    @Test
    void spreadIsTheMeanAndItsStandardError() {
        ReplicaPool.Spread s = ReplicaPool.spread(new double[][] {{1, 2}, {3, 2}, {5, 2}}, null);
        assertArrayEquals(new double[] {3, 2}, s.mean(), 0.0);
        assertArrayEquals(new double[] {Math.sqrt(4.0 / 3.0), 0}, s.se(), 1e-15);
        ReplicaPool.Spread one = ReplicaPool.spread(new double[][] {{1, 2}}, new double[] {0.5, 0.25});
        assertArrayEquals(new double[] {0.5, 0.25}, one.se(), 0.0);
    }

    @Test
    void splitHalfRemovesAOneOverDrawsBias() {
        // y(n) = theta + b / n exactly: the correction returns theta for equal and unequal halves
        double theta = 0.7, b = 3.0;
        for (long draws : new long[] {100, 101}) {
            double[] whole = {theta + b / draws};
            double[] c = ReplicaPool.splitHalfCorrected(draws, whole, (count, offset) -> new double[] {theta + b / count});
            assertEquals(theta, c[0], 1e-12);
        }
    }
}
