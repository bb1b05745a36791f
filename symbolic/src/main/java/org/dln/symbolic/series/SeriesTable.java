package org.dln.symbolic.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of exact perturbation coefficients: for each depth L, layer l (phi, g only) and order k, the coefficient of
 * gamma0^{2k} of a quantity, which is X_k(t) y^p with p = {@link SeriesQuantity#yPower(int)}. Time-dependent
 * quantities carry the closed form X_k(t) and its exact limit t -> infinity; ntk-final carries the limit only.
 * Immutable. Writers: Markdown, CSV, LaTeX and JSON (schema "dln-series", version 1).
 */
public final class SeriesTable {
    /** One coefficient. {@code expression} is null for ntk-final; {@code layer} is 0 unless the quantity is phi or g. */
    public record Row(int depth, int layer, int order, int yPower, ExpPoly expression, Rational limit) {
        /** The coefficient in words, e.g. "-1/4 y^4" or "(...) y^3". */
        String term() {
            String y = yPower == 0 ? "" : yPower == 1 ? " y" : " y^" + yPower;
            return expression == null ? limit + y : "(" + ExpressionFormat.plain(expression) + ")" + y;
        }
    }

    private final SeriesQuantity quantity;
    private final List<Row> rows;
    private final List<double[]> timings; // {depth, seconds}

    private SeriesTable(SeriesQuantity quantity, List<Row> rows, List<double[]> timings) {
        this.quantity = quantity;
        this.rows = List.copyOf(rows);
        this.timings = List.copyOf(timings);
    }

    /** Solves the series for each depth and collects the quantity through gamma0^{2 order}. */
    public static SeriesTable compute(SeriesQuantity q, int[] depths, int order) {
        return compute(q, depths, order, (depth, k) -> { });
    }

    /** As {@link #compute(SeriesQuantity, int[], int)}, telling {@code orderDone} (depth, k) as each order is solved. */
    public static SeriesTable compute(SeriesQuantity q, int[] depths, int order, java.util.function.BiConsumer<Integer, Integer> orderDone) {
        List<Row> rows = new ArrayList<>();
        List<double[]> timings = new ArrayList<>();
        for (int depth : depths) {
            PerturbationSeries s = PerturbationSeries.solve(depth, order, k -> orderDone.accept(depth, k));
            timings.add(new double[] {depth, s.seconds()});
            rows.addAll(rowsOf(s, q));
        }
        return new SeriesTable(q, rows, timings);
    }

    /** The rows of one solved series. */
    public static List<Row> rowsOf(PerturbationSeries s, SeriesQuantity q) {
        List<Row> rows = new ArrayList<>();
        int depth = s.depth();
        int fromLayer = q == SeriesQuantity.PHI || q == SeriesQuantity.G ? 1 : 0;
        int toLayer = fromLayer == 0 ? 0 : depth;
        for (int l = fromLayer; l <= toLayer; l++) {
            for (int k = 0; k <= s.order(); k++) {
                ExpPoly e = switch (q) {
                    case NTK_FINAL, NTK -> s.ntk(k);
                    case F -> s.f(k);
                    case PHI -> s.phi(l, k);
                    case G -> s.g(l, k);
                };
                rows.add(new Row(depth, l, k, q.yPower(k), q == SeriesQuantity.NTK_FINAL ? null : e, e.limitAtInfinity()));
            }
        }
        return rows;
    }

    public SeriesQuantity quantity() { return quantity; }

    public List<Row> rows() { return rows; }

    /** Seconds spent solving each depth, as {depth, seconds}. */
    public List<double[]> timings() { return timings; }

    private String name(Row r) {
        if (r == null) {
            return quantity.id();
        }
        return switch (quantity) {
            case NTK_FINAL -> "K(inf)";
            case NTK -> "K(t)";
            case F -> "f(t)";
            case PHI -> "Phi^" + r.layer() + "(t,t)";
            case G -> "G^" + r.layer() + "(t,t)";
        };
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| L | quantity | k | coefficient of gamma0^(2k) |").append(quantity.timeDependent() ? " limit t -> inf |" : " decimal |").append('\n');
        sb.append("|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %d | %s | %d | %s | %s |%n", r.depth(), name(r), r.order(), r.term(),
                    quantity.timeDependent() ? r.limit() + yPow(r.yPower()) : String.format(Locale.ROOT, "%.15g", r.limit().doubleValue())));
        }
        return sb.toString();
    }

    private static String yPow(int p) { return p == 0 ? "" : p == 1 ? " y" : " y^" + p; }

    public String csv() {
        StringBuilder sb = new StringBuilder("depth,quantity,layer,order,gamma0_power,y_power,coefficient,limit,limit_decimal\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,\"%s\",%s,%.17g%n", r.depth(), quantity.id(), r.layer(), r.order(), 2 * r.order(),
                    r.yPower(), r.expression() == null ? r.limit().toString() : ExpressionFormat.symja(r.expression()), r.limit(), r.limit().doubleValue()));
        }
        return sb.toString();
    }

    public String latex() {
        StringBuilder sb = new StringBuilder();
        sb.append("\\begin{tabular}{rrrl").append(quantity.timeDependent() ? "l" : "").append("}\n\\hline\n");
        sb.append("$L$ & quantity & $k$ & coefficient of $\\gamma_0^{2k}$").append(quantity.timeDependent() ? " & $t\\to\\infty$" : "").append(" \\\\\n\\hline\n");
        for (Row r : rows) {
            String y = r.yPower() == 0 ? "" : r.yPower() == 1 ? " y" : " y^{" + r.yPower() + "}";
            String q = switch (quantity) {
                case NTK_FINAL -> "$K(\\infty)$";
                case NTK -> "$K(t)$";
                case F -> "$f(t)$";
                case PHI -> "$\\Phi^{" + r.layer() + "}(t,t)$";
                case G -> "$G^{" + r.layer() + "}(t,t)$";
            };
            sb.append(r.depth()).append(" & ").append(q).append(" & ").append(r.order()).append(" & $");
            if (r.expression() == null) {
                sb.append(ExpressionFormat.latex(r.limit())).append(y).append("$");
            } else {
                sb.append("\\left(").append(ExpressionFormat.latex(r.expression())).append("\\right)").append(y).append("$ & $")
                        .append(ExpressionFormat.latex(r.limit())).append(y).append("$");
            }
            sb.append(" \\\\\n");
        }
        sb.append("\\hline\n\\end{tabular}\n");
        return sb.toString();
    }

    /** The key of a row in the notebook formats: (L, k), or (L, l, k) for phi and g. */
    private String key(Row r, String sep) {
        return quantity == SeriesQuantity.PHI || quantity == SeriesQuantity.G
                ? r.depth() + sep + r.layer() + sep + r.order() : r.depth() + sep + r.order();
    }

    private String keyNames() {
        return quantity == SeriesQuantity.PHI || quantity == SeriesQuantity.G ? "L, l, k" : "L, k";
    }

    /**
     * A SymPy cell: {@code c[(L, k)]} (phi, g: {@code c[(L, l, k)]}) is the exact coefficient of gamma0**(2k), with
     * t and y symbols; {@code series(L, gamma0)} sums it. Paste into a notebook as it is.
     */
    public String sympy() {
        StringBuilder sb = new StringBuilder();
        sb.append("# dln series: ").append(name(rows.isEmpty() ? null : rows.get(0)).replaceAll("\\^\\d+", "^l"))
                .append(", one sample, Kx = 1, target y, gradient flow\n");
        sb.append("# c[(").append(keyNames()).append(")] = exact coefficient of gamma0**(2*k)")
                .append(quantity.timeDependent() ? " (a function of t)" : " (t -> infinity)").append('\n');
        sb.append("from sympy import Rational, exp, symbols\n");
        sb.append("t, y, gamma0 = symbols('t y gamma0')\n");
        sb.append("c = {}\n");
        for (Row r : rows) {
            String value = r.expression() == null ? ExpressionFormat.sympy(r.limit()) : "(" + ExpressionFormat.sympy(r.expression()) + ")";
            String y = r.yPower() == 0 ? "" : r.yPower() == 1 ? "*y" : "*y**" + r.yPower();
            sb.append("c[(").append(key(r, ", ")).append(")] = ").append(value).append(y).append('\n');
        }
        sb.append("def series(*key):\n");
        sb.append("    \"\"\"The truncated series in gamma0 for a key without k, e.g. series(2) for L = 2.\"\"\"\n");
        sb.append("    return sum(v * gamma0**(2 * k[-1]) for k, v in c.items() if k[:-1] == key)\n");
        return sb.toString();
    }

    /**
     * A Mathematica cell: {@code c[L, k]} (phi, g: {@code c[L, l, k]}) is the exact coefficient of gamma0^(2k), in t
     * and y.
     */
    public String mathematica() {
        StringBuilder sb = new StringBuilder();
        sb.append("(* dln series: ").append(name(rows.isEmpty() ? null : rows.get(0)).replaceAll("\\^\\d+", "^l"))
                .append(", one sample, Kx = 1, target y, gradient flow; c[").append(keyNames())
                .append("] = exact coefficient of gamma0^(2k)").append(quantity.timeDependent() ? " (a function of t)" : "")
                .append(" *)\n");
        for (Row r : rows) {
            String value = r.expression() == null ? r.limit().toString() : "(" + ExpressionFormat.mathematica(r.expression()) + ")";
            String y = r.yPower() == 0 ? "" : r.yPower() == 1 ? "*y" : "*y^" + r.yPower();
            sb.append("c[").append(key(r, ", ")).append("] = ").append(value).append(y).append(";\n");
        }
        return sb.toString();
    }

    /** JSON document: schema "dln-series", version 1. */
    public String json() {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"schema\": \"dln-series\",\n  \"schema_version\": 1,\n");
        sb.append("  \"quantity\": \"").append(quantity.id()).append("\",\n");
        sb.append("  \"conventions\": \"one sample, Kx = 1, target y, gradient flow; coefficient of gamma0^(2k) = expression(t) * y^y_power; "
                + "expressions in Symja/Mathematica input form in t\",\n");
        sb.append("  \"coefficients\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"depth\": %d, \"layer\": %d, \"order\": %d, \"gamma0_power\": %d, \"y_power\": %d, ", r.depth(), r.layer(),
                    r.order(), 2 * r.order(), r.yPower()));
            if (r.expression() != null) {
                sb.append("\"expression\": \"").append(ExpressionFormat.symja(r.expression())).append("\", ");
            }
            sb.append(String.format(Locale.ROOT, "\"limit\": \"%s\", \"limit_decimal\": %.17g}%s%n", r.limit(), r.limit().doubleValue(), i + 1 < rows.size() ? "," : ""));
        }
        sb.append("  ],\n  \"timings\": [");
        for (int i = 0; i < timings.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%s{\"depth\": %d, \"seconds\": %.3f}", i == 0 ? "" : ", ", (int) timings.get(i)[0], timings.get(i)[1]));
        }
        sb.append("]\n}\n");
        return sb.toString();
    }
}
