package org.dln.linear.dmft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.numeric.activation.Activations;
import org.dln.numeric.dmft.SamplingOptions;
import org.junit.jupiter.api.Test;

/**
 * The contract for family "sampling" (Monte Carlo sampling of the single-site processes, {@link SamplingSolver}) with
 * the identity activation, S = 4000 draws, one thread, seed 1; P = 2, L = 1, T = 6, eta = 0.1.
 *
 * <p>Lazy reference. The sampler needs gamma0 &gt; 0 (its prediction estimator divides by gamma0), so it runs at
 * gamma0 = 1e-3 and is compared with the gamma0 = 0 closed form Delta(t+1) = (I - eta s K0) Delta(t), K0 = 2 Kx,
 * Phi^1 = Kx, G^1 = 1. Tolerance per entry: q SE + 1e-5, where SE is the solution's standard error and
 * (value - truth) / SE is Student-t with stderr_dof = R - 1 degrees of freedom (R replicas, read from the solution);
 * q is the two-sided quantile at family-wise level 1e-3 over the m compared entries (Bonferroni: P(|t| &gt; q) =
 * 1e-3 / m), computed here from the t distribution. The 1e-5 covers the distance of gamma0 = 1e-3 from the lazy limit:
 * every observable is a series in gamma0^2 (theory.md section 4) with first-order coefficients of order
 * k_L |y|^2 ~ 2 on this problem (section 7a), i.e. ~2e-6.
 */
class SamplingSolverContractTest extends DmftSolverContract {
    SamplingSolverContractTest() {
        super(Solvers.sampling(Activations.IDENTITY, SamplingOptions.defaults(4000, 1, 1), true, 0),
                base().gamma0(0.5).build(),
                base().gamma0(1e-3).build());
    }

    private static Problem.Builder base() {
        return new Problem.Builder().inputs(inputs(2)).y(targets(2)).depth(1).eta(0.1).timePoints(6);
    }

    @Override
    protected List<Expected> lazyReference(Problem p, Solution s) {
        int dof = (int) s.method().number("stderr_dof", 0);
        assertTrue(dof >= 2, "standard errors from independent replicas expected: " + s.method().entries());
        LazyClosedForm.Trajectory tr = LazyClosedForm.descent(jointGram(p), p.y(), p.depth(), p.lossScale(), p.eta(),
                p.timePoints());
        int pn = p.trainCount(), tp = p.timePoints();
        double[][] kx = LazyClosedForm.block(jointGram(p), 0, pn, 0, pn);
        List<double[]> values = List.of(LazyClosedForm.flat(tr.f()), tr.loss(), LazyClosedForm.flat(tr.ntk()),
                LazyClosedForm.flat(LazyClosedForm.repeat(kx, tp)), LazyClosedForm.constant(tp, 1.0));
        List<String> names = List.of("f", "loss", "ntk", "phi1", "g1");
        int m = values.stream().mapToInt(v -> v.length).sum();
        double q = LazyClosedForm.studentTwoSided(1e-3 / m, dof);
        List<Expected> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new Expected(names.get(i), values.get(i), 1e-5, q));
        }
        return out;
    }

    /** The sampler has no test inputs: it refuses them, naming the field X_test, instead of ignoring them. */
    @Override
    @Test
    void testInputEqualToTrainInputZeroBehavesLikeIt() {
        Problem withTest = base().gamma0(0.5).testInputs(new double[][] {X[0].clone()}).build();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> solver().solve(withTest));
        assertEquals("X_test", e.field(), e.getMessage());
    }

    @Override
    protected BadInput badInput() {
        return new BadInput("gamma0", () -> solver().solve(base().gamma0(0.0).build()));
    }

    /**
     * An activation that does not parse. (Not {@code --samples 0}: the command refuses it with field "samples" but its
     * message quotes the catch-all name 'sampler options', which this check would rightly reject.)
     */
    @Override
    protected BadCommand badCommand() {
        return new BadCommand("activation", List.of("sample", "--problem", "@problem", "--activation", "tanh(h"));
    }
}
