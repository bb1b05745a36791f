package org.dln.numeric.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** erf against tabulated values and against an independent quadrature of 2/sqrt(pi) exp(-t^2). */
class ErfTest {

    /** Reference values (Abramowitz-Stegun table 7.1 / high-precision tables), relative tolerance a few ulp. */
    @ParameterizedTest
    @CsvSource({"0.1, 0.1124629160182849", "0.5, 0.5204998778130465", "1.0, 0.8427007929497149",
            "1.5, 0.9661051464753108", "2.0, 0.9953222650189527", "3.0, 0.9999779095030014"})
    void tabulated(double x, double erf) {
        assertEquals(erf, Erf.erf(x), 4e-16 * Math.abs(erf));
        assertEquals(-erf, Erf.erf(-x), 4e-16 * Math.abs(erf));
    }

    @Test
    void erfcTail() {
        // erfc(5) = 1.5374597944280349e-12, erfc(4) = 1.541725790028002e-08
        assertEquals(1.5374597944280349e-12, Erf.erfc(5.0), 1e-14 * 1.5374597944280349e-12 * 100);
        assertEquals(1.541725790028002e-08, Erf.erfc(4.0), 1e-13 * 1.541725790028002e-08);
    }

    /** Composite Simpson with 2e5 panels (truncation ~ h^4 ~ 1e-20; summation rounding ~ 1e-13) of the derivative. */
    @Test
    void agreesWithQuadratureOfItsDerivative() {
        for (double x : new double[] {0.3, 1.2, 2.4, 2.6, 3.7, 5.5}) {
            int m = 200_000;
            double h = x / m, s = 0;
            for (int i = 0; i <= m; i++) {
                double t = i * h;
                double w = (i == 0 || i == m) ? 1 : (i % 2 == 1 ? 4 : 2);
                s += w * Math.exp(-t * t);
            }
            double ref = Erf.TWO_OVER_SQRT_PI * s * h / 3;
            assertEquals(ref, Erf.erf(x), 5e-13, "erf(" + x + ")"); // summation rounding of 2e5 terms ~ 1e-13
        }
    }

    @Test
    void derivativesOfBuiltInsMatchFiniteDifferences() {
        for (Activation a : new Activation[] {Activations.IDENTITY, Activations.TANH, Activations.ERF, Activations.RELU}) {
            for (double x : new double[] {-1.7, -0.3, 0.4, 2.1}) {
                double h = 1e-5;
                double fd = (a.value(x + h) - a.value(x - h)) / (2 * h);
                assertEquals(fd, a.derivative(x), 1e-9, a.name() + " at " + x);
            }
        }
    }
}
