package org.dln.linear.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.dln.linear.dmft.SolveListener;

/**
 * The command line's listener: notes go to stderr as "dln: ...", progress as a bar on stderr whenever stderr is a
 * terminal ({@link #stderrIsTerminal}; whatever stdout is). The bar measures work, not units ({@link WorkModel#of}:
 * the march's step t weighs t^2) and shows the time left, extrapolated from the time spent ({@link ProgressEstimate}).
 * A run projected to take more than about 10 s gets one line with its estimated total (also when stderr is not a
 * terminal), unless the command printed an estimate before it started ({@link #estimatedBeforehand}) or
 * DLN_NO_PROGRESS is set.
 */
final class Progress implements SolveListener, IntConsumer {
    private final String label;
    private final int total;
    private final boolean bar;
    private final PrintStream err;
    private final LongSupplier nanos;
    private ProgressEstimate estimate;
    private String estimateStage;
    private boolean quiet;
    private int lastPermille = -1;
    private long lastDraw;
    private final long start;

    Progress(String label, int total, PrintStream err, LongSupplier nanos, boolean bar) {
        this.label = label;
        this.total = Math.max(1, total);
        this.err = err;
        this.nanos = nanos;
        this.bar = bar;
        this.estimate = null; // made at the first report, with the stage's work model; its clock starts now
        this.start = nanos.getAsLong();
    }

    /** Units of equal cost, the total given at construction ({@link #accept}). */
    Progress(String label, int total) {
        this(label, total, System.err, System::nanoTime, showBar());
        this.quiet = System.getenv("DLN_NO_PROGRESS") != null; // silences the announcement too
    }

    /** A listener whose totals come with each progress call; units of equal cost. */
    Progress(String label) {
        this(label, 1);
    }

    /** The command printed an estimate of time and memory before the run: no second one during it. */
    Progress estimatedBeforehand() {
        this.quiet = true;
        return this;
    }

    /** Whether the bar is drawn: stderr is a terminal and DLN_NO_PROGRESS is unset (DLN_PROGRESS=1 forces it). */
    static boolean showBar() {
        if (System.getenv("DLN_NO_PROGRESS") != null) {
            return false;
        }
        return "1".equals(System.getenv("DLN_PROGRESS")) || stderrIsTerminal();
    }

    /**
     * Whether file descriptor 2 is a terminal: on Linux, where /proc/self/fd/2 points (/dev/pts/N, /dev/ttyN);
     * elsewhere, whether the JVM has a console (stdin and stdout terminals, the best Java can tell).
     */
    static boolean stderrIsTerminal() {
        try {
            Path fd = Path.of("/proc/self/fd/2");
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (Exception e) {
            // fall through
        }
        return System.console() != null;
    }

    @Override
    public void note(String message) {
        err.println("dln: " + message);
    }

    @Override
    public synchronized void progress(String stage, long done, long of) {
        update(stage, done, of);
    }

    /** Unit {@code done} (0-based) of the total given at construction is finished. */
    @Override
    public synchronized void accept(int done) {
        update(label, done + 1L, total);
    }

    private void update(String stage, long done, long of) {
        if (estimateStage == null) {
            estimate = new ProgressEstimate(WorkModel.of(stage), nanos, start);
            estimateStage = stage;
        } else if (!stage.equals(estimateStage)) {
            // a later stage starts its own clock at its first report (one unit late)
            estimate = new ProgressEstimate(WorkModel.of(stage), nanos, nanos.getAsLong());
            estimateStage = stage;
            lastPermille = -1;
            return;
        }
        if (!quiet) {
            String line = estimate.announcement(stage, done, of);
            if (line != null) {
                if (bar && lastPermille >= 0) {
                    err.println();
                }
                err.println("dln: " + line);
            }
        }
        if (!bar) {
            return;
        }
        double f = estimate.fraction(done, of);
        int permille = (int) Math.floor(1000 * f);
        long now = nanos.getAsLong();
        boolean last = done >= of;
        if (!last && (permille == lastPermille || now - lastDraw < 200_000_000L)) {
            return; // at most five redraws a second
        }
        lastPermille = permille;
        lastDraw = now;
        int width = 30;
        int filled = (int) (f * width);
        double left = estimate.remaining(done, of);
        String eta = last ? String.format(Locale.ROOT, "%s", ProgressEstimate.duration(estimate.elapsed()))
                : estimate.elapsed() < ProgressEstimate.CALIBRATION_SECONDS ? "" : ProgressEstimate.duration(left) + " left";
        err.print(String.format(Locale.ROOT, "\r%s [%s%s] %5.1f%% %-16s", stage, "#".repeat(filled),
                " ".repeat(width - filled), 100 * f, eta));
        if (last) {
            err.println();
        }
        err.flush();
    }
}
