package org.dln.linear.langevin;

/**
 * Anderson acceleration (type II, Walker and Ni 2011) of a fixed-point iteration x -> G(x) on vectors of a given size,
 * workspaces allocated once for the largest size: after each evaluation g = G(x) the next iterate is
 * x = g - dG gamma, gamma minimizing |r - dR gamma|_2 over the last {@code depth} differences of the residuals r = g - x
 * and of the images g. The history restarts when the residual grows tenfold (the secant model is then not useful).
 */
final class Anderson {
    /** The current iterate (read by the caller and overwritten by {@link #next}) and the caller's image G(x). */
    final double[] x, g;
    private final int depth;
    private final double[] r, rPrev, gPrev;
    private final double[][] dr, dg;
    private final double[][] normal;
    private final double[] rhs;
    private int size, count, head;
    private double prevNorm;

    Anderson(int depth, int capacity) {
        this.depth = depth;
        x = new double[capacity];
        g = new double[capacity];
        r = new double[capacity];
        rPrev = new double[capacity];
        gPrev = new double[capacity];
        dr = new double[depth][capacity];
        dg = new double[depth][capacity];
        normal = new double[depth][depth + 1];
        rhs = new double[depth];
    }

    /** A new fixed-point problem of the given size: the caller fills {@link #x} with the start. */
    void start(int size) {
        this.size = size;
        count = 0;
        head = 0;
        prevNorm = Double.NaN;
    }

    /** With {@link #g} = G(x) filled, sets {@link #x} to the next iterate. */
    void next() {
        double norm = 0;
        for (int i = 0; i < size; i++) {
            r[i] = g[i] - x[i];
            norm += r[i] * r[i];
        }
        if (prevNorm >= 0 && norm > 100 * prevNorm) {
            count = 0; // restart: keep only this pair
            head = 0;
        } else if (prevNorm >= 0) {
            double[] a = dr[head], b = dg[head];
            for (int i = 0; i < size; i++) {
                a[i] = r[i] - rPrev[i];
                b[i] = g[i] - gPrev[i];
            }
            head = (head + 1) % depth;
            count = Math.min(count + 1, depth);
        }
        System.arraycopy(r, 0, rPrev, 0, size);
        System.arraycopy(g, 0, gPrev, 0, size);
        prevNorm = norm;
        System.arraycopy(g, 0, x, 0, size);
        if (count == 0) {
            return;
        }
        // normal equations of min |r - dR gamma| (count x count), with a relative ridge for rank-deficient histories
        double trace = 0;
        for (int a = 0; a < count; a++) {
            double[] ra = dr[a];
            for (int b = 0; b <= a; b++) {
                double[] rb = dr[b];
                double s = 0;
                for (int i = 0; i < size; i++) {
                    s += ra[i] * rb[i];
                }
                normal[a][b] = s;
                normal[b][a] = s;
            }
            double s = 0;
            for (int i = 0; i < size; i++) {
                s += ra[i] * r[i];
            }
            rhs[a] = s;
            trace += normal[a][a];
        }
        if (!(trace > 0)) {
            return;
        }
        for (int a = 0; a < count; a++) {
            normal[a][a] += 1e-13 * trace;
            normal[a][count] = rhs[a];
        }
        double[] gamma = SmallSystems.solveAugmented(normal, count);
        for (int a = 0; a < count; a++) {
            double ga = gamma[a];
            if (!Double.isFinite(ga)) {
                return;
            }
        }
        for (int a = 0; a < count; a++) {
            double ga = gamma[a];
            double[] b = dg[a];
            for (int i = 0; i < size; i++) {
                x[i] -= ga * b[i];
            }
        }
    }
}
