package org.dln.linear.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * The machine's dense multiply rate for {@code dln bench march}: GFLOP/s of C = A B for random N x N matrices (best of
 * 3), by EJML on one thread and multi-threaded, and by the native BLAS when one is installed (dev.ludovic.netlib's JNI
 * binding to the system libblas.so.3, e.g. Debian's OpenBLAS from scripts/install-native.sh) on all cores and, in a
 * child JVM with OPENBLAS_NUM_THREADS=1, on one thread. Without a native BLAS the EJML rates stand alone.
 */
final class DenseRates {
    /** netlib's loader logs each implementation it cannot load (e.g. the Vector API one) as a warning: kept quiet. */
    private static final java.util.logging.Logger NETLIB_LOG = java.util.logging.Logger.getLogger("dev.ludovic.netlib.blas");

    /** GFLOP/s; NaN where not measured. */
    final double ejml1, ejmlMt, native1, nativeMt;
    /** The native library in use, or why there is none. */
    final String nativeNote;

    private DenseRates(double ejml1, double ejmlMt, double native1, double nativeMt, String nativeNote) {
        this.ejml1 = ejml1;
        this.ejmlMt = ejmlMt;
        this.native1 = native1;
        this.nativeMt = nativeMt;
        this.nativeNote = nativeNote;
    }

    static DenseRates measure(int size) {
        NETLIB_LOG.setLevel(java.util.logging.Level.SEVERE);
        double e1 = ejml(size, false), emt = ejml(size, true);
        String note;
        double nmt = Double.NaN, n1 = Double.NaN;
        try {
            nmt = nativeRate(size);
            note = "native BLAS " + dev.ludovic.netlib.blas.NativeBLAS.getInstance().getClass().getSimpleName()
                    + " (system libblas.so.3)";
            n1 = nativeSingleThread(size);
        } catch (Throwable e) { // no native library: the pure-Java rates only
            note = "no native BLAS (" + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "")
                    + "; scripts/install-native.sh installs OpenBLAS)";
        }
        return new DenseRates(e1, emt, n1, nmt, note);
    }

    /** The fastest one-thread rate and its source. */
    double best1() {
        return Double.isNaN(native1) ? ejml1 : Math.max(ejml1, native1);
    }

    /** The fastest rate on all cores: the best multi-threaded one, or the one-thread one when that is higher (busy cores). */
    double bestMt() {
        return Math.max(best1(), Double.isNaN(nativeMt) ? ejmlMt : Math.max(ejmlMt, nativeMt));
    }

    String best1Name() {
        return !Double.isNaN(native1) && native1 > ejml1 ? "native BLAS" : "EJML";
    }

    String bestMtName() {
        double mt = Double.isNaN(nativeMt) ? ejmlMt : Math.max(ejmlMt, nativeMt);
        if (best1() > mt) {
            return best1Name() + " (its one-thread rate: the multi-threaded one was lower)";
        }
        return !Double.isNaN(nativeMt) && nativeMt > ejmlMt ? "native BLAS" : "EJML";
    }

    String describe(int size) {
        return String.format(Locale.ROOT, "Dense multiply %d x %d (best of 3): EJML %.2f GFLOP/s on one thread, %.2f multi-threaded; "
                        + "%s%s.%nFastest: %s on one thread (%.2f GFLOP/s), %s on all cores (%.2f GFLOP/s).%n%n", size, size, ejml1, ejmlMt,
                nativeNote, Double.isNaN(nativeMt) ? "" : String.format(Locale.ROOT, ": %s GFLOP/s on one thread (OPENBLAS_NUM_THREADS=1), "
                        + "%.2f on its default threads", Double.isNaN(native1) ? "n/a" : String.format(Locale.ROOT, "%.2f", native1), nativeMt),
                best1Name(), best1(), bestMtName(), bestMt());
    }

    static double ejml(int size, boolean mt) {
        DMatrixRMaj[] m = matrices(size);
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            if (mt) {
                CommonOps_MT_DDRM.mult(m[0], m[1], m[2]);
            } else {
                CommonOps_DDRM.mult(m[0], m[1], m[2]);
            }
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        return gflops(size, best);
    }

    /** The native dgemm's rate (throws when no native BLAS loads); checked against EJML on the same matrices. */
    static double nativeRate(int size) {
        dev.ludovic.netlib.blas.BLAS blas = dev.ludovic.netlib.blas.NativeBLAS.getInstance();
        DMatrixRMaj[] m = matrices(size);
        double[] c = new double[size * size];
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            // row-major C = A B is column-major C^T = B^T A^T
            blas.dgemm("N", "N", size, size, size, 1.0, m[1].data, size, m[0].data, size, 0.0, c, size);
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        MatrixMatrixMult_DDRM.mult_reorder(m[0], m[1], m[2]);
        double diff = 0;
        for (int i = 0; i < c.length; i++) {
            diff = Math.max(diff, Math.abs(c[i] - m[2].data[i]));
        }
        if (!(diff <= 1e-10 * size)) {
            throw new IllegalStateException("native dgemm disagrees with EJML by " + diff);
        }
        return gflops(size, best);
    }

    /** The native rate on one thread, from a child JVM started with OPENBLAS_NUM_THREADS=1 (NaN if that fails). */
    static double nativeSingleThread(int size) {
        try {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DenseRates.class.getName(),
                    Integer.toString(size));
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    last = line;
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || last == null) {
                p.destroyForcibly();
                return Double.NaN;
            }
            return Double.parseDouble(last.trim());
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** Child-process entry of {@link #nativeSingleThread}: prints the native rate for the size given. */
    public static void main(String[] args) {
        NETLIB_LOG.setLevel(java.util.logging.Level.SEVERE);
        System.out.println(nativeRate(Integer.parseInt(args[0])));
    }

    private static DMatrixRMaj[] matrices(int size) {
        SplittableRandom rnd = new SplittableRandom(7);
        DMatrixRMaj a = new DMatrixRMaj(size, size), b = new DMatrixRMaj(size, size), c = new DMatrixRMaj(size, size);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = rnd.nextDouble() - 0.5;
            b.data[i] = rnd.nextDouble() - 0.5;
        }
        return new DMatrixRMaj[] {a, b, c};
    }

    private static double gflops(int size, double seconds) {
        return 2.0 * size * size * (double) size / seconds * 1e-9;
    }
}
