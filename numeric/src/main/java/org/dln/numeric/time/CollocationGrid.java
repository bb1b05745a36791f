package org.dln.numeric.time;

import java.util.Arrays;
import java.util.Locale;

/**
 * Collocation in time elements for gradient flow: the horizon [0, tMax] is split into elements
 * [tau_e, tau_{e+1}], each carrying the m Legendre-Gauss-Lobatto nodes of {@link LegendreGaussLobatto}
 * (neighbouring elements share their end point). The integral Int_0^{t_i} F of a function known at the nodes is
 * that of its piecewise polynomial interpolant (degree m - 1 per element): complete earlier elements by their
 * Lobatto rule (exact to degree 2m - 3), the current one by the integration matrix, which couples node i to the
 * later nodes of its element. The error of the time integrals is O(h^m) at interior nodes (spectral in m at fixed
 * elements); a smooth solution is therefore accurate to O(h^m) and converges exponentially in m.
 *
 * <p>Node 0 is t = 0 (block 0); block e + 1 holds the m - 1 nodes of element e after its left end point. Values
 * known at the nodes are interpolated anywhere in [0, tMax] by {@link #interpolate}. Immutable.
 */
public final class CollocationGrid implements TimeGrid {
    private final double[] bounds;  // element boundaries, length E + 1, bounds[0] = 0
    private final LegendreGaussLobatto rule;
    private final double[] times;

    /**
     * @param bounds element boundaries 0 = b_0 &lt; b_1 &lt; ... &lt; b_E (copied)
     * @param m      nodes per element (including both end points), 2..64
     */
    public CollocationGrid(double[] bounds, int m) {
        if (bounds.length < 2 || bounds[0] != 0.0) {
            throw new IllegalArgumentException("element boundaries must start at 0 and contain at least one element");
        }
        for (int e = 1; e < bounds.length; e++) {
            if (!(bounds[e] > bounds[e - 1]) || !Double.isFinite(bounds[e])) {
                throw new IllegalArgumentException("element boundaries must increase: " + Arrays.toString(bounds));
            }
        }
        this.bounds = bounds.clone();
        this.rule = new LegendreGaussLobatto(m);
        int elements = bounds.length - 1;
        times = new double[1 + elements * (m - 1)];
        for (int e = 0; e < elements; e++) {
            double h = bounds[e + 1] - bounds[e];
            for (int k = 1; k < m; k++) {
                times[global(e, k)] = k == m - 1 ? bounds[e + 1] : bounds[e] + h * rule.node(k);
            }
        }
    }

    /** {@code elements} equal elements on [0, tMax]. */
    public static CollocationGrid uniform(double tMax, int elements, int m) {
        double[] b = new double[elements + 1];
        for (int e = 0; e <= elements; e++) {
            b[e] = tMax * e / elements;
        }
        b[elements] = tMax;
        return new CollocationGrid(b, m);
    }

    /**
     * {@code elements} elements on [0, tMax] whose lengths grow geometrically from {@code firstLength} (uniform when
     * {@code firstLength >= tMax / elements}): fine elements where the fastest modes of the dynamics live.
     */
    public static CollocationGrid graded(double tMax, int elements, int m, double firstLength) {
        if (!(firstLength > 0) || firstLength * elements >= tMax || elements == 1) {
            return uniform(tMax, elements, m);
        }
        // h0 (r^E - 1) / (r - 1) = tMax, r > 1, by bisection on r
        double lo = 1.0, hi = 2.0;
        while (sum(firstLength, hi, elements) < tMax) {
            hi *= 2;
        }
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (sum(firstLength, mid, elements) < tMax) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double r = 0.5 * (lo + hi);
        double[] b = new double[elements + 1];
        double h = firstLength;
        for (int e = 1; e <= elements; e++) {
            b[e] = b[e - 1] + h;
            h *= r;
        }
        b[elements] = tMax;
        return new CollocationGrid(b, m);
    }

    private static double sum(double h0, double r, int e) {
        double s = 0, h = h0;
        for (int k = 0; k < e; k++) {
            s += h;
            h *= r;
        }
        return s;
    }

    /** Global index of local node k (0..m-1) of element e. */
    public int global(int e, int k) {
        return e * (rule.size() - 1) + k;
    }

    public int elements() {
        return bounds.length - 1;
    }

    public int nodesPerElement() {
        return rule.size();
    }

    /** Element boundaries (a copy). */
    public double[] bounds() {
        return bounds.clone();
    }

    public double tMax() {
        return bounds[bounds.length - 1];
    }

