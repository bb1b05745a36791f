package org.dln.linear.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.io.Comparison;
import org.dln.linear.io.Plotter;
import org.dln.linear.io.SolutionJson;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code dln compare A.json B.json}: maximum deviation per observable, in units of the combined standard error. */
@Command(name = "compare", description = {"Compare two result documents (theory and/or simulation) observable by observable. " +
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
            description = "Exit 1 if any observable deviates by more than Z combined standard errors.")
    Double maxSigma;

    @Option(names = "--plot", paramLabel = "PREFIX", description = "Figures of both runs (theory as lines, simulation as error bars).")
    Path plot;


    @Override
    public Integer call() throws Exception {
        Solution ta = SolutionJson.read(a);
        Solution tb = SolutionJson.read(b);
        List<Comparison.Row> rows = Comparison.compare(ta, tb);
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "# %s vs %s%n%n", ta.label(), tb.label());
        out.println("| observable | max abs dev | at (t, entry) | max dev / SE | at (t, entry) | within 3 SE |");
        out.println("|---|---|---|---|---|---|");
        double worst = 0;
        for (Comparison.Row r : rows) {
            out.println(r.markdown());
            if (Double.isFinite(r.maxSigma())) {
                worst = Math.max(worst, r.maxSigma());
            }
        }
        out.flush();
        if (plot != null) {
            for (Path p : Plotter.write(List.of(ta, tb), OutputOptions.plotPrefix(plot), OutputOptions.plotFormat(plot))) {
                System.err.println("dln: wrote " + p);
            }
        }
        if (maxSigma != null && worst > maxSigma) {
            System.err.printf(Locale.ROOT, "dln: largest deviation %.2f standard errors exceeds --max-sigma %.2f%n", worst, maxSigma);
            return DlnCommand.FAILED;
        }
        return DlnCommand.OK;
    }
}
