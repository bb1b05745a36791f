package org.dln.linear.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.activation.Activations;
import org.junit.jupiter.api.Test;

/** Built-in names, Symja expressions compiled with their symbolic derivative, and the bad-input messages. */
class ActivationParserTest {

    @Test
    void builtIns() {
        assertSame(Activations.RELU, ActivationParser.parse("relu"));
        assertSame(Activations.IDENTITY, ActivationParser.parse("Identity"));
        assertSame(Activations.ERF, ActivationParser.parse("erf"));
    }

    /** The compiled expression and derivative against the closed forms written out by hand. */
    @Test
    void expressionAndDerivative() {
        Activation a = ActivationParser.parse("Tanh[x] + x^3/10 + Exp[-x^2]/2");
        Activation b = ActivationParser.parse("Erf[x/Sqrt[2]]");
        for (double x : new double[] {-2.3, -0.4, 0.0, 0.9, 1.7}) {
            double th = Math.tanh(x);
            assertEquals(th + x * x * x / 10 + Math.exp(-x * x) / 2, a.value(x), 1e-14);
            assertEquals(1 - th * th + 0.3 * x * x - x * Math.exp(-x * x), a.derivative(x), 1e-13);
            assertEquals(org.dln.numeric.activation.Erf.erf(x / Math.sqrt(2)), b.value(x), 1e-15);
            assertEquals(Math.sqrt(2 / Math.PI) * Math.exp(-x * x / 2), b.derivative(x), 1e-14);
        }
    }

    @Test
    void badInput() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ActivationParser.parse("softplus"));
        assertEquals(InputError.BAD_ACTIVATION, e.kind());
        assertEquals("activation", e.field());
        e = assertThrows(InvalidInputException.class, () -> ActivationParser.parse("x + y"));
        assertTrue(e.getMessage().contains("y"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> ActivationParser.parse("Tanh[x"));
        assertEquals(InputError.BAD_ACTIVATION, e.kind());
    }
}
