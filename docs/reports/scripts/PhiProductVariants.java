import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.Arrays;
import java.util.Random;

/**
 * Issue 15 (bench-march.md): Phi's largest product R^T C (the (w x t)(t x S) panels of LayerSweep.causalPhiNative, S = 8,
 * T = 400) at one step t, R cold (12 copies cycled), on one thread: OpenBLAS as the march calls it, against a Java
 * kernel (four R rows at a time, the S output rows of a column tile kept in cache, with Math.fma),
 * and OpenBLAS in the transposed orientation (the S x w product, then transposed into Phi).
 * Best of 40 runs of each variant, alternating in one process.
 *
 * Usage: OPENBLAS_NUM_THREADS=1 java -Xmx6g -cp "linear/target/lib/*" docs/reports/scripts/PhiProductVariants.java [t, default 399]
 */
public class PhiProductVariants {
    static final int S = 8, T = 400, N = S * T;

    // out (row-major S x cols, ld cols) += sum_u R[u*N + j] * c[sigma*T + u], u < t, j in [j0, j1)
    static void javaRC(double[] r, double[] c, int t, double[] out, int cols, int j0, int j1, int tile) {
        for (int jt = j0; jt < j1; jt += tile) {
            final int je = Math.min(j1, jt + tile);
            int u = 0;
            for (; u + 3 < t; u += 4) {
                final int q0 = u * N, q1 = q0 + N, q2 = q1 + N, q3 = q2 + N;
                for (int sg = 0; sg < S; sg++) {
                    final double c0 = c[sg * T + u], c1 = c[sg * T + u + 1], c2 = c[sg * T + u + 2], c3 = c[sg * T + u + 3];
                    final int o = sg * cols;
                    for (int j = jt; j < je; j++) {
                        out[o + j] = Math.fma(c3, r[q3 + j], Math.fma(c2, r[q2 + j], Math.fma(c1, r[q1 + j], Math.fma(c0, r[q0 + j], out[o + j]))));
                    }
                }
            }
            for (; u < t; u++) {
                final int q0 = u * N;
                for (int sg = 0; sg < S; sg++) {
                    final double c0 = c[sg * T + u];
                    final int o = sg * cols;
                    for (int j = jt; j < je; j++) {
                        out[o + j] = Math.fma(c0, r[q0 + j], out[o + j]);
                    }
                }
            }
        }
    }
    public static void main(String[] args) {
        BLAS b = NativeBLAS.getInstance();
        int t = args.length > 0 ? Integer.parseInt(args[0]) : 399;
        Random rnd = new Random(1);
        int copies = 12, cols = (t + 1) * S, tb = t + 1;
        double[][] rs = new double[copies][T * N + N];
        for (double[] r : rs) {
            fill(r, rnd);
        }
        double[] c = new double[S * T + T];
        fill(c, rnd);
        double[] o1 = new double[S * cols + 64], o2 = new double[S * cols + 64], tmp = new double[S * cols + 64];
        b.dgemm("N", "N", cols, S, t, 1.0, rs[0], 0, N, c, 0, T, 1.0, o1, 0, cols);
        javaRC(rs[0], c, t, o2, cols, 0, cols, 256);
        double md = 0;
        for (int i = 0; i < S * cols; i++) {
            md = Math.max(md, Math.abs(o1[i] - o2[i]));
        }
        String[] names = {"BLAS N,N, 8 column panels (as the march)", "BLAS N,N, one call", "Java FMA kernel, tiles of 256",
            "Java FMA kernel, tiles of 1024", "BLAS T,T (S x w) in 8 panels, transposed into Phi"};
        double[] best = new double[names.length];
        Arrays.fill(best, 1e9);
        int k = 0;
        for (int rep = 0; rep < 40; rep++) {
            for (int v = 0; v < names.length; v++) {
                double[] r = rs[(k++) % copies];
                long t0 = System.nanoTime();
                if (v == 0 || v == 4) {
                    for (int p = 0; p < 8; p++) {
                        int s0 = (int) ((long) tb * p / 8), s1 = (int) ((long) tb * (p + 1) / 8), j0 = s0 * S, wd = (s1 - s0) * S;
                        if (v == 0) {
                            b.dgemm("N", "N", wd, S, t, 1.0, r, j0, N, c, 0, T, 1.0, o1, j0, cols);
                        } else {
                            b.dgemm("T", "T", S, wd, t, 1.0, c, 0, T, r, j0, N, 0.0, tmp, 0, S);
                            for (int j = 0; j < wd; j++) {
                                for (int sg = 0; sg < S; sg++) {
                                    o2[sg * cols + j0 + j] += tmp[j * S + sg];
                                }
                            }
                        }
                    }
                } else if (v == 1) {
                    b.dgemm("N", "N", cols, S, t, 1.0, r, 0, N, c, 0, T, 1.0, o1, 0, cols);
                } else {
                    javaRC(r, c, t, o2, cols, 0, cols, v == 2 ? 256 : 1024);
                }
                best[v] = Math.min(best[v], (System.nanoTime() - t0) * 1e-9);
            }
        }
        double mb = 8.0 * t * cols * 1e-6;
        System.out.printf("t = %d, R^T C with R cold (%.1f MB of R; Java kernel against BLAS: max abs difference %.1e)%n", t, mb, md);
        for (int v = 0; v < names.length; v++) {
            System.out.printf("  %-52s %.3f ms  %.1f GB/s%n", names[v], best[v] * 1e3, mb / best[v] * 1e-3);
        }
    }

    static void fill(double[] x, Random rnd) {
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() - 0.5;
        }
    }
}
