package org.dln.linear.fluct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The exact one-hidden-layer fluctuation solver against the delta method of the two-scalar reduction (Done-when 1 of
 * issue 16). Both are exact at O(1/N); gradient descent differs only by rounding (1e-9 relative leaves room for the
 * ~1e3 amplification of the tangents near convergence), gradient flow by the RK4 errors of two different
 * integrations (steps 5e-4 and < 2e-3 / rate: both below 1e-11).
 */
class SingleLayerFluctuationsTest {

    static Problem oneSample(double y, double gamma0, double eta, int tn, boolean centred) {
        return new Problem.Builder().gram(new double[][] {{1}}).y(new double[] {y}).depth(1).gamma0(gamma0).eta(eta)
                .timePoints(tn).conventions(new Conventions(Conventions.Loss.SUM,
                        centred ? Conventions.Output.CENTRED : Conventions.Output.UNCENTRED)).build();
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1.0, 0.2, 30, false", "1.0, 1.0, 0.2, 30, true", "1.3, 2.5, 0.1, 60, false", "-0.7, 0.5, 0.3, 40, true",
            "1.0, 4.0, 0.2, 30, false"})
    void descentMatchesTwoScalarDeltaMethod(double y, double gamma0, double eta, int tn, boolean centred) {
        Problem p = oneSample(y, gamma0, eta, tn, centred);
        Fluctuations fl = FluctuationSolver.forProblem(p).descent(p);
        double[][] ref = TwoScalarReduction.descent(y, gamma0, eta, tn, centred);
        compare(fl, y, ref, 1e-9);
        assertNull(fl.unreliable(), "below the edge of stability nothing is flagged");
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1.5, 0.1, 50, false", "1.0, 1.5, 0.1, 50, true", "2.0, 0.7, 0.25, 30, false", "-1.0, 3.0, 0.05, 60, true"})
    void flowMatchesTwoScalarDeltaMethod(double y, double gamma0, double dt, int tn, boolean centred) {
        Problem p = oneSample(y, gamma0, dt, tn, centred);
        double[] times = new double[tn];
        for (int t = 0; t < tn; t++) {
            times[t] = dt * t;
        }
        Fluctuations fl = FluctuationSolver.forProblem(p).flow(p, times);
        double[][] ref = TwoScalarReduction.flow(y, gamma0, dt, tn, centred, (int) Math.round(dt / 5e-4));
        compare(fl, y, ref, 1e-9);
    }

    private static void compare(Fluctuations fl, double y, double[][] ref, double tol) {
        int compared = 0;
        for (int t = 0; t < ref.length; t++) {
            assertEquals(ref[t][0], y - fl.fMean()[t][0], 1e-12 * Math.max(1, Math.abs(y)), "Delta at t = " + t);
            assertEquals(ref[t][1], fl.fVar(t, 0), tol * Math.max(1, Math.abs(ref[t][1])), "N Var Delta at t = " + t);
            assertEquals(ref[t][2], fl.ntkMean()[t][0][0], 1e-12 * ref[t][2], "K at t = " + t);
            assertEquals(ref[t][3], fl.ntkVar()[t][0][0], tol * Math.max(1, Math.abs(ref[t][3])), "N Var K at t = " + t);
            compared++;
        }
        assertTrue(compared > 10);
    }

    @Test
    void initialVariancesAreWick() {
        // t = 0: N Var K = 4 Kx^2 = 4 (K = P + Q, each chi^2_N / N), N Var f(0) = Phi^1 G^2 / gamma0^2 = 1 / gamma0^2 uncentred
        Problem p = oneSample(1, 2, 0.1, 3, false);
        Fluctuations fl = FluctuationSolver.forProblem(p).descent(p);
        assertEquals(4, fl.ntkVar()[0][0][0], 1e-14);
        assertEquals(0.25, fl.fVar(0, 0), 1e-15);
        assertEquals(2, fl.phiVar()[0][0][0][0], 1e-14);
        assertEquals(2, fl.gVar()[0][0], 1e-14);
        Problem c = oneSample(1, 2, 0.1, 3, true);
        assertEquals(0, FluctuationSolver.forProblem(c).descent(c).fVar(0, 0), 0.0);
    }

    @ParameterizedTest
    @CsvSource({"5.0", "5.5", "6.0"})
    void periodDoublingIsFlagged(double gamma0) {
        Problem p = oneSample(1, gamma0, 0.2, 30, false);
        Fluctuations fl = FluctuationSolver.forProblem(p).descent(p);
        assertNotNull(fl.unreliable(), "gamma0 = " + gamma0 + ": the map period-doubles");
    }

    @ParameterizedTest
    @CsvSource({"1.0", "2.0", "3.0", "4.0"})
    void belowTheEdgeNothingIsFlagged(double gamma0) {
        Problem p = oneSample(1, gamma0, 0.2, 30, false);
        assertNull(FluctuationSolver.forProblem(p).descent(p).unreliable());
    }

    /** L = 2: descent by the formal site measures, flow by their extrapolation in eta; a bad flow tolerance is refused. */
    @Test
    void deeperNetworksGetTheDeepEngines() {
        Problem p = new Problem.Builder().gram(new double[][] {{1}}).y(new double[] {1}).depth(2).gamma0(1).eta(0.1)
                .timePoints(5).build();
        assertTrue(FluctuationSolver.forProblem(p) instanceof DeepFluctuations, "gradient descent at L = 2 is supported");
        assertTrue(FluctuationSolver.forProblem(p, true) instanceof FlowByExtrapolation, "gradient flow at L = 2 is extrapolated");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> FluctuationSolver.forProblem(p, true, 0));
        assertTrue(e.getMessage().contains("width-tolerance"), e.getMessage());
    }
}
