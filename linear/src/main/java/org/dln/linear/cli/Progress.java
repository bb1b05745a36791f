package org.dln.linear.cli;

import java.util.function.IntConsumer;
import org.dln.linear.dmft.SolveListener;

/**
 * The command line's listener: notes go to stderr as "dln: ...", progress as a bar on stderr, drawn only when stderr
 * is a terminal (System.console() != null) and DLN_NO_PROGRESS is unset.
 */
final class Progress implements SolveListener, IntConsumer {
    private final String label;
    private final int total;
    private final boolean enabled;
    private int lastPercent = -1;

    Progress(String label, int total) {
        this.label = label;
        this.total = Math.max(1, total);
        this.enabled = System.console() != null && System.getenv("DLN_NO_PROGRESS") == null;
    }

    /** A listener whose totals come with each progress call. */
    Progress(String label) {
        this(label, 1);
    }

    @Override
    public void note(String message) {
        System.err.println("dln: " + message);
    }

    @Override
    public synchronized void progress(String stage, long done, long of) {
        draw(stage, (int) (100L * Math.min(done, of) / Math.max(1, of)), done >= of);
    }

    /** Unit {@code done} (0-based) of the total given at construction is finished. */
    @Override
    public synchronized void accept(int done) {
        draw(label, (int) (100L * (done + 1) / total), done + 1 >= total);
    }

    private void draw(String stage, int pct, boolean last) {
        if (!enabled || pct == lastPercent) {
            return;
        }
        lastPercent = pct;
        int width = 30;
        int filled = pct * width / 100;
        System.err.print("\r" + stage + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + pct + "%");
        if (last) {
            System.err.println();
        }
    }
}
