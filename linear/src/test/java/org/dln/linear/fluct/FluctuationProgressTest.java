package org.dln.linear.fluct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dln.linear.dmft.SolveListener;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.api.Test;

/**
 * The deep fluctuation engines tell their progress in work units through the solver seam: the reports never decrease,
 * share one total and end at it. Descent: time t weighs (t + 1)^4, so T = 5 points total 1 + 16 + 81 + 256 + 625 = 979.
 * Flow: t = 0 weighs 1, a later time the work of 10 levels, sum_{j < 10} ((j + 1) N_0)^3 = 3025 N_0^3.
 */
class FluctuationProgressTest {

    private static List<long[]> recorder(List<long[]> seen, SolveListener[] out) {
        out[0] = new SolveListener() {
            @Override
            public void progress(String stage, long done, long total) {
                assertEquals(DeepFluctuations.STAGE, stage);
                seen.add(new long[] {done, total});
            }
        };
        return seen;
    }

    private static void assertEndsAtTotal(List<long[]> seen, long total) {
        assertTrue(seen.size() >= 2, "reports " + seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(total, seen.get(i)[1]);
            assertTrue(i == 0 || seen.get(i)[0] >= seen.get(i - 1)[0], "non-decreasing");
        }
        assertEquals(total, seen.get(seen.size() - 1)[0]);
    }

    @Test
    void descentReportsItsWork() {
        Problem p = FlowByExtrapolationTest.problem(2, 1, false).withTime(0.1, 5);
        SolveListener[] l = new SolveListener[1];
        List<long[]> seen = recorder(new ArrayList<>(), l);
        DeepFluctuations.unchecked().descent(p, l[0]);
        assertEquals(5, seen.size());
        assertEndsAtTotal(seen, 979);
    }

    @Test
    void flowReportsItsWork() {
        Problem p = FlowByExtrapolationTest.problem(2, 1, false);
        SolveListener[] l = new SolveListener[1];
        List<long[]> seen = recorder(new ArrayList<>(), l);
        double t = 0.3;
        long n0 = FlowByExtrapolation.firstSteps(FlowByExtrapolation.rateAlong(p, t), t);
        new FlowByExtrapolation(1e-8, DeepFluctuations.unchecked()).flow(p, new double[] {0, t}, l[0]);
        assertEndsAtTotal(seen, 1 + 3025 * n0 * n0 * n0);
    }
}
