package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.solver.CausalMarchingSolver;
import org.junit.jupiter.api.Test;

/**
 * {@code dln bench march} on tiny sizes: the dense reference names the fastest multiply it measured (native BLAS or
 * EJML), each size is timed on one thread and on two, with GFLOP/s, the fraction of the dense rate and the rate in the
 * dense march's count, the dense march beside it with --dense, and the table of the largest P T follows. Whether a
 * native BLAS is installed or not, the command succeeds.
 */
class MarchBenchTest {

    @Test
    void tableHasBothThreadCountsAndTheFastestDenseRate() {
        Outcome o = Outcome.run("bench", "march", "-P", "2", "-T", "10,20", "--threads", "2", "--dense-size", "64", "--stream-mib", "4",
                "--dense");
        assertEquals(0, o.code(), o.err());
        String out = o.out();
        assertTrue(out.contains("Fastest: "), out);
        assertTrue(out.contains("EJML"), out);
        assertTrue(out.contains("| GFLOP | GFLOP (dense count) | 1 thread: wall (s) | GFLOP/s | of fastest dense, 1 thread "
                + "| dense-count GFLOP/s | 2 threads: wall (s) |"), out);
        assertTrue(out.contains("| speedup | dense march, 2 threads (s) | its GB/s (traffic model) | factored speedup |"), out);
        assertTrue(out.contains("Memory bandwidth (STREAM-like"), out);
        long rows = out.lines().filter(l -> l.startsWith("| 2 | 10 |") || l.startsWith("| 2 | 20 |")).count();
        assertEquals(2, rows, out);
        assertTrue(out.contains("Largest problem whose arrays fit"), out);
        for (String l : out.lines().filter(l -> l.startsWith("| 2 | 20 |")).toList()) {
            String[] cells = l.split("\\|");
            double gflop = Double.parseDouble(cells[4].trim()), gflopDense = Double.parseDouble(cells[5].trim());
            // the two counts as documented: L T^3 (S (3L+1) + 3L+5)/3 and (7/3) L S^2 T^3 at S = 2, T = 20, L = 3
            assertEquals(3 * 8000 * (2 * 10 + 14) / 3.0 * 1e-9, gflop, 0.006, l);
            assertEquals(CausalMarchingSolver.denseFlops(2, 20, 3) * 1e-9, gflopDense, 0.06, l);
            double wall1 = Double.parseDouble(cells[6].trim()), rate1 = Double.parseDouble(cells[7].trim());
            double denseRate1 = Double.parseDouble(cells[9].trim()), wallDense = Double.parseDouble(cells[15].trim());
            double denseGbs = Double.parseDouble(cells[16].trim());
            assertTrue(wall1 > 0 && rate1 > 0 && Double.isFinite(rate1) && denseRate1 > 0, l);
            assertTrue(wallDense > 0 && Double.isFinite(wallDense) && denseGbs > 0 && Double.isFinite(denseGbs), l);
        }
    }
}
