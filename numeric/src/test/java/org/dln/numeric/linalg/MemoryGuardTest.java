package org.dln.numeric.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.numeric.dmft.SamplingDmftSolver;
import org.dln.numeric.simulation.FiniteWidthSimulator;
import org.junit.jupiter.api.Test;

/** Saturating size arithmetic and the blame of the dimension that makes an estimate large. */
class MemoryGuardTest {
    @Test
    void productsAndSumsSaturateInsteadOfWrapping() {
        assertEquals(6, MemoryGuard.times(2, 3));
        assertEquals(0, MemoryGuard.times(0, Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, MemoryGuard.times(3_000_000_000L, 3_000_000_000L, 3_000_000_000L));
        assertEquals(Long.MAX_VALUE, MemoryGuard.plus(Long.MAX_VALUE - 1, 2));
        assertEquals(Long.MAX_VALUE, MemoryGuard.doubles(Long.MAX_VALUE / 4));
        assertThrows(IllegalArgumentException.class, () -> MemoryGuard.times(-1, 2));
        assertEquals("7.3e12", MemoryGuard.format(7_300_000_000_000L));
        assertEquals("more than 9.2e18", MemoryGuard.format(Long.MAX_VALUE));
    }

    @Test
    void blameFindsTheDimensionWhoseReductionHelpsMost() {
        // bytes = 8 (L + 1) (P T)^2 with P = 2, T = 10^9, L = 1: T is to blame; with T = 10, L = 2^31 - 1: L
        assertEquals(1, MemoryGuard.blame(d -> MemoryGuard.doubles(MemoryGuard.times(d[2] + 1, d[0] * d[1], d[0] * d[1])),
                new long[] {2, 1_000_000_000L, 1}, new long[] {1, 1, 1}));
        assertEquals(2, MemoryGuard.blame(d -> MemoryGuard.doubles(MemoryGuard.times(d[2] + 1, d[0] * d[1], d[0] * d[1])),
                new long[] {2, 10, Integer.MAX_VALUE}, new long[] {1, 1, 1}));
    }

    @Test
    void estimatesOfTheNumericSolversUseLongArithmetic() {
        // n = P T = 2 * 10^9 overflowed an int: the estimates stay positive and saturate
        assertEquals(Long.MAX_VALUE, SamplingDmftSolver.bytesNeeded(2, 1_000_000_000L, 2));
        assertTrue(SamplingDmftSolver.largestArray(2, 1_000_000_000L) > MemoryGuard.MAX_ARRAY);
        assertTrue(FiniteWidthSimulator.bytesNeeded(4, 0, 16, 1_000_000, 2, 100, 8, 2) > 8L * 1_000_000 * 1_000_000);
        assertEquals(8L * 4 * 2 * 40 * 40, SamplingDmftSolver.bytesNeeded(4, 10, 2));
    }
}
