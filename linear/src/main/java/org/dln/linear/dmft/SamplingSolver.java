package org.dln.linear.dmft;

import java.util.Locale;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.ResourceGuard;
import org.dln.numeric.dmft.SamplingDmftSolver;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.linear.sampling.SamplingSolve;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.dmft.SamplingOptions;
import org.dln.numeric.dmft.SamplingResult;

/**
 * Family "sampling": the DMFT of gradient descent for any activation by Monte Carlo sampling of the single-site
 * processes ({@link org.dln.numeric.dmft.SamplingDmftSolver}), every observable with a standard error. With
 * {@code autoMethod} the causal march is used when its populations fit in the memory budget, else the memory-bounded
 * alternation; with {@code replicas() == 0} the replica count is automatic ({@link SamplingOptions#autoReplicas}).
 */
public final class SamplingSolver implements DmftSolver {
    private final Activation activation;
    private final SamplingOptions options;
    private final boolean autoMethod;
    private final double memoryBudgetMb;

    /**
     * @param activation     the activation phi of every hidden layer (identity: the deep linear network, a cross-check)
     * @param options        sampler settings; replicas 0 = automatic
     * @param autoMethod     pick march or alternation from the memory budget (the method of {@code options} is ignored)
     * @param memoryBudgetMb largest population of the march in MB for the automatic choice (0: a quarter of the heap)
     */
    public SamplingSolver(Activation activation, SamplingOptions options, boolean autoMethod, double memoryBudgetMb) {
        if (memoryBudgetMb < 0 || Double.isNaN(memoryBudgetMb)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "memory-budget", "memory-budget", memoryBudgetMb, "must be >= 0 (MB)");
        }
        this.activation = activation;
        this.options = options;
        this.autoMethod = autoMethod;
        this.memoryBudgetMb = memoryBudgetMb;
    }

    @Override
    public String family() {
        return "sampling";
    }

    @Override
    public Solution solve(Problem p, SolveListener listener) {
        int P = p.trainCount();
        ResourceGuard.require("the sampler", "kernels", d -> SamplingDmftSolver.bytesNeeded(d[0], d[1], d[2]),
                d -> SamplingDmftSolver.largestArray(d[0], d[1]), new ResourceGuard.Dim("P", P, P, 1),
                new ResourceGuard.Dim("T", p.timePoints(), p.timePoints(), 1), new ResourceGuard.Dim("L", p.depth(), p.depth(), 1));
        SamplingOptions o;
        try {
            o = resolve(p, listener);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "samples", "samples", options.draws(), e.getMessage());
        }
        SamplingResult r = SamplingSolve.run(p, activation, Approximation.FULL, o, listener::note);
        return Solutions.sampled(p, activation, o, r);
    }

    /** The options with the method and replica count resolved for this problem. */
    SamplingOptions resolve(Problem p, SolveListener listener) {
        int n = p.trainCount() * p.timePoints();
        boolean auto = options.replicas() == 0;
        SamplingOptions.Method m = options.method();
        if (autoMethod) {
            int r = auto ? SamplingOptions.autoReplicas(options.draws(), n, options.blocks(), SamplingOptions.Method.MARCH) : options.replicas();
            double bytes = marchBytes(p, r);
            double budget = memoryBudgetMb > 0 ? memoryBudgetMb * 1024 * 1024 : Runtime.getRuntime().maxMemory() / 4.0;
            boolean fits = bytes <= budget;
            listener.note(String.format(Locale.ROOT, "sampler method %s (march population %.0f MB, budget %.0f MB)",
                    fits ? "march" : "alternation", bytes / 1048576.0, budget / 1048576.0));
            m = fits ? SamplingOptions.Method.MARCH : SamplingOptions.Method.ALTERNATION;
        }
        int replicas = auto ? SamplingOptions.autoReplicas(options.draws(), n, options.blocks(), m) : options.replicas();
        return options.withMethod(m).withReplicas(replicas);
    }

    /** Bytes of the march's populations in flight: min(threads, R) replicas of S/R draws of 4 L P T doubles. */
    private double marchBytes(Problem p, int replicas) {
        double perDraw = 4.0 * p.depth() * p.trainCount() * p.timePoints() * 8;
        int inFlight = Math.max(1, Math.min(options.threads(), Math.max(1, replicas)));
        return inFlight * Math.ceil((double) options.draws() / Math.max(1, replicas)) * perDraw;
    }
}
