package org.dln.linear.langevin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trapezoid march (theory.md 12.6) is second order with an error expansion in h^2: against the exact ODE systems
 * of the same continuous dynamics (the L = 1 Lyapunov system (12.4) at gamma0 = 1 and the NDK system (12.6) at
 * gamma0 = 0, L = 2), both integrated by RK4 with step doubling at local tolerance 1e-12, on the problem of
 * LangevinLimitsTest with Kx / 2, lambda = 0.5, T = 0.3, beta = 1.2, sigma0 = 0.9, t in [0, 3].
 * Unextrapolated, the error falls by 4 per halving of h (asserted in [3.8, 4.3]: the h^4 term shifts it by O(h^2));
 * one Richardson column (h^4 left) by 16 ([14, 18]), two columns (h^6) by 64 ([50, 80]); four levels from h0 = 0.2
 * reach 1e-8 (measured 4.4e-10 and 9.8e-10; the ODE reference is good to ~1e-11).
 */
class TrapezoidLangevinMarchTest {

    private static final LangevinParameters PAR = new LangevinParameters(0.5, 0.3, 1.2, 0.9, 3, 10, 0, 1e-12);

    private static double error(Problem p, double h0, int levels) {
        return error(p, new double[] {h0, levels, LangevinEngine.TRAPEZOID});
    }

    private static double error(Problem p, double[] options) {
        LangevinEngine.MarchRun run = LangevinEngine.runMarch(p, PAR, options);
        LangevinTrajectory tr = run.trajectory();
        assertTrue(run.maxRowChange() <= 1e-14, "row solve " + run.maxRowChange());
        LangevinTrajectory ode = LangevinEngine.solve(p, PAR, tr.times());
        double worst = 0;
        for (int t = 0; t < tr.timePoints(); t++) {
            worst = Math.max(worst, LangevinLimitsTest.maxDiff(ode.f()[t], tr.f()[t]));
        }
        return worst;
    }

    @ParameterizedTest
    @CsvSource({"1, 1.0", "2, 0.0"})
    void secondOrderWithAnExpansionInHSquared(int depth, double gamma0) {
        Problem p = LangevinLimitsTest.scaled(depth, gamma0, 0.5);
        double e0 = error(p, 0.2, 1), e1 = error(p, 0.1, 1), e2 = error(p, 0.05, 1);
        assertTrue(e0 / e1 > 3.8 && e0 / e1 < 4.3 && e1 / e2 > 3.8 && e1 / e2 < 4.3, "plain: " + e0 + " " + e1 + " " + e2);
        double x0 = error(p, 0.2, 2), x1 = error(p, 0.1, 2);
        assertTrue(x0 / x1 > 14 && x0 / x1 < 18, "one column: " + x0 + " " + x1);
        double y0 = error(p, 0.2, 3), y1 = error(p, 0.1, 3);
        
        assertTrue(y0 / y1 > 50 && y0 / y1 < 80, "two columns: " + y0 + " " + y1);
        double z = error(p, 0.2, 4);
        assertTrue(z < 1e-8, "four levels: " + z);
    }

    /**
     * The harmonic sequence (steps h0/1, h0/2, ..., h0/6; theory.md 12.6) on the same problems: its finest level has 91
     * points where four halvings from 0.2 have 121 (a march's work grows as the cube of its points), and it eliminates
     * five orders instead of three. Measured: 1.3e-12 for both (halving: 4.4e-10 and 9.8e-10); asserted below 1e-10 (the ODE reference is good to ~1e-11), and below
     * a tenth of the four-level halving error.
     */
    @ParameterizedTest
    @CsvSource({"1, 1.0", "2, 0.0"})
    void harmonicSequenceIsMoreAccurateForLessWork(int depth, double gamma0) {
        Problem p = LangevinLimitsTest.scaled(depth, gamma0, 0.5);
        double harmonic = error(p, new double[] {0.2, 6, LangevinEngine.TRAPEZOID, LangevinEngine.HARMONIC, 1});
        double halving = error(p, 0.2, 4);
        assertTrue(harmonic < 1e-10 && harmonic < 0.1 * halving, "harmonic " + harmonic + ", halving " + halving);
    }

    /**
     * Anderson acceleration of the row sweeps changes the path, not the fixed point: at a step where the plain sweeps
     * contract slowly (L = 3, gamma0 = 2, h = 0.25, lambda = T = 2) both solve every row to the row tolerance 1e-14,
     * so the predictions agree to a few times 1e-14 of their scale (measured 5.1e-13, asserted 1e-12), with fewer sweeps
     * (measured 1335 plain vs 322 accelerated from the third sweep of each row, at most 81 vs 16 in one row).
     */
    @org.junit.jupiter.api.Test
    void andersonAccelerationKeepsTheFixedPoint() {
        Problem p = LangevinLimitsTest.scaled(3, 2.0, 0.5);
        LangevinParameters par = new LangevinParameters(2, 2, 1, 1, 6, 10, 0, 1e-12);
        int tp = 25;
        TrapezoidLangevinMarch plain = new TrapezoidLangevinMarch(p.jointGram(), p.y(), p.lossScale(), 3, 2.0, par, tp, 0.25,
                1e-14, 2000, 0);
        TrapezoidLangevinMarch aa = new TrapezoidLangevinMarch(p.jointGram(), p.y(), p.lossScale(), 3, 2.0, par, tp, 0.25,
                1e-14, 2000, 5);
        plain.run();
        aa.run();
        double worst = 0;
        for (int i = 0; i < plain.f.length; i++) {
            worst = Math.max(worst, Math.abs(plain.f[i] - aa.f[i]));
        }
        assertTrue(worst < 1e-12, "plain vs accelerated " + worst);
        assertTrue(aa.sweeps < plain.sweeps && aa.maxRowSweeps < plain.maxRowSweeps,
                "sweeps " + aa.sweeps + " vs " + plain.sweeps);
    }
}
