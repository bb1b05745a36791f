package org.dln.linear.dmft;

import org.dln.linear.bayes.BayesSaddleSolver;
import org.dln.linear.bayes.BayesSolution;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Method;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;

/**
 * Family "bayes": the saddle point of the Bayesian (posterior) action of a deep linear network in muP, by dense Newton
 * with continuation from the NNGP ({@link BayesSaddleSolver}); the adaptive predictor on train and test inputs. A
 * stationary solution (one point) with the kernels Phi^l; the {@link BayesSolution} (Phihat^l, NNGP predictor, action)
 * is attached. The problem's eta and T are not used.
 */
public final class BayesSolver implements DmftSolver {
    private final double beta;
    private final double tolerance;

    /**
     * @param beta      inverse temperature beta > 0, or +infinity (noise-free limit)
     * @param tolerance max-norm residual of every Newton solve
     */
    public BayesSolver(double beta, double tolerance) {
        if (!(beta > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "beta", "beta", beta, "must be a number > 0 or inf");
        }
        if (!(tolerance > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "tol", "tol", tolerance, "must be > 0");
        }
        this.beta = beta;
        this.tolerance = tolerance;
    }

    /** beta, the default tolerance 1e-13. */
    public BayesSolver(double beta) {
        this(beta, 1e-13);
    }

    @Override
    public String family() {
        return "bayes";
    }

    public double beta() {
        return beta;
    }

    @Override
    public Solution solve(Problem p, SolveListener listener) {
        BayesSolution s = new BayesSaddleSolver(tolerance).solve(p.kx(), p.y(), p.kxTestTrain(), p.kxTestTest(), p.depth(),
                p.gamma0(), 1.0 / beta);
        listener.note(s.report().toString());
        int depth = s.depth(), pn = p.trainCount(), q = p.testCount();
        double[][][] phi = new double[depth][][];
        for (int l = 1; l <= depth; l++) {
            phi[l - 1] = s.phi()[l];
        }
        Method m = Method.builder().solver(s.report().solver()).approximation("full")
                .put("beta", Double.isInfinite(beta) ? (Object) "inf" : (Object) beta).put("infinite_width", true).build();
        return Solutions.stationary(p, m, s.report(), s.fTrain(), q == 0 ? new double[0] : s.fTest(), null, phi, null)
                .withExtra(BayesSolution.class, s);
    }
}
