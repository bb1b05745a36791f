package org.dln.linear.io;

import java.util.ArrayDeque;

/** Drops the points of a plotted polyline that do not change its picture (Ramer-Douglas-Peucker per stretch between gaps). */
final class LineThinning {
    private LineThinning() {
    }

    /**
     * The line without the points that move it by less than {@code tolerance} of the axis ranges (in the
     * axis' own scale): Ramer-Douglas-Peucker on each stretch between gaps. Ends and the points around gaps stay.
     */
    static double[][] thin(double[] x, double[] y, double xRange, double yRange, boolean logY, double tolerance) {
        int n = x.length;
        double[] u = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = x[i] / xRange;
            v[i] = Plotter.axisValue(y[i], logY) / yRange;
        }
        boolean[] keep = new boolean[n];
        int start = -1;
        for (int i = 0; i <= n; i++) {
            boolean gap = i == n || Double.isNaN(v[i]);
            if (!gap && start < 0) {
                start = i;
            } else if (gap && start >= 0) {
                simplify(u, v, start, i - 1, keep, tolerance);
                start = -1;
            }
            if (i < n && Double.isNaN(y[i])) {
                keep[i] = true;
            }
        }
        int count = 0;
        for (boolean k : keep) {
            count += k ? 1 : 0;
        }
        double[][] out = new double[2][count];
        for (int i = 0, j = 0; i < n; i++) {
            if (keep[i]) {
                out[0][j] = x[i];
                out[1][j++] = y[i];
            }
        }
        return out;
    }

    /** Marks the points of u[from..to], v[from..to] that a polyline within {@code tolerance} of all of them needs. */
    private static void simplify(double[] u, double[] v, int from, int to, boolean[] keep, double tolerance) {
        keep[from] = true;
        keep[to] = true;
        ArrayDeque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {from, to});
        while (!stack.isEmpty()) {
            int[] seg = stack.pop();
            int a = seg[0];
            int b = seg[1];
            double du = u[b] - u[a];
            double dv = v[b] - v[a];
            double len = Math.hypot(du, dv);
            int worst = -1;
            double worstDist = tolerance;
            for (int i = a + 1; i < b; i++) {
                double d = len == 0 ? Math.hypot(u[i] - u[a], v[i] - v[a])
                        : Math.abs(du * (v[i] - v[a]) - dv * (u[i] - u[a])) / len;
                if (d > worstDist) {
                    worstDist = d;
                    worst = i;
                }
            }
            if (worst >= 0) {
                keep[worst] = true;
                stack.push(new int[] {a, worst});
                stack.push(new int[] {worst, b});
            }
        }
    }

}
