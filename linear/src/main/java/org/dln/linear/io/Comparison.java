package org.dln.linear.io;

import org.dln.linear.result.Solution;
import org.dln.linear.result.Observable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Observable-by-observable comparison of two trajectories: for each observable present in both with the same
 * shape, the largest absolute deviation and the largest deviation in units of the combined standard error
 * sqrt(se_A^2 + se_B^2) (NaN when neither has a standard error). Entries where the combined error is zero but
 * the values differ give +infinity. Time t = 0 is included.
 */
public final class Comparison {
    private Comparison() {
    }

    /** One observable's result. */
    public record Row(String name, double maxAbs, int absT, String absEntry, double maxSigma, int sigmaT, String sigmaEntry,
                      int compared, int within3) {

        /** Fraction of the compared entries (all times) within 3 combined standard errors (NaN without errors). */
        public double fractionWithin3() {
            return Double.isNaN(maxSigma) ? Double.NaN : (double) within3 / compared;
        }

        public String markdown() {
            String sig = Double.isNaN(maxSigma) ? "n/a (no standard errors)"
                    : String.format(Locale.ROOT, "%.2f", maxSigma);
            String at2 = Double.isNaN(maxSigma) ? "" : "(" + sigmaT + ", " + name + sigmaEntry + ")";
            String frac = Double.isNaN(maxSigma) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * fractionWithin3());
            return String.format(Locale.ROOT, "| %s | %.3e | (%d, %s%s) | %s | %s | %s |", name, maxAbs, absT, name, absEntry, sig, at2,
                    frac);
        }
    }

    public static List<Row> compare(Solution a, Solution b) {
        List<Row> rows = new ArrayList<>();
        for (Observable oa : a.observables().values()) {
            Observable ob = b.get(oa.name());
            if (ob == null || !Arrays.equals(oa.shape(), ob.shape())) {
                continue;
            }
            boolean anySe = oa.hasStderr() || ob.hasStderr();
            double maxAbs = -1, maxSig = anySe ? -1 : Double.NaN;
            int absT = 0, absK = 0, sigT = 0, sigK = 0, within3 = 0;
            for (int t = 0; t < oa.timePoints(); t++) {
                for (int k = 0; k < oa.width(); k++) {
                    double dev = Math.abs(oa.value(t, k) - ob.value(t, k));
                    if (dev > maxAbs || Double.isNaN(dev)) {
                        maxAbs = Double.isNaN(dev) ? Double.POSITIVE_INFINITY : dev;
                        absT = t;
                        absK = k;
                    }
                    if (anySe) {
                        double se = Math.hypot(oa.stderr(t, k), ob.stderr(t, k));
                        double z = se > 0 ? dev / se : (dev > 1e-12 * Math.max(1, Math.abs(oa.value(t, k))) ? Double.POSITIVE_INFINITY : 0);
                        if (z <= 3) {
                            within3++;
                        }
                        if (z > maxSig) {
                            maxSig = z;
                            sigT = t;
                            sigK = k;
                        }
                    }
                }
            }
            rows.add(new Row(oa.name(), maxAbs, absT, oa.entryLabel(absK), maxSig, sigT, oa.entryLabel(sigK),
                    oa.value().length, within3));
        }
        return rows;
    }
}
