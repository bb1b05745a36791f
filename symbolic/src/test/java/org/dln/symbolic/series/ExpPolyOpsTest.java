package org.dln.symbolic.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.dln.symbolic.SymbolicSession;
import org.junit.jupiter.api.Test;

/**
 * The exact integrator of {@link ExpPolyOps} against independent references: the primitive Int_0^t u^n e^{-k u} du
 * against Symja's Integrate (compared exactly: Symja simplifies the difference to 0), and the three kernel products
 * on random terms against composite Simpson quadrature (2000 panels on smooth integrands of size O(10) on [0, 1.3]:
 * error ~1e-11, tolerance 1e-8).
 */
class ExpPolyOpsTest {

    @Test
    void primitiveMatchesSymjaIntegrate() {
        try (SymbolicSession symja = new SymbolicSession()) {
            int[][] cases = {{0, 0}, {3, 2}, {2, -1}};
            for (int[] c : cases) {
                ExpPoly ours = ExpPolyOps.integralFromZero(c[0], c[1]);
                String ref = "Integrate(u^" + c[0] + "*E^(" + (-c[1]) + "*u), {u, 0, t})";
                String d = symja.evaluate("Simplify(ExpandAll((" + ref + ") - (" + ExpressionFormat.symja(ours) + ")))");
                assertEquals("0", d, "Int_0^t u^" + c[0] + " e^(-" + c[1] + " u) du = " + ours);
            }
        }
    }

    private static ExpPoly random(Random rnd, int terms) {
        ExpPoly.Builder b = new ExpPoly.Builder();
        for (int i = 0; i < terms; i++) {
            Rational c = Rational.of(rnd.nextInt(19) - 9, 1 + rnd.nextInt(5));
            b.add(new ExpPoly.Mono(rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(4) - 1, rnd.nextInt(4) - 1), c);
        }
        return b.build();
    }

    private static double simpson(DoubleUnaryOperator f, double lo, double hi) {
        int n = 2000;
        double h = (hi - lo) / n;
        double s = f.applyAsDouble(lo) + f.applyAsDouble(hi);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(lo + i * h);
        }
        return s * h / 3;
    }

    @Test
    void productsMatchQuadrature() {
        Random rnd = new Random(4);
        double t = 1.3;
        double s = 0.4;
        for (int trial = 0; trial < 20; trial++) {
            ExpPoly x = random(rnd, 3);
            ExpPoly y = random(rnd, 3);
            double vv = simpson(u -> x.value(t, u) * y.value(u, s), s, t);
            assertEquals(vv, ExpPolyOps.volterraVolterra(x, y).value(t, s), 1e-8, "V V");
            double vf = simpson(u -> x.value(t, u) * y.value(u, s), 0, t);
            assertEquals(vf, ExpPolyOps.volterraFull(x, y).value(t, s), 1e-8, "V F");
            double fv = simpson(v -> x.value(t, v) * y.value(s, v), 0, s);
            assertEquals(fv, ExpPolyOps.fullVolterraT(x, y).value(t, s), 1e-8, "F V^T");
        }
    }

    @Test
    void linearOdeSolutionSatisfiesTheOde() {
        Random rnd = new Random(7);
        ExpPoly.Builder b = new ExpPoly.Builder();
        for (int i = 0; i < 4; i++) {
            b.add(new ExpPoly.Mono(rnd.nextInt(3), 0, rnd.nextInt(5) - 1, 0), Rational.of(rnd.nextInt(9) - 4, 1 + rnd.nextInt(3)));
        }
        b.add(new ExpPoly.Mono(1, 0, 3, 0), Rational.ONE); // resonant with the decay rate
        ExpPoly h = b.build();
        ExpPoly x = ExpPolyOps.solveLinearOde(3, h, Rational.of(2, 3));
        assertTrue(x.derivative().add(x.scale(Rational.of(3))).subtract(h).isZero(), "x' + 3 x - h == 0");
        assertEquals(Rational.of(2, 3), x.atZero());
        assertEquals(x.subtract(ExpPoly.constant(x.atZero())), ExpPolyOps.integrate(x.derivative()));
    }
}
