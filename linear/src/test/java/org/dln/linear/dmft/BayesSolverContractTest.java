package org.dln.linear.dmft;

import java.util.List;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;

/**
 * The contract for family "bayes" (the saddle point of the Bayesian action, {@link BayesSolver}), beta = 4. Lazy
 * reference: at gamma0 = 0 the saddle point is the NNGP (theory.md section 9: Phi^l = Kx, Phihat^l = 0), predictor
 * Kx(., X) [Kx + I/beta]^{-1} y on train and test rows. Both sides solve the same 3 x 3 system, the solver's Newton
 * stops at a max-norm residual of 1e-13, so 1e-12 on O(1) quantities.
 */
class BayesSolverContractTest extends DmftSolverContract {
    private static final double BETA = 4.0;
    BayesSolverContractTest() {
        super(new BayesSolver(BETA),
                withTestCopy(3).depth(2).gamma0(1.0).build(),
                withTestCopy(3).depth(2).gamma0(0.0).build());
    }

    @Override
    protected List<Expected> lazyReference(Problem p, Solution s) {
        double[][] k = jointGram(p);
        double[] f = LazyClosedForm.nngp(k, p.y(), BETA);
        int pn = p.trainCount();
        double[] fTrain = java.util.Arrays.copyOf(f, pn);
        double[] fTest = java.util.Arrays.copyOfRange(f, pn, f.length);
        double loss = 0;
        for (int i = 0; i < pn; i++) {
            loss += 0.5 * p.lossScale() * (p.y(i) - fTrain[i]) * (p.y(i) - fTrain[i]);
        }
        double[] kx = LazyClosedForm.flat(LazyClosedForm.block(k, 0, pn, 0, pn));
        List<Expected> out = new java.util.ArrayList<>(List.of(Expected.exact("f", fTrain, 1e-12),
                Expected.exact("f_test", fTest, 1e-12), Expected.exact("loss", new double[] {loss}, 1e-12)));
        for (int l = 1; l <= p.depth(); l++) {
            out.add(Expected.exact("phi" + l, kx, 1e-12));
        }
        return out;
    }

    @Override
    protected boolean iterative() {
        return true;
    }

    @Override
    protected BadInput badInput() {
        return new BadInput("beta", () -> new BayesSolver(-1));
    }

    @Override
    protected BadCommand badCommand() {
        return new BadCommand("beta", List.of("bayes", "--problem", "@problem", "--beta=-1"));
    }
}
