package org.dln.linear.io;

import org.dln.linear.result.Observable;

/**
 * The running tally of one compared observable: the largest absolute deviation and the largest deviation in standard
 * errors, each with the time and entry where it occurs, the number of entries compared and how many lie within 3
 * standard errors. It becomes a {@link Comparison.Row}.
 */
final class DeviationTally {
    private double maxAbs;
    private double maxSigma;
    private int absT;
    private int absK;
    private int sigmaT;
    private int sigmaK;
    private int compared;
    private int within3;

    /** @param inSigmas whether deviations in standard errors are tallied (else the row's maxSigma is NaN) */
    DeviationTally(boolean inSigmas) {
        maxSigma = inSigmas ? 0 : Double.NaN;
    }

    /** Counts an entry compared at (t, k) with absolute deviation {@code dev}. */
    void add(int t, int k, double dev) {
        compared++;
        if (dev > maxAbs) {
            maxAbs = dev;
            absT = t;
            absK = k;
        }
    }

    /** Adds the deviation of the entry just counted, in standard errors. */
    void addSigmas(int t, int k, double z) {
        if (z <= 3) {
            within3++;
        }
        if (z > maxSigma) {
            maxSigma = z;
            sigmaT = t;
            sigmaK = k;
        }
    }

    int compared() {
        return compared;
    }

    int within3() {
        return within3;
    }

    /** The row named {@code name}, entries labelled as those of {@code labels}. */
    Comparison.Row row(String name, Observable labels) {
        return new Comparison.Row(name, maxAbs, absT, labels.entryLabel(absK), maxSigma, sigmaT, labels.entryLabel(sigmaK),
                compared, within3, null);
    }
}
