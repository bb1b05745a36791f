package org.dln.linear.problem;

import java.util.Locale;

/**
 * What the solver keeps of the exact DMFT (theory.md sections 2 and 3).
 * <ul>
 * <li>FULL: the exact infinite-width equations.</li>
 * <li>GIA: gradient independence approximation: response functions A and B set to zero in the
 * single-site equations; predictions then come from the NTK, f(t+1) = f(t) + eta K(t) Delta(t).</li>
 * <li>LAZY: kernels frozen at initialization (Phi^l = Kx, G^l = 1, K = (L+1) Kx): the gamma0 -> 0 limit,
 * in which gradient descent on f is exact linear-model gradient descent.</li>
 * </ul>
 */
public enum Approximation {
    FULL, GIA, LAZY;

    /** Parses "full", "gia" or "lazy" (any case). */
    public static Approximation parse(String s) {
        for (Approximation a : values()) {
            if (a.name().equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        throw new InvalidInputException(InputError.UNKNOWN_VALUE, "approx", "approx", s, "full, gia, lazy");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
