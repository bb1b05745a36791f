package org.dln.linear.cli;

import java.util.function.IntConsumer;

/** A progress bar on stderr, drawn only when stderr is a terminal (System.console() != null). */
final class Progress implements IntConsumer {
    private final String label;
    private final int total;
    private final boolean enabled;
    private int lastPercent = -1;

    Progress(String label, int total) {
        this.label = label;
        this.total = Math.max(1, total);
        this.enabled = System.console() != null && System.getenv("DLN_NO_PROGRESS") == null;
    }

    @Override
    public synchronized void accept(int done) {
        if (!enabled) {
            return;
        }
        int pct = (int) (100L * (done + 1) / total);
        if (pct == lastPercent) {
            return;
        }
        lastPercent = pct;
        int width = 30;
        int filled = pct * width / 100;
        System.err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + pct + "%");
        if (done + 1 >= total) {
            System.err.println();
        }
    }
}
