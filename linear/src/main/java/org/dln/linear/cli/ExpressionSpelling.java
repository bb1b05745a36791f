package org.dln.linear.cli;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Claimed closed forms as people type them, translated to Symja before Symja starts (so that nothing waits 8 s for
 * its rules to refuse a typo): Python and NumPy/SymPy spellings ({@code **}, {@code sqrt}, {@code exp}, {@code log},
 * {@code pi}, {@code np.}/{@code math.}/{@code sympy.} prefixes, {@code Rational(a, b)}, {@code gamma0} for g) become
 * Symja's ({@code ^}, {@code Sqrt}, {@code Exp}, {@code Log}, {@code Pi}, {@code (a/b)}, {@code g}); Mathematica
 * calls ({@code Exp[g]}) and capitalised Symja functions pass as they are; anything else that Symja would not read as
 * intended (indexing {@code y[0]}, lists, curly brackets, assignments, unbalanced brackets, an unknown lower-case
 * function or symbol) is refused at once with the reason.
 */
final class ExpressionSpelling {
    private ExpressionSpelling() {
    }

    /** Known functions by their Python, Mathematica or Symja name (lower case) and their Symja name. */
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("sqrt", "Sqrt"), Map.entry("exp", "Exp"), Map.entry("log", "Log"), Map.entry("ln", "Log"),
            Map.entry("sin", "Sin"), Map.entry("cos", "Cos"), Map.entry("tan", "Tan"), Map.entry("sinh", "Sinh"),
            Map.entry("cosh", "Cosh"), Map.entry("tanh", "Tanh"), Map.entry("arcsin", "ArcSin"), Map.entry("asin", "ArcSin"),
            Map.entry("arccos", "ArcCos"), Map.entry("acos", "ArcCos"), Map.entry("arctan", "ArcTan"), Map.entry("atan", "ArcTan"),
            Map.entry("arcsinh", "ArcSinh"), Map.entry("asinh", "ArcSinh"), Map.entry("abs", "Abs"), Map.entry("erf", "Erf"),
            Map.entry("power", "Power"), Map.entry("surd", "Surd"), Map.entry("cbrt", "CubeRoot"), Map.entry("cuberoot", "CubeRoot"),
            Map.entry("productlog", "ProductLog"), Map.entry("lambertw", "ProductLog"));
    /** Constants by their spellings and their Symja name. */
    private static final Map<String, String> CONSTANTS = Map.of("pi", "Pi", "e", "E", "E", "E");
    /** Other names for the variables. */
    private static final Map<String, String> VARIABLES = Map.of("gamma0", "g", "gamma_0", "g", "γ₀", "g", "γ0", "g");

    private static final Pattern RATIONAL = Pattern.compile("Rational\\(\\s*([+-]?\\d+)\\s*,\\s*([+-]?\\d+)\\s*\\)");
    /** A number (its exponent, if any, written out) or a name. */
    private static final Pattern TOKEN = Pattern.compile(
            "(\\d+\\.?\\d*|\\.\\d+)(?:[eE]([+-]?\\d+))?|([A-Za-zγ_][A-Za-z0-9_₀γ]*)");

    /** The expression in Symja syntax; {@link IllegalArgumentException} with the reason if it cannot be read. */
    static String toSymja(String expr, Set<String> variables) {
        String s = expr.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("it is empty");
        }
        for (String bad : new String[] {"{", "}", ";", "=", "'", "\"", "lambda", "\\"}) {
            if (s.contains(bad)) {
                throw new IllegalArgumentException("'" + bad + "' is not part of an expression in g"
                        + (variables.contains("t") ? ", y and t" : " and y") + " (e.g. sqrt(1 + g^2*y^2) or Sqrt[1 + g^2*y^2])");
            }
        }
        s = s.replaceAll("\\b(np|numpy|math|sympy|sp|cmath)\\.", "");
        s = RATIONAL.matcher(s).replaceAll("($1/$2)");
        s = s.replace("**", "^");
        java.util.ArrayDeque<Character> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[') {
                if (c == '[' && !s.substring(0, i).stripTrailing().matches(".*[A-Za-z0-9_]")) {
                    throw new IllegalArgumentException("'[' that does not follow a function name (Mathematica calls read Exp[g]; "
                            + "lists and indexing are not expressions in g)");
                }
                open.push(c);
            } else if (c == ')' || c == ']') {
                char want = c == ')' ? '(' : '[';
                if (open.isEmpty() || open.pop() != want) {
                    throw new IllegalArgumentException("a '" + c + "' without its '" + want + "'");
                }
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException(open.size() + " bracket(s) '" + open.peek() + "' without their closing one");
        }
        if (!s.matches("[A-Za-z0-9_γ₀.+\\-*/^()\\[\\] \\t]*")) {
            throw new IllegalArgumentException("it contains characters other than names, numbers, + - * / ^ ** and brackets");
        }
        StringBuilder out = new StringBuilder();
        Matcher m = TOKEN.matcher(s);
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start());
            if (m.group(3) == null) { // a number: 2e-3 becomes (2*10^(-3)), which Symja reads exactly
                out.append(m.group(2) == null ? m.group(1) : "(" + m.group(1) + "*10^(" + m.group(2) + "))");
            } else {
                String name = m.group(3);
                String next = s.substring(m.end()).stripLeading();
                boolean call = next.startsWith("(") || next.startsWith("[");
                if (next.startsWith("[") && (variables.contains(name) || VARIABLES.containsKey(name))) {
                    throw new IllegalArgumentException("'" + name + "[' indexes a variable; the variables are numbers here");
                }
                out.append(translate(name, call, variables));
            }
            last = m.end();
        }
        out.append(s.substring(last));
        return out.toString();
    }

    private static String translate(String name, boolean call, Set<String> variables) {
        if (variables.contains(name)) {
            return name;
        }
        if (VARIABLES.containsKey(name)) {
            return VARIABLES.get(name);
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (call && FUNCTIONS.containsKey(lower)) {
            return FUNCTIONS.get(lower);
        }
        if (!call && CONSTANTS.containsKey(name.equals("E") ? "E" : lower)) {
            return CONSTANTS.get(name.equals("E") ? "E" : lower);
        }
        if (call && Character.isUpperCase(name.charAt(0))) {
            return name; // a Symja/Mathematica function (Gamma, BesselJ, ...): Symja itself says if it does not know it
        }
        if (call) {
            throw new IllegalArgumentException("unknown function '" + name + "' (known: sqrt, exp, log, sin, cos, tanh, abs, erf, "
                    + "... in Python or Symja spelling)");
        }
        throw new IllegalArgumentException("unknown symbol '" + name + "'");
    }
}
