package org.dln.linear.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.FlowSolver;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.SolveOptions;

/**
 * The gradient-flow benchmark of {@code dln bench --flow}: accuracy and time of collocation + Newton against the number
 * of nodes per element (spectral convergence) and of elements (algebraic order), and of the exact gradient-descent
 * solver against eta (error O(eta) with respect to the flow). Errors are max-norm over f and the NTK at 201 equally
 * spaced times (interpolated for the flow; the gradient-descent steps t = k eta for GD), against a reference flow
 * solution with 16 nodes per element and one adaptive refinement at 1e-12.
 */
final class FlowBench {
    private FlowBench() {
    }

    static String run(Problem p, double tMax, List<Integer> nodes, List<Integer> elements, int fixedNodes, List<Double> etas) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# dln bench --flow: P = %d, L = %d, gamma0 = %s, t_max = %s, %d cores, Java %s%n%n",
                p.trainCount(), p.depth(), p.gamma0(), tMax, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        FlowSolver solver = new FlowSolver();
        long t0 = System.nanoTime();
        FlowSolver.FlowSolution ref = solver.solve(p, FlowSolver.Options.of(tMax).withGrid(0, 16).withRefinement(1e-12, 1), k -> { });
        double refTime = (System.nanoTime() - t0) * 1e-9;
        sb.append(String.format(Locale.ROOT, "Reference: %s, %d nodes, %.2f s, converged %s.%n%n", ref.grid().describe(), ref.grid().size(),
                refTime, ref.report().converged()));
        System.err.print(sb);
        double[] times = new double[201];
        for (int i = 0; i < times.length; i++) {
            times[i] = tMax * i / (times.length - 1);
        }
        sb.append("## Spectral convergence in the nodes per element (automatic elements, no refinement)\n\n");
        sb.append("| nodes per element | elements | time nodes | solve (s) | Newton iterations | max error f, K |\n|---|---|---|---|---|---|\n");
        for (int m : nodes) {
            sb.append(row(solver, p, FlowSolver.Options.of(tMax).withGrid(0, m).withRefinement(1, 0), ref, times, m, Double.NaN)).append('\n');
            System.err.println(sb.substring(sb.lastIndexOf("|", sb.length() - 3) > 0 ? sb.lastIndexOf("\n", sb.length() - 2) + 1 : 0).trim());
        }
        sb.append("\n## Algebraic order in the number of elements (uniform elements, ").append(fixedNodes).append(" nodes each)\n\n");
        sb.append("| elements | time nodes | solve (s) | max error f, K | observed order |\n|---|---|---|---|---|\n");
        double prevErr = Double.NaN;
        int prevE = 0;
        for (int e : elements) {
            FlowSolver.Options o = FlowSolver.Options.of(tMax).withGrid(e, fixedNodes).withFirstLength(tMax / e).withRefinement(1, 0);
            long s = System.nanoTime();
            FlowSolver.FlowSolution sol = solver.solve(p, o, k -> { });
            double sec = (System.nanoTime() - s) * 1e-9;
            double err = error(sol.at(times), ref, times);
            String order = Double.isNaN(prevErr) ? "" : String.format(Locale.ROOT, "%.2f", Math.log(prevErr / err) / Math.log((double) e / prevE));
            String r = String.format(Locale.ROOT, "| %d | %d | %.2f | %.2e | %s |", e, sol.grid().size(), sec, err, order);
            System.err.println(r);
            sb.append(r).append('\n');
            prevErr = err;
            prevE = e;
        }
        sb.append("\n## Default flow solve (automatic grid, adaptive refinement) against exact gradient descent\n\n");
        sb.append("| method | time points | solve (s) | max error f, K vs the flow reference |\n|---|---|---|---|\n");
        {
            long s = System.nanoTime();
            FlowSolver.FlowSolution sol = solver.solve(p, FlowSolver.Options.of(tMax), k -> { });
            double sec = (System.nanoTime() - s) * 1e-9;
            String r = String.format(Locale.ROOT, "| flow, collocation + Newton (default) | %d | %.2f | %.2e |", sol.grid().size(), sec,
                    error(sol.at(times), ref, times));
            System.err.println(r);
            sb.append(r).append('\n');
        }
        for (double eta : etas) {
            int steps = (int) Math.round(tMax / eta) + 1;
            long s = System.nanoTime();
            LinearSolution gd = new CausalMarchingSolver().solve(p.toBuilder().eta(eta).timePoints(steps).checkStability(false).build(),
                    SolveOptions.DEFAULT);
            double sec = (System.nanoTime() - s) * 1e-9;
            double err = 0;
            for (int t = 0; t < steps; t++) {
                double time = Math.min(tMax, t * eta);
                err = Math.max(err, diff(gd, t, ref, time));
            }
            String r = String.format(Locale.ROOT, "| gradient descent, eta = %s (exact marching) | %d | %.2f | %.2e |", eta, steps, sec, err);
            System.err.println(r);
            sb.append(r).append('\n');
        }
        sb.append("\nErrors: max over f_mu and K_ij (train samples). Gradient descent is exact for its own dynamics; its error here is ")
                .append("the O(eta) distance to gradient flow.\n");
        return sb.toString();
    }

    private static String row(FlowSolver solver, Problem p, FlowSolver.Options o, FlowSolver.FlowSolution ref, double[] times, int m,
                              double unused) {
        long s = System.nanoTime();
        FlowSolver.FlowSolution sol = solver.solve(p, o, k -> { });
        double sec = (System.nanoTime() - s) * 1e-9;
        return String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %d | %.2e |", m, sol.grid().elements(), sol.grid().size(), sec,
                sol.report().iterations(), error(sol.at(times), ref, times));
    }

    private static double error(LinearSolution s, FlowSolver.FlowSolution ref, double[] times) {
        double err = 0;
        for (int t = 0; t < times.length; t++) {
            err = Math.max(err, diff(s, t, ref, times[t]));
        }
        return err;
    }

    private static double diff(LinearSolution s, int t, FlowSolver.FlowSolution ref, double time) {
        int p = s.problem().trainCount();
        double err = 0;
        for (int i = 0; i < p; i++) {
            err = Math.max(err, Math.abs(s.f(t, i) - ref.f(time, i)));
            for (int j = 0; j < p; j++) {
                err = Math.max(err, Math.abs(s.ntk(t, i, j) - ref.ntk(time, i, j)));
            }
        }
        return err;
    }

    static List<Integer> ints(List<String> s) {
        List<Integer> out = new ArrayList<>();
        for (String x : s) {
            out.add(Integer.parseInt(x.trim()));
        }
        return out;
    }
}