    @Override
    public int size() {
        return times.length;
    }

    @Override
    public double time(int i) {
        return times[i];
    }

    @Override
    public double[] quadrature() {
        int t = size(), m = rule.size();
        double[] q = new double[t * t];
        for (int e = 0; e < elements(); e++) {
            double h = bounds[e + 1] - bounds[e];
            for (int k = 1; k < m; k++) {
                int row = global(e, k) * t;
                for (int ep = 0; ep < e; ep++) {
                    double hp = bounds[ep + 1] - bounds[ep];
                    for (int j = 0; j < m; j++) {
                        q[row + global(ep, j)] += hp * rule.weight(j);
                    }
                }
                for (int j = 0; j < m; j++) {
                    q[row + global(e, j)] += h * rule.integration(k, j);
                }
            }
        }
        return q;
    }

    @Override
    public int blocks() {
        return 1 + elements();
    }

    @Override
    public int blockStart(int k) {
        return k == 0 ? 0 : global(k - 1, 1);
    }

    @Override
    public boolean strictlyCausal() {
        return false;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Legendre-Gauss-Lobatto collocation, %d elements x %d nodes on [0, %s] (first element %.4g)",
                elements(), rule.size(), tMax(), bounds[1]);
    }

    /**
     * Spectral error indicator of element e for nodal values v: |a_{m-1}| + |a_{m-2}|, the two highest Legendre
     * coefficients of the element's interpolant (by the discrete Lobatto transform). For a smooth function the
     * interpolation error is of the size of the first neglected coefficients, which these bound from above once the
     * coefficients decay.
     */
    public double errorIndicator(int e, double[] v) {
        int m = rule.size(), n = m - 1;
        double[] p = new double[m];
        double top = 0;
        for (int k = n - 1; k <= n; k++) {
            double gamma = k == n ? 2.0 / n : 2.0 / (2.0 * k + 1.0);
            double acc = 0;
            for (int j = 0; j < m; j++) {
                LegendreGaussLobatto.legendre(2.0 * rule.node(j) - 1.0, n, p);
                acc += 2.0 * rule.weight(j) * p[k] * v[global(e, j)];
            }
            top += Math.abs(acc / gamma);
        }
        return top;
    }

    /** The grid with each flagged element split in two. */
    public CollocationGrid refine(boolean[] split) {
        java.util.List<Double> b = new java.util.ArrayList<>();
        b.add(0.0);
        for (int e = 0; e < elements(); e++) {
            if (split[e]) {
                b.add(0.5 * (bounds[e] + bounds[e + 1]));
            }
            b.add(bounds[e + 1]);
        }
        return new CollocationGrid(b.stream().mapToDouble(Double::doubleValue).toArray(), rule.size());
    }

    /** The element containing t (the first one for shared end points). */
    public int elementOf(double t) {
        if (!(t >= 0) || t > tMax() * (1 + 1e-14)) {
            throw new IllegalArgumentException("t = " + t + " is outside [0, " + tMax() + "]");
        }
        int e = Arrays.binarySearch(bounds, t);
        if (e >= 0) {
            return Math.max(0, e - 1);
        }
        return Math.min(elements() - 1, -e - 2);
    }

    /**
     * The interpolant of nodal values (indexed by node, length {@link #size()}) at time t, or its first time
     * derivative ({@code derivative = 1}). Spectrally accurate for smooth functions.
     */
    public double interpolate(double t, double[] values, int derivative) {
        int e = elementOf(t);
        double h = bounds[e + 1] - bounds[e];
        int m = rule.size();
        double[] basis = new double[m];
        rule.basis(Math.min(1.0, Math.max(0.0, (t - bounds[e]) / h)), derivative, basis);
        double s = 0;
        for (int j = 0; j < m; j++) {
            s += basis[j] * values[global(e, j)];
        }
        return derivative == 0 ? s : s / h;
    }

    /** The interpolation weights (node index, weight) of time t, for interpolating many quantities at once. */
    public double[] weights(double t, int derivative, int[] nodesOut) {
        int e = elementOf(t);
        double h = bounds[e + 1] - bounds[e];
        int m = rule.size();
        double[] basis = new double[m];
        rule.basis(Math.min(1.0, Math.max(0.0, (t - bounds[e]) / h)), derivative, basis);
        for (int j = 0; j < m; j++) {
            nodesOut[j] = global(e, j);
            if (derivative == 1) {
                basis[j] /= h;
            }
        }
        return basis;
    }
}
