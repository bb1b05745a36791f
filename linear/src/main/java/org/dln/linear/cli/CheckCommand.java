package org.dln.linear.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.dln.linear.io.ResultCheck;
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
import org.dln.linear.io.CaseTolerance;
import org.dln.linear.io.ProblemMatch;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dln check RESULT --case DIR/CASE}: conformance of another solver's output with a golden case (closed forms:
 * {@link ClosedFormCommand}).
 */
@Command(name = "check",
        description = {"Compare another solver's output with a golden case, observable by observable: maximum absolute and relative " +
                "errors, the first time step where they part (|result - case| > atol + rtol |case|), and a verdict. Exit 1 on failure. " +
                "RESULT is a folder of .npy files, a JSON file or a CSV file (docs/formats.md 'Golden suite'). " +
                "A NaN or infinite value never passes; an observable without values, or (without --allow-partial) one that does not " +
                "cover every time point of the case, fails. Time indices must be whole numbers; tolerances finite and >= 0 (else exit 2)."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "RESULT", arity = "0..1")
    Path result;

    @Option(names = "--case", paramLabel = "DIR/CASE", description = "A case folder of a suite written by 'dln golden'.")
    Path caseDir;

    @Option(names = "--atol", description = "Absolute tolerance, finite and >= 0 (default: the case's rule in case.json, else 1e-9).")
    Double atol;

    @Option(names = "--rtol", description = "Relative tolerance, finite and >= 0 (default: the case's rule in case.json, else 1e-9).")
    Double rtol;

    @Option(names = "--allow-partial", description = "Check only the time points the result gives (by default every observable "
            + "must cover all of the case's time points, else it fails).")
    boolean allowPartial;

    /** The former spelling of {@code dln closed-form}: refused at once, naming the command that does it. */
    @Option(names = "--expr", hidden = true, paramLabel = "EXPR")
    String expr;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (expr != null) {
            throw new InvalidInputException(InputError.NOT_WITH, "--expr", "--expr", "dln check",
                    "a claimed closed form is checked by dln closed-form \"" + expr + "\" (Symja or Python spellings: **, sqrt, exp)");
        }
        if (result == null || caseDir == null) {
            throw new InvalidInputException(InputError.MISSING, result == null ? "RESULT" : "case", result == null ? "RESULT" : "--case",
                    "give RESULT and --case DIR/CASE (for a closed form: dln closed-form EXPR)");
        }
        List<ResultCheck.Row> rows = ResultCheck.check(result, caseDir, atol, rtol, allowPartial);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String d : ProblemMatch.differences(result, caseDir)) {
            err.println("dln: check: warning: the result's problem does not match the case's: " + d);
        }
        err.flush();
        CaseTolerance tol = CaseTolerance.of(caseDir);
        double a = atol != null ? atol : tol.atol();
        double r0 = rtol != null ? rtol : tol.rtol();
        out.printf(Locale.ROOT, "# dln check %s against %s (atol %.1e, rtol %.1e%s%s)%n%n", result, caseDir, a, r0,
                tol.sigma() > 0 ? String.format(Locale.ROOT, ", plus %s combined standard errors", tol.sigma()) : "",
                allowPartial ? ", only the time points given" : "");
        if (!tol.rule().isEmpty() && atol == null && rtol == null) {
            out.println("Tolerance rule of the case: " + tol.rule());
            out.println();
        }
        out.println("| observable | compared | max abs error | max rel error | first time beyond tolerance | verdict |");
        out.println("|---|---|---|---|---|---|");
        boolean pass = true;
        int firstT = Integer.MAX_VALUE;
        int compared = 0;
        List<String> problems = new java.util.ArrayList<>();
        for (ResultCheck.Row r : rows) {
            out.println(r.markdown());
            compared += r.points();
            if (!r.pass()) {
                pass = false;
                if (r.firstFailT() >= 0) {
                    firstT = Math.min(firstT, r.firstFailT());
                }
                if (r.problem() != null) {
                    problems.add(r.name() + ": " + r.problem());
                }
            }
        }
        out.println();
        out.printf(Locale.ROOT, "compared %d values in %d observables%n", compared, rows.size());
        out.println(pass ? "verdict: PASS" : "verdict: FAIL" + (firstT < Integer.MAX_VALUE ? " (first parting at t = " + firstT + ")" : "")
                + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")"));
        out.flush();
        return pass ? DlnCommand.OK : DlnCommand.FAILED;
    }
}
