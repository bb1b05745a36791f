package org.dln.symbolic.series;

import java.util.Locale;
import org.dln.symbolic.SymbolicSession;

/**
 * Leading-order perturbation theory in gamma0^2 of the deep linear network for any data (P samples, any Kx), gradient
 * flow: the layer structure of the O(gamma0^2) kernels, derived from the matrix equations of theory.md section 3 and
 * summed over layers in closed form by Symja.
 *
 * <h2>Derivation</h2>
 * At gamma0 = 0 every Phi^l = Kx and G^l = 1 (constant in time) and Delta_0(t) = exp(-(L+1) s Kx t) y (s the loss
 * scale). Write c(t,mu; r) = 1[r &lt; t] s (Kx Delta_0(r))_mu and d(t; r,alpha) = 1[r &lt; t] s Delta_0,alpha(r) for the
 * zeroth-order C and D of the last layers. Because A^{l-1} = M_{l-1} C^{l-1} = C^{l-1} + O(gamma0^2) and
 * B^l = N_{l+1} D^{l+1} + O(gamma0^2), the recursions C^l = A^{l-1} + (Phi^{l-1} o Q) diag(Delta), C^1 = c and
 * D^l = B^l + (G^{l+1} o Q) diag(Delta), D^L = d give at zeroth order
 * <pre>   C^k = k c,    D^k = (L + 1 - k) d.</pre>
 * Expanding M_k = I + gamma0^2 C^k D^k + ..., N_k = I + gamma0^2 D^k C^k + ... in Phi^k = M_k [Phi^{k-1} + gamma0^2
 * C^k G^{k+1} C^k^T] M_k^T and G^k = N_k [G^{k+1} + gamma0^2 D^k Phi^{k-1} D^k^T] N_k^T, the first-order terms at equal
 * times are
 * <pre>   Phi^l_1(t,t) = sum_{k=1..l} [k^2 c 1 c^T + k (L+1-k) (c d Kx + Kx d^T c^T)](t,t),
 *   G^l_1(t,t)   = sum_{k=l..L} [(L+1-k)^2 d Kx d^T + k (L+1-k) (d c 1 + 1 c^T d^T)](t,t).</pre>
 * With V(t) = s int_0^t Delta_0 and U = Kx V (so U' = s Kx Delta_0 = u): (c 1 c^T)(t,t) = U U^T and
 * (c d Kx + Kx d^T c^T)(t,t) = int_0^t (u U^T + U u^T) = U U^T; (d Kx d^T)(t,t) = V^T Kx V and
 * (d c 1 + 1 c^T d^T)(t,t) = 2 int_0^t V'^T Kx V = V^T Kx V (gradient flow; on a discrete grid these identities hold
 * only up to O(eta)). Hence
 * <pre>   Phi^l(t,t) = Kx + gamma0^2 phi_l U U^T,   G^l(t,t) = 1 + gamma0^2 g_l V^T Kx V,
 *   K(t) = (L + 1) Kx + gamma0^2 k_L [(V^T Kx V) Kx + U U^T],</pre>
 * with phi_l = sum_{k=1..l} [k^2 + k(L+1-k)], g_l = sum_{k=l..L} [(L+1-k)^2 + k(L+1-k)], and k_L = sum_{l=0..L}
 * phi_l = sum_{l=0..L} g_{l+1} (K = sum_l G^{l+1} o Phi^l). Symja evaluates these sums in closed form in l and L
 * ({@link #derive}); the predictions follow from df/dt = s K Delta at first order:
 * Delta_1' = -s (L+1) Kx Delta_1 - s K_1(t) Delta_0, Delta_1(0) = 0.
 *
 * <p>For one sample with Kx = 1 this gives K_1(infinity) = k_L 2 y^2 / (L+1)^2 = L (L + 2) y^2 / 3, the O(gamma0^2)
 * coefficient found by the exact series ({@link PerturbationSeries}); the tests check that and the numeric solvers.
 *
 * <p>Immutable; {@link #derive} is the only place Symja is used.
 */
public final class FirstOrderTheory {
    /** Symja's closed forms (InputForm) of phi_l, g_l (in l and L) and k_L (in L). */
    private final String phiFormula, gFormula, ntkFormula;
    private final int depth;
    private final Rational[] phi; // index l = 0..L+1 (phi_0 = 0)
    private final Rational[] g;   // index l = 0..L+1 (g_{L+1} = 0)
    private final Rational ntk;

    private FirstOrderTheory(int depth, String phiFormula, String gFormula, String ntkFormula, Rational[] phi, Rational[] g, Rational ntk) {
        this.depth = depth;
        this.phiFormula = phiFormula;
        this.gFormula = gFormula;
        this.ntkFormula = ntkFormula;
        this.phi = phi;
        this.g = g;
        this.ntk = ntk;
    }

