package org.dln.linear.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.dln.linear.langevin.DriftCurve;
import org.dln.linear.langevin.LangevinParameters;
import org.dln.linear.langevin.LangevinTrajectory;
import org.dln.linear.langevin.StationaryDrift;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;

/** The {@code --drift TAU_MAX[,LAGS]} option of dln langevin and dln simulate-langevin (theory.md 12.7). */
final class LangevinDrift {
    /** Default number of lags (including 0). */
    static final int DEFAULT_LAGS = 41;

    private LangevinDrift() {
    }

    /** TAU_MAX[,LAGS]: {tauMax, lags}; exit 2 naming "drift" otherwise. */
    static double[] parse(String s) {
        String[] a = s.split(",");
        double tau;
        int n;
        try {
            tau = Double.parseDouble(a[0].trim());
            n = a.length > 1 ? Integer.parseInt(a[1].trim()) : DEFAULT_LAGS;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "drift", "drift", s,
                    "give TAU_MAX[,LAGS]: the largest lag > 0 and the number of lags (2..10000), e.g. 5,41");
        }
        if (a.length > 2) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "drift", "drift", s, "give TAU_MAX[,LAGS], e.g. 5,41");
        }
        StationaryDrift.lags(tau, n); // range checks, naming "drift"
        return new double[] {tau, n};
    }

    /**
     * The theory's curve: gamma0 = 0 exactly and L = 1 from the stationary Lyapunov state (unless the march was asked
     * for); else the last two-time row of the trajectory tr (its own lag grid up to TAU_MAX).
     */
    static DriftCurve theory(Problem p, LangevinParameters par, double[] opt, boolean march, LangevinTrajectory tr) {
        StationaryDrift.requireStationary(par);
        if (!march && StationaryDrift.supports(p.depth(), p.gamma0())) {
            return StationaryDrift.solve(p, par, StationaryDrift.lags(opt[0], (int) opt[1]));
        }
        return StationaryDrift.fromTrajectory(p, tr, opt[0]);
    }

    /** The Markdown table of the drift times. */
    static void summary(DriftCurve c, int trainCount, PrintWriter out) {
        int L = c.depth();
        out.printf(Locale.ROOT, "%n## Representational drift (stationary state, %s; accuracy %.2g, stationarity %.2g)%n%n",
                c.method(), c.accuracy(), c.stationarity());
        out.printf(Locale.ROOT, "| quantity | 1/e drift time | autocorrelation at tau = %.4g |%n|---|---|---|%n",
                c.lags()[c.lags().length - 1]);
        for (int l = 1; l <= L; l++) {
            double[] t = c.phiTrace(l, trainCount);
            out.printf(Locale.ROOT, "| tr Phi^%d(t+tau,t) / tr Phi^%d(t,t) | %s | %.6g |%n", l, l, time(c.phiDriftTime(l, trainCount)),
                    t[t.length - 1]);
        }
        for (int l = 0; l <= L; l++) {
            double[] w = c.normalisedWeights(l);
            String name = l == 0 ? "W^0 (span of the train inputs)" : l == L ? "readout w" : "W^" + l + " (entries)";
            out.printf(Locale.ROOT, "| %s | %s | %.6g |%n", name, time(c.weightDriftTime(l)), w[w.length - 1]);
        }
    }

    private static String time(double t) {
        return Double.isFinite(t) ? String.format(Locale.ROOT, "%.6g", t) : "beyond the lags";
    }
}
