package org.dln.linear.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dln.linear.langevin.DriftCurve;
import org.dln.linear.result.Solutions;
import org.dln.numeric.simulation.LangevinDriftEnsemble;

/**
 * The "drift" object of a dln-bayes-simulation document (docs/formats.md, "Langevin drift"): the network's measured
 * stationary autocorrelations against the lag, each with value and stderr (over independent chains), their 1/e times,
 * and when the theory applies its curve on the same lags and the z-scores (network - theory) / stderr.
 */
public final class DriftDocument {
    private DriftDocument() {
    }

    /** The measured curve in the shape of {@link DriftOutputs.Measured}. */
    public static DriftOutputs.Measured measured(LangevinDriftEnsemble.Result d) {
        return new DriftOutputs.Measured(d.lags(), d.trace(), d.traceSe(), d.readoutNorm(), d.readoutNormSe());
    }

    /** Largest |z| over the compared entries (trace per layer and readout, lags > 0) and how many are within 3. */
    public static double[] tally(LangevinDriftEnsemble.Result d, DriftCurve theory, int trainCount) {
        double worst = 0;
        int n = 0, within = 0;
        for (int k = 1; k < d.lags().length; k++) {
            for (int l = 1; l <= theory.depth(); l++) {
                double z = (d.trace()[l - 1][k] - theory.phiTrace(l, trainCount)[k]) / d.traceSe()[l - 1][k];
                worst = Math.max(worst, Math.abs(z));
                n++;
                within += Math.abs(z) <= 3 ? 1 : 0;
            }
            double z = (d.readoutNorm()[k] - theory.normalisedWeights(theory.depth())[k]) / d.readoutNormSe()[k];
            worst = Math.max(worst, Math.abs(z));
            n++;
            within += Math.abs(z) <= 3 ? 1 : 0;
        }
        return new double[] {worst, within, n};
    }

    /** Adds doc.drift; theory may be null (L >= 2 with gamma0 > 0: run dln langevin --drift with the march). */
    public static void add(ObjectNode doc, LangevinDriftEnsemble.Result d, DriftCurve theory, int trainCount) {
        ObjectNode o = doc.putObject("drift");
        int L = d.trace().length, k = d.lags().length, m = (int) Math.round(Math.sqrt(d.phi()[0][0].length));
        o.put("stderr", "sample standard deviation over independent chains / sqrt(chains) of each chain's time average");
        o.put("chains", d.chains());
        o.set("lag", ProblemJson.MAPPER.valueToTree(d.lags()));
        for (int l = 1; l <= L; l++) {
            pair(o, "phi" + l + "_trace", d.trace()[l - 1], d.traceSe()[l - 1]);
            double[][][] v = new double[k][m][m], s = new double[k][m][m];
            for (int a = 0; a < k; a++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        v[a][i][j] = d.phiNorm()[l - 1][a][i * m + j];
                        s[a][i][j] = d.phiNormSe()[l - 1][a][i * m + j];
                    }
                }
            }
            ObjectNode n = o.putObject("phi" + l);
            Solutions.requireFinite("value", "drift.phi" + l, v, "lags");
            n.set("value", ProblemJson.MAPPER.valueToTree(v));
            n.set("stderr", ProblemJson.MAPPER.valueToTree(s));
            putTime(o, "time_phi" + l, DriftCurve.decorrelationTime(d.lags(), d.trace()[l - 1]));
        }
        pair(o, "readout", d.readoutNorm(), d.readoutNormSe());
        pair(o, "readout_raw", d.readout(), d.readoutSe());
        putTime(o, "time_readout", DriftCurve.decorrelationTime(d.lags(), d.readoutNorm()));
        if (theory != null) {
            ObjectNode t = o.putObject("theory");
            t.put("method", theory.method());
            for (int l = 1; l <= L; l++) {
                t.set("phi" + l + "_trace", ProblemJson.MAPPER.valueToTree(theory.phiTrace(l, trainCount)));
                putTime(t, "time_phi" + l, theory.phiDriftTime(l, trainCount));
            }
            t.set("readout", ProblemJson.MAPPER.valueToTree(theory.normalisedWeights(L)));
            putTime(t, "time_readout", theory.weightDriftTime(L));
            double[] tl = tally(d, theory, trainCount);
            t.put("max_abs_z", tl[0]);
            t.put("within_3_se", (int) tl[1]);
            t.put("compared", (int) tl[2]);
        }
    }

    private static void pair(ObjectNode o, String name, double[] v, double[] se) {
        Solutions.requireFinite("value", "drift." + name, v, "lags");
        Solutions.requireFinite("standard error", "drift." + name, se, "lags");
        ObjectNode n = o.putObject(name);
        n.set("value", ProblemJson.MAPPER.valueToTree(v));
        n.set("stderr", ProblemJson.MAPPER.valueToTree(se));
    }

    private static void putTime(ObjectNode o, String key, double t) {
        if (Double.isFinite(t)) {
            o.put(key, t);
        } else {
            o.putNull(key);
        }
    }
}
