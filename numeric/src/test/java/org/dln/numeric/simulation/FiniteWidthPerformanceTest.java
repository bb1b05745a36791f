package org.dln.numeric.simulation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark of the production size N = 4096, L = 4, P = 4, T = 60 (slow: about 400 MB of weights per
 * seed; run with {@code -Pslow}). Budget: well under 30 s per seed on one core.
 */
@Tag("slow")
class FiniteWidthPerformanceTest {

    @Test
    void productionSizeRunsWellUnderBudget() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2024);
        double[][] x = new double[4][16];
        for (int mu = 0; mu < 4; mu++) {
            for (int i = 0; i < 16; i++) {
                x[mu][i] = rng.nextGaussian();
            }
        }
        SimulationSpec spec = SimulationSpec.builder().x(x).y(1.0, -1.0, 0.5, 0.2).depth(4).width(4096).gamma0(1.0)
                .eta(0.05).timePoints(60).build();
        FiniteWidthSimulator sim = new FiniteWidthSimulator();
        double best = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < 2; rep++) {
            long start = System.nanoTime();
            SimulationRun run = sim.run(spec, rep);
            double seconds = (System.nanoTime() - start) * 1e-9;
            best = Math.min(best, seconds);
            System.out.printf("N=4096 L=4 P=4 T=60 seed %d: %.2f s, loss %.3g -> %.3g%n", rep, seconds,
                    run.loss(0), run.loss(59));
        }
        SimulationEnsemble ens = sim.runEnsemble(spec, 2, 2, null);
        System.out.printf("ensemble of 2 seeds on 2 threads: %.2f s wall%n", ens.wallTimeSeconds());
        assertTrue(best < 30, "seconds per seed: " + best);
    }
}
