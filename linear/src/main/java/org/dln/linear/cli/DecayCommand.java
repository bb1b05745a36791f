package org.dln.linear.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.dmft.WeightDecayStationarySolver;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.io.DecayDocument;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.stationary.DecayStationaryState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln decay}: gradient descent with weight decay, and its stationary state by Newton from the trajectory's end. */
@Command(name = "decay", description = {"Solve the infinite-width DMFT of gradient descent with weight decay lambda (every weight multiplied by " +
        "1 - eta lambda per step) by exact causal marching, then its stationary state by Newton from the last time point. " +
        "Exit 1 if the Newton solve does not reach the nontrivial stationary state."})
final class DecayCommand extends DescentCommand {

    @Option(names = {"--weight-decay", "--lambda"}, paramLabel = "LAMBDA", required = true, description = "Weight decay lambda > 0.")
    double weightDecay;

    @Option(names = "--approx", paramLabel = "full|gia|lazy", defaultValue = "full", description = "Approximation of the trajectory (default full).")
    String approx;

    @Option(names = "--stationary", paramLabel = "FILE", description = "Write the stationary state (JSON, dln-decay-stationary) to FILE.")
    Path stationaryFile;

    @Override
    public Integer call() throws Exception {
        output.check();
        OutputOptions.checkFile(stationaryFile, "stationary");
        Problem p = descentProblem();
        Progress listener = new Progress("decay");
        String estimate = Approximation.parse(approx) == Approximation.FULL ? MarchEstimate.before(p, "decay", false) : null;
        if (estimate != null) {
            System.err.println("dln: " + estimate);
            listener.estimatedBeforehand();
        }
        Solution s = Solvers.gradientDescent(Approximation.parse(approx), false, weightDecay).solve(p, listener);
        PrintWriter out = out();
        output.emit(s, out);
        return stationary(s.extra(LinearSolution.class).orElseThrow(), out) ? DlnCommand.OK : DlnCommand.FAILED;
    }

    /** Solves, writes and summarizes the stationary state; whether Newton reached the scalar reduction's root. */
    private boolean stationary(LinearSolution traj, PrintWriter out) throws java.io.IOException {
        boolean markdown = output.markdown();
        int tEnd = traj.timePoints() - 1;
        DecayStationaryState st;
        try {
            st = new WeightDecayStationarySolver(weightDecay, traj).solve(traj.problem()).extra(DecayStationaryState.class).orElseThrow();
        } catch (InvalidInputException e) {
            // no nontrivial stationary state: gradient descent ends at zero weights; say so, exit code 1
            PrintWriter err = err();
            err.println("dln: " + e.getMessage());
            err.flush();
            if (markdown) {
                out.println();
                out.println("## Stationary state with weight decay: none but the zero state (all weights decay to zero, f = 0)");
                out.flush();
            }
            return false;
        }
        int s = traj.samples();
        double dist = 0;
        for (int i = 0; i < s; i++) {
            dist = Math.max(dist, Math.abs(traj.f(tEnd, i) - st.f(i)));
            for (int j = 0; j < s; j++) {
                dist = Math.max(dist, Math.abs(traj.ntk(tEnd, i, j) - st.ntk(i, j)));
            }
        }
        DecayDocument.requireFinite(st, dist); // before anything of the stationary state is written
        boolean ok = st.report().converged() && matchesReduction(st);
        if (stationaryFile != null) {
            AtomicFiles.writeString(stationaryFile, DecayDocument.toJsonString(st, dist, tEnd));
            System.err.println("dln: wrote " + stationaryFile);
        }
        if (markdown) {
            summary(st, traj, dist, out);
        }
        if (!ok) {
            err().println("dln: the stationary-state Newton solve did not converge to the nontrivial state (see the report)");
            err().flush();
        }
        return ok;
    }

    private void summary(DecayStationaryState st, LinearSolution traj, double dist, PrintWriter out) {
        int tEnd = traj.timePoints() - 1, s = traj.samples();
        out.println();
        out.println("## Stationary state with weight decay (Newton)");
        out.println();
        out.printf(Locale.ROOT, "lambda = %s, %s%n", weightDecay, st.report());
        for (String n : st.report().notes()) {
            out.println("- " + n);
        }
        out.printf(Locale.ROOT, "- max |f, K at t = %d - stationary state| = %.3e%n", tEnd, dist);
        out.println();
        out.println("| sample | f stationary | Delta | f lazy (same ridge) |");
        out.println("|---|---|---|---|");
        double[] lazy = st.lazyPredictor();
        int pn = traj.problem().trainCount();
        for (int i = 0; i < s; i++) {
            out.printf(Locale.ROOT, "| %s%d | %.10f | %s | %.10f |%n", i < pn ? "train " : "test ", i < pn ? i : i - pn,
                    st.f(i), i < pn ? String.format(Locale.ROOT, "%.3e", traj.problem().y(i) - st.f(i)) : "", lazy[i]);
        }
        out.print("\nG^l:");
        for (int l = 1; l <= traj.problem().depth(); l++) {
            out.printf(Locale.ROOT, " %.10f", st.g(l));
        }
        out.println();
        out.flush();
    }

    static boolean matchesReduction(DecayStationaryState st) {
        for (String n : st.report().notes()) {
            if (n.startsWith("max relative difference to the scalar reduction")) {
                double v = Double.parseDouble(n.substring(n.lastIndexOf(' ') + 1));
                return v < 1e-8;
            }
        }
        return false;
    }
}
