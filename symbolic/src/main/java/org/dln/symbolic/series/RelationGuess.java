package org.dln.symbolic.series;

import java.util.ArrayList;
import java.util.List;

/**
 * Searches for a polynomial relation P(K, Q) = sum_{i <= dK, j <= dQ} c_ij K^i Q^j = 0 with rational c_ij satisfied by a
 * power series K(Q) = sum_k a_k Q^k known exactly through Q^N (here Q = (gamma0 y)^2). The coefficients of Q^0..Q^N of
 * P(K(Q), Q) are linear in the c_ij; a relation is a non-zero vector of the null space of that (N+1) x (dK+1)(dQ+1)
 * rational matrix, found by exact Gaussian elimination. Shapes (dK >= 1, dQ >= 0) are tried by increasing number of
 * unknowns, and only while the system has at least {@code margin} more equations than unknowns, so that every
 * candidate is confirmed by equations it was not fitted to. A series that satisfies no relation of the searched
 * shapes gives no candidate: that is a statement about those shapes only.
 */
public final class RelationGuess {
    private RelationGuess() { }

    /** A relation: coefficients c[i][j] of K^i Q^j, integers with no common factor, leading sign positive. */
    public record Relation(int degreeK, int degreeQ, Rational[][] coefficients, int equations, int unknowns) {
        /** Symja / human form in K and Q, e.g. "K^2-4-4*Q". */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (int i = degreeK; i >= 0; i--) {
                for (int j = 0; j <= degreeQ; j++) {
                    Rational c = coefficients[i][j];
                    if (c.isZero()) {
                        continue;
                    }
                    boolean neg = c.signum() < 0;
                    Rational a = neg ? c.negate() : c;
                    String mon = (i == 0 ? "" : i == 1 ? "K" : "K^" + i) + (j == 0 ? "" : (i == 0 ? "" : "*") + (j == 1 ? "Q" : "Q^" + j));
                    String coef = mon.isEmpty() ? a.toString() : a.equals(Rational.ONE) ? "" : a + "*";
                    sb.append(neg ? "-" : sb.length() == 0 ? "" : "+").append(coef).append(mon);
                }
            }
            return sb + " = 0";
        }

        /** P(K, Q) in double precision. */
        public double value(double k, double q) {
            double v = 0;
            for (int i = 0; i <= degreeK; i++) {
                for (int j = 0; j <= degreeQ; j++) {
                    v += coefficients[i][j].doubleValue() * Math.pow(k, i) * Math.pow(q, j);
                }
            }
            return v;
        }

