import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.Arrays;
import java.util.Random;

/**
 * Issue 15 (bench-march.md, "Where the time goes"): the march's two largest kernels at one time step t, alone, on one
 * thread, with the native BLAS, S = 8, T = 400 (the arrays of L = 3, P = 8, T = 400): the R row b Phi^{l-1} (two dgemv
 * per block row of the packed triangle, as SweepBlas.causalRNative, against one fused Java pass), and Phi's three
 * products R^T C, C^T W, A^T VB (as LayerSweep.causalPhiNative: 8 column panels; with 12-32 panels; with C^T and A^T
 * interleaved in one product), and R^T C alone on cold data (12 copies of R cycled) in column panels, one call and
 * row chunks. Best of N runs of each variant, alternating in one process.
 *
 * Usage (from the repository root, after mvn -o -q -DskipTests package):
 *   OPENBLAS_NUM_THREADS=1 java -Xmx4g -cp "linear/target/lib/*" docs/reports/scripts/MarchKernels.java [t, default 399]
 */
public class MarchKernels {
    static final int S = 8, T = 400, N = S * T;

    public static void main(String[] args) {
        BLAS b = NativeBLAS.getInstance();
        int t = args.length > 0 ? Integer.parseInt(args[0]) : 399;
        Random rnd = new Random(1);
        rRow(b, t, rnd);
        phiProducts(b, t, rnd);
        coldRc(b, t, rnd);
    }

    static long poff(int kb) {
        return (long) S * S * kb * (kb + 1) / 2;
    }

    static void rRow(BLAS bl, int t, Random rnd) {
        double[] ph = new double[(int) poff(T) + N], b = new double[N], y = new double[N], r = new double[N];
        double[] y2 = new double[N], r2 = new double[N];
        fill(ph, rnd);
        fill(b, rnd);
        double[] best = {1e9, 1e9};
        for (int rep = 0; rep < 30; rep++) {
            for (int v = 0; v < 2; v++) {
                long t0 = System.nanoTime();
                if (v == 0) {
                    Arrays.fill(y, 0, t * S, 0);
                    for (int kb = 0; kb < t; kb++) {
                        int j0 = kb * S, w = j0 + S, po = (int) poff(kb);
                        if (kb > 0) {
                            bl.dgemv("T", j0, S, 1.0, ph, po, w, b, 0, 1, 0.0, r, j0, 1);
                        }
                        bl.dgemv("N", w, S, 1.0, ph, po, w, b, j0, 1, 1.0, y, 0, 1);
                    }
                } else {
                    fused(ph, b, y2, r2, t);
                }
                best[v] = Math.min(best[v], (System.nanoTime() - t0) * 1e-9);
            }
        }
        double mb = 8.0 * poff(t) * 1e-6;
        System.out.printf("t=%d R row over the packed triangle (%.1f MB): two dgemv per block row %.3f ms (%.1f GB/s), "
                + "fused Java pass %.3f ms (%.1f GB/s)%n", t, mb, best[0] * 1e3, mb / best[0] * 1e-3, best[1] * 1e3, mb / best[1] * 1e-3);
    }

    /** Dots of the rows (before their diagonal block) with b into r, axpys of the rows into y, two rows at a time. */
    static void fused(double[] ph, double[] b, double[] y, double[] r, int t) {
        Arrays.fill(y, 0, t * S, 0.0);
        for (int kb = 0; kb < t; kb++) {
            int w = (kb + 1) * S, j0 = kb * S, base = (int) poff(kb);
            for (int mu = 0; mu < S; mu += 2) {
                int o0 = base + mu * w, o1 = o0 + w;
                double b0 = b[j0 + mu], b1 = b[j0 + mu + 1], a0 = 0, c0 = 0;
                int j = 0;
                for (; j < j0; j++) {
                    double p0 = ph[o0 + j], p1 = ph[o1 + j];
                    a0 += p0 * b[j];
                    c0 += p1 * b[j];
                    y[j] += b0 * p0 + b1 * p1;
                }
                r[j0 + mu] = a0;
                r[j0 + mu + 1] = c0;
                for (; j < w; j++) {
                    y[j] += b0 * ph[o0 + j] + b1 * ph[o1 + j];
                }
            }
        }
    }

