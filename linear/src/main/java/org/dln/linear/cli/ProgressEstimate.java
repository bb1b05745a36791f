package org.dln.linear.cli;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The arithmetic of an honest progress bar, apart from any terminal (so that it can be tested on a fake clock): the
 * fraction of the work done ({@link WorkModel}), the time left extrapolated from the time spent on that fraction, and
 * whether a one-line estimate of the total is due (once, when the projected total first exceeds
 * {@link #ANNOUNCE_SECONDS} after at least {@link #CALIBRATION_SECONDS} of measured work).
 */
final class ProgressEstimate {
    /** A run projected to take longer than this gets a one-line estimate of its total time. */
    static final double ANNOUNCE_SECONDS = 10.0;
    /** Time measured before a projection is trusted. */
    static final double CALIBRATION_SECONDS = 1.0;

    private final WorkModel model;
    private final LongSupplier nanos;
    private final long start;
    private boolean announced;

    /** An estimate whose clock ({@code nanos}, in nanoseconds) started at {@code start}. */
    ProgressEstimate(WorkModel model, LongSupplier nanos, long start) {
        this.model = model;
        this.nanos = nanos;
        this.start = start;
    }

    /** Seconds since construction. */
    double elapsed() {
        return (nanos.getAsLong() - start) * 1e-9;
    }

    /** The fraction of the work done after {@code done} of {@code total} units. */
    double fraction(long done, long total) {
        return model.fraction(done, total);
    }

    /** The projected total time in seconds after {@code done} of {@code total} units, NaN before any work is done. */
    double projectedTotal(long done, long total) {
        double f = fraction(done, total);
        return f > 0 ? elapsed() / f : Double.NaN;
    }

    /** The projected time left in seconds, NaN before any work is done. */
    double remaining(long done, long total) {
        double f = fraction(done, total);
        return f > 0 ? elapsed() * (1 - f) / f : Double.NaN;
    }

    /**
     * The one-line estimate of the total time if it is due now (at least {@link #CALIBRATION_SECONDS} measured, total
     * projected above {@link #ANNOUNCE_SECONDS}, work not finished, not announced before), else null.
     */
    String announcement(String stage, long done, long total) {
        if (announced || done >= total || elapsed() < CALIBRATION_SECONDS) {
            return null;
        }
        double projected = projectedTotal(done, total);
        if (!(projected > ANNOUNCE_SECONDS)) {
            return null;
        }
        announced = true;
        return String.format(Locale.ROOT, "%s: about %s in all, %s left (measured on the first %.1f%% of the work, %s)",
                stage, duration(projected), duration(projected - elapsed()), 100 * fraction(done, total),
                model == WorkModel.QUADRATIC ? "step t weighted by t^2" : "units of equal cost");
    }

    /** A duration as a person reads it: "8 s", "2 min 20 s", "1 h 05 min". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + String.format(Locale.ROOT, "%02d", s % 60) + " s";
        }
        return (s / 3600) + " h " + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + " min";
    }

    /** A size in bytes: "1.8 GiB", "340 MiB". */
    static String bytes(long b) {
        double g = b / (double) (1L << 30);
        if (g >= 1) {
            return String.format(Locale.ROOT, "%.1f GiB", g);
        }
        return String.format(Locale.ROOT, "%.0f MiB", Math.max(1, b / (double) (1L << 20)));
    }
}
