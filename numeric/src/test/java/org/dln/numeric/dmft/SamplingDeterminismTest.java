package org.dln.numeric.dmft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.dln.numeric.activation.Activations;
import org.junit.jupiter.api.Test;

/** Done-when 4: the same seed gives bit-identical results for 1 and 2 threads (blocks seeded and summed in order). */
class SamplingDeterminismTest {

    private static SamplingResult solve(int threads, long seed) {
        return solve(threads, seed, SamplingOptions.Method.MARCH);
    }

    private static SamplingResult solve(int threads, long seed, SamplingOptions.Method method) {
        double[][] kx = {{1.0, 0.3, -0.2}, {0.3, 0.8, 0.1}, {-0.2, 0.1, 1.2}};
        SamplingProblem p = new SamplingProblem(Activations.TANH, kx, new double[] {1, -0.5, 0.4}, 2, 1.0, 0.1, 6, 1.0);
        SamplingOptions o = SamplingOptions.defaults(1600, threads, seed).withReplicas(2).withMaxIterations(30).withMethod(method);
        return new SamplingDmftSolver().solve(p, o, null);
    }

    @Test
    void oneAndTwoThreadsAreBitIdentical() {
        for (SamplingOptions.Method m : SamplingOptions.Method.values()) {
            oneAndTwoThreads(m);
        }
    }

    private static void oneAndTwoThreads(SamplingOptions.Method m) {
        SamplingResult a = solve(1, 7, m);
        SamplingResult b = solve(2, 7, m);
        for (int t = 0; t < a.f().length; t++) {
            assertArrayEquals(a.f()[t], b.f()[t], 0.0);
            assertArrayEquals(a.fSe()[t], b.fSe()[t], 0.0);
            for (int i = 0; i < a.ntk()[t].length; i++) {
                assertArrayEquals(a.ntk()[t][i], b.ntk()[t][i], 0.0);
            }
        }
        assertArrayEquals(a.g()[0], b.g()[0], 0.0);
        assertEquals(a.report().iterations(), b.report().iterations());
        // and the seed matters
        SamplingResult c = solve(2, 8, m);
        assertNotEquals(a.f()[5][0], c.f()[5][0]);
    }
}
