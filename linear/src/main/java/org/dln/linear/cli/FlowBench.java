package org.dln.linear.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import org.dln.linear.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.util.List;
import java.util.Locale;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.FlowSolution;
import org.dln.linear.solver.FlowSolver;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.BlockMarchingSolver;
import org.dln.linear.solver.SolveOptions;

/**
 * The gradient-flow benchmark of {@code dln bench flow}: accuracy and time of collocation + Newton against the number
 * of nodes per element (spectral convergence) and of elements (algebraic order), and of the exact gradient-descent
 * solver against eta (error O(eta) with respect to the flow). Errors are max-norm over f and the NTK at 201 equally
 * spaced times (interpolated for the flow; the gradient-descent steps t = k eta for GD), against a reference flow
 * solution on 20 graded elements of 14 nodes.
 */
@Command(name = "flow", description = {"Benchmark gradient flow: collocation + Newton against nodes per element, elements and gradient descent " +
        "(error and time), on a random problem (D = 16). Writes a Markdown table to stdout (and --out FILE)."})
final class FlowBench extends BenchRun {

    @Option(names = {"-P", "--train"}, defaultValue = "8", description = "Train samples P (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--t-max", defaultValue = "10", description = "Horizon (default ${DEFAULT-VALUE}).")
    double tMax;

    @Option(names = "--nodes", split = ",", defaultValue = "4,6,8,10,12,14,16", description = "Nodes per element to tabulate on 8 graded elements.")
    List<Integer> nodes;

    @Option(names = "--elements", split = ",", defaultValue = "4,8,16,32", description = "Graded element counts to tabulate.")
    List<Integer> elements;

    @Option(names = "--element-nodes", defaultValue = "6", description = "Nodes per element in the element-count table (default ${DEFAULT-VALUE}).")
    int elementNodes;

    @Option(names = "--gd-eta", split = ",", defaultValue = "0.05,0.02,0.01", description = "Gradient-descent steps compared with the flow.")
    List<Double> gdEtas;

    @Override
    public Integer call() throws Exception {
        bench.check();
        Problem p = BenchCommand.randomProblem(samples, 2, bench.depth, bench.gamma0, 0.05, bench.seed).toBuilder().eta(1e-3).checkStability(false).build();
        String table = run(spec.commandLine().getErr(), p, tMax, nodes, elements, elementNodes, gdEtas);
        bench.emit(table, spec.commandLine().getOut());
        return DlnCommand.OK;
    }

