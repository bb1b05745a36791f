package org.dln.symbolic.series;

import java.util.Locale;

/** The observables of the perturbation series, by command-line name. */
public enum SeriesQuantity {
    /** lim_{t -> infinity} K(t): exact rationals times y^{2k}. */
    NTK_FINAL("ntk-final"),
    /** f(t): coefficient of gamma0^{2k} is F_k(t) y^{2k+1}. */
    F("f"),
    /** K(t) = sum_l G^{l+1}(t,t) Phi^l(t,t). */
    NTK("ntk"),
    /** Phi^l(t,t), l = 1..L. */
    PHI("phi"),
    /** G^l(t,t), l = 1..L. */
    G("g");

    private final String id;

    SeriesQuantity(String id) {
        this.id = id;
    }

    public String id() { return id; }

    /** True for quantities that depend on time (the table shows closed forms and their t -> infinity limits). */
    public boolean timeDependent() { return this != NTK_FINAL; }

    /** Power of y that multiplies the coefficient of gamma0^{2k}: 2k + 1 for f, 2k for kernels. */
    public int yPower(int k) { return this == F ? 2 * k + 1 : 2 * k; }

    /** Parses a command-line name; null if unknown. */
    public static SeriesQuantity parse(String s) {
        for (SeriesQuantity q : values()) {
            if (q.id.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return q;
            }
        }
        return null;
    }

    /** The allowed names, for messages. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (SeriesQuantity q : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(q.id);
        }
        return sb.toString();
    }
}
