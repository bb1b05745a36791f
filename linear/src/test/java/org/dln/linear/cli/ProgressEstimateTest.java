package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The progress estimate on a fake clock: a march whose step t really costs t^2 is projected exactly from its first
 * tenth, where counting steps would be off by a factor of about 100; the one-line estimate comes once, only for runs
 * projected above 10 s; the bar goes to the given stream whatever stdout is.
 */
class ProgressEstimateTest {

    /** A clock that the test advances, in nanoseconds. */
    private static final class FakeClock {
        long now = 1_000_000_000L;

        void advance(double seconds) {
            now += (long) (seconds * 1e9);
        }
    }

    @Test
    void quadraticWorkIsProjectedExactlyFromItsStart() {
        FakeClock clock = new FakeClock();
        ProgressEstimate e = new ProgressEstimate(WorkModel.QUADRATIC, () -> clock.now, clock.now);
        int total = 1000;
        double perUnit = 2e-7; // seconds per t^2: 1000 steps cost 2e-7 * sum t^2 = 66.8 s
        double truth = perUnit * WorkModel.QUADRATIC.cumulative(total);
        for (int t = 1; t <= 100; t++) {
            clock.advance(perUnit * t * (double) t);
        }
        // exact up to rounding of the fake clock to nanoseconds
        assertEquals(truth, e.projectedTotal(100, total), 1e-6 * truth);
        assertEquals(truth - e.elapsed(), e.remaining(100, total), 1e-6 * truth);
        // counting steps would have said: 10 % done, so 10 x the time spent, about a hundredth of the truth
        double naive = e.elapsed() / 0.1;
        assertTrue(naive < truth / 50, "uniform counting underestimates: " + naive + " vs " + truth);
        assertEquals(0.1 * 0.1 * 0.1, e.fraction(100, total), 2e-3, "a tenth of the steps is about a thousandth of the work");
    }

    @Test
    void uniformWorkIsProjectedLinearly() {
        FakeClock clock = new FakeClock();
        ProgressEstimate e = new ProgressEstimate(WorkModel.UNIFORM, () -> clock.now, clock.now);
        clock.advance(3.0);
        assertEquals(30.0, e.projectedTotal(2, 20), 1e-9);
        assertEquals(27.0, e.remaining(2, 20), 1e-9);
        assertTrue(Double.isNaN(e.projectedTotal(0, 20)), "no projection before any work");
    }

    @Test
    void theTotalIsAnnouncedOnceAndOnlyForLongRuns() {
        FakeClock clock = new FakeClock();
        ProgressEstimate e = new ProgressEstimate(WorkModel.UNIFORM, () -> clock.now, clock.now);
        clock.advance(0.5);
        assertNull(e.announcement("flow", 1, 100), "not before a second of measurement");
        clock.advance(0.7);
        String line = e.announcement("flow", 1, 100);
        assertNotNull(line, "1.2 s for 1 % projects 2 min");
        assertTrue(line.contains("about 2 min 00 s in all"), line);
        assertNull(e.announcement("flow", 2, 100), "once");

        FakeClock fast = new FakeClock();
        ProgressEstimate short_ = new ProgressEstimate(WorkModel.UNIFORM, () -> fast.now, fast.now);
        fast.advance(1.5);
        assertNull(short_.announcement("flow", 50, 100), "3 s projected: nothing to announce");
        assertNull(short_.announcement("flow", 100, 100), "finished: nothing to announce");
    }

    @Test
    void durationsAndSizesReadAsText() {
        assertEquals("8 s", ProgressEstimate.duration(8.2));
        assertEquals("2 min 20 s", ProgressEstimate.duration(140));
        assertEquals("1 h 05 min", ProgressEstimate.duration(3900));
        assertEquals("1.8 GiB", ProgressEstimate.bytes((long) (1.8 * (1L << 30))));
        assertEquals("340 MiB", ProgressEstimate.bytes(340L << 20));
    }

