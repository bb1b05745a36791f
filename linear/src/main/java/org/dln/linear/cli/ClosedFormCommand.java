package org.dln.linear.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.FlowExtrapolation;
import org.dln.linear.solver.LinearSolution;
import org.dln.symbolic.SymbolicSession;
import org.dln.symbolic.series.ClosedFormCheck;
import org.dln.symbolic.series.PerturbationSeries;
import org.dln.symbolic.series.SeriesQuantity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dln closed-form EXPR --quantity Q --depth L}: a claimed closed form against the exact perturbation series and
 * the numeric solver.
 */
@Command(name = "closed-form",
        description = {"Check a claimed closed form (Symja syntax; g = gamma0, y = target, t = time) for one sample with Kx = 1, " +
                "gradient flow: its series in g against the exact coefficients (first order that disagrees), and its value against " +
                "the numeric solver (exact gradient descent extrapolated to eta -> 0) at --gammas. Exit 0 if both agree, 1 if not."})
final class ClosedFormCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "EXPR", description = "A claimed closed form, e.g. \"2*Sqrt(1+g^2*y^2)\" (Symja syntax) or \"2*sqrt(1 + g**2*y**2)\" "
                    + "(Python spellings: **, sqrt, exp, log, pi, np./math./sympy. prefixes, Rational(a, b), gamma0 for g).")
    String expr;

    @Option(names = "--quantity", defaultValue = "ntk-final", description = "ntk-final (default), f, ntk, phi or g.")
    String quantity;

    @Option(names = {"--depth", "-L"}, defaultValue = "1", description = "depth L (default 1).")
    int depth;

    @Option(names = "--layer", defaultValue = "1", description = "With phi or g: the layer l (default 1).")
    int layer;

    @Option(names = {"--order", "-K"}, defaultValue = "6", description = "compare through gamma0^(2K) (default 6).")
    int order;

    @Option(names = "--gammas", defaultValue = "0.25,0.5,1", description = "gamma0 values of the numeric check (default 0.25,0.5,1).")
    String gammas;

    @Option(names = "--y", defaultValue = "1", description = "target y of the numeric check (default 1).")
    double y;

    @Option(names = "--time", defaultValue = "1", description = "With a time-dependent quantity: the time t of the numeric check (default 1).")
    double time;

    @Option(names = "--no-numeric", description = "skip the numeric check.")
    boolean noNumeric;

    @Option(names = "--time-budget", defaultValue = TimeBudget.DEFAULT_SECONDS, paramLabel = "SECONDS",
            description = "Stop with exit 1 when the symbolic check takes longer than this (default 600 s).")
    double timeBudget;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SeriesQuantity q = SeriesOptions.quantity(quantity);
        int[] d = SeriesOptions.depths(Integer.toString(depth), SeriesCommand.MAX_DEPTH);
        int k = SeriesOptions.order(order, SeriesCommand.MAX_ORDER);
        if ((q == SeriesQuantity.PHI || q == SeriesQuantity.G) && (layer < 1 || layer > depth)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "layer", "layer", layer, "use 1 <= l <= L = " + depth);
        }
        double[] gs = noNumeric ? new double[0] : SeriesOptions.doubles("gammas", gammas);
        SeriesOptions.finite("y", y);
        if (q.timeDependent() && !noNumeric) {
            checkTime();
        }
        PrintWriter out = spec.commandLine().getOut();
        String given = expr;
        try {
            expr = ExpressionSpelling.toSymja(expr, ClosedFormCheck.allowedVariables(q));
        } catch (IllegalArgumentException e) {
            throw badExpression(q, e.getMessage());
        }
        if (!expr.equals(given.trim())) {
            System.err.println("dln closed-form: read as " + expr + " (Symja syntax)");
        }
        System.err.println("dln closed-form: loading Symja's rules (about 8 s) ...");
        double budget = TimeBudget.check(timeBudget);
        long start = System.nanoTime();
        String[] stage = {"checking the expression"};
        try (SymbolicSession symja = new SymbolicSession()) {
            symja.budget(Math.max(1e-3, budget - (System.nanoTime() - start) * 1e-9)); // Symja's start-up counts too
            try {
                return run(symja, q, d, k, gs, out, budget, start, stage);
            } catch (SymbolicSession.BudgetExceededException e) {
                throw TimeBudget.exceeded("dln closed-form", budget, String.format(Locale.ROOT, "Symja was still %s after %.1f s",
                        stage[0], (System.nanoTime() - start) * 1e-9));
            }
        }
    }

    private Integer run(SymbolicSession symja, SeriesQuantity q, int[] d, int k, double[] gs, PrintWriter out, double budget,
                        long start, String[] stage) {
        {
            String why = ClosedFormCheck.problemWith(symja, expr, q);
            if (why != null) {
                throw badExpression(q, why);
            }
            for (double g : gs) { // the values the numeric check needs, before the series is solved
                double v;
                try {
                    v = ClosedFormCheck.evaluate(symja, expr, g, y, time);
                } catch (IllegalStateException e) {
                    v = Double.NaN;
                    why = symjaReason(e);
                }
                if (!Double.isFinite(v)) {
                    throw badExpression(q, String.format(Locale.ROOT, "it has no finite value at g = %s, y = %s%s (%s)", g, y,
                            q.timeDependent() ? ", t = " + time : "", why != null ? "Symja: " + why : "value " + v));
                }
            }
            stage[0] = "computing the exact series";
            System.err.printf(Locale.ROOT, "dln closed-form: Symja ready after %.1f s; solving the exact series through gamma0^%d for L = %d ...%n",
                    (System.nanoTime() - start) * 1e-9, 2 * k, d[0]);
            double left = Math.max(1e-3, budget - (System.nanoTime() - start) * 1e-9);
            PerturbationSeries s = TimeBudget.run("dln closed-form", left, budget, () -> "the exact series through gamma0^" + 2 * k
                    + " was not finished", () -> PerturbationSeries.solve(d[0], k));
            stage[0] = "expanding the claimed expression in g and comparing it order by order";
            System.err.printf(Locale.ROOT, "dln closed-form: expanding the claim in g through g^%d and comparing order by order ...%n", 2 * k);
            ClosedFormCheck.Result r;
            try {
                r = ClosedFormCheck.check(symja, expr, q, layer, s);
            } catch (IllegalStateException e) {
                throw badExpression(q, "Symja cannot expand it in g (" + symjaReason(e) + ")");
            }
            stage[0] = "evaluating the claimed expression numerically";
            if (gs.length > 0) {
                System.err.printf(Locale.ROOT, "dln closed-form: numeric check at gamma0 = %s (exact gradient descent at 6 steps, extrapolated to eta -> 0) ...%n",
                        gammas);
            }
            out.printf(Locale.ROOT, "# dln closed-form \"%s\" --quantity %s --depth %d%s%n%n", expr, q.id(), depth,
                    q == SeriesQuantity.PHI || q == SeriesQuantity.G ? " --layer " + layer : "");
            out.println("One sample, Kx = 1, gradient flow; g = gamma0. Symbolic: coefficient of g^n of the claim against the exact series.");
            out.println();
            out.println("| power of gamma0 | claimed | computed | verdict |");
            out.println("|---|---|---|---|");
            for (ClosedFormCheck.OrderCheck o : r.orders()) {
                out.printf(Locale.ROOT, "| %d | %s | %s | %s |%n", o.gammaPower(), o.claimed(), o.computed(),
                        o.agrees() ? "agree (" + o.how() + ")" : "DISAGREE");
            }
            out.println();
            String symbolic = r.agrees() ? "symbolic: PASS (agrees through gamma0^" + 2 * k + ")"
                    : "symbolic: FAIL (first disagreement at gamma0^" + r.firstDisagreement() + ")";
            out.println(symbolic);
            boolean numericPass = true;
            if (gs.length > 0) {
                out.println();
                out.printf(Locale.ROOT, "Numeric: exact gradient descent at eta = 0.1/1..6 extrapolated to eta -> 0, y = %s%s; tolerance 1e-6 + 10 x extrapolation error%n%n",
                        y, q.timeDependent() ? ", t = " + time : ", t -> infinity");
                out.println("| gamma0 | claimed | numeric | difference | extrapolation error | verdict |");
                out.println("|---|---|---|---|---|---|");
                for (double g : gs) {
                    double claimed = ClosedFormCheck.evaluate(symja, expr, g, y, time);
                    FlowExtrapolation.Result n = numeric(q, g);
                    double diff = claimed - n.value();
                    boolean ok = Math.abs(diff) <= 1e-6 + 10 * n.errorEstimate();
                    numericPass &= ok;
                    out.printf(Locale.ROOT, "| %s | %.12f | %.12f | %.2e | %.1e | %s |%n", g, claimed, n.value(), diff, n.errorEstimate(), ok ? "agree" : "DISAGREE");
                }
                out.println();
                out.println(numericPass ? "numeric: PASS" : "numeric: FAIL");
            }
            boolean pass = r.agrees() && numericPass;
            out.println();
            out.println(pass ? "verdict: PASS" : "verdict: FAIL");
            out.flush();
            return pass ? DlnCommand.OK : DlnCommand.FAILED;
        }
    }

    private FlowExtrapolation.Result numeric(SeriesQuantity q, double gamma0) {
        if (q == SeriesQuantity.NTK_FINAL) {
            return FlowExtrapolation.finalNtk(depth, gamma0, y, 0.1, 6);
        }
        Problem p = new Problem.Builder().gram(new double[][] {{1}}).y(new double[] {y}).depth(depth).gamma0(gamma0).eta(0.1).timePoints(2).build();
        ToDoubleFunction<LinearSolution> obs = sol -> {
            double eta = sol.problem().eta();
            int i = (int) Math.round(time / eta);
            return switch (q) {
                case F -> sol.f(i, 0);
                case NTK -> sol.ntk(i, 0, 0);
                case PHI -> sol.phi(layer, i, 0, 0);
                case G -> sol.g(layer, i);
                case NTK_FINAL -> throw new IllegalStateException();
            };
        };
        checkTime();
        return FlowExtrapolation.extrapolate(p, time + 0.1, 0.1, 6, obs);
    }

    private InvalidInputException badExpression(SeriesQuantity q, String why) {
        return new InvalidInputException(InputError.BAD_EXPRESSION, "expr", "expr", expr, why,
                String.join(", ", ClosedFormCheck.allowedVariables(q).stream().sorted().toList()));
    }

    /** --time: a positive multiple of 0.1 (NaN and infinities refused). */
    private void checkTime() {
        if (!Double.isFinite(time) || Math.abs(time * 10 - Math.round(time * 10)) > 1e-12 || time <= 0) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "time", "time", time, "use a positive multiple of 0.1 (a point of every gradient-descent grid)");
        }
    }

    /** The first line of Symja's reason for a failed evaluation (without Java exception names). */
    static String symjaReason(IllegalStateException e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        String m = String.valueOf(c.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
