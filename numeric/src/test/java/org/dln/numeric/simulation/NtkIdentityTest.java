package org.dln.numeric.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The recorded kernel {@code K = sum_l G^{l+1} Phi^l} must equal the true finite-width NTK
 * {@code gamma0^2 N sum_theta df_mu/dtheta df_nu/dtheta} exactly, at initialisation and along training
 * (where the weights are no longer Gaussian and the identity is a genuinely finite-width statement).
 *
 * <p>Reference: the naive {@link ReferenceDln}, trained in lockstep by finite-difference gradient descent,
 * with the Jacobian also by central differences. {@code f} is linear in every single weight, so the
 * central differences are exact up to rounding (~1e-16 / h = 1e-12 for h = 1e-4); the two weight
 * trajectories agree to ~1e-11. The tolerance 1e-8 relative is thus ~1000x the expected error, yet far
 * below the size of any missing or mis-weighted layer term (each contributes O(1/(L+1)) of K).
 */
class NtkIdentityTest {

    @Test
    void recordedKernelIsTheFiniteWidthNtk() {
        double[][] x = {{0.9, -0.4, 1.3}, {-0.2, 1.1, 0.5}, {0.4, 0.4, -0.7}};
        double[] y = {1.0, -0.5, 0.3};
        double[][] xTest = {{0.3, 0.8, -1.0}, {-1.2, 0.1, 0.2}};
        int n = 6;
        int depth = 3;
        double gamma0 = 0.5;
        double eta = 0.15;
        int timePoints = 5;
        SimulationSpec spec = SimulationSpec.builder().x(x).y(y).xTest(xTest).depth(depth).width(n)
                .gamma0(gamma0).eta(eta).timePoints(timePoints).seed(3).build();
        SimulationRun run = new FiniteWidthSimulator().run(spec);

        ReferenceDln ref = new ReferenceDln(n, x[0].length, depth, gamma0, spec.seed());
        double h = 1e-4;
        double maxRel = 0;
        for (int t = 0; t < timePoints; t++) {
            double[][] k = ref.ntk(x, x, h);
            double[][] kTest = ref.ntk(xTest, x, h);
            double scale = Math.abs(k[0][0]);
            for (int mu = 0; mu < x.length; mu++) {
                for (int nu = 0; nu < x.length; nu++) {
                    assertEquals(k[mu][nu], run.ntk(t, mu, nu), 1e-8 * scale, "K t=" + t);
                    maxRel = Math.max(maxRel, Math.abs(k[mu][nu] - run.ntk(t, mu, nu)) / scale);
                }
                for (int j = 0; j < xTest.length; j++) {
                    assertEquals(kTest[j][mu], run.ntkTestTrain(t, j, mu), 1e-8 * scale, "Ktest t=" + t);
                }
            }
            ref.gradientStep(x, y, null, 1.0, eta, h);
        }
        // the kernel really evolved (feature learning), so the check is not just the t = 0 identity
        double change = Math.abs(run.ntk(timePoints - 1, 0, 0) - run.ntk(0, 0, 0)) / run.ntk(0, 0, 0);
        assertTrue(change > 0.01, "NTK should move during training, relative change " + change);
        assertTrue(maxRel < 1e-8, "max relative deviation " + maxRel);
    }

    /** With L = 1 the formula reduces to K = G^1 Kx + Phi^1 for each sample pair; check symmetry too. */
    @Test
    void kernelIsSymmetricAndMatchesLayerSum() {
        double[][] x = {{1.0, 0.0}, {0.6, 0.8}, {-0.3, 0.5}};
        SimulationSpec spec = SimulationSpec.builder().x(x).y(0.5, -0.5, 1.0).depth(2).width(40).gamma0(1.3)
                .eta(0.05).timePoints(3).build();
        SimulationRun run = new FiniteWidthSimulator().run(spec, 5);
        double[][] kx = spec.inputKernel();
        for (int t = 0; t < 3; t++) {
            for (int mu = 0; mu < 3; mu++) {
                for (int nu = 0; nu < 3; nu++) {
                    double expected = run.g(1, t) * kx[mu][nu] + run.g(2, t) * run.phi(1, t, mu, nu)
                            + run.phi(2, t, mu, nu);
                    // same arithmetic up to reassociation: 1e-12 relative
                    assertEquals(expected, run.ntk(t, mu, nu), 1e-12 * Math.abs(run.ntk(t, 0, 0)));
                    assertEquals(run.ntk(t, nu, mu), run.ntk(t, mu, nu), 1e-12 * Math.abs(run.ntk(t, 0, 0)));
                }
            }
        }
    }
}
