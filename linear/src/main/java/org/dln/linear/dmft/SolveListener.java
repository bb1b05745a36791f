package org.dln.linear.dmft;

/**
 * What a solver tells while it runs: progress through its stages and notes (one line each, e.g. which method an
 * automatic choice picked). The command line draws a progress bar and prints notes to stderr; tests and library users
 * may ignore both ({@link #NONE}). Called from the solving thread; implementations must be quick.
 */
public interface SolveListener {
    /** A listener that ignores everything. */
    SolveListener NONE = new SolveListener() { };

    /** {@code done} of {@code total} units of {@code stage} (time steps, elements, seeds, ...) are finished. */
    default void progress(String stage, long done, long total) {
    }

    /** A note worth showing to the user. */
    default void note(String message) {
    }
}
