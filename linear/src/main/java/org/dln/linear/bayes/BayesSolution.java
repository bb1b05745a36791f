package org.dln.linear.bayes;

import java.util.List;
import org.dln.numeric.report.SolverReport;

/**
 * The saddle point of the Bayesian action and what follows from it (immutable).
 *
 * @param phi           Phi^l (l = 1..L; index 0 = Kx), P x P each
 * @param phiHat        Phihat^l (index 0 unused, null), P x P each
 * @param phiTestTrain  test-train rows Phi^l(x, X) (Q x P; index 0 = Kx(x, X)); empty arrays without test inputs
 * @param phiTestTest   test-test blocks Phi^l(x, x') (Q x Q)
 * @param fTrain        adaptive predictor on the train inputs, Phi^L [Phi^L + I/beta]^{-1} y
 * @param fTest         adaptive predictor on the test inputs, Phi^L(x, X) [Phi^L + I/beta]^{-1} y
 * @param nngpTrain     lazy NNGP predictor on the train inputs, Kx [Kx + I/beta]^{-1} y
 * @param nngpTest      lazy NNGP predictor on the test inputs, Kx(x, X) [Kx + I/beta]^{-1} y
 * @param action        the action S at the saddle point
 * @param report        the Newton report of the final continuation step (residual history), notes on the path
 * @param continuation  the gamma0 values of the continuation path, in order
 */
public record BayesSolution(double[][][] phi, double[][][] phiHat, double[][][] phiTestTrain,
                            double[][][] phiTestTest, double[] fTrain, double[] fTest, double[] nngpTrain,
                            double[] nngpTest, double action, SolverReport report, List<Double> continuation) {

    public int depth() {
        return phi.length - 1;
    }

    public boolean converged() {
        return report.converged();
    }
}
