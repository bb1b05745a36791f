package org.dln.symbolic.series;

/**
 * LaTeX of the equations the perturbation series solved, written from the solved {@link PerturbationSeries} objects
 * themselves (the source R_k and the solution Delta_k of each order, and the kernel coefficients), so that what is
 * printed is what was computed.
 */
public final class LatexWriter {
    private LatexWriter() { }

    /** An align* block per order k: the equation for Delta_k with its explicit source, its solution, and the observables. */
    public static String equations(PerturbationSeries s) {
        int L = s.depth();
        StringBuilder sb = new StringBuilder();
        sb.append("% dln equations: deep linear network, L = ").append(L).append(", one sample (K_x = 1), target y, gradient flow.\n");
        sb.append("% Expansion X = \\sum_k \\gamma_0^{2k} X_k; coefficients at y = 1 (f_k, \\Delta_k carry y^{2k+1}, kernels y^{2k}).\n");
        sb.append("% f_k(t) = ").append(L + 1).append(" \\int_0^t \\Delta_k + R_k(t), where R_k is the order-k prediction at \\Delta_k = 0.\n");
        for (int k = 0; k <= s.order(); k++) {
            sb.append("\\begin{align*}\n");
            sb.append("&\\text{order } \\gamma_0^{").append(2 * k).append("}:\\\\\n");
            sb.append("R_{").append(k).append("}(t) &= ").append(ExpressionFormat.latex(s.remainder(k))).append(",\\\\\n");
            sb.append("\\dot\\Delta_{").append(k).append("}(t) &= -").append(L + 1).append("\\,\\Delta_{").append(k).append("}(t) - \\dot R_{")
                    .append(k).append("}(t) = -").append(L + 1).append("\\,\\Delta_{").append(k).append("}(t)");
            ExpPoly rdot = s.remainder(k).derivative().scale(Rational.ONE.negate());
            if (!rdot.isZero()) {
                String t = ExpressionFormat.latex(rdot);
                sb.append(t.startsWith("-") ? " - " + t.substring(1) : " + " + t);
            }
            sb.append(", \\qquad \\Delta_{").append(k).append("}(0) = ").append(k == 0 ? 1 : 0).append(",\\\\\n");
            sb.append("\\Delta_{").append(k).append("}(t) &= ").append(ExpressionFormat.latex(s.delta(k))).append(",\\\\\n");
            sb.append("f_{").append(k).append("}(t) &= ").append(ExpressionFormat.latex(s.f(k))).append(",\\\\\n");
            sb.append("K_{").append(k).append("}(t) &= \\sum_{l=0}^{").append(L).append("} \\sum_{i+j=").append(k)
                    .append("} G^{l+1}_i(t,t)\\,\\Phi^l_j(t,t) = ").append(ExpressionFormat.latex(s.ntk(k))).append(",\\\\\n");
            for (int l = 1; l <= L; l++) {
                sb.append("\\Phi^{").append(l).append("}_{").append(k).append("}(t,t) &= ").append(ExpressionFormat.latex(s.phi(l, k))).append(",\\qquad ");
                sb.append("G^{").append(l).append("}_{").append(k).append("}(t,t) = ").append(ExpressionFormat.latex(s.g(l, k))).append(",\\\\\n");
            }
            sb.append("K_{").append(k).append("}(\\infty) &= ").append(ExpressionFormat.latex(s.ntk(k).limitAtInfinity())).append(".\n");
            sb.append("\\end{align*}\n");
        }
        return sb.toString();
    }
}
