package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Python spellings of a claimed closed form become Symja's before Symja starts; what cannot be read is refused at
 * once (exit 2 in well under a second, where Symja's start alone takes 8 s or more).
 */
class ExpressionSpellingTest {
    private static final Set<String> GY = Set.of("g", "y");
    private static final Set<String> GYT = Set.of("g", "y", "t");

    @Test
    void pythonSpellingsAreTranslated() {
        assertEquals("2*Sqrt(1 + g^2*y^2)", ExpressionSpelling.toSymja("2*np.sqrt(1 + gamma0**2*y**2)", GY));
        assertEquals("Exp(-2*t)*Log(1+g) + Pi", ExpressionSpelling.toSymja("math.exp(-2*t)*log(1+g) + pi", GYT));
        assertEquals("(1/4)*g^4 - (-3/2)*y", ExpressionSpelling.toSymja("Rational(1, 4)*g**4 - Rational(-3, 2)*y", GY));
        assertEquals("(25*10^(-4))*g", ExpressionSpelling.toSymja("25e-4*g", GY), "an exponent is not the constant e");
        assertEquals("E^g", ExpressionSpelling.toSymja("e^g", GY));
        // Symja and Mathematica spellings pass unchanged
        assertEquals("Exp[Exp[g]]", ExpressionSpelling.toSymja("Exp[Exp[g]]", GY));
        assertEquals("Gamma(1+g)", ExpressionSpelling.toSymja("Gamma(1+g)", GY));
        assertEquals("2*Sqrt(1+g^2*y^2)", ExpressionSpelling.toSymja("2*Sqrt(1+g^2*y^2)", GY));
    }

    @Test
    void unreadableExpressionsAreRefusedWithTheReason() {
        assertTrue(message("2*sqrt(1+g**2*y[0]**2)", GY).contains("'y[' indexes a variable"));
        assertTrue(message("[g, y]", GY).contains("'[' that does not follow a function name"));
        assertTrue(message("Exp[g)", GY).contains("without its"));
        assertTrue(message("2*foo(g)", GY).contains("unknown function 'foo'"));
        assertTrue(message("2*z", GY).contains("unknown symbol 'z'"));
        assertTrue(message("exp(-t)", GY).contains("unknown symbol 't'"), "t is not a variable of ntk-final");
        assertTrue(message("sqrt(1+g", GY).contains("'(' without"));
        assertTrue(message("{g}", GY).contains("'{'"));
        assertTrue(message("K = 2", GY).contains("'='"));
        assertTrue(message("lambda g: g", GY).contains("lambda") || message("lambda g: g", GY).contains("characters"));
    }

    @Test
    void closedFormRefusesAtOnceWithExitTwo() {
        long t0 = System.nanoTime();
        Outcome o = Outcome.run("closed-form", "2*sqrt(1+g**2*y[0]**2)", "--no-numeric");
        double seconds = (System.nanoTime() - t0) * 1e-9;
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("dln: error: 'expr'"), o.err());
        assertFalse(o.err().contains("Symja's rules"), "refused before Symja loads: " + o.err());
        assertTrue(seconds < 5, "refused at once, took " + seconds + " s");
    }

    @Test
    void checkExprNamesTheCommandThatChecksClosedForms() {
        // the former spelling 'dln check --expr' is refused at once with exit 2, naming dln closed-form
        Outcome o = Outcome.run("check", "--expr", "g**2");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("dln closed-form \"g**2\""), o.err());
    }

    private static String message(String expr, Set<String> vars) {
        return assertThrows(IllegalArgumentException.class, () -> ExpressionSpelling.toSymja(expr, vars)).getMessage();
    }
}
