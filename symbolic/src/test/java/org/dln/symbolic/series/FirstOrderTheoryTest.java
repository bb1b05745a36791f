package org.dln.symbolic.series;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dln.symbolic.SymbolicSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first-order layer coefficients derived with Symja's closed-form sums, checked against (1) the layer recursions
 * summed term by term in exact arithmetic and (2) the independent exact perturbation series for one sample, whose
 * O(gamma0^2) coefficients of Phi^l(t,t), G^l(t,t) and K(t) must equal phi_l U^2, g_l V^2 and 2 k_L V^2 with
 * V = U = (1 - e^{-(L+1) t}) / (L + 1) (Kx = 1, y = 1) exactly, as exponential polynomials.
 */
class FirstOrderTheoryTest {
    private static SymbolicSession symja;

    @BeforeAll
    static void open() {
        symja = new SymbolicSession();
    }

    @AfterAll
    static void close() {
        symja.close();
    }

    @Test
    void closedFormSumsEqualTheRecursionsSummedTermByTerm() {
        for (int depth = 1; depth <= 7; depth++) {
            FirstOrderTheory th = FirstOrderTheory.derive(symja, depth);
            Rational ntkPhi = Rational.ZERO, ntkG = Rational.ZERO;
            for (int l = 1; l <= depth; l++) {
                Rational phi = Rational.ZERO, g = Rational.ZERO;
                for (int k = 1; k <= l; k++) {           // C^k = k c, D^k = (L+1-k) d
                    phi = phi.add(Rational.of((long) k * k + (long) k * (depth + 1 - k)));
                }
                for (int k = l; k <= depth; k++) {
                    g = g.add(Rational.of((long) (depth + 1 - k) * (depth + 1 - k) + (long) k * (depth + 1 - k)));
                }
                assertEquals(phi, th.phi(l), "phi_" + l + " at L = " + depth);
                assertEquals(g, th.g(l), "g_" + l + " at L = " + depth);
                ntkPhi = ntkPhi.add(phi);
                ntkG = ntkG.add(g);
            }
            assertEquals(ntkPhi, th.ntk(), "k_L as the sum of phi_l, L = " + depth);
            assertEquals(ntkG, th.ntk(), "k_L as the sum of g_{l+1}, L = " + depth);
        }
    }

    @Test
    void oneSampleCoefficientsEqualTheExactSeries() {
        for (int depth = 1; depth <= 4; depth++) {
            FirstOrderTheory th = FirstOrderTheory.derive(symja, depth);
            PerturbationSeries series = PerturbationSeries.solve(depth, 1);
            // V(t) = U(t) = (1 - e^{-(L+1) t}) / (L+1) for Kx = 1, y = 1, loss scale 1
            Rational inv = Rational.of(1, depth + 1);
            ExpPoly v = ExpPoly.constant(inv).subtract(ExpPoly.term(inv, 0, 0, depth + 1, 0));
            ExpPoly v2 = v.multiply(v);
            assertEquals(v2.scale(th.ntk().multiply(2)).terms(), series.ntk(1).terms(), "K_1(t), L = " + depth);
            for (int l = 1; l <= depth; l++) {
                assertEquals(v2.scale(th.phi(l)).terms(), series.phi(l, 1).terms(), "Phi^" + l + "_1(t,t), L = " + depth);
                assertEquals(v2.scale(th.g(l)).terms(), series.g(l, 1).terms(), "G^" + l + "_1(t,t), L = " + depth);
            }
            // the final-NTK coefficient L(L+2)/3 y^2 (observed in the series table, now derived)
            assertEquals(Rational.of((long) depth * (depth + 2), 3), th.ntk().multiply(2).multiply(inv).multiply(inv));
        }
    }
}