    static void phiProducts(BLAS b, int t, Random rnd) {
        double[] rr = new double[T * N + N], ct = new double[T * N + N], at = new double[T * N + N], ca = new double[2 * T * N + N];
        double[] c = new double[S * T + T], w = new double[S * T + T], v = new double[S * T + T], wv = new double[2 * S * T + 2 * T];
        double[] out = new double[S * (t + 1) * S + 64];
        fill(rr, rnd);
        for (int u = 0; u < T; u++) {
            for (int j = (u + 1) * S; j < N; j++) {
                ct[u * N + j] = rnd.nextDouble();
                at[u * N + j] = rnd.nextDouble();
            }
            System.arraycopy(ct, u * N, ca, 2 * u * N, N);
            System.arraycopy(at, u * N, ca, (2 * u + 1) * N, N);
        }
        fill(c, rnd);
        fill(w, rnd);
        fill(v, rnd);
        for (int mu = 0; mu < S; mu++) {
            for (int u = 0; u < T; u++) {
                wv[mu * 2 * T + 2 * u] = w[mu * T + u];
                wv[mu * 2 * T + 2 * u + 1] = v[mu * T + u];
            }
        }
        int cols = (t + 1) * S, tb = t + 1;
        int[] panels = {8, 12, 16, 32, -8};
        double[] best = new double[panels.length];
        Arrays.fill(best, 1e9);
        for (int rep = 0; rep < 30; rep++) {
            for (int vi = 0; vi < panels.length; vi++) {
                int np = Math.min(tb, Math.abs(panels[vi]));
                boolean fusedTail = panels[vi] < 0;
                long t0 = System.nanoTime();
                for (int p = 0; p < np; p++) {
                    int s0 = (int) ((long) tb * p / np), s1 = (int) ((long) tb * (p + 1) / np), j0 = s0 * S, wd = (s1 - s0) * S, ku = s1 - 1;
                    b.dgemm("N", "N", wd, S, t, 1.0, rr, j0, N, c, 0, T, 1.0, out, j0, cols);
                    if (ku > 0 && !fusedTail) {
                        b.dgemm("N", "N", wd, S, ku, 1.0, ct, j0, N, w, 0, T, 1.0, out, j0, cols);
                        b.dgemm("N", "N", wd, S, ku, 1.0, at, j0, N, v, 0, T, 1.0, out, j0, cols);
                    } else if (ku > 0) {
                        b.dgemm("N", "N", wd, S, 2 * ku, 1.0, ca, j0, N, wv, 0, 2 * T, 1.0, out, j0, cols);
                    }
                }
                best[vi] = Math.min(best[vi], (System.nanoTime() - t0) * 1e-9);
            }
        }
        StringBuilder sb = new StringBuilder(String.format("t=%d Phi's three products:", t));
        for (int vi = 0; vi < panels.length; vi++) {
            sb.append(String.format(" %s %.3f ms;", panels[vi] > 0 ? panels[vi] + " panels" : "8 panels, C^T and A^T interleaved",
                    best[vi] * 1e3));
        }
        System.out.println(sb);
    }

    static void coldRc(BLAS b, int t, Random rnd) {
        int copies = 12, cols = (t + 1) * S, tb = t + 1;
        double[][] rs = new double[copies][T * N + N];
        for (double[] r : rs) {
            fill(r, rnd);
        }
        double[] c = new double[S * T + T], out = new double[S * cols + 64];
        fill(c, rnd);
        double[] best = {1e9, 1e9, 1e9};
        int k = 0;
        for (int rep = 0; rep < 15; rep++) {
            for (int v = 0; v < 3; v++) {
                double[] r = rs[(k++) % copies];
                long t0 = System.nanoTime();
                if (v == 0) {
                    for (int p = 0; p < 8; p++) {
                        int s0 = (int) ((long) tb * p / 8), s1 = (int) ((long) tb * (p + 1) / 8), j0 = s0 * S;
                        b.dgemm("N", "N", (s1 - s0) * S, S, t, 1.0, r, j0, N, c, 0, T, 1.0, out, j0, cols);
                    }
                } else if (v == 1) {
                    b.dgemm("N", "N", cols, S, t, 1.0, r, 0, N, c, 0, T, 1.0, out, 0, cols);
                } else {
                    for (int q = 0; q < 8; q++) {
                        int k0 = t * q / 8, k1 = t * (q + 1) / 8;
                        b.dgemm("N", "N", cols, S, k1 - k0, 1.0, r, k0 * N, N, c, k0, T, 1.0, out, 0, cols);
                    }
                }
                best[v] = Math.min(best[v], (System.nanoTime() - t0) * 1e-9);
            }
        }
        double mb = 8.0 * t * cols * 1e-6;
        System.out.printf("t=%d R^T C alone, R cold (%.1f MB): 8 column panels %.3f ms (%.1f GB/s), one call %.3f ms (%.1f), "
                + "8 row chunks %.3f ms (%.1f)%n", t, mb, best[0] * 1e3, mb / best[0] * 1e-3, best[1] * 1e3, mb / best[1] * 1e-3,
                best[2] * 1e3, mb / best[2] * 1e-3);
    }

    static void fill(double[] x, Random rnd) {
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() - 0.5;
        }
    }
}
