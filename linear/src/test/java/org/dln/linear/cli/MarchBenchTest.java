package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code dln bench march} on tiny sizes: the dense reference names the fastest multiply it measured (native BLAS or
 * EJML), each size is timed on one thread and on two, with GFLOP/s and the fraction of the dense rate, and the table of
 * the largest P T follows. Whether a native BLAS is installed or not, the command succeeds.
 */
class MarchBenchTest {

    @Test
    void tableHasBothThreadCountsAndTheFastestDenseRate() {
        Outcome o = Outcome.run("bench", "march", "-P", "2", "-T", "10,20", "--threads", "2", "--dense-size", "64", "--stream-mib", "4");
        assertEquals(0, o.code(), o.err());
        String out = o.out();
        assertTrue(out.contains("Fastest: "), out);
        assertTrue(out.contains("EJML"), out);
        assertTrue(out.contains("| 1 thread: wall (s) | GFLOP/s | of fastest dense, 1 thread | GB/s | of read bandwidth, 1 thread | 2 threads: wall (s) |"), out);
        assertTrue(out.contains("| speedup |"), out);
        assertTrue(out.contains("Memory bandwidth (STREAM-like"), out);
        assertTrue(out.contains("| GB (model) |") && out.contains("| GB/s | of read bandwidth, 1 thread |"), out);
        long rows = out.lines().filter(l -> l.startsWith("| 2 | 10 |") || l.startsWith("| 2 | 20 |")).count();
        assertEquals(2, rows, out);
        assertTrue(out.contains("Largest problem whose kernels fit"), out);
        for (String l : out.lines().filter(l -> l.startsWith("| 2 | 20 |")).toList()) {
            String[] cells = l.split("\\|");
            double gb = Double.parseDouble(cells[5].trim());
            double wall1 = Double.parseDouble(cells[6].trim()), rate1 = Double.parseDouble(cells[7].trim());
            double gbs = Double.parseDouble(cells[9].trim()), ofBw = Double.parseDouble(cells[10].trim());
            assertTrue(wall1 > 0 && rate1 > 0 && Double.isFinite(rate1), l);
            assertTrue(gb > 0 && gbs > 0 && ofBw > 0 && Double.isFinite(ofBw), l);
        }
    }
}
