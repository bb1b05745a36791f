package org.dln.linear.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.solver.FlowExtrapolation;
import org.dln.symbolic.series.PerturbationSeries;
import org.dln.symbolic.series.SeriesQuantity;
import org.dln.symbolic.series.SeriesTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln series}: exact perturbation coefficients in gamma0^2 (one sample, Kx = 1, gradient flow). */
@Command(name = "series", description = {"Exact coefficients of the expansion in gamma0^2 of the DMFT of a deep linear network with one sample (Kx = 1, or " +
                "whitened data), target y, gradient flow. The coefficient of gamma0^(2k) is X_k(t) y^(2k) for kernels and X_k(t) y^(2k+1) " +
                "for f; X_k is a finite sum of rational x t^a x exp(-c t) terms, computed exactly (docs/design.md 'Perturbation series'). " +
                "--compare G1,G2,... adds, for ntk-final, the numeric final NTK (exact gradient descent extrapolated to eta -> 0) " +
                "and the error of the series truncated at each order."})
final class SeriesCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    static final int MAX_DEPTH = 8;
    static final int MAX_ORDER = 12;

    @Option(names = {"--depth", "-L"}, defaultValue = "1", paramLabel = "L", description = "Depth(s): 2, 1..4 or 1,3 (default 1).")
    String depth;

    @Option(names = {"--order", "-K"}, defaultValue = "4", paramLabel = "K", description = "Last order: coefficients of gamma0^0 .. gamma0^(2K) (default 4).")
    int order;

    @Option(names = "--quantity", defaultValue = "ntk-final", paramLabel = "Q", description = "ntk-final (default), f, ntk, phi or g.")
    String quantity;

    @Option(names = "--format", defaultValue = "markdown", paramLabel = "F", description = "markdown (default), csv, latex, json, sympy (a Python cell: exact Rational coefficients c[(L, k)]) "
                    + "or mathematica (c[L, k] = ...;).")
    String format;

    @Option(names = "--compare", paramLabel = "G1,G2,...", description = "ntk-final only: compare with the numeric solver at these gamma0 (y = --y).")
    String compare;

    @Option(names = "--y", defaultValue = "1", description = "Target y for --compare (default 1).")
    double y;

    @Option(names = "--eta0", defaultValue = "0.1", description = "Largest gradient-descent step of the extrapolation for --compare (default 0.1).")
    double eta0;

    @Option(names = "--levels", defaultValue = "6", description = "Steps eta0/1 .. eta0/levels for --compare (default 6).")
    int levels;

    @Option(names = "--time-budget", defaultValue = TimeBudget.DEFAULT_SECONDS, paramLabel = "SECONDS",
            description = "Stop with exit 1 when the exact series takes longer than this (default 600 s); the cost grows "
                    + "steeply with --order and --depth.")
    double timeBudget;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int[] depths = SeriesOptions.depths(depth, MAX_DEPTH);
        int k = SeriesOptions.order(order, MAX_ORDER);
        SeriesQuantity q = SeriesOptions.quantity(quantity);
        String fmt = SeriesOptions.format(format, "markdown", "csv", "latex", "json", "sympy", "mathematica");
        SeriesOptions.finite("y", y);
        SeriesOptions.positive("eta0", eta0, "the largest gradient-descent step");
        SeriesOptions.atLeast("levels", levels, 2, "the number of steps of the extrapolation");
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        double budget = TimeBudget.check(timeBudget);
        System.err.printf(Locale.ROOT, "dln series: solving through gamma0^%d for L = %s (time budget %s s)%n", 2 * k,
                java.util.Arrays.toString(depths), TimeBudget.fmt(budget));
        SeriesTable table = TimeBudget.run("dln series", budget, () -> String.format(Locale.ROOT,
                "the exact series through gamma0^%d for L = %s was not finished", 2 * k, java.util.Arrays.toString(depths)),
                () -> SeriesTable.compute(q, depths, k, (d, j) -> System.err.printf(Locale.ROOT,
                        "dln series: L = %d: order %d of %d (gamma0^%d) solved, %.1f s so far; later orders cost more%n", d, j, k,
                        2 * j, (System.nanoTime() - t0) * 1e-9)));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        for (double[] t : table.timings()) {
            System.err.printf(Locale.ROOT, "dln series: L = %d through gamma0^%d solved exactly in %.2f s%n", (int) t[0], 2 * k, t[1]);
        }
        System.err.printf(Locale.ROOT, "dln series: table computed in %.2f s%n", seconds);
        out.print(switch (fmt) {
            case "csv" -> table.csv();
            case "latex" -> table.latex();
            case "json" -> table.json();
            case "sympy" -> table.sympy();
            case "mathematica" -> table.mathematica();
            default -> table.markdown();
        });
        if (compare != null) {
            if (q != SeriesQuantity.NTK_FINAL) {
                throw new IllegalArgumentException("--compare needs --quantity ntk-final");
            }
            double[] gammas = SeriesOptions.doubles("compare", compare);
            out.println();
            for (int d : depths) {
                compare(out, PerturbationSeries.solve(d, k), gammas);
            }
        }
        out.flush();
        return DlnCommand.OK;
    }

    private void compare(PrintWriter out, PerturbationSeries s, double[] gammas) {
        int k = s.order();
        out.printf(Locale.ROOT, "Final NTK, L = %d, y = %s: numeric (exact gradient descent at eta = %s/1..%d, extrapolated to eta -> 0) "
                + "minus the series truncated after gamma0^(2K); in brackets that error divided by (gamma0 y)^(2K+2), which tends to "
                + "the first omitted coefficient when the error is the first omitted order%n%n", s.depth(), y, eta0, levels);
        StringBuilder h = new StringBuilder("| gamma0 | numeric K(inf) | extrapolation error |");
        StringBuilder sep = new StringBuilder("|---|---|---|");
        for (int j = 0; j < k; j++) {
            h.append(String.format(Locale.ROOT, " K = %d (next coefficient %.4f) |", j, s.ntk(j + 1).limitAtInfinity().doubleValue()));
            sep.append("---|");
        }
        out.println(h);
        out.println(sep);
        for (double g : gammas) {
            FlowExtrapolation.Result r = FlowExtrapolation.finalNtk(s.depth(), g, y, eta0, levels);
            System.err.printf(Locale.ROOT, "dln series: numeric L = %d gamma0 = %s in %.1f s%n", s.depth(), g, r.seconds());
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.12f | %.1e |", g, r.value(), r.errorEstimate()));
            double partial = 0;
            double qq = g * g * y * y;
            for (int j = 0; j < k; j++) {
                partial += s.ntk(j).limitAtInfinity().doubleValue() * Math.pow(qq, j);
                double err = r.value() - partial;
                row.append(String.format(Locale.ROOT, " %.3e (%.4f) |", err, err / Math.pow(qq, j + 1)));
            }
            out.println(row);
        }
        out.println();
    }
}
