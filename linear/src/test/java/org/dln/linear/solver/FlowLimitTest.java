package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * theory.md section 4: for L = 1 and one sample (Kx = 1), gradient flow ends at the NTK 2 sqrt(1 + gamma0^2 y^2).
 * Gradient descent with step eta differs from flow at O(eta): running to t = 15 (where the residual exp(-2t) ~ 1e-13 is far
 * below the discretization error), the final-NTK error must halve when eta halves (ratio 2 + O(eta), accepted in
 * [1.8, 2.2]) for eta = 0.1, 0.05, 0.025.
 */
class FlowLimitTest {

    static double finalNtkError(double gamma0, double y, double eta) {
        int tp = (int) Math.round(15 / eta) + 1;
        Problem p = new Problem.Builder().gram(new double[][] {{1}}).y(new double[] {y}).depth(1).gamma0(gamma0).eta(eta)
                .timePoints(tp).build();
        LinearSolution s = new CausalMarchingSolver().solve(p, SolveOptions.DEFAULT);
        return s.ntk(tp - 1, 0, 0) - 2 * Math.sqrt(1 + gamma0 * gamma0 * y * y);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.0})
    void finalNtkApproachesFlowValueAtOrderEta(double gamma0) {
        double y = 1.0;
        double[] etas = {0.1, 0.05, 0.025};
        double[] err = new double[etas.length];
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "gamma0 = %.1f, exact final NTK %.12f%n| eta | final NTK error | ratio |%n", gamma0, 2 * Math.sqrt(1 + gamma0 * gamma0)));
        for (int i = 0; i < etas.length; i++) {
            err[i] = finalNtkError(gamma0, y, etas[i]);
            table.append(String.format(Locale.ROOT, "| %.3f | %.6e | %s |%n", etas[i], err[i],
                    i == 0 ? "" : String.format(Locale.ROOT, "%.3f", err[i - 1] / err[i])));
        }
        System.err.print(table);
        for (int i = 1; i < etas.length; i++) {
            double ratio = err[i - 1] / err[i];
            assertTrue(ratio > 1.8 && ratio < 2.2, "error ratio " + ratio + "\n" + table);
        }
    }
}
