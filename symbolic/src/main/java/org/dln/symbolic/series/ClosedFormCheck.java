package org.dln.symbolic.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dln.symbolic.SymbolicSession;

/**
 * Checks a claimed closed form (a Symja expression in g = gamma0, y and, for time-dependent quantities, t) against the
 * exact perturbation series: Symja's Series in g and its SeriesCoefficient at orders 0..2K must vanish at odd orders and equal the
 * computed coefficient X_k(t) y^p at order 2k. Each order is decided by Simplify(claimed - computed) == 0; when Symja
 * cannot simplify the difference to 0 it is evaluated at three points (y, t) and called equal only if all three
 * vanish to 1e-12 relative ("numerically").
 */
public final class ClosedFormCheck {
    private ClosedFormCheck() { }

    /** The verdict at one power of gamma0. */
    public record OrderCheck(int gammaPower, String claimed, String computed, boolean agrees, String how) { }

    /** All orders; {@code firstDisagreement} is the first power of gamma0 that disagrees, or -1. */
    public record Result(List<OrderCheck> orders, int firstDisagreement) {
        public boolean agrees() { return firstDisagreement < 0; }
    }

    /** The variables the expression may use for this quantity. */
    public static Set<String> allowedVariables(SeriesQuantity q) {
        return q.timeDependent() ? Set.of("g", "y", "t") : Set.of("g", "y");
    }

    /**
     * Parses the expression and returns null if it is usable, else the reason (syntax error, or a variable other
     * than the allowed ones).
     */
    public static String problemWith(SymbolicSession s, String expr, SeriesQuantity q) {
        String vars;
        try {
            vars = s.evaluate("Variables(" + expr + ")");
        } catch (org.dln.symbolic.SymbolicSession.BudgetExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            return "Symja cannot parse it (" + e.getMessage() + ")";
        }
        if (vars.contains("Syntax") || !vars.startsWith("{")) {
            return "Symja cannot parse it (" + vars + ")";
        }
        String inner = vars.substring(1, vars.length() - 1).trim();
        if (inner.isEmpty()) {
            return null;
        }
        for (String v : inner.split(",")) {
            if (!allowedVariables(q).contains(v.trim())) {
                return "unknown symbol '" + v.trim() + "'";
            }
        }
        return null;
    }

    /** Checks the expression for the quantity (layer l for phi, g) against the series through gamma0^{2K}. */
    public static Result check(SymbolicSession s, String expr, SeriesQuantity q, int layer, PerturbationSeries series) {
        List<OrderCheck> out = new ArrayList<>();
        int first = -1;
        for (int n = 0; n <= 2 * series.order(); n++) {
            // SeriesCoefficient(expr, {g, 0, n}) returns 0 for polynomials in this Symja version; go through Series
            String claimed = s.evaluate("Together(SeriesCoefficient(Series(" + expr + ", {g, 0, " + 2 * series.order() + "}), " + n + "))");
            String computed;
            if (n % 2 == 1) {
                computed = "0";
            } else {
                int k = n / 2;
                ExpPoly e = switch (q) {
                    case NTK_FINAL, NTK -> series.ntk(k);
                    case F -> series.f(k);
                    case PHI -> series.phi(layer, k);
                    case G -> series.g(layer, k);
                };
                String body = q == SeriesQuantity.NTK_FINAL ? e.limitAtInfinity().toString() : ExpressionFormat.symja(e);
                int p = q.yPower(k);
                computed = p == 0 ? body : "(" + body + ")*y^" + p;
            }
            String diff = s.evaluate("Simplify(ExpandAll((" + claimed + ") - (" + computed + ")))");
            boolean agrees;
            String how;
            if (diff.equals("0")) {
                agrees = true;
                how = "exact";
            } else {
                agrees = numericallyZero(s, diff, claimed, computed);
                how = agrees ? "numerically" : "exact";
            }
            out.add(new OrderCheck(n, claimed, computed, agrees, how));
            if (!agrees && first < 0) {
                first = n;
            }
        }
        return new Result(List.copyOf(out), first);
    }

    private static boolean numericallyZero(SymbolicSession s, String diff, String a, String b) {
        double[][] points = {{0.7, 0.3}, {1.3, 1.1}, {-0.9, 2.5}};
        for (double[] p : points) {
            String at = String.format(Locale.ROOT, " /. {y -> %s, t -> %s}", p[0], p[1]);
            try {
                double d = s.evaluateNumber("(" + diff + ")" + at);
                double scale = Math.abs(s.evaluateNumber("(" + a + ")" + at)) + Math.abs(s.evaluateNumber("(" + b + ")" + at));
                if (!(Math.abs(d) <= 1e-12 * Math.max(1, scale))) {
                    return false;
                }
            } catch (org.dln.symbolic.SymbolicSession.BudgetExceededException e) {
                throw e;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    /** The expression's value at gamma0 = g, y and time t (t ignored if absent). */
    public static double evaluate(SymbolicSession s, String expr, double g, double y, double t) {
        return s.evaluateNumber(String.format(Locale.ROOT, "(%s) /. {g -> %s, y -> %s, t -> %s}", expr, g, y, t));
    }
}
