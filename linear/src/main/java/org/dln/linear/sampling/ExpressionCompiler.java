package org.dln.linear.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.dln.numeric.activation.Erf;

/**
 * Compiles a Symja FullForm expression in the one variable {@code x} (e.g. {@code Plus[x,Times[Rational[1,10],Power[x,3]]]})
 * into a tree of Java lambdas: pure Java, immutable, thread-safe, no Symja at evaluation time.
 *
 * <p>Heads: Plus, Times, Power, Rational, Exp, Log, Sqrt, Sin, Cos, Tan, Sinh, Cosh, Tanh, Sech, Csch, Coth, Sec, Csc,
 * Cot, ArcTan, ArcSinh, Abs, Erf, Erfc; constants Pi, E, integers and reals. Anything else raises
 * {@link IllegalArgumentException} naming the unsupported head or symbol.
 */
final class ExpressionCompiler {

    private final String src;
    private int pos;

    private ExpressionCompiler(String src) {
        this.src = src;
    }

    /** @return the compiled function of x */
    static DoubleUnaryOperator compile(String fullForm) {
        ExpressionCompiler c = new ExpressionCompiler(fullForm.replace(" ", ""));
        DoubleUnaryOperator f = c.parse();
        if (c.pos != c.src.length()) {
            throw new IllegalArgumentException("unexpected '" + c.src.substring(c.pos) + "' in " + fullForm);
        }
        return f;
    }

    private DoubleUnaryOperator parse() {
        int start = pos;
        while (pos < src.length() && "[](),".indexOf(src.charAt(pos)) < 0) {
            pos++;
        }
        String token = src.substring(start, pos);
        if (pos < src.length() && (src.charAt(pos) == '[' || src.charAt(pos) == '(')) {
            char close = src.charAt(pos) == '[' ? ']' : ')';
            pos++;
            List<DoubleUnaryOperator> args = new ArrayList<>();
            List<String> raw = new ArrayList<>();
            while (pos < src.length() && src.charAt(pos) != close) {
                int a0 = pos;
                args.add(parse());
                raw.add(src.substring(a0, pos));
                if (pos < src.length() && src.charAt(pos) == ',') {
                    pos++;
                }
            }
            pos++;
            return head(token, args, raw);
        }
        return atom(token);
    }

    private static DoubleUnaryOperator atom(String t) {
        if (t.equals("x")) {
            return x -> x;
        }
        if (t.equals("Pi")) {
            return x -> Math.PI;
        }
        if (t.equals("E")) {
            return x -> Math.E;
        }
        try {
            double v = Double.parseDouble(t.replace("*^", "e"));
            return x -> v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown symbol '" + t + "' (the activation must be a function of x alone)");
        }
    }

    private static DoubleUnaryOperator head(String h, List<DoubleUnaryOperator> a, List<String> raw) {
        switch (h) {
            case "Plus": {
                DoubleUnaryOperator[] t = a.toArray(new DoubleUnaryOperator[0]);
                return x -> {
                    double s = 0;
                    for (DoubleUnaryOperator f : t) {
                        s += f.applyAsDouble(x);
                    }
                    return s;
                };
            }
            case "Times": {
                DoubleUnaryOperator[] t = a.toArray(new DoubleUnaryOperator[0]);
                return x -> {
                    double s = 1;
                    for (DoubleUnaryOperator f : t) {
                        s *= f.applyAsDouble(x);
                    }
                    return s;
                };
            }
            case "Rational": {
                arity(h, a, 2);
                double v = a.get(0).applyAsDouble(0) / a.get(1).applyAsDouble(0);
                return x -> v;
            }
            case "Power": {
                arity(h, a, 2);
                DoubleUnaryOperator b = a.get(0), e = a.get(1);
                String er = raw.get(1);
                if (er.matches("-?\\d+")) {
                    int k = Integer.parseInt(er);
                    return x -> intPow(b.applyAsDouble(x), k);
                }
                if (raw.get(0).equals("E")) {
                    return x -> Math.exp(e.applyAsDouble(x));
                }
                return x -> Math.pow(b.applyAsDouble(x), e.applyAsDouble(x));
            }
            default:
                arity(h, a, 1);
                DoubleUnaryOperator g = a.get(0);
                DoubleUnaryOperator f = unary(h);
                return x -> f.applyAsDouble(g.applyAsDouble(x));
        }
    }

    private static DoubleUnaryOperator unary(String h) {
        switch (h) {
            case "Exp": return Math::exp;
            case "Log": return Math::log;
            case "Sqrt": return Math::sqrt;
            case "Sin": return Math::sin;
            case "Cos": return Math::cos;
            case "Tan": return Math::tan;
            case "Sinh": return Math::sinh;
            case "Cosh": return Math::cosh;
            case "Tanh": return Math::tanh;
            case "Sech": return v -> 1.0 / Math.cosh(v);
            case "Csch": return v -> 1.0 / Math.sinh(v);
            case "Coth": return v -> 1.0 / Math.tanh(v);
            case "Sec": return v -> 1.0 / Math.cos(v);
            case "Csc": return v -> 1.0 / Math.sin(v);
            case "Cot": return v -> 1.0 / Math.tan(v);
            case "ArcTan": return Math::atan;
            case "ArcSinh": return v -> Math.log(v + Math.sqrt(v * v + 1));
            case "Abs": return Math::abs;
            case "Erf": return Erf::erf;
            case "Erfc": return Erf::erfc;
            default:
                throw new IllegalArgumentException(String.format(Locale.ROOT, "unsupported function '%s' (supported: Plus, Times, Power, "
                        + "Exp, Log, Sqrt, Sin, Cos, Tan, Sinh, Cosh, Tanh, Sech, ArcTan, ArcSinh, Abs, Erf, Erfc)", h));
        }
    }

    private static void arity(String h, List<DoubleUnaryOperator> a, int n) {
        if (a.size() != n) {
            throw new IllegalArgumentException(h + " with " + a.size() + " arguments is not supported");
        }
    }

    private static double intPow(double b, int k) {
        if (k < 0) {
            return 1.0 / intPow(b, -k);
        }
        double r = 1;
        for (int i = 0; i < k; i++) {
            r *= b;
        }
        return r;
    }
}
