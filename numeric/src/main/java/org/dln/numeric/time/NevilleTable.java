package org.dln.numeric.time;

import java.util.Arrays;

/**
 * Polynomial (Neville) extrapolation to step h = 0 of vectors computed at decreasing steps h_0 > h_1 > ..., one level at a
 * time: after level k is added, {@link #best()} is the value at h = 0 of the polynomial of degree k in h through all
 * levels and {@link #belowBest()} that of degree k - 1 through levels 1..k (the finer ones), whose difference is the usual
 * error estimate. For an error series in h^2 pass h^2 as the abscissa. The table is updated in place: O(k n) per level.
 */
public final class NevilleTable {
    private final double[] x;
    private final double[][] rows;
    private int levels;

    /** A table for at most {@code maxLevels} levels. */
    public NevilleTable(int maxLevels) {
        if (maxLevels < 1) {
            throw new IllegalArgumentException("maxLevels must be >= 1");
        }
        x = new double[maxLevels];
        rows = new double[maxLevels][];
    }

    /** Adds the values at abscissa h (distinct from the earlier ones); {@code values} is copied. */
    public void add(double h, double[] values) {
        if (levels == x.length) {
            throw new IllegalStateException("the table is full (" + x.length + " levels)");
        }
        if (levels > 0 && values.length != rows[0].length) {
            throw new IllegalArgumentException("level of length " + values.length + ", expected " + rows[0].length);
        }
        int k = levels++;
        x[k] = h;
        rows[k] = values.clone();
        // rows[i] becomes the extrapolation through levels i..k: P_{i..k} = P_{i+1..k} + (P_{i+1..k} - P_{i..k-1}) x_k / (x_i - x_k)
        for (int i = k - 1; i >= 0; i--) {
            double[] lo = rows[i], hi = rows[i + 1];
            double w = x[k] / (x[i] - x[k]);
            for (int j = 0; j < lo.length; j++) {
                lo[j] = hi[j] + (hi[j] - lo[j]) * w;
            }
        }
    }

    /** The number of levels added. */
    public int levels() {
        return levels;
    }

    /** The highest-order extrapolation (through every level), a copy. */
    public double[] best() {
        requireLevels(1);
        return rows[0].clone();
    }

    /** The extrapolation one order below, through the finer levels 1..k, a copy. */
    public double[] belowBest() {
        requireLevels(2);
        return rows[1].clone();
    }

    /** The value at 0 of the polynomial through the first m points (x_i, y_i) (a scalar table built at once). */
    public static double extrapolate(double[] x, double[] y, int m) {
        NevilleTable t = new NevilleTable(m);
        for (int i = 0; i < m; i++) {
            t.add(x[i], new double[] {y[i]});
        }
        return t.rows[0][0];
    }

    private void requireLevels(int n) {
        if (levels < n) {
            throw new IllegalStateException("the table has " + levels + " levels, " + n + " needed");
        }
    }

    @Override
    public String toString() {
        return "NevilleTable" + Arrays.toString(Arrays.copyOf(x, levels));
    }
}
