package org.dln.linear.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.io.Comparison;
import org.dln.linear.io.VarianceComparison;
import org.dln.linear.io.Plotter;
import org.dln.linear.io.SolutionJson;
import org.dln.linear.io.SolutionNpz;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code dln compare A.json B.json}: maximum deviation per observable, in units of the combined standard error. */
@Command(name = "compare", description = {"Compare two result documents (theory and/or simulation; dln-trajectory JSON or --npz archives) observable by observable. " +
                "Prints, per observable, the largest |A - B| and the largest |A - B| / sqrt(se_A^2 + se_B^2), with where it occurs."})
final class CompareCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "A.json")
    Path a;

    @Parameters(index = "1", paramLabel = "B.json")
    Path b;

    @Spec
    CommandSpec spec;

    @Option(names = "--max-sigma", paramLabel = "Z",
            description = "Exit 1 if any observable deviates by more than Z combined standard errors (Z finite, > 0). "
                    + "Whatever Z: exit 1 on a NaN or infinite value or standard error, an observable whose shapes differ, "
                    + "or no value compared.")
    Double maxSigma;

    @Option(names = "--plot", paramLabel = "PREFIX[.svg|.pdf]",
            description = "Figures of both runs (theory as lines, simulations as their mean with a band of one standard error).")
    Path plot;


    /** A dln-trajectory JSON document, or an .npz archive written by --npz. */
    static Solution read(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz") ? SolutionNpz.read(file) : SolutionJson.read(file);
    }

    @Override
    public Integer call() throws Exception {
        if (maxSigma != null && !(maxSigma > 0 && Double.isFinite(maxSigma))) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "max-sigma", "max-sigma", maxSigma,
                    "must be a finite number > 0 (a number of combined standard errors, e.g. 4)");
        }
        Solution ta = read(a);
        Solution tb = read(b);
        if (plot != null && (ta.problem() == null || tb.problem() == null)) {
            throw new InvalidInputException(InputError.NOT_WITH, "plot", "plot", ".npz results",
                    "the figures need the problem, which an .npz archive does not hold: give the JSON documents");
        }
        List<Comparison.Row> rows = new ArrayList<>(Comparison.compare(ta, tb));
        List<Comparison.Row> variances = VarianceComparison.compare(ta, tb);
        rows.addAll(variances);
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        out.printf(Locale.ROOT, "# %s vs %s%n%n", ta.label(), tb.label());
        out.println("| observable | max abs dev | at (t, entry) | max dev / SE | at (t, entry) | within 3 SE | values compared |");
        out.println("|---|---|---|---|---|---|---|");
        double worst = 0;
        String worstAt = "";
        int compared = 0;
        List<String> failures = new ArrayList<>();
        for (Comparison.Row r : rows) {
            out.println(r.markdown());
            compared += r.compared();
            if (r.failed()) {
                failures.add(r.name() + ": " + r.failure());
            } else if (!Double.isNaN(r.maxSigma()) && r.maxSigma() > worst) {
                worst = r.maxSigma();
                worstAt = "t = " + r.sigmaT() + ", " + r.name() + r.sigmaEntry();
            }
        }
        List<String> onlyA = new ArrayList<>(), onlyB = new ArrayList<>();
        ta.observables().keySet().stream().filter(n -> tb.get(n) == null).forEach(onlyA::add);
        tb.observables().keySet().stream().filter(n -> ta.get(n) == null).forEach(onlyB::add);
        out.println();
        if (!variances.isEmpty()) {
            out.println(VarianceComparison.legend(Solution.SIMULATION.equals(ta.kind()) ? ta : tb));
        }
        out.printf(Locale.ROOT, "compared %d values in %d observables%s%s%n", compared, rows.size(),
                onlyA.isEmpty() ? "" : "; only in A (not compared): " + String.join(", ", onlyA),
                onlyB.isEmpty() ? "" : "; only in B (not compared): " + String.join(", ", onlyB));
        out.flush();
        if (plot != null) {
            for (Path p : Plotter.write(List.of(ta, tb), OutputOptions.plotPrefix(plot), OutputOptions.plotFormat(plot))) {
                System.err.println("dln: wrote " + p);
            }
        }
        int code = DlnCommand.OK;
        for (String f : failures) {
            err.println("dln: compare FAILED: " + f);
            code = DlnCommand.FAILED;
        }
        if (compared == 0) {
            err.println("dln: compare FAILED: no values compared (no observable of the same shape in both documents with a"
                    + " defined value): nothing supports agreement");
            code = DlnCommand.FAILED;
        }
        if (maxSigma != null && worst > maxSigma) {
            err.printf(Locale.ROOT, "dln: compare FAILED: largest deviation %.2f standard errors (%s) exceeds --max-sigma %s%n",
                    worst, worstAt, maxSigma);
            code = DlnCommand.FAILED;
        }
        err.flush();
        return code;
    }
}