    static String run(java.io.PrintWriter log, Problem p, double tMax, List<Integer> nodes, List<Integer> elements, int fixedNodes, List<Double> etas) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# dln bench flow: P = %d, L = %d, gamma0 = %s, t_max = %s, %d cores, Java %s%n%n",
                p.trainCount(), p.depth(), p.gamma0(), tMax, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        FlowSolver solver = new FlowSolver();
        long t0 = System.nanoTime();
        FlowSolution ref = solver.solve(p, FlowSolver.Options.of(tMax).withGrid(REF_ELEMENTS, REF_NODES).withRefinement(1, 0), k -> { });
        double refTime = (System.nanoTime() - t0) * 1e-9;
        sb.append(String.format(Locale.ROOT, "Reference: %s, %d nodes, %.2f s, converged %s.%n%n", ref.grid().describe(), ref.grid().size(),
                refTime, ref.report().converged()));
        log.print(sb);
        double[] times = new double[201];
        for (int i = 0; i < times.length; i++) {
            times[i] = tMax * i / (times.length - 1);
        }
        int fixedElements = 8;
        sb.append("## Spectral convergence in the nodes per element (").append(fixedElements)
                .append(" graded elements, no refinement)\n\n");
        sb.append("| nodes per element | time nodes | solve (s) | Newton iterations | max error f, K (201 times) | error at t_max |\n|---|---|---|---|---|---|\n");
        for (int m : nodes) {
            String r = row(solver, p, FlowSolver.Options.of(tMax).withGrid(fixedElements, m).withRefinement(1, 0), ref, times, tMax);
            log.println(r);
            sb.append(r).append('\n');
        }
        sb.append("\n## Algebraic order in the number of elements (graded elements, first element scaled by 8 / E, ").append(fixedNodes)
                .append(" nodes each)\n\n");
        sb.append("| elements | time nodes | solve (s) | max error f, K (201 times) | observed order | error at t_max |\n|---|---|---|---|---|---|\n");
        double prevErr = Double.NaN;
        int prevE = 0;
        // every element shrinks with 1/E: the first element too (h0 = its automatic length at 8 elements, times 8 / E)
        double h8 = FlowSolver.grid(p, FlowSolver.Options.of(tMax).withGrid(8, fixedNodes)).time(fixedNodes - 1);
        for (int e : elements) {
            FlowSolver.Options o = FlowSolver.Options.of(tMax).withGrid(e, fixedNodes).withFirstLength(h8 * 8.0 / e).withRefinement(1, 0);
            long s = System.nanoTime();
            FlowSolution sol = solver.solve(p, o, k -> { });
            double sec = (System.nanoTime() - s) * 1e-9;
            double err = error(sol.at(times), ref, times);
            String order = Double.isNaN(prevErr) ? "" : String.format(Locale.ROOT, "%.2f", Math.log(prevErr / err) / Math.log((double) e / prevE));
            String r = String.format(Locale.ROOT, "| %d | %d | %.2f | %.2e | %s | %.2e |", e, sol.grid().size(), sec, err, order,
                    endError(sol, ref, tMax));
            log.println(r);
            sb.append(r).append('\n');
            prevErr = err;
            prevE = e;
        }
        sb.append("\n## Automatic grid (interpolation-error bound at the grid tolerance) against exact gradient descent\n\n");
        sb.append("| method | time points | solve (s) | max error f, K vs the flow reference (201 times or every step) | error at t_max |\n|---|---|---|---|---|\n");
        // {nodes, grid tolerance, 1 = analytic derivatives / 0 = forward differences}
        for (double[] setting : new double[][] {{12, 1e-9, 1}, {14, 1e-9, 1}, {14, 1e-9, 0}, {14, 1e-11, 1}}) {
            BlockMarchingSolver.Jacobian jac = setting[2] == 1 ? BlockMarchingSolver.Jacobian.ANALYTIC : BlockMarchingSolver.Jacobian.DIFFERENCES;
            FlowSolver.Options o = FlowSolver.Options.of(tMax).withGrid(0, (int) setting[0]).withRefinement(setting[1], 0).withJacobian(jac);
            long s = System.nanoTime();
            FlowSolution sol = solver.solve(p, o, k -> { });
            double sec = (System.nanoTime() - s) * 1e-9;
            String r = String.format(Locale.ROOT, "| flow, collocation + Newton, %d nodes/element, grid tolerance %.0e%s, %s derivatives (%s) | %d | %.2f | %.2e | %.2e |",
                    (int) setting[0], setting[1], setting[0] == 14 && setting[1] == 1e-11 ? " (the default)" : "",
                    jac == BlockMarchingSolver.Jacobian.ANALYTIC ? "analytic" : "finite-difference", sol.grid().describe(), sol.grid().size(), sec,
                    error(sol.at(times), ref, times), endError(sol, ref, tMax));
            log.println(r);
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
            String r = String.format(Locale.ROOT, "| gradient descent, eta = %s (exact marching) | %d | %.2f | %.2e | %.2e |", eta, steps, sec, err,
                    diff(gd, steps - 1, ref, Math.min(tMax, (steps - 1) * eta)));
            log.println(r);
            sb.append(r).append('\n');
        }
        sb.append("\nErrors: max over f_mu and K_ij (train samples) at 201 equally spaced times (flow: interpolated from the nodes, so ")
                .append("the interpolation error between nodes is included; the nodal values are more accurate, see 'error at t_max'). ")
                .append("Gradient descent is exact for its own dynamics; its error here is the O(eta) distance to gradient flow.\n");
        return sb.toString();
    }

    /** The reference grid: graded elements with 14 Lobatto nodes each, no refinement. */
    static final int REF_ELEMENTS = 20, REF_NODES = 14;

    private static double endError(FlowSolution sol, FlowSolution ref, double tMax) {
        double err = 0;
        int p = ref.problem().trainCount();
        for (int i = 0; i < p; i++) {
            err = Math.max(err, Math.abs(sol.f(tMax, i) - ref.f(tMax, i)));
            for (int j = 0; j < p; j++) {
                err = Math.max(err, Math.abs(sol.ntk(tMax, i, j) - ref.ntk(tMax, i, j)));
            }
        }
        return err;
    }

    private static String row(FlowSolver solver, Problem p, FlowSolver.Options o, FlowSolution ref, double[] times, double tMax) {
        long s = System.nanoTime();
        FlowSolution sol = solver.solve(p, o, k -> { });
        double sec = (System.nanoTime() - s) * 1e-9;
        return String.format(Locale.ROOT, "| %d | %d | %.2f | %d | %.2e | %.2e |", o.nodes(), sol.grid().size(), sec,
                sol.report().iterations(), error(sol.at(times), ref, times), endError(sol, ref, tMax));
    }

    private static double error(LinearSolution s, FlowSolution ref, double[] times) {
        double err = 0;
        for (int t = 0; t < times.length; t++) {
            err = Math.max(err, diff(s, t, ref, times[t]));
        }
        return err;
    }

    private static double diff(LinearSolution s, int t, FlowSolution ref, double time) {
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
