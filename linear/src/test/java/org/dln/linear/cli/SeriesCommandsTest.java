package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The series commands end to end: output formats, the exit codes of check --expr (symbolic part; the numeric part is
 * exercised by the report runs), guess on L = 1 (exact search), and bad input (exit 2, no stack trace).
 */
class SeriesCommandsTest {
    @Test
    void seriesTableInEveryFormat() {
        Outcome md = Outcome.run("series", "--depth", "1..2", "--order", "2");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().contains("| 1 | K(inf) | 2 | -1/4 y^4 |"), md.out());
        Outcome json = Outcome.run("series", "--depth", "1", "--order", "1", "--quantity", "f", "--format", "json");
        assertTrue(json.out().contains("\"schema\": \"dln-series\""));
        assertTrue(json.out().contains("\"expression\": \"1-E^(-2*t)\""), json.out());
        Outcome csv = Outcome.run("series", "--depth", "2", "--order", "1", "--quantity", "phi", "--format", "csv");
        assertEquals(1 + 2 * 2, csv.out().strip().split("\n").length, csv.out());
        Outcome tex = Outcome.run("series", "--depth", "1", "--order", "1", "--quantity", "ntk", "--format", "latex");
        assertTrue(tex.out().contains("\\begin{tabular}"));
        // notebook formats: the same exact rationals as the JSON document, in SymPy and Mathematica syntax
        Outcome py = Outcome.run("series", "--depth", "1", "--order", "2", "--format", "sympy");
        assertEquals(0, py.code(), py.err());
        assertTrue(py.out().contains("from sympy import Rational, exp, symbols"), py.out());
        assertTrue(py.out().contains("c[(1, 2)] = Rational(-1, 4)*y**4"), py.out());
        Outcome pyf = Outcome.run("series", "--depth", "1", "--order", "1", "--quantity", "f", "--format", "sympy");
        assertTrue(pyf.out().contains("c[(1, 0)] = (Rational(1) - exp(-2*t))*y"), pyf.out());
        Outcome mma = Outcome.run("series", "--depth", "1", "--order", "1", "--quantity", "f", "--format", "mathematica");
        assertTrue(mma.out().contains("c[1, 0] = (1-E^(-2*t))*y;"), mma.out());
        Outcome eq = Outcome.run("equations", "--depth", "2", "--order", "1", "--verify");
        assertEquals(0, eq.code(), eq.err());
        assertTrue(eq.out().contains("\\Delta_{1}(t) &="));
    }

    @Test
    void checkExprAcceptsTheClosedFormAndRejectsAWrongOneAtGammaFour() {
        Outcome ok = Outcome.run("closed-form", "2*Sqrt(1+g^2*y^2)", "--quantity", "ntk-final", "--depth", "1", "--order", "2", "--no-numeric");
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("verdict: PASS"));
        Outcome bad = Outcome.run("closed-form", "2+g^2*y^2", "--quantity", "ntk-final", "--depth", "1", "--order", "2", "--no-numeric");
        assertEquals(1, bad.code());
        assertTrue(bad.out().contains("first disagreement at gamma0^4"), bad.out());
    }

    @Test
    void badSeriesInputIsExitTwoWithTheField() {
        for (String[] args : new String[][] {
            {"series", "--depth", "0..2"},
            {"series", "--depth", "a"},
            {"series", "--quantity", "loss"},
            {"series", "--order", "-1"},
            {"closed-form", "2*Sqrt(1+g^2*z^2)", "--no-numeric"},
            {"closed-form", "2*Sqrt(1+g^2", "--no-numeric"},
            {"check", "only-result.json"},
        }) {
            Outcome o = Outcome.run(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertTrue(o.err().startsWith("dln: error: '"), o.err());
            assertFalse(o.err().contains("\tat "), o.err());
        }
    }

    @Test
    void guessFindsTheDepthOneRelation() {
        // numeric verification is exercised by the report runs (docs/reports/series/guess-L1.md); here the exact search only
        Outcome o = Outcome.run("guess", "--depth", "1", "--order", "7", "--no-verify");
        assertTrue(o.out().contains("candidate: K^2-4-4*Q = 0"), o.out());
        assertEquals(0, o.code(), o.out());
    }
}
