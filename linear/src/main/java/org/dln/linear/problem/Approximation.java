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
 * <li>PT1: leading-order perturbation theory in gamma0^2: every observable X_0 + gamma0^2 X_1, X_1 = dX/d(gamma0^2) at
 * gamma0 = 0 (see org.dln.linear.solver.FirstOrderSolver); error O(gamma0^4).</li>
 * </ul>
 */
public enum Approximation {
    FULL, GIA, LAZY, PT1;

    /** Parses "full", "gia", "lazy" or "pt1" (any case). */
    public static Approximation parse(String s) {
        for (Approximation a : values()) {
            if (a.name().equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        throw new InvalidInputException(InputError.UNKNOWN_VALUE, "approx", "approx", s, "full, gia, lazy, pt1");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
