package org.dln.numeric.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DivergenceTest {

    static SimulationSpec spec(double eta) {
        double[][] x = {{1.0, 0.5}, {-0.5, 1.0}};
        return SimulationSpec.builder().x(x).y(1.0, -1.0).depth(2).width(32).gamma0(1.0).eta(eta)
                .timePoints(200).build();
    }

    /** eta = 1e3 makes eta K >> 2, so |Delta| grows geometrically (and faster once the kernel grows). */
    @Test
    void absurdStepIsReportedWithTheTimeStep() {
        SimulationDivergedException e = assertThrows(SimulationDivergedException.class,
                () -> new FiniteWidthSimulator().run(spec(1e3), 9));
        assertTrue(e.timeStep() > 0 && e.timeStep() < 200, "time step " + e.timeStep());
        assertTrue(e.getMessage().contains("time step " + e.timeStep()), e.getMessage());
        assertEquals(9, e.seed());
    }

    @Test
    void ensemblePropagatesDivergence() {
        SimulationDivergedException e = assertThrows(SimulationDivergedException.class,
                () -> new FiniteWidthSimulator().runEnsemble(spec(1e3), 4, 2, null));
        assertEquals(0, e.seed(), "the lowest diverging seed is reported");
    }

    @Test
    void stableStepDoesNotThrow() {
        SimulationRun run = new FiniteWidthSimulator().run(spec(0.05), 9);
        assertTrue(run.loss(199) < 1e-6 * run.loss(0), "converges: " + run.loss(199));
    }
}
