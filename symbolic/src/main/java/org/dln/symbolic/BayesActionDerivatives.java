package org.dln.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The large-N action of a Bayesian deep linear network written out entry by entry in Symja, and its first and second
 * derivatives with respect to the independent entries of the symmetric kernels (for small P, as an independent check
 * of the matrix-form stationarity equations and Jacobian used by the Newton solver):
 * <pre>
 *   S = -1/2 sum_l Tr Phi^l Phihat^l + gamma0^2/2 y^T (Phi^L + I/beta)^{-1} y + 1/2 sum_l ln det(I + Phi^{l-1} Phihat^l),
 * </pre>
 * with {@code Phi^0 = Kx}. Variables: {@code p<l>x<i>x<j>} and {@code q<l>x<i>x<j>} (i <= j, 1-based) for the entries of
 * Phi^l and Phihat^l, ordered as Phi^1..Phi^L then Phihat^1..Phihat^L, each upper triangle row by row. An off-diagonal
 * symbol stands for both [i][j] and [j][i], so its derivative is the sum of the two matrix-gradient entries.
 *
 * <p>Also evaluates, in Symja, the matrix-form gradient that the solver uses (dS/dPhihat^l = 1/2[(I + Phi^{l-1}
 * Phihat^l)^{-1} Phi^{l-1} - Phi^l], dS/dPhi^l = 1/2[Phihat^{l+1} (I + Phi^l Phihat^{l+1})^{-1} - Phihat^l],
 * dS/dPhi^L = 1/2[-gamma0^2 a a^T - Phihat^L], a = (Phi^L + I/beta)^{-1} y), packed the same way, so that the
 * matrix form can be compared with the entry-by-entry derivatives. All work runs on the {@link SymbolicSession} thread;
 * numbers go in as the exact rationals of the doubles and come out as doubles (N at the end).
 */
public final class BayesActionDerivatives {

    private final int p;
    private final int depth;

    /**
     * @param p     number of train samples (keep it small: the cost grows quickly; P <= 3 is what the tests use)
     * @param depth L >= 1
     */
    public BayesActionDerivatives(int p, int depth) {
        this.p = p;
        this.depth = depth;
    }

    /** The symbols in unknown order. */
    public List<String> variables() {
        List<String> v = new ArrayList<>();
        for (String kind : new String[] {"p", "q"}) {
            for (int l = 1; l <= depth; l++) {
                for (int i = 1; i <= p; i++) {
                    for (int j = i; j <= p; j++) {
                        v.add(kind + l + "x" + i + "x" + j);
                    }
                }
            }
        }
        return v;
    }

    /**
     * The symmetric matrix of kind p (Phi) or q (Phihat) at layer l: the entry's symbol where its variable index is in
     * {@code keep}, else the point's exact rational value (point null: every entry symbolic).
     */
    private String symMatrix(String kind, int l, double[] point, java.util.Set<Integer> keep) {
        List<String> vars = variables();
        StringBuilder sb = new StringBuilder("{");
        for (int i = 1; i <= p; i++) {
            sb.append(i > 1 ? ",{" : "{");
            for (int j = 1; j <= p; j++) {
                int a = Math.min(i, j);
                int b = Math.max(i, j);
                String sym = kind + l + "x" + a + "x" + b;
                int k = vars.indexOf(sym);
                sb.append(j > 1 ? "," : "").append(point == null || keep.contains(k) ? sym : num(point[k]));
            }
            sb.append('}');
        }
        return sb.append('}').toString();
    }

