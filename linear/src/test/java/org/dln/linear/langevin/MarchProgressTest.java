package org.dln.linear.langevin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The march tells its progress in work units (row t of a level weighs (t + 1)^2): the reports never decrease, share one
 * total, and the last one is the total: sum over the levels of K n (K n + 1)(2 K n + 1) / 6 plus the same for K n + 1
 * points (here K = 10 base steps, harmonic n = 1, 2, 3: 11, 21, 31 points, 506 + 3311 + 10416 = 14233); the discrete
 * march reports once per level.
 */
class MarchProgressTest {

    @ParameterizedTest
    @ValueSource(doubles = {LangevinEngine.TRAPEZOID, LangevinEngine.DISCRETE})
    void workReportsEndAtTheTotal(double scheme) {
        Problem p = LangevinLimitsTest.scaled(2, 1.0, 0.5);
        LangevinParameters par = new LangevinParameters(1, 1, 1, 1, 1, 10, 0, 1e-12);
        List<long[]> seen = new ArrayList<>();
        LangevinEngine.runMarch(p, par, new double[] {0.1, 3, scheme, LangevinEngine.HARMONIC, 1},
                (done, total) -> seen.add(new long[] {done, total}));
        long total = 506 + 3311 + 10416;
        assertTrue(seen.size() >= 3, "reports " + seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(total, seen.get(i)[1]);
            assertTrue(i == 0 || seen.get(i)[0] >= seen.get(i - 1)[0]);
        }
        assertEquals(total, seen.get(seen.size() - 1)[0]);
    }
}