        /** The root of P(., Q) nearest to start, by Newton's method (NaN if it does not converge). */
        public double rootNear(double start, double q) {
            double k = start;
            for (int it = 0; it < 100; it++) {
                double p = value(k, q);
                double dp = 0;
                for (int i = 1; i <= degreeK; i++) {
                    for (int j = 0; j <= degreeQ; j++) {
                        dp += i * coefficients[i][j].doubleValue() * Math.pow(k, i - 1) * Math.pow(q, j);
                    }
                }
                double step = p / dp;
                k -= step;
                if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(k))) {
                    return k;
                }
            }
            return Double.NaN;
        }
    }

    /** One shape tried: its size and the dimension of the null space found. */
    public record Attempt(int degreeK, int degreeQ, int equations, int unknowns, int nullity) { }

    /** The outcome: the shapes tried in order, and the first relation found (null if none). */
    public record Outcome(List<Attempt> attempts, Relation relation) { }

    /**
     * Searches shapes with dK <= maxDegreeK and dQ <= maxDegreeQ, in order of increasing number of unknowns, with at
     * least {@code margin} more equations than unknowns. {@code a[k]} is the coefficient of Q^k.
     */
    public static Outcome search(Rational[] a, int maxDegreeK, int maxDegreeQ, int margin) {
        int n = a.length; // equations: Q^0..Q^{n-1}
        // powers of the series, truncated: pow[i][m] = coefficient of Q^m in K(Q)^i
        Rational[][] pow = new Rational[maxDegreeK + 1][n];
        for (int m = 0; m < n; m++) {
            pow[0][m] = m == 0 ? Rational.ONE : Rational.ZERO;
        }
        for (int i = 1; i <= maxDegreeK; i++) {
            for (int m = 0; m < n; m++) {
                Rational s = Rational.ZERO;
                for (int r = 0; r <= m; r++) {
                    s = s.add(pow[i - 1][r].multiply(a[m - r]));
                }
                pow[i][m] = s;
            }
        }
        List<int[]> shapes = new ArrayList<>();
        for (int dk = 1; dk <= maxDegreeK; dk++) {
            for (int dq = 0; dq <= maxDegreeQ; dq++) {
                shapes.add(new int[] {dk, dq});
            }
        }
        shapes.sort((x, y) -> (x[0] + 1) * (x[1] + 1) != (y[0] + 1) * (y[1] + 1)
                ? Integer.compare((x[0] + 1) * (x[1] + 1), (y[0] + 1) * (y[1] + 1)) : Integer.compare(x[0], y[0]));
        List<Attempt> attempts = new ArrayList<>();
        for (int[] sh : shapes) {
            int dk = sh[0];
            int dq = sh[1];
            int unknowns = (dk + 1) * (dq + 1);
            if (n < unknowns + margin) {
                continue;
            }
            // column (i, j): coefficient of Q^m of K^i Q^j is pow[i][m - j]
            Rational[][] mat = new Rational[n][unknowns];
            for (int m = 0; m < n; m++) {
                for (int i = 0; i <= dk; i++) {
                    for (int j = 0; j <= dq; j++) {
                        mat[m][i * (dq + 1) + j] = m - j >= 0 ? pow[i][m - j] : Rational.ZERO;
                    }
                }
            }
            List<Rational[]> kernel = nullSpace(mat, unknowns);
            attempts.add(new Attempt(dk, dq, n, unknowns, kernel.size()));
            if (!kernel.isEmpty()) {
                Rational[] v = primitive(kernel.get(0));
                Rational[][] c = new Rational[dk + 1][dq + 1];
                for (int i = 0; i <= dk; i++) {
                    for (int j = 0; j <= dq; j++) {
                        c[i][j] = v[i * (dq + 1) + j];
                    }
                }
                return new Outcome(List.copyOf(attempts), new Relation(dk, dq, c, n, unknowns));
            }
        }
        return new Outcome(List.copyOf(attempts), null);
    }

    /** A basis of {x : M x = 0} by exact Gauss-Jordan elimination. */
    static List<Rational[]> nullSpace(Rational[][] m, int cols) {
        int rows = m.length;
        Rational[][] a = new Rational[rows][];
        for (int r = 0; r < rows; r++) {
            a[r] = m[r].clone();
        }
        int[] pivotCol = new int[rows];
        boolean[] isPivot = new boolean[cols];
        int rank = 0;
        for (int col = 0; col < cols && rank < rows; col++) {
            int p = -1;
            for (int r = rank; r < rows; r++) {
                if (!a[r][col].isZero()) {
                    p = r;
                    break;
                }
            }
            if (p < 0) {
                continue;
            }
            Rational[] tmp = a[p];
            a[p] = a[rank];
            a[rank] = tmp;
            Rational inv = Rational.ONE.divide(a[rank][col]);
            for (int c = 0; c < cols; c++) {
                a[rank][c] = a[rank][c].multiply(inv);
            }
            for (int r = 0; r < rows; r++) {
                if (r != rank && !a[r][col].isZero()) {
                    Rational f = a[r][col];
                    for (int c = 0; c < cols; c++) {
                        a[r][c] = a[r][c].subtract(f.multiply(a[rank][c]));
                    }
                }
            }
            pivotCol[rank] = col;
            isPivot[col] = true;
            rank++;
        }
        List<Rational[]> basis = new ArrayList<>();
        for (int free = 0; free < cols; free++) {
            if (isPivot[free]) {
                continue;
            }
            Rational[] v = new Rational[cols];
            java.util.Arrays.fill(v, Rational.ZERO);
            v[free] = Rational.ONE;
            for (int r = 0; r < rank; r++) {
                v[pivotCol[r]] = a[r][free].negate();
            }
            basis.add(v);
        }
        return basis;
    }

    /** Scales to integers with gcd 1 and a positive highest-index non-zero entry. */
    static Rational[] primitive(Rational[] v) {
        java.math.BigInteger lcm = java.math.BigInteger.ONE;
        for (Rational r : v) {
            lcm = lcm.divide(lcm.gcd(r.denominator())).multiply(r.denominator());
        }
        java.math.BigInteger g = java.math.BigInteger.ZERO;
        Rational[] w = new Rational[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = v[i].multiply(Rational.of(lcm, java.math.BigInteger.ONE));
            g = g.gcd(w[i].numerator());
        }
        int sign = 1;
        for (int i = v.length - 1; i >= 0; i--) {
            if (!w[i].isZero()) {
                sign = w[i].signum();
                break;
            }
        }
        for (int i = 0; i < v.length; i++) {
            w[i] = w[i].divide(Rational.of(g, java.math.BigInteger.ONE)).multiply(sign);
        }
        return w;
    }
}
