package org.dln.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.SolveOptions;
import org.junit.jupiter.api.Test;

/**
 * shared/reference/dln_gd_L2_P3.json (copied into the test resources; an independent dense implementation of
 * theory.md section 3, residual below 1e-13) is reproduced to 1e-9: predictions at every time point, NTK at the
 * five listed times, and the diagonal of Phi^l and G^l at the last time point. The reference's steps_T counts
 * time points t = 0..T-1, as dln's timePoints does.
 */
class ReferenceRunTest {

    @Test
    void reproducesReferenceToOneEMinusNine() throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/reference/dln_gd_L2_P3.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        JsonNode inp = ref.get("inputs");
        double[][] x = new ObjectMapper().treeToValue(inp.get("X"), double[][].class);
        double[] y = new ObjectMapper().treeToValue(inp.get("y"), double[].class);
        int steps = inp.get("steps_T").asInt();
        Problem p = new Problem.Builder().inputs(x).y(y).depth(inp.get("depth_L").asInt())
                .gamma0(inp.get("gamma0").asDouble()).eta(inp.get("eta").asDouble()).timePoints(steps).build();
        LinearSolution sol = new CausalMarchingSolver().solve(p, SolveOptions.DEFAULT);

        double maxDev = 0;
        JsonNode f = ref.get("f");
        assertEquals(steps, f.size());
        for (int t = 0; t < steps; t++) {
            for (int mu = 0; mu < y.length; mu++) {
                maxDev = Math.max(maxDev, Math.abs(sol.f(t, mu) - f.get(t).get(mu).asDouble()));
            }
        }
        var it = ref.get("ntk_at").fields();
        int ntkCount = 0;
        while (it.hasNext()) {
            var e = it.next();
            int t = Integer.parseInt(e.getKey());
            for (int i = 0; i < y.length; i++) {
                for (int j = 0; j < y.length; j++) {
                    maxDev = Math.max(maxDev, Math.abs(sol.ntk(t, i, j) - e.getValue().get(i).get(j).asDouble()));
                }
            }
            ntkCount++;
        }
        assertEquals(5, ntkCount);
        for (int l = 1; l <= 2; l++) {
            JsonNode phi = ref.get("phi_diag_last_step").get(Integer.toString(l));
            JsonNode g = ref.get("g_diag_last_step").get(Integer.toString(l));
            for (int mu = 0; mu < y.length; mu++) {
                maxDev = Math.max(maxDev, Math.abs(sol.phi(l, steps - 1, mu, mu) - phi.get(mu).asDouble()));
                maxDev = Math.max(maxDev, Math.abs(sol.g(l, steps - 1) - g.get(mu).asDouble()));
            }
        }
        System.err.printf("reference dln_gd_L2_P3: max |deviation| = %.3e%n", maxDev);
        assertTrue(maxDev < 1e-9, "max deviation from the reference " + maxDev);
    }
}
