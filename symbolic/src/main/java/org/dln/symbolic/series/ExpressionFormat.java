package org.dln.symbolic.series;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dln.symbolic.series.ExpPoly.Mono;

/**
 * Text forms of {@link ExpPoly} and {@link Rational}: Symja/Mathematica input form (variables t, s), LaTeX and a
 * plain human form. Terms are grouped by their exponential factor, in canonical order, so equal objects print alike.
 */
public final class ExpressionFormat {
    private ExpressionFormat() { }

    /** Symja input form, e.g. "1/2*t^2*E^(-2*t)+1". */
    public static String symja(ExpPoly x) {
        return terms(x, SYMJA);
    }

    /**
     * SymPy form (needs {@code from sympy import Rational, exp, symbols} and the symbols t, s), e.g.
     * "Rational(1, 2)*t**2*exp(-2*t) + 1": rationals stay exact (Rational(a, b), never the float a/b).
     */
    public static String sympy(ExpPoly x) {
        return terms(x, SYMPY);
    }

    /** How one input syntax writes signs, coefficients, powers and the exponential factor. */
    private record Syntax(String plus, String minus, String leadingMinus, java.util.function.Function<Rational, String> coefficient,
                          String power, String expOpen) {
    }

    private static final Syntax SYMJA = new Syntax("+", "-", "-", a -> a.isInteger() ? a.toString() : "(" + a + ")", "^", "E^(");
    private static final Syntax SYMPY = new Syntax(" + ", " - ", "-", ExpressionFormat::sympy, "**", "exp(");

    /** The terms of {@code x} in canonical order, each coefficient*t^a*s^b*exp(-(p t + r s)) in the given syntax. */
    private static String terms(ExpPoly x, Syntax syn) {
        if (x.isZero()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Mono, Rational> e : x.sortedTerms()) {
            Mono m = e.getKey();
            Rational c = e.getValue();
            boolean first = sb.length() == 0;
            sb.append(c.signum() < 0 ? (first ? syn.leadingMinus() : syn.minus()) : (first ? "" : syn.plus()));
            Rational a = c.signum() < 0 ? c.negate() : c;
            List<String> f = new ArrayList<>();
            if (!a.equals(Rational.ONE) || (m.a() == 0 && m.b() == 0 && m.p() == 0 && m.r() == 0)) {
                f.add(syn.coefficient().apply(a));
            }
            if (m.a() > 0) {
                f.add(m.a() == 1 ? "t" : "t" + syn.power() + m.a());
            }
            if (m.b() > 0) {
                f.add(m.b() == 1 ? "s" : "s" + syn.power() + m.b());
            }
            String ex = exponent(m.p(), m.r(), "*");
            if (!ex.isEmpty()) {
                f.add(syn.expOpen() + ex + ")");
            }
            sb.append(String.join("*", f));
        }
        return sb.toString();
    }

    /** A rational in SymPy form: "3" for integers... as Rational(3) so that arithmetic stays exact, "Rational(-1, 4)". */
    public static String sympy(Rational r) {
        return r.denominator().equals(java.math.BigInteger.ONE) ? "Rational(" + r.numerator() + ")"
                : "Rational(" + r.numerator() + ", " + r.denominator() + ")";
    }

    /** Mathematica input form: the Symja form (Symja reads Mathematica syntax), e.g. "(1/2)*t^2*E^(-2*t)+1". */
    public static String mathematica(ExpPoly x) {
        return symja(x);
    }

    /** -(p t + r s) as text, e.g. "-2*t+s"; empty if p = r = 0. */
    private static String exponent(long p, long r, String times) {
        StringBuilder sb = new StringBuilder();
        if (p != 0) {
            sb.append(coefVar(-p, "t", times, true));
        }
        if (r != 0) {
            sb.append(coefVar(-r, "s", times, sb.length() == 0));
        }
        return sb.toString();
    }

    private static String coefVar(long c, String v, String times, boolean first) {
        String sign = c < 0 ? "-" : (first ? "" : "+");
        long a = Math.abs(c);
        return sign + (a == 1 ? "" : a + times) + v;
    }

    /** LaTeX, grouped by exponential: e.g. "\left(\frac{1}{2} t^{2} - t\right) e^{-2 t} + 1". */
    public static String latex(ExpPoly x) {
        if (x.isZero()) {
            return "0";
        }
        Map<String, List<Map.Entry<Mono, Rational>>> groups = new LinkedHashMap<>();
        for (Map.Entry<Mono, Rational> e : x.sortedTerms()) {
            Mono m = e.getKey();
            groups.computeIfAbsent(m.p() + "," + m.r(), k -> new ArrayList<>()).add(e);
        }
        StringBuilder sb = new StringBuilder();
        for (List<Map.Entry<Mono, Rational>> g : groups.values()) {
            Mono m0 = g.get(0).getKey();
            String ex = exponent(m0.p(), m0.r(), " ");
            String poly = latexPoly(g);
            String expPart = ex.isEmpty() ? "" : "e^{" + ex + "}";
            String piece;
            if (expPart.isEmpty()) {
                piece = poly;
            } else if (g.size() == 1) {
                String p = poly;
                if (p.equals("1")) {
                    piece = expPart;
                } else if (p.equals("-1")) {
                    piece = "-" + expPart;
                } else {
                    piece = p + "\\, " + expPart;
                }
            } else {
                piece = "\\left(" + poly + "\\right) " + expPart;
            }
            if (sb.length() > 0) {
                sb.append(piece.startsWith("-") ? " - " + piece.substring(1) : " + " + piece);
            } else {
                sb.append(piece);
            }
        }
        return sb.toString();
    }

    private static String latexPoly(List<Map.Entry<Mono, Rational>> terms) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Mono, Rational> e : terms) {
            Mono m = e.getKey();
            Rational c = e.getValue();
            boolean neg = c.signum() < 0;
            Rational a = neg ? c.negate() : c;
            String mon = (m.a() > 0 ? (m.a() == 1 ? "t" : "t^{" + m.a() + "}") : "")
                    + (m.b() > 0 ? (m.a() > 0 ? " " : "") + (m.b() == 1 ? "s" : "s^{" + m.b() + "}") : "");
            String coef = mon.isEmpty() || !a.equals(Rational.ONE) ? latex(a) : "";
            String piece = coef + (coef.isEmpty() || mon.isEmpty() ? "" : " ") + mon;
            if (sb.length() == 0) {
                sb.append(neg ? "-" : "").append(piece);
            } else {
                sb.append(neg ? " - " : " + ").append(piece);
            }
        }
        return sb.toString();
    }

    /** LaTeX of a rational: "\frac{p}{q}" or "p". */
    public static String latex(Rational r) {
        if (r.isInteger()) {
            return r.toString();
        }
        String s = r.signum() < 0 ? "-" : "";
        return s + "\\frac{" + r.numerator().abs() + "}{" + r.denominator() + "}";
    }

    /** Plain text, e.g. "1/2 t^2 exp(-2 t) + 1" (the Symja form with light spacing). */
    public static String plain(ExpPoly x) {
        return symja(x).replace("*", " ").replace("E^(", "exp(").replace("+", " + ").replace(")-", ") - ");
    }
}
