package org.dln.linear.adaptive;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dln.linear.data.BinaryTask;
import org.dln.linear.data.LabelledData;
import org.dln.numeric.activation.Activations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Done-when 3 of issue 20: the infinite-width two-layer ReLU network with weight decay (population of single-site
 * draws, S = 1024 x R = 8 replicas) against trained networks of width N = 1024 (8 seeds, dln simulate's simulator) on
 * a Fashion-MNIST subset (T-shirt vs shirt, P = 32 train and Q = 32 test images, 4 x 4 average pooling to D = 49),
 * gamma0 = 1, lambda = 1, eta = 0.02, 500 steps (eta lambda t = 10: the initial weights are forgotten to e^-10; the
 * predictions still drift by ~2e-2 per 100 steps, and theory and networks are compared at the same step; the same
 * run as docs/reports/scripts/adaptive/relu.sh with STEPS=500). Predictions on all 64 inputs agree within 3 standard
 * errors (combined), allowing 2 of 64 outside (the SEs have 7 degrees of freedom each: about 1 expected).
 * Needs Fashion-MNIST (scripts/install-datasets.sh); skipped otherwise. Several minutes: slow.
 */
class NonlinearDecayVsNetworksTest {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    @Tag("slow")
    void reluPopulationAgreesWithTrainedNetworks() {
        assumeTrue(Files.exists(FASHION.resolve("train-images-idx3-ubyte.gz")), "Fashion-MNIST not installed");
        LabelledData train = LabelledData.fromIdx(FASHION.resolve("train-images-idx3-ubyte.gz"), FASHION.resolve("train-labels-idx1-ubyte.gz"));
        LabelledData test = LabelledData.fromIdx(FASHION.resolve("t10k-images-idx3-ubyte.gz"), FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
        BinaryTask.Prepared t = BinaryTask.parse("0,6", 32, 32, 1L, true, "sample").pooled(4).prepare(train, test);
        TwoLayerDecayPopulation.Settings s = new TwoLayerDecayPopulation.Settings(Activations.RELU, 1.0, 1.0, 0.02, 1.0, 1024, 8,
                500, 1e-12, 1L);
        NonlinearDecayStudy r = NonlinearDecayStudy.run(t, s, 1024, 8, 2);
        System.err.println(r.summary(t));
        int outside = 0;
        for (int i = 0; i < 64; i++) {
            double z = (r.theory()[i] - r.network()[i]) / Math.sqrt(Math.pow(r.theorySe()[i], 2) + Math.pow(r.networkSe()[i], 2));
            assertTrue(Double.isFinite(z));
            if (Math.abs(z) > 3) {
                outside++;
            }
        }
        assertTrue(outside <= 2, outside + " of 64 predictions differ by more than 3 standard errors");
        // feature learning is visible: the stationary predictions differ from the lazy NTK ridge predictor
        double diff = 0;
        for (int i = 32; i < 64; i++) {
            diff = Math.max(diff, Math.abs(r.theory()[i] - r.lazy()[i]));
        }
        assertTrue(diff > 0.05, "adaptive vs lazy max difference " + diff);
    }
}