    @Test
    void theBarIsWeightedByWorkAndGoesToStderr() {
        FakeClock clock = new FakeClock();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Progress p = new Progress("solve", 1, err, () -> clock.now, true);
        int total = 1000;
        for (int t = 1; t <= 500; t++) {
            clock.advance(1e-6 * t * (double) t);
            p.progress("solve", t, total);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        String lastBar = out.substring(out.lastIndexOf('\r') + 1);
        // half the steps are an eighth of the work (sum of t^2): 12.5 %, not 50 %
        assertTrue(lastBar.contains(" 12.5%"), lastBar);
        assertFalse(out.contains(" 50.0%"), out);
        // the whole run is 333.8 s: announced once (> 10 s) after the first second, exactly; 4 min 52 s left at the end
        assertTrue(out.contains("dln: solve: about 5 min 34 s in all, 5 min 33 s left"), out);
        assertTrue(lastBar.contains("4 min 52 s left"), lastBar);
        assertEquals(out.indexOf("in all"), out.lastIndexOf("in all"), "announced once");
    }

    @Test
    void noBarAndNoAnnouncementAfterAnEstimateBeforehand() {
        FakeClock clock = new FakeClock();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress("solve", 1, new PrintStream(buf, true, StandardCharsets.UTF_8), () -> clock.now, false)
                .estimatedBeforehand();
        for (int t = 1; t <= 100; t++) {
            clock.advance(1.0);
            p.progress("solve", t, 1000);
        }
        assertEquals("", buf.toString(StandardCharsets.UTF_8), "stderr not a terminal: no bar; estimate given before");
    }

    @Test
    void marchEstimateFollowsTheFlopCount() {
        // the factored march, L = 3, S = 8, T = 1000: L T^3 (S (3L + 1) + 3L + 5) / 3 = 3 10^9 (80 + 14) / 3 = 94 GFLOP;
        // at 5 GFLOP/s pure-Java dense and 0.3 of it: 62.7 s
        assertEquals(94e9, MarchEstimate.flops(8, 1000, 3), 1e3);
        assertEquals(94.0 / 1.5, MarchEstimate.seconds(8, 1000, 3, 5.0), 1e-9);
        assertNull(MarchEstimate.line("solve", 3, 81, 2, 5.0), "the default problem: no estimate line");
        String line = MarchEstimate.line("solve", 8, 1000, 3, 5.0);
        assertTrue(line.startsWith("solve: estimated about 1 min 03 s and "), line);
        assertTrue(line.contains("MiB"), line);
        // a busy machine: one thread got 0.125 of a core while measuring, the march's 2 threads about 0.25 cores in
        // all, so 4 x the idle estimate (62.7 s -> 251 s); an idle machine is counted as one core, not two
        assertEquals(0.25, MarchEstimate.cores(0.125, 2), 1e-15);
        assertEquals(1.0, MarchEstimate.cores(1.0, 2), 1e-15);
        assertEquals(94.0 / 1.5 * 4, MarchEstimate.seconds(8, 1000, 3, 5.0, MarchEstimate.cores(0.125, 2)), 1e-9);
        // load average 20 on 2 cores: the march's 2 threads get 2 x 2 / 22 = 0.18 cores, whatever one thread got
        assertEquals(4.0 / 22.0, MarchEstimate.cores(0.36, 2, 20.0, 2), 1e-15);
        assertEquals(1.0, MarchEstimate.cores(1.0, 2, 0.3, 2), 1e-15, "an idle machine: one core");
        assertEquals(0.25, MarchEstimate.cores(0.125, 2, -1, 2), 1e-15, "no load average: the measured share");
        String busy = MarchEstimate.line("solve", 8, 1000, 3, 5.0, 0.25);
        assertTrue(busy.startsWith("solve: estimated about 4 min 11 s and "), busy);
        MarchEstimate.Rate r = MarchEstimate.measureRate();
        assertTrue(r.peak() > 0 && r.share() > 0 && r.share() <= 1, r.toString());
    }

    @Test
    void nativeKernelsAreEstimatedFromTheNativeRate() {
        // with the native BLAS the factored march is estimated at 0.25 of the native dense rate: at T = 2000,
        // 752 GFLOP at 0.25 x 50 GFLOP/s = 60.2 s; at T = 1000 (94 GFLOP, 7.5 s) no line (under 10 s)
        String line = MarchEstimate.line("solve", 8, 2000, 3, 50.0, 1.0, true);
        assertTrue(line.startsWith("solve: estimated about 1 min 00 s and "), line);
        assertTrue(line.contains("native BLAS dense multiply rate"), line);
        assertNull(MarchEstimate.line("solve", 8, 1000, 3, 50.0, 1.0, true));
        assertTrue(MarchEstimate.line("solve", 8, 1000, 3, 5.0).contains("pure-Java dense multiply rate"));
        // the dense march (--full-kernels): (7/3) L S^2 T^3 = 448 GFLOP at 0.24 x 50 GFLOP/s = 37.3 s, with its n x n
        // kernels' memory
        String dense = MarchEstimate.line("solve", 8, 1000, 3, 50.0, 1.0, true, true);
        assertTrue(dense.startsWith("solve: estimated about 37 s and "), dense);
        assertTrue(dense.contains("448 GFLOP = (7/3) L S^2 T^3 (dense march)") && dense.contains("GiB"), dense);
        MarchEstimate.Rate r = MarchEstimate.measureRate(dev.ludovic.netlib.blas.JavaBLAS.getInstance());
        assertTrue(r.peak() > 0 && r.share() > 0 && r.share() <= 1, r.toString());
    }
}
