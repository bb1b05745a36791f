package org.dln.numeric.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Neville's table against exact answers: polynomials are reproduced, and the Euler error series is removed order by order. */
class NevilleTableTest {

    /** A polynomial of degree k in h is extrapolated exactly from k + 1 levels (rounding only: 1e-13). */
    @Test
    void reproducesPolynomials() {
        NevilleTable t = new NevilleTable(4);
        for (int n = 1; n <= 4; n++) {
            double h = 1.0 / n;
            t.add(h, new double[] {2 - 3 * h + 5 * h * h - h * h * h, 7 + h});
        }
        assertEquals(2, t.best()[0], 1e-13);
        assertEquals(7, t.best()[1], 1e-13);
        assertEquals(7, t.belowBest()[1], 1e-13); // degree 1 is already exact through levels 1..3
        assertEquals(2, NevilleTable.extrapolate(new double[] {1, 0.5, 1.0 / 3, 0.25},
                new double[] {3, 2 - 1.5 + 1.25 - 0.125, 2 - 1 + 5.0 / 9 - 1.0 / 27, 2 - 0.75 + 5.0 / 16 - 1.0 / 64}, 4), 1e-13);
    }

    /**
     * (1 + h)^{1/h} -> e with an error series in h: with the harmonic steps 1/8, 1/16, ..., 1/64 each level gains about
     * one order (to about 4e-12 after 8 levels), and the estimate best - belowBest bounds the true error within a factor 10.
     */
    @Test
    void removesTheEulerErrorSeries() {
        NevilleTable t = new NevilleTable(8);
        double previous = Double.POSITIVE_INFINITY;
        for (int n = 8; n <= 64; n += 8) {
            double h = 1.0 / n;
            t.add(h, new double[] {Math.pow(1 + h, 1 / h)});
            double err = Math.abs(t.best()[0] - Math.E);
            if (t.levels() >= 2) {
                double est = Math.abs(t.best()[0] - t.belowBest()[0]);
                assertTrue(err <= 10 * est + 1e-15, "level " + t.levels() + ": error " + err + ", estimate " + est);
            }
            assertTrue(err < previous || err < 1e-13, "level " + t.levels() + ": " + err);
            previous = err;
        }
        // (1 + h) is rounded (1e-16 relative), amplified by 1/h in the power and by the table weights: a floor near 1e-12
        assertTrue(previous < 1e-10, "8 levels: " + previous);
        assertThrows(IllegalStateException.class, () -> t.add(1e-3, new double[] {1}));
    }
}
