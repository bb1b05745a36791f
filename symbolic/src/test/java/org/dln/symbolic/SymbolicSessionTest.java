package org.dln.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The Symja session works and keeps exact arithmetic: the Taylor coefficients of the L = 1 final NTK
 * 2 sqrt(1 + q^2) (theory.md section 4) are 2 * binomial(1/2, k): 2, 1, -1/4, 1/8, -5/64 for q^0, q^2, ..., q^8.
 */
class SymbolicSessionTest {

    @Test
    void exactSeriesCoefficients() {
        try (SymbolicSession s = new SymbolicSession()) {
            String[] expected = {"2", "1", "-1/4", "1/8", "-5/64"};
            for (int k = 0; k < expected.length; k++) {
                String c = s.evaluate("SeriesCoefficient(2*Sqrt(1+q^2), {q, 0, " + (2 * k) + "})");
                assertEquals(expected[k], c, "coefficient of q^" + (2 * k));
                assertEquals(expected[k], s.evaluate("2*Binomial(1/2, " + k + ")"));
            }
            assertEquals(2 * Math.sqrt(2), s.evaluateNumber("2*Sqrt(1+1^2)"), 1e-15);
        }
    }
}
