package org.dln.linear.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.dln.symbolic.series.LatexWriter;
import org.dln.symbolic.series.PerturbationSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln equations}: the order-by-order equations of the perturbation series, as LaTeX, from the solved objects. */
@Command(name = "equations", description = {"Print the equations the perturbation series solved (one sample, Kx = 1, gradient flow), order by order: the source " +
                "R_k, the equation for Delta_k and its solution, f_k, K_k(t), Phi^l_k(t,t), G^l_k(t,t) and K_k(inf). Written from the " +
                "computed objects, not from templates of the results."})
final class EquationsCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(names = {"--depth", "-L"}, defaultValue = "1", description = "Depth L (default 1).")
    int depth;

    @Option(names = {"--order", "-K"}, defaultValue = "2", description = "Orders gamma0^0 .. gamma0^(2K) (default 2).")
    int order;

    @Option(names = "--format", defaultValue = "latex", description = "latex (the only format).")
    String format;

    @Option(names = "--verify", description = "Recompute every order from the equations and check f_k + Delta_k = [k = 0] exactly.")
    boolean verify;

    @Option(names = "--first-order", description = "Instead: the O(gamma0^2) theory for any data (P samples, any Kx) used by --flow --approx pt1, "
            + "with the layer sums closed by Symja.")
    boolean firstOrder;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SeriesOptions.format(format, "latex");
        int d = SeriesOptions.depths(Integer.toString(depth), SeriesCommand.MAX_DEPTH)[0];
        int k = SeriesOptions.order(order, SeriesCommand.MAX_ORDER);
        PrintWriter out = spec.commandLine().getOut();
        if (firstOrder) {
            try (org.dln.symbolic.SymbolicSession symja = new org.dln.symbolic.SymbolicSession()) {
                org.dln.symbolic.series.FirstOrderTheory th = org.dln.symbolic.series.FirstOrderTheory.derive(symja, d);
                out.print("% " + th.formulas() + "\n");
                out.print(th.latex());
            }
            out.flush();
            return DlnCommand.OK;
        }
        out.print(LatexWriter.equations(PerturbationSeries.solve(d, k, verify)));
        out.flush();
        if (verify) {
            System.err.println("dln equations: residual of the truncated equations identically zero at every order");
        }
        return DlnCommand.OK;
    }
}
