package org.dln.linear.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.solver.FlowExtrapolation;
import org.dln.symbolic.series.PerturbationSeries;
import org.dln.symbolic.series.Rational;
import org.dln.symbolic.series.RelationGuess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln guess}: a polynomial relation P(K, (gamma0 y)^2) = 0 for the final NTK, from the exact series. */
@Command(name = "guess", description = {"Search for a polynomial relation P(K, Q) = 0, Q = (gamma0 y)^2, with rational coefficients, satisfied by the series " +
                "of the final NTK of one sample (Kx = 1, gradient flow) through Q^K: exact Gaussian elimination on the coefficients, " +
                "shapes deg_K <= --max-degree-k, deg_Q <= --max-degree-q by increasing size, each confirmed by at least --margin " +
                "equations beyond its unknowns. A candidate is verified against the numeric solver (exact gradient descent " +
                "extrapolated to eta -> 0) at --gammas to --tol. Exit 0: relation found and verified; 1: none found, or not verified."})
final class GuessCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(names = "--quantity", defaultValue = "ntk-final", description = "ntk-final (the only one supported).")
    String quantity;

    @Option(names = {"--depth", "-L"}, defaultValue = "1", description = "Depth L (default 1).")
    int depth;

    @Option(names = {"--order", "-K"}, defaultValue = "7", description = "Series through Q^K = (gamma0 y)^(2K) (default 7).")
    int order;

    @Option(names = "--max-degree-k", defaultValue = "4", description = "Largest degree in K (default 4).")
    int maxK;

    @Option(names = "--max-degree-q", defaultValue = "4", description = "Largest degree in Q (default 4).")
    int maxQ;

    @Option(names = "--margin", defaultValue = "2", description = "Equations beyond the unknowns that must also hold (default 2).")
    int margin;

    @Option(names = "--gammas", defaultValue = "0.5,1", description = "gamma0 values (y = 1) of the numeric verification (default 0.5,1).")
    String gammas;

    @Option(names = "--tol", defaultValue = "1e-8", description = "Verification tolerance on K (default 1e-8).")
    double tol;

    @Option(names = "--no-verify", description = "Skip the numeric verification (exit 0 when a candidate is found).")
    boolean noVerify;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (SeriesOptions.quantity(quantity) != org.dln.symbolic.series.SeriesQuantity.NTK_FINAL) {
            throw new IllegalArgumentException("--quantity: only ntk-final is supported by 'dln guess'");
        }
        int d = SeriesOptions.depths(Integer.toString(depth), SeriesCommand.MAX_DEPTH)[0];
        int k = SeriesOptions.order(order, SeriesCommand.MAX_ORDER);
        double[] gs = SeriesOptions.doubles("gammas", gammas);
        SeriesOptions.positive("tol", tol, "the verification tolerance");
        SeriesOptions.atLeast("max-degree-k", maxK, 1, "the largest degree in K");
        SeriesOptions.atLeast("max-degree-q", maxQ, 0, "the largest degree in Q");
        SeriesOptions.atLeast("margin", margin, 0, "the number of confirming equations");
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        System.err.printf(Locale.ROOT, "dln guess: solving the exact series of the final NTK through gamma0^%d for L = %d ...%n", 2 * k, d);
        PerturbationSeries s = PerturbationSeries.solve(d, k);
        System.err.printf(Locale.ROOT, "dln guess: series solved in %.1f s; searching polynomial relations P(K, Q) with deg K <= %d, "
                + "deg Q <= %d (exact linear algebra) ...%n", (System.nanoTime() - start) * 1e-9, maxK, maxQ);
        Rational[] a = new Rational[k + 1];
        for (int i = 0; i <= k; i++) {
            a[i] = s.ntk(i).limitAtInfinity();
        }
        RelationGuess.Outcome o = RelationGuess.search(a, maxK, maxQ, margin);
        out.printf(Locale.ROOT, "# dln guess --quantity ntk-final --depth %d --order %d%n%n", d, k);
        out.printf(Locale.ROOT, "Series of the final NTK through Q^%d (Q = (gamma0 y)^2), solved exactly in %.2f s.%n%n", k, s.seconds());
        out.println("| deg K | deg Q | unknowns | equations | null space dimension |");
        out.println("|---|---|---|---|---|");
        for (RelationGuess.Attempt t : o.attempts()) {
            out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d |%n", t.degreeK(), t.degreeQ(), t.unknowns(), t.equations(), t.nullity());
        }
        out.println();
        if (o.relation() == null) {
            out.printf(Locale.ROOT, "No polynomial relation with deg K <= %d, deg Q <= %d (and at least %d confirming equations from %d coefficients) "
                    + "is satisfied by the series. Larger shapes need more coefficients (--order).%n", maxK, maxQ, margin, k + 1);
            out.println();
            out.println("verdict: NONE FOUND");
            out.flush();
            return DlnCommand.FAILED;
        }
        RelationGuess.Relation r = o.relation();
        out.println("candidate: " + r.text() + "   (K = final NTK, Q = (gamma0 y)^2)");
        out.println();
        if (noVerify) {
            out.println("verdict: FOUND (numeric verification skipped)");
            out.flush();
            return DlnCommand.OK;
        }
        System.err.printf(Locale.ROOT, "dln guess: relation found after %.1f s; numeric verification at gamma0 = %s (exact gradient "
                + "descent at 6 steps, extrapolated to eta -> 0) ...%n", (System.nanoTime() - start) * 1e-9, gammas);
        out.printf(Locale.ROOT, "Numeric verification (y = 1; numeric K from exact gradient descent at eta = 0.1/1..6 extrapolated to eta -> 0; "
                + "the root of P(., Q) nearest to it; tolerance %.0e)%n%n", tol);
        out.println("| gamma0 | numeric K | root of P | difference | extrapolation error | verdict |");
        out.println("|---|---|---|---|---|---|");
        boolean pass = true;
        for (double g : gs) {
            FlowExtrapolation.Result n = FlowExtrapolation.finalNtk(d, g, 1, 0.1, 6);
            double root = r.rootNear(n.value(), g * g);
            double diff = root - n.value();
            boolean ok = Math.abs(diff) <= tol;
            pass &= ok;
            out.printf(Locale.ROOT, "| %s | %.12f | %.12f | %.2e | %.1e | %s |%n", g, n.value(), root, diff, n.errorEstimate(), ok ? "agree" : "DISAGREE");
        }
        out.println();
        out.println(pass ? "verdict: FOUND AND VERIFIED" : "verdict: FOUND, NOT VERIFIED");
        out.flush();
        return pass ? DlnCommand.OK : DlnCommand.FAILED;
    }
}
