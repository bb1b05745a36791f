package org.dln.linear.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;

/**
 * Compares the predicted O(1/N) variances of a theory document written with {@code --width} (observables
 * {@code var_f}, {@code var_f_test}, {@code var_ntk}) with the ensemble variances of a simulation at width N over S seeds:
 * N Var_ens = N S se^2 (the simulator's standard error is the sample standard deviation over seeds / sqrt(S)). The
 * sampling error of a variance of Gaussian data is relative sqrt(2 / (S - 1)), taken of the predicted variance; entries
 * where both are 0 (t = 0 with centred output) are not compared. Rows use the layout of {@link Comparison.Row}, named
 * e.g. "N var f"; maxAbs is the largest |N Var_ens - N Var_theory|.
 */
public final class VarianceComparison {
    private VarianceComparison() {
    }

    /** The rows, empty unless one document is a theory with variances and the other a simulation. */
    public static List<Comparison.Row> compare(Solution a, Solution b) {
        Solution th = a.get("var_f") != null ? a : b.get("var_f") != null ? b : null;
        Solution sim = Solution.SIMULATION.equals(a.kind()) ? a : Solution.SIMULATION.equals(b.kind()) ? b : null;
        List<Comparison.Row> rows = new ArrayList<>();
        if (th == null || sim == null || th == sim) {
            return rows;
        }
        double width = sim.method().number("width", 0), seeds = sim.method().number("seeds", 0);
        if (!(width > 0 && seeds >= 2)) {
            return rows;
        }
        if (!th.problem().conventions().output().equals(sim.problem().conventions().output())) {
            rows.add(new Comparison.Row("N var f", Double.NaN, 0, "", Double.NaN, 0, "", 0, 0, "the theory's output convention ("
                    + th.problem().conventions().ids()[1] + ") differs from the simulation's (" + sim.problem().conventions().ids()[1]
                    + "): their variances differ (docs/theory.md section 11.3)"));
            return rows;
        }
        double rel = Math.sqrt(2 / (seeds - 1));
        add(rows, "N var f", th.get("var_f"), sim.get("f"), width, seeds, rel);
        add(rows, "N var f_test", th.get("var_f_test"), sim.get("f_test"), width, seeds, rel);
        add(rows, "N var ntk", th.get("var_ntk"), sim.get("ntk"), width, seeds, rel);
        return rows;
    }

    private static void add(List<Comparison.Row> rows, String name, Observable var, Observable mean, double width,
                            double seeds, double rel) {
        if (var == null || mean == null || !mean.hasStderr()) {
            return;
        }
        if (var.timePoints() != mean.timePoints() || var.width() != mean.width()) {
            rows.add(new Comparison.Row(name, Double.NaN, 0, "", Double.NaN, 0, "", 0, 0, "shape of the theory's variance ("
                    + var.timePoints() + " x " + var.width() + ") differs from the simulation's (" + mean.timePoints() + " x " + mean.width() + ")"));
            return;
        }
        DeviationTally tally = new DeviationTally(true);
        for (int t = 0; t < var.timePoints(); t++) {
            for (int k = 0; k < var.width(); k++) {
                double th = var.value(t, k), se = mean.stderr(t, k);
                double ens = width * seeds * se * se;
                if (!Double.isFinite(th) || !Double.isFinite(ens)) {
                    rows.add(new Comparison.Row(name, Double.NaN, t, "", Double.NaN, t, "", tally.compared(), tally.within3(),
                            "non-finite variance at t = " + t + ", " + name + var.entryLabel(k)));
                    return;
                }
                if (th == 0 && ens == 0) {
                    continue;
                }
                double dev = Math.abs(ens - th);
                tally.add(t, k, dev);
                tally.addSigmas(t, k, th > 0 ? dev / (rel * th) : Double.POSITIVE_INFINITY);
            }
        }
        rows.add(tally.row(name, var));
    }

    /** One line saying how the variance rows are formed. */
    public static String legend(Solution sim) {
        double seeds = sim.method().number("seeds", 0);
        return String.format(Locale.ROOT, "variances: N Var over %d seeds vs the predicted N Var; SE of a variance = sqrt(2/(S-1)) = %.3f relative",
                (long) seeds, Math.sqrt(2 / (seeds - 1)));
    }
}
