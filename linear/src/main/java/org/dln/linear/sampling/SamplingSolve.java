package org.dln.linear.sampling;

import java.util.function.Consumer;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.dmft.SamplingDmftSolver;
import org.dln.numeric.dmft.SamplingOptions;
import org.dln.numeric.dmft.SamplingProblem;
import org.dln.numeric.dmft.SamplingResult;

/**
 * Runs the alternating Monte Carlo solver ({@link SamplingDmftSolver}) on a {@link Problem} and returns a
 * dln-trajectory document of kind "theory" whose observables carry Monte Carlo standard errors.
 */
public final class SamplingSolve {
    private SamplingSolve() {
    }

    /** @return the problem in the sampler's terms; rejects what the sampler does not support (exit 2) */
    public static SamplingProblem toSamplingProblem(Problem p, Activation act, Approximation approx) {
        if (approx != Approximation.FULL) {
            throw new InvalidInputException(InputError.SAMPLER_UNSUPPORTED, "approx", "--approx " + approx.id(),
                    "it solves the full equations; drop --approx");
        }
        if (p.testCount() > 0) {
            throw new InvalidInputException(InputError.SAMPLER_UNSUPPORTED, "X_test", "test inputs",
                    "remove X_test / Kx_test_* (or use the exact linear solver without --sampler)");
        }
        if (p.conventions().update() == Conventions.Update.NTK_EULER) {
            throw new InvalidInputException(InputError.SAMPLER_UNSUPPORTED, "conventions.update", "the ntk-euler update",
                    "it solves exact gradient descent; use --update exact");
        }
        if (!(p.gamma0() > 0)) {
            throw new InvalidInputException(InputError.SAMPLER_UNSUPPORTED, "gamma0", "gamma0 = 0",
                    "its prediction estimator divides by gamma0; use a small gamma0 > 0 for the lazy regime");
        }
        return new SamplingProblem(act, p.kx(), p.y(), p.depth(), p.gamma0(), p.eta(), p.timePoints(), p.lossScale());
    }

    public static SamplingResult run(Problem p, Activation act, Approximation approx, SamplingOptions o, Consumer<String> log) {
        SamplingProblem sp = toSamplingProblem(p, act, approx);
        try {
            return new SamplingDmftSolver().solve(sp, o, log);
        } catch (ArithmeticException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "eta", "eta", p.eta(), e.getMessage());
        }
    }
}
