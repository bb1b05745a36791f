package org.dln.numeric.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reproducibility: results are a function of (spec, seed) only, not of scheduling. */
class EnsembleDeterminismTest {

    static SimulationSpec spec() {
        double[][] x = {{1.0, 0.2, -0.3, 0.5, 0.0}, {-0.4, 1.0, 0.3, 0.1, 0.7}, {0.2, -0.6, 1.0, 0.4, -0.2}};
        double[][] xTest = {{0.5, 0.5, 0.5, -0.5, 0.1}, {-1.0, 0.3, 0.0, 0.2, 0.9}};
        return SimulationSpec.builder().x(x).y(1.0, -1.0, 0.5).xTest(xTest).depth(3).width(96).gamma0(1.5)
                .eta(0.1).timePoints(12).centred(true).meanLoss().seed(42).build();
    }

    /** Exact (bitwise) equality is required: assertArrayEquals with delta 0 compares doubles bit by bit. */
    @Test
    void ensembleIsBitIdenticalForOneAndTwoThreads() {
        FiniteWidthSimulator sim = new FiniteWidthSimulator();
        List<Integer> calls1 = Collections.synchronizedList(new ArrayList<>());
        List<Integer> calls2 = Collections.synchronizedList(new ArrayList<>());
        SimulationEnsemble one = sim.runEnsemble(spec(), 5, 1, calls1::add);
        SimulationEnsemble two = sim.runEnsemble(spec(), 5, 2, calls2::add);
        assertArrayEquals(one.mean().flatten(), two.mean().flatten(), 0.0);
        assertArrayEquals(one.stdErr().flatten(), two.stdErr().flatten(), 0.0);
        assertEquals(5, one.seeds());
        assertEquals(List.of(1, 2, 3, 4, 5), calls1);
        assertEquals(List.of(1, 2, 3, 4, 5), calls2);
        assertTrue(one.wallTimeSeconds() > 0);
    }

    @Test
    void singleRunIsReproducibleFromSeedAndEnsembleUsesConsecutiveSeeds() {
        FiniteWidthSimulator sim = new FiniteWidthSimulator();
        SimulationSpec spec = spec();
        SimulationRun a = sim.run(spec, 42);
        SimulationRun b = sim.run(spec, 42);
        SimulationRun c = sim.run(spec, 43);
        assertArrayEquals(a.flatten(), b.flatten(), 0.0);
        assertTrue(a.f(5, 0) != c.f(5, 0));

        // mean and standard error of two runs, computed by hand: mean (a+c)/2, SE = |a-c|/2
        SimulationEnsemble ens = sim.runEnsemble(spec, 2, 2, null);
        double[] fa = a.flatten();
        double[] fc = c.flatten();
        double[] mean = ens.mean().flatten();
        double[] se = ens.stdErr().flatten();
        for (int i = 0; i < fa.length; i++) {
            // tolerance: a few ulps of the values (two-term sums)
            double tol = 1e-14 * (Math.abs(fa[i]) + Math.abs(fc[i]) + 1e-300);
            assertEquals(0.5 * (fa[i] + fc[i]), mean[i], tol);
            assertEquals(0.5 * Math.abs(fa[i] - fc[i]), se[i], tol);
        }
    }

    /** The fused kernels and plain CommonOps_DDRM give the same trajectories up to summation order. */
    @Test
    void fusedKernelsMatchEjmlReferencePath() {
        SimulationSpec spec = spec();
        double[] fast = new FiniteWidthSimulator(false).run(spec, 7).flatten();
        double[] ref = new FiniteWidthSimulator(true).run(spec, 7).flatten();
        for (int i = 0; i < fast.length; i++) {
            // reassociated sums of length N = 96, propagated over 11 steps: ~1e-13 relative; allow 1e-10
            assertEquals(ref[i], fast[i], 1e-10 * Math.max(1, Math.abs(ref[i])), "index " + i);
        }
    }
}