    /** The summands of phi_l (summed k = 1..l) and g_l (summed k = l..L): the zeroth-order chain C^k = k c, D^k = (L+1-k) d. */
    static final String PHI_SUMMAND = "k^2 + k*(L + 1 - k)";
    static final String G_SUMMAND = "(L + 1 - k)^2 + k*(L + 1 - k)";

    /** Derives the coefficients for depth L with Symja (closed-form sums), evaluated exactly at this L. */
    public static FirstOrderTheory derive(SymbolicSession symja, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        String phiF = symja.evaluate("Factor[Sum[" + PHI_SUMMAND + ", {k, 1, l}]]");
        String gF = symja.evaluate("Factor[Sum[" + G_SUMMAND + ", {k, l, L}]]");
        String ntkPhi = symja.evaluate("Factor[Sum[" + phiF + ", {l, 0, L}]]");
        String gShifted = symja.evaluate("Expand[(" + gF + ") /. l -> l + 1]");
        String ntkG = symja.evaluate("Factor[Sum[" + gShifted + ", {l, 0, L}]]");
        String same = symja.evaluate("Expand[(" + ntkPhi + ") - (" + ntkG + ")]");
        if (!"0".equals(same.trim())) {
            throw new IllegalStateException("first-order NTK: the Phi and G layer sums differ: " + ntkPhi + " vs " + ntkG);
        }
        Rational[] phi = new Rational[depth + 2];
        Rational[] g = new Rational[depth + 2];
        for (int l = 0; l <= depth + 1; l++) {
            phi[l] = l == depth + 1 ? Rational.ZERO : exact(symja, phiF, l, depth);
            g[l] = l == 0 ? Rational.ZERO : exact(symja, gF, l, depth);
        }
        Rational k = exact(symja, ntkPhi, 0, depth);
        return new FirstOrderTheory(depth, phiF, gF, ntkPhi, phi, g, k);
    }

    private static Rational exact(SymbolicSession symja, String formula, int l, int depth) {
        String v = symja.evaluate("Together[(" + formula + ") /. {l -> " + l + ", L -> " + depth + "}]");
        return Rational.parse(v);
    }

    public int depth() {
        return depth;
    }

    /** phi_l: Phi^l(t,t) = Kx + gamma0^2 phi_l U U^T + O(gamma0^4), l = 1..L. */
    public Rational phi(int l) {
        return phi[l];
    }

    /** g_l: G^l(t,t) = 1 + gamma0^2 g_l V^T Kx V + O(gamma0^4), l = 1..L. */
    public Rational g(int l) {
        return g[l];
    }

    /** k_L: K(t) = (L+1) Kx + gamma0^2 k_L [(V^T Kx V) Kx + U U^T] + O(gamma0^4). */
    public Rational ntk() {
        return ntk;
    }

    /** Symja's closed forms, e.g. "phi_l = 1/2*l*(1+l)*(1+L)". */
    public String formulas() {
        return String.format(Locale.ROOT, "phi_l = %s; g_l = %s; k_L = %s", phiFormula, gFormula, ntkFormula);
    }

    /** LaTeX (align*) of the first-order equations at this depth, with the exact coefficients. */
    public String latex() {
        StringBuilder sb = new StringBuilder();
        sb.append("% dln: first-order (gamma_0^2) theory of the deep linear network, L = ").append(depth)
                .append(", any data, gradient flow; s = loss scale.\n");
        sb.append("\\begin{align*}\n");
        sb.append("\\Delta_0(t) &= e^{-").append(depth + 1).append(" s K_x t} y,\\quad V(t) = s\\int_0^t \\Delta_0,\\quad U = K_x V,\\\\\n");
        for (int l = 1; l <= depth; l++) {
            sb.append("\\Phi^{").append(l).append("}(t,t) &= K_x + \\gamma_0^2\\,").append(tex(phi[l])).append("\\,U U^\\top,\\qquad G^{")
                    .append(l).append("}(t,t) = 1 + \\gamma_0^2\\,").append(tex(g[l])).append("\\,V^\\top K_x V,\\\\\n");
        }
        sb.append("K(t) &= ").append(depth + 1).append(" K_x + \\gamma_0^2\\,").append(tex(ntk))
                .append("\\,\\big[(V^\\top K_x V) K_x + U U^\\top\\big],\\\\\n");
        sb.append("\\dot\\Delta_1 &= -").append(depth + 1).append(" s K_x \\Delta_1 - s K_1(t)\\Delta_0(t),\\quad \\Delta_1(0) = 0.\n");
        sb.append("\\end{align*}\n");
        return sb.toString();
    }

    private static String tex(Rational r) {
        return r.denominator().equals(java.math.BigInteger.ONE) ? r.numerator().toString()
                : "\\tfrac{" + r.numerator() + "}{" + r.denominator() + "}";
    }
}
