package org.dln.linear.fluct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dln.linear.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The NTK variance of {@link DeepFluctuations} (the quadratic form of the covariance of G^l(t,t) and Phi^l_ab(t,t)) against
 * a solve of its own for the linearized NTK K_ab = Kx_ab G^1 + sum_l Phi^l_ab G^{l+1} as one observable (the form of the
 * first engine), at every time, L = 2, 3. The two are the same linear algebra summed in a different order: rounding,
 * 1e-10 relative (the iteration's tolerance is 1e-14 relative to its largest entry).
 */
class DeepNtkVarianceTest {

    @ParameterizedTest
    @CsvSource({"2, 1.0, false", "3, 1.5, true"})
    void ntkVarianceIsTheDirectSolve(int depth, double gamma0, boolean centred) {
        Problem p = DeepFluctuationsTest.problem(depth, gamma0, 0.1, 6, 2, 1, centred);
        Fluctuations fl = DeepFluctuations.unchecked().descent(p);
        FormalSites full = FormalSites.solved(p);
        int compared = 0;
        double worst = 0;
        for (int t = 0; t < p.timePoints(); t++) {
            FormalSites fs = full.truncated(t + 1);
            SiteResponse rs = new SiteResponse(fs);
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b <= a; b++) {
                    SiteObservable k = new SiteObservable().add(1, fs.g(t), fs.g(t), fs.joint[a][b]);
                    for (int l = 1; l <= depth; l++) {
                        k.add(l, fs.h(t, a), fs.h(t, b), fs.gNext(l, t, t));
                        if (l < depth) {
                            k.add(l + 1, fs.g(t), fs.g(t), fs.sigma[l - 1].get(fs.h(t, a), fs.h(t, b)));
                        }
                    }
                    double direct = k.dot(rs.covariance(k.weights(rs)));
                    double v = fl.ntkVar()[t][a][b];
                    assertEquals(direct, v, 1e-10 * Math.abs(direct), "N Var K_" + a + b + "(" + t + ")");
                    assertEquals(v, fl.ntkVar()[t][b][a], 0, "symmetric");
                    worst = Math.max(worst, Math.abs(direct - v) / Math.abs(direct));
                    compared++;
                }
            }
        }
        assertTrue(compared == 3 * p.timePoints());
        System.out.printf("NTK variance by the quadratic form vs its own solve, L = %d: max relative deviation %.2e%n", depth, worst);
    }
}
