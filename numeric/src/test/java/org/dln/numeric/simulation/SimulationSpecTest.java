package org.dln.numeric.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SimulationSpecTest {

    static SimulationSpec.Builder valid() {
        return SimulationSpec.builder().x(new double[][] {{1, 2}, {3, 4}, {5, 6}}).y(1, 2, 3).depth(2).width(8)
                .gamma0(1).eta(0.1).timePoints(5);
    }

    static void assertRejected(UnaryOperator<SimulationSpec.Builder> change, String field) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build());
        assertTrue(e.getMessage().contains(field), "message should name " + field + ": " + e.getMessage());
    }

    @Test
    void defaultsAndAccessors() {
        SimulationSpec s = valid().build();
        assertEquals(3, s.numTrain());
        assertEquals(0, s.numTest());
        assertEquals(2, s.inputDim());
        assertEquals(1.0, s.lossScale());
        assertEquals(false, s.centred());
        assertEquals(0L, s.seed());
        assertEquals(1.0 / 3, valid().meanLoss().build().lossScale(), 0.0);
        assertEquals(1.0, valid().meanLoss().sumLoss().build().lossScale(), 0.0);
        assertArrayEquals(new double[] {5 / 2.0, 11 / 2.0, 17 / 2.0}, s.inputKernel()[0], 1e-15);
        SimulationSpec w = s.toBuilder().width(16).build();
        assertEquals(16, w.width());
        assertEquals(0.1, w.eta());
    }

    @Test
    void defensiveCopies() {
        double[][] x = {{1, 2}};
        SimulationSpec s = SimulationSpec.builder().x(x).y(1).depth(1).width(4).gamma0(1).eta(0.1).timePoints(2)
                .build();
        x[0][0] = 99;
        s.x()[0][1] = 99;
        assertEquals(1.0, s.x(0, 0));
        assertEquals(2.0, s.x(0, 1));
    }

    @Test
    void invalidArgumentsNameTheField() {
        assertRejected(b -> b.x(null), "x");
        assertRejected(b -> b.x(new double[0][]), "x");
        assertRejected(b -> b.x(new double[][] {{1, 2}, {3}, {5, 6}}), "x[1]");
        assertRejected(b -> b.x(new double[][] {{1, 2}, {3, Double.NaN}, {5, 6}}), "x[1][1]");
        assertRejected(b -> b.y(1, 2), "y");
        assertRejected(b -> b.y(1, 2, Double.POSITIVE_INFINITY), "y[2]");
        assertRejected(b -> b.xTest(new double[][] {{1, 2, 3}}), "xTest[0]");
        assertRejected(b -> b.depth(0), "depth");
        assertRejected(b -> b.width(0), "width");
        assertRejected(b -> b.width(50_000), "width");
        assertRejected(b -> b.gamma0(0), "gamma0");
        assertRejected(b -> b.gamma0(Double.NaN), "gamma0");
        assertRejected(b -> b.eta(-1), "eta");
        assertRejected(b -> b.timePoints(0), "timePoints");
        assertRejected(b -> b.lossScale(0), "lossScale");
    }

    @Test
    void simulatorArgumentsAreValidated() {
        FiniteWidthSimulator sim = new FiniteWidthSimulator();
        SimulationSpec s = valid().build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sim.runEnsemble(s, 1, 1, null))
                .getMessage().contains("seeds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sim.runEnsemble(s, 2, 0, null))
                .getMessage().contains("threads"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sim.run(null, 1))
                .getMessage().contains("spec"));
    }
}
