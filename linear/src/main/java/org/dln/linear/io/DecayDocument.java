package org.dln.linear.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dln.linear.result.Solutions;
import org.dln.linear.stationary.DecayStationaryState;

/**
 * The JSON document {@value #SCHEMA} (version {@value #SCHEMA_VERSION}) of the stationary state of gradient descent with
 * weight decay: predictions (adaptive and lazy with the same ridge), G^l, Phi^l, the NTK, the distance of the
 * trajectory's last point to the state, and the Newton report.
 */
public final class DecayDocument {
    public static final String SCHEMA = "dln-decay-stationary";
    public static final int SCHEMA_VERSION = 1;

    private DecayDocument() {
    }

    /** The document, indented. */
    public static String toJsonString(DecayStationaryState st, double dist, int tEnd) {
        return json(st, dist, tEnd).toPrettyString();
    }

    /** Every number of the document and of the Markdown section is finite (exit 1 naming the quantity otherwise). */
    public static void requireFinite(DecayStationaryState st, double dist) {
        String at = "stationary";
        int s = st.predictions().length, depth = st.problem().depth();
        Solutions.requireFinite("value", "f", st.predictions(), at);
        Solutions.requireFinite("value", "f_lazy", st.lazyPredictor(), at);
        double[] g = new double[depth];
        double[][][] phi = new double[depth][s][s];
        double[][] k = new double[s][s];
        for (int l = 1; l <= depth; l++) {
            g[l - 1] = st.g(l);
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    phi[l - 1][i][j] = st.phi(l, i, j);
                }
            }
        }
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                k[i][j] = st.ntk(i, j);
            }
        }
        Solutions.requireFinite("value", "g", g, at);
        Solutions.requireFinite("value", "phi", phi, at);
        Solutions.requireFinite("value", "ntk", k, at);
        Solutions.requireFinite("value", "predictor_constant_c", st.predictorConstant(), at);
        Solutions.requireFinite("value", "effective_input_ridge", st.effectiveRidge(), at);
        Solutions.requireFinite("value", "trajectory_end_max_deviation", dist, at);
    }

    public static ObjectNode json(DecayStationaryState st, double dist, int tEnd) {
        requireFinite(st, dist);
        ObjectNode root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        root.put("schema", SCHEMA);
        root.put("schema_version", SCHEMA_VERSION);
        root.put("dln_version", SolutionJson.VERSION);
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
        root.set("report", SolutionJson.reportJson(st.report()));
        return root;
    }
}
