package org.dln.linear.io;

import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.linear.result.Observable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Observable-by-observable comparison of two trajectories: for each observable present in both, the largest absolute
 * deviation and the largest deviation in units of the combined standard error sqrt(se_A^2 + se_B^2) (NaN when neither
 * has a standard error). Entries where the combined error is zero but the values differ (beyond 1e-12 relative, i.e.
 * rounding) give +infinity. Time t = 0 is included. Never lenient: an observable of different shapes in the two
 * documents, or a NaN (or infinite) value or standard error in either, is a failed row naming the observable and the
 * entry; the only exception is an alignment undefined (NaN, written null) at the same entry of both documents, which
 * is not compared.
 */
public final class Comparison {
    private Comparison() {
    }

    /**
     * One observable's result; {@code failure} is null when the numbers could be compared, else why not (shape
     * mismatch, a non-finite number: where), and the row fails whatever the tolerance.
     */
    public record Row(String name, double maxAbs, int absT, String absEntry, double maxSigma, int sigmaT, String sigmaEntry,
                      int compared, int within3, String failure) {

        /** Fraction of the compared entries (all times) within 3 combined standard errors (NaN without errors). */
        public double fractionWithin3() {
            return Double.isNaN(maxSigma) || compared == 0 ? Double.NaN : (double) within3 / compared;
        }

        public boolean failed() {
            return failure != null;
        }

        public String markdown() {
            if (failure != null) {
                return String.format(Locale.ROOT, "| %s | FAIL: %s | | | | | %d |", name, failure, compared);
            }
            String sig = Double.isNaN(maxSigma) ? "n/a (no standard errors)"
                    : String.format(Locale.ROOT, "%.2f", maxSigma);
            String at2 = Double.isNaN(maxSigma) ? "" : "(" + sigmaT + ", " + name + sigmaEntry + ")";
            String frac = Double.isNaN(maxSigma) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * fractionWithin3());
            return String.format(Locale.ROOT, "| %s | %.3e | (%d, %s%s) | %s | %s | %s | %d |", name, maxAbs, absT, name,
                    absEntry, sig, at2, frac, compared);
        }
    }

    public static List<Row> compare(Solution a, Solution b) {
        List<Row> rows = new ArrayList<>();
        for (Observable oa : a.observables().values()) {
            Observable ob = b.get(oa.name());
            if (ob == null) {
                continue;
            }
            if (!Arrays.equals(oa.shape(), ob.shape())) {
                rows.add(new Row(oa.name(), Double.NaN, 0, "", Double.NaN, 0, "", 0, 0,
                        "shape " + Arrays.toString(oa.shape()) + " in A but " + Arrays.toString(ob.shape()) + " in B"));
                continue;
            }
            rows.add(compare(oa, ob));
        }
        return rows;
    }

    private static Row compare(Observable oa, Observable ob) {
        boolean anySe = oa.hasStderr() || ob.hasStderr();
        boolean alignment = Solutions.isAlignment(oa.name());
        DeviationTally tally = new DeviationTally(anySe);
        for (int t = 0; t < oa.timePoints(); t++) {
            for (int k = 0; k < oa.width(); k++) {
                double va = oa.value(t, k), vb = ob.value(t, k);
                if (alignment && Double.isNaN(va) && Double.isNaN(vb)) {
                    continue; // undefined in both (y = 0 or K = 0 there)
                }
                String bad = nonFinite("A", "value", va);
                bad = bad != null ? bad : nonFinite("B", "value", vb);
                bad = bad != null ? bad : nonFinite("A", "stderr", oa.stderr(t, k));
                bad = bad != null ? bad : nonFinite("B", "stderr", ob.stderr(t, k));
                if (bad != null) {
                    return new Row(oa.name(), Double.NaN, t, oa.entryLabel(k), Double.NaN, t, oa.entryLabel(k), tally.compared(),
                            tally.within3(), bad + " at t = " + t + ", " + oa.name() + oa.entryLabel(k));
                }
                double dev = Math.abs(va - vb);
                tally.add(t, k, dev);
                if (anySe) {
                    double se = Math.hypot(oa.stderr(t, k), ob.stderr(t, k));
                    tally.addSigmas(t, k, se > 0 ? dev / se : (dev > 1e-12 * Math.max(1, Math.abs(va)) ? Double.POSITIVE_INFINITY : 0));
                }
            }
        }
        return tally.row(oa.name(), oa);
    }

    private static String nonFinite(String doc, String what, double v) {
        return Double.isFinite(v) ? null : what + " " + v + " in " + doc;
    }
}
