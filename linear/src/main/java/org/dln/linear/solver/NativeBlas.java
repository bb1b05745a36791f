package org.dln.linear.solver;

import dev.ludovic.netlib.blas.BLAS;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The native BLAS of the march's large products: dev.ludovic.netlib's JNI binding to the system libblas.so.3 (e.g.
 * Debian's OpenBLAS, scripts/install-native.sh), when one is installed and not disabled. Without it (or with the system
 * property {@code dln.blas=java}) the march runs its pure-Java blocked loops, with the same equations.
 *
 * <p>The march calls the library from one thread with arguments that do not depend on {@code dln.threads}, so its
 * results do not depend on that count; they differ from the pure-Java loops' by rounding only (the sums are ordered
 * differently), about 1e-15 relative.
 */
final class NativeBlas {
    /** System property: {@code java} forces the pure-Java loops; anything else (default) uses a native BLAS if present. */
    static final String PROPERTY = "dln.blas";

    private static final BLAS INSTANCE = load();

    private NativeBlas() {
    }

    /** The native BLAS, or null (none installed, or disabled by {@code dln.blas=java}). */
    static BLAS get() {
        return "java".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim()) ? null : INSTANCE;
    }

    /** The name of the implementation in use ("pure Java" without a native library). */
    static String describe() {
        BLAS b = get();
        return b == null ? "pure Java" : "native BLAS (" + b.getClass().getSimpleName() + ", system libblas.so.3)";
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