    /** The exact rational value of a double (machine reals in Symja expressions make D and ReplaceAll slow). */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not finite: " + v);
        }
        java.math.BigDecimal b = new java.math.BigDecimal(v);
        java.math.BigInteger unscaled = b.unscaledValue();
        int scale = b.scale();
        if (scale <= 0) {
            return "(" + unscaled.multiply(java.math.BigInteger.TEN.pow(-scale)) + ")";
        }
        return "(" + unscaled + "/" + java.math.BigInteger.TEN.pow(scale) + ")";
    }

    private static String matrix(double[][] m) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < m.length; i++) {
            sb.append(i > 0 ? ",{" : "{");
            for (int j = 0; j < m[i].length; j++) {
                sb.append(j > 0 ? "," : "").append(num(m[i][j]));
            }
            sb.append('}');
        }
        return sb.append('}').toString();
    }

    private static String vector(double[] v) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? "," : "").append(num(v[i]));
        }
        return sb.append('}').toString();
    }

    /**
     * Symja definitions of the matrices and of S: parameters numeric, the kernel entries whose indices are in keep
     * symbolic and all others replaced by the point's exact values before anything is evaluated (so that Symja
     * differentiates a function of one or two entries: entry-by-entry partial derivatives of the written-out action
     * without symbolic P x P inverses and determinants, which made P = 3 intractable).
     */
    private String definitions(double[][] kx, double[] y, double gamma0, double invBeta, double[] point, java.util.Set<Integer> keep) {
        StringBuilder sb = new StringBuilder();
        sb.append("bId=IdentityMatrix[").append(p).append("];");
        sb.append("bM0=").append(matrix(kx)).append(';');
        sb.append("bY=").append(vector(y)).append(';');
        for (int l = 1; l <= depth; l++) {
            sb.append("bM").append(l).append('=').append(symMatrix("p", l, point, keep)).append(';');
            sb.append("bH").append(l).append('=').append(symMatrix("q", l, point, keep)).append(';');
        }
        sb.append("bAct=").append(num(gamma0 * gamma0)).append("/2*bY.Inverse[bM").append(depth).append("+")
                .append(num(invBeta)).append("*bId].bY");
        for (int l = 1; l <= depth; l++) {
            sb.append("-1/2*Tr[bM").append(l).append(".bH").append(l).append(']');
            sb.append("+1/2*Log[Det[bId+bM").append(l - 1).append(".bH").append(l).append("]]");
        }
        sb.append(';');
        return sb.toString();
    }

    private double[][] kx;
    private double[] y;
    private double gamma0, invBeta;

    /**
     * The entry-by-entry gradient dS/dv_k at the point: for each entry, Symja's D of the written-out action with every
     * other entry at its value.
     */
    public double[] gradient(SymbolicSession session, double[][] kx, double[] y, double gamma0, double invBeta,
                             double[] point) {
        this.kx = kx;
        this.y = y;
        this.gamma0 = gamma0;
        this.invBeta = invBeta;
        List<String> vars = variables();
        double[] g = new double[vars.size()];
        for (int k = 0; k < g.length; k++) {
            String v = vars.get(k);
            session.evaluate(definitions(kx, y, gamma0, invBeta, point, java.util.Set.of(k)));
            g[k] = session.evaluateNumber("D[bAct," + v + "] /. " + v + "->" + num(point[k]));
        }
        return g;
    }

    /**
     * The entry-by-entry Hessian d^2 S / dv_i dv_j at the point (Symja's D of the written-out action with the two
     * entries symbolic); call {@link #gradient} first (it fixes the parameters).
     */
    public double[][] hessian(SymbolicSession session, double[] point) {
        List<String> vars = variables();
        int n = vars.size();
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                String vi = vars.get(i), vj = vars.get(j);
                session.evaluate(definitions(kx, y, gamma0, invBeta, point, i == j ? java.util.Set.of(i) : java.util.Set.of(i, j)));
                String d = i == j ? "D[bAct,{" + vi + ",2}]" : "D[bAct," + vi + "," + vj + "]";
                try {
                    h[i][j] = session.evaluateNumber(d + " /. {" + vi + "->" + num(point[i]) + "," + vj + "->" + num(point[j]) + "}");
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("Hessian entry " + vi + ", " + vj + ": " + e.getMessage() + " for "
                            + session.evaluate("Together[" + d + "]"), e);
                }
                h[j][i] = h[i][j];
            }
        }
        return h;
    }

    /** The matrix-form gradient (formulas in the class comment), evaluated in Symja and packed. */
    public double[] matrixFormGradient(SymbolicSession session, double[][] kx, double[] y, double gamma0,
                                       double invBeta, double[] point) {
        StringBuilder sb = new StringBuilder(definitions(kx, y, gamma0, invBeta, point, java.util.Set.of()));
        sb.append("bA=Inverse[bM").append(depth).append('+').append(num(invBeta)).append("*bId].bY;");
        for (int l = 1; l <= depth; l++) {
            sb.append("bGh").append(l).append("=1/2*(Inverse[bId+bM").append(l - 1).append(".bH").append(l).append("].bM")
                    .append(l - 1).append("-bM").append(l).append(");");
            if (l < depth) {
                sb.append("bGp").append(l).append("=1/2*(bH").append(l + 1).append(".Inverse[bId+bM").append(l).append(".bH")
                        .append(l + 1).append("]-bH").append(l).append(");");
            } else {
                sb.append("bGp").append(l).append("=1/2*(-").append(num(gamma0 * gamma0)).append("*Outer[Times,bA,bA]-bH")
                        .append(l).append(");");
            }
        }
        StringBuilder pack = new StringBuilder("{");
        boolean first = true;
        for (String kind : new String[] {"bGp", "bGh"}) {
            for (int l = 1; l <= depth; l++) {
                for (int i = 1; i <= p; i++) {
                    for (int j = i; j <= p; j++) {
                        pack.append(first ? "" : ",").append(i == j ? "" : "2*").append(kind).append(l).append("[[")
                                .append(i).append(',').append(j).append("]]");
                        first = false;
                    }
                }
            }
        }
        pack.append('}');
        session.evaluate(sb.toString());
        return parseVector(session.evaluate("N[" + pack + "]"));
    }

    static double[] parseVector(String s) {
        String t = s.trim();
        if (!t.startsWith("{") || !t.endsWith("}")) {
            throw new IllegalStateException("Symja returned no list: " + s);
        }
        String[] parts = t.substring(1, t.length() - 1).split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = parseNumber(parts[i].trim());
        }
        return v;
    }

    private static double parseNumber(String s) {
        // Symja InputForm of machine reals: 1.234, -5.6*10^-7, 1.2E-7
        String t = s.replace(" ", "");
        int star = t.indexOf("*10^");
        if (star >= 0) {
            return Double.parseDouble(t.substring(0, star)) * Math.pow(10, Double.parseDouble(t.substring(star + 4)));
        }
        return Double.parseDouble(t);
    }
}
