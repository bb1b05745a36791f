package org.dln.linear.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dln.linear.io.ProblemJson;
import org.dln.linear.io.Trajectory;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.stationary.DecayStationaryEquations;
import org.dln.linear.stationary.DecayStationarySolver;
import org.dln.linear.stationary.DecayStationaryState;

/**
 * The stationary-state part of {@code dln solve --weight-decay}: Newton from the trajectory's last point, the
 * JSON document {@value #SCHEMA} (version {@value #SCHEMA_VERSION}) and a Markdown summary.
 */
final class DecayStationaryOutput {
    static final String SCHEMA = "dln-decay-stationary";
    static final int SCHEMA_VERSION = 1;

    private DecayStationaryOutput() {
    }

    /** Solves, writes, and returns whether the Newton solve converged to the scalar reduction's root. */
    static boolean run(LinearSolution traj, double lambda, Path file, boolean markdown, PrintWriter out, PrintWriter err)
            throws java.io.IOException {
        DecayStationaryEquations eq = DecayStationarySolver.equations(traj.problem(), lambda);
        int tEnd = traj.timePoints() - 1;
        DecayStationaryState st;
        try {
            st = new DecayStationarySolver().solve(traj.problem(), lambda,
                    DecayStationarySolver.guessFromTrajectory(traj, tEnd, eq), "trajectory at t = " + tEnd);
        } catch (org.dln.linear.problem.InvalidInputException e) {
            // no nontrivial stationary state: gradient descent ends at zero weights; say so, exit code 1
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
        boolean ok = st.report().converged() && matchesReduction(st);
        if (file != null) {
            Files.writeString(file, json(st, dist, tEnd).toPrettyString());
            err.println("dln: wrote " + file);
            err.flush();
        }
        if (markdown) {
            out.println();
            out.println("## Stationary state with weight decay (Newton)");
            out.println();
            out.printf(Locale.ROOT, "lambda = %s, %s%n", lambda, st.report());
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
                        st.f(i), i < pn ? String.format(Locale.ROOT, "%.3e", traj.problem().y(i) - st.f(i)) : "",
                        lazy[i]);
            }
            out.print("\nG^l:");
            for (int l = 1; l <= traj.problem().depth(); l++) {
                out.printf(Locale.ROOT, " %.10f", st.g(l));
            }
            out.println();
            out.flush();
        }
        if (!ok) {
            err.println("dln: the stationary-state Newton solve did not converge to the nontrivial state (see the report)");
            err.flush();
        }
        return ok;
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

    static ObjectNode json(DecayStationaryState st, double dist, int tEnd) {
        ObjectNode root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        root.put("schema", SCHEMA);
        root.put("schema_version", SCHEMA_VERSION);
        root.put("dln_version", Trajectory.VERSION);
        root.set("problem", ProblemJson.toJson(st.problem()));
        root.put("weight_decay", st.weightDecay());
        root.put("convention", "every weight multiplied by (1 - eta lambda) per step besides the gradient update "
                + "(learning rate gamma0^2 N eta); stationary state = lambda W = gamma0^2 N s sum_mu Delta_mu df_mu/dW, "
                + "the same for gradient descent (any eta) and gradient flow");
        root.put("samples", "train then test");
        root.put("predictor", "f(x) = K(x,X)[K + c lambda I]^{-1} y, K the stationary NTK");
        root.put("predictor_constant_c", st.predictorConstant());
        root.put("effective_input_ridge", st.effectiveRidge());
        int s = st.predictions().length, depth = st.problem().depth();
        ArrayNode f = root.putArray("f");
        ArrayNode lazy = root.putArray("f_lazy");
        double[] lz = st.lazyPredictor();
        for (int i = 0; i < s; i++) {
            f.add(st.f(i));
            lazy.add(lz[i]);
        }
        ArrayNode g = root.putArray("g");
        for (int l = 1; l <= depth; l++) {
            g.add(st.g(l));
        }
        ArrayNode phis = root.putArray("phi");
        for (int l = 1; l <= depth; l++) {
            ArrayNode m = phis.addArray();
            for (int i = 0; i < s; i++) {
                ArrayNode r = m.addArray();
                for (int j = 0; j < s; j++) {
                    r.add(st.phi(l, i, j));
                }
            }
        }
        ArrayNode k = root.putArray("ntk");
        for (int i = 0; i < s; i++) {
            ArrayNode r = k.addArray();
            for (int j = 0; j < s; j++) {
                r.add(st.ntk(i, j));
            }
        }
        root.put("trajectory_end_time_point", tEnd);
        root.put("trajectory_end_max_deviation", dist);
        root.set("report", Trajectory.reportJson(st.report()));
        return root;
    }
}
