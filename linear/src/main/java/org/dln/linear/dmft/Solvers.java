package org.dln.linear.dmft;

import org.dln.linear.problem.Approximation;
import org.dln.linear.solver.FlowSolver;
import org.dln.linear.solver.PicardSolver;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.dmft.SamplingOptions;

/**
 * Picks the solver for a request (in the manner of EJML's LinearSolverFactory): each method returns a
 * {@link DmftSolver} of the family that answers it. Families: gradient-descent ({@link GradientDescentSolver}),
 * first-order-descent, gradient-flow, first-order-flow, sampling, bayes, weight-decay-stationary, langevin, picard.
 */
public final class Solvers {
    private Solvers() {
    }

    /** What a caller asks for, independent of how it is solved. */
    public enum Dynamics { GRADIENT_DESCENT, GRADIENT_FLOW }

    /**
     * A request with default solver settings: the dynamics, the approximation and the activation (anything but the
     * identity is sampled).
     */
    public static DmftSolver forRequest(Dynamics dynamics, Approximation approximation, Activation activation) {
        if (!activation.isIdentity()) {
            if (dynamics != Dynamics.GRADIENT_DESCENT || approximation != Approximation.FULL) {
                throw new org.dln.linear.problem.InvalidInputException(org.dln.linear.problem.InputError.SAMPLER_UNSUPPORTED,
                        "approx", dynamics + " / " + approximation.id(), "nonlinear networks are sampled for full gradient descent only");
            }
            return sampling(activation, SamplingOptions.defaults(10000, Runtime.getRuntime().availableProcessors(), 1), true, 0);
        }
        return dynamics == Dynamics.GRADIENT_FLOW ? gradientFlow(approximation, FlowSolver.Options.of(10), false, 0, 1e-8)
                : gradientDescent(approximation, false, 0);
    }

    /** Gradient descent: exact causal marching (full, gia, lazy) or the first order in gamma0^2 (pt1). */
    public static DmftSolver gradientDescent(Approximation a, boolean keepTwoTime, double weightDecay) {
        if (a == Approximation.PT1) {
            if (weightDecay != 0 || keepTwoTime) {
                throw new org.dln.linear.problem.InvalidInputException(org.dln.linear.problem.InputError.OUT_OF_RANGE, "approx", "approx", "pt1",
                        "the first-order perturbation theory is implemented without weight decay and two-time kernels");
            }
            return new FirstOrderDescentSolver();
        }
        return GradientDescentSolver.builder().approximation(a).keepTwoTime(keepTwoTime).weightDecay(weightDecay).build();
    }

    /** Gradient flow: collocation + Newton (full, lazy) or the symbolic first order (pt1). */
    public static DmftSolver gradientFlow(Approximation a, FlowSolver.Options options, boolean keepTwoTime, int resample,
                                          double infinityTolerance) {
        return gradientFlow(a, options, keepTwoTime, resample, infinityTolerance, Double.POSITIVE_INFINITY);
    }

    /** As above, the collocation solve within a wall-time budget in seconds ({@link GradientFlowSolver.Builder#timeBudget}). */
    public static DmftSolver gradientFlow(Approximation a, FlowSolver.Options options, boolean keepTwoTime, int resample,
                                          double infinityTolerance, double timeBudget) {
        if (a == Approximation.PT1) {
            if (keepTwoTime) {
                throw new org.dln.linear.problem.InvalidInputException(org.dln.linear.problem.InputError.OUT_OF_RANGE, "full-kernels",
                        "--full-kernels", "with pt1", "two-time kernels are written by the full solve only; use --approx full");
            }
            return new FirstOrderFlowSolver(options, resample);
        }
        return GradientFlowSolver.builder().approximation(a).options(options).keepTwoTime(keepTwoTime).resample(resample)
                .infinityTolerance(infinityTolerance).timeBudget(timeBudget).build();
    }

    /** Monte Carlo sampling of the single-site processes (any activation). */
    public static DmftSolver sampling(Activation activation, SamplingOptions options, boolean autoMethod, double memoryBudgetMb) {
        return new SamplingSolver(activation, options, autoMethod, memoryBudgetMb);
    }

    /** The Bayesian saddle point at inverse temperature beta (+infinity allowed). */
    public static DmftSolver bayes(double beta, double tolerance) {
        return new BayesSolver(beta, tolerance);
    }

    /** The stationary state of gradient descent with weight decay lambda. */
    public static DmftSolver weightDecayStationary(double lambda) {
        return new WeightDecayStationarySolver(lambda);
    }

    /** Langevin training at infinite width (theory.md section 12). */
    public static DmftSolver langevin(org.dln.linear.langevin.LangevinParameters parameters) {
        return new LangevinSolver(parameters, null);
    }

    /** Langevin training by the extrapolated discrete march (step options[0], options[1] Richardson levels). */
    public static DmftSolver langevinMarch(org.dln.linear.langevin.LangevinParameters parameters, double[] options) {
        return new LangevinSolver(parameters, options.clone());
    }

    /** The published global Picard iteration (a baseline). */
    public static DmftSolver picard(double tolerance, int maxIterations, double maxSeconds, double damping) {
        return PicardSolver.builder().tolerance(tolerance).maxIterations(maxIterations).maxSeconds(maxSeconds).damping(damping).build();
    }
}
