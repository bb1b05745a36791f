package org.dln.linear.solver;

import dev.ludovic.netlib.blas.BLAS;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The native BLAS of the march's large products: dev.ludovic.netlib's JNI binding to the system libblas.so.3 (e.g.
 * Debian's OpenBLAS, scripts/install-native.sh), when one is installed and not disabled. Without it (or with the system
 * property {@code dln.blas=java}) the march runs its pure-Java blocked loops, with the same equations.
 *
 * <p>The march splits its calls into a fixed partition run on its own threads, so the results do not depend on
 * {@code dln.threads}; they differ from the pure-Java loops' by rounding only (the sums are ordered differently, about
 * 1e-15 relative on stable problems). OpenBLAS must then run one thread per call: its own threads would oversubscribe the
 * cores and change the last bits with their count. So by default the native library is used only when the environment
 * says {@code OPENBLAS_NUM_THREADS=1} (the {@code dln} launcher, the test runs and the benchmark scripts set it);
 * {@code -Ddln.blas=native} uses it regardless, {@code -Ddln.blas=java} never.
 */
public final class NativeBlas {
    /**
     * System property: {@code java} forces the pure-Java loops, {@code native} the native BLAS when installed; by default
     * (unset or {@code auto}) the native BLAS when installed and {@code OPENBLAS_NUM_THREADS=1}.
     */
    static final String PROPERTY = "dln.blas";

    private static final BLAS INSTANCE = load();

    /** Tests only: a BLAS used instead of the native one (e.g. a counting wrapper of a pure-Java BLAS), or null. */
    static volatile BLAS forTests;

    private NativeBlas() {
    }

    /** The native BLAS, or null (none installed, or disabled by {@code dln.blas=java}). */
    public static BLAS get() {
        BLAS t = forTests;
        if (t != null) {
            return t;
        }
        String mode = System.getProperty(PROPERTY, "auto").trim();
        if ("java".equalsIgnoreCase(mode)) {
            return null;
        }
        if ("native".equalsIgnoreCase(mode)) {
            return INSTANCE;
        }
        return "1".equals(System.getenv("OPENBLAS_NUM_THREADS")) ? INSTANCE : null;
    }

    /** The name of the implementation in use ("pure Java" without a native library). */
    public static String describe() {
        BLAS b = get();
        if (b != null) {
            return "native BLAS (" + b.getClass().getSimpleName() + ", system libblas.so.3)";
        }
        return INSTANCE == null ? "pure Java (no native BLAS installed)" : "pure Java (a native BLAS is installed: set "
                + "OPENBLAS_NUM_THREADS=1, as the dln launcher does, or -Ddln.blas=native to use it)";
    }

    private static BLAS load() {
        // netlib's loader logs every implementation it cannot load as a warning: kept quiet (the fallback is ours)
        Logger.getLogger("dev.ludovic.netlib.blas").setLevel(Level.SEVERE);
        try {
            return dev.ludovic.netlib.blas.NativeBLAS.getInstance();
        } catch (Throwable e) { // no libblas.so.3 or no JNI stub for this platform: the pure-Java loops
            return null;
        }
    }
}
