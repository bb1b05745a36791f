package org.dln.linear.cli;

import java.io.PrintWriter;
import java.util.List;
import org.dln.linear.io.SamplingTrajectory;
import org.dln.linear.io.Trajectory;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.sampling.ActivationParser;
import org.dln.linear.sampling.SamplingSolve;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.dmft.SamplingOptions;
import org.dln.numeric.dmft.SamplingResult;
import picocli.CommandLine.Option;

/**
 * Options of the alternating Monte Carlo solver ({@code dln solve --activation ... [--sampler]}), and the run itself,
 * so that SolveCommand only delegates.
 */
final class SamplerOptions {
    @Option(names = "--activation", paramLabel = "NAME|EXPR", defaultValue = "identity",
            description = "identity (default), relu, tanh, erf, or an expression in x (Symja syntax, e.g. \"x + x^3/10\", \"Tanh[x]\"). "
                    + "Anything but identity is solved by alternating Monte Carlo sampling.")
    String activation;

    @Option(names = "--sampler", description = "Use the Monte Carlo solver even for the identity activation (to compare with the exact solver).")
    boolean sampler;

    @Option(names = "--samples", defaultValue = "10000", description = "Monte Carlo draws S per iteration, over all replicas (default 10000).")
    long samples;

    @Option(names = "--replicas", defaultValue = "auto", paramLabel = "R|auto", description = "Independent replicas of the whole solve; standard errors from their spread / sqrt(R), Student-t with R - 1 degrees of freedom "
            + "(default auto: march R = clamp(S / max(250, 2 P T), 8, 64), alternation 8).")
    String replicasSpec;

    @Option(names = "--no-bias-correction", description = "March: skip the split-half jackknife bias correction of each replica (half the cost; leaves an O(R / S) bias).")
    boolean noBiasCorrection;

    /** Replicas resolved against the problem (0 until {@link #toOptions}). */
    private int replicas;

    @Option(names = "--method", defaultValue = "auto", description = "auto (default: march when its population fits in --memory-budget, "
            + "else alternation), march (one causal pass over time with a persistent population of draws; memory 4 L P T doubles per draw "
            + "of a replica in flight) or alternation (the damped alternation over time windows, draws re-simulated each iteration, memory "
            + "bounded by the draws in flight, whatever S).")
    String method;

    @Option(names = "--pivot-tolerance", defaultValue = "1e-4", description = "A pivot of the sources' causal Cholesky factor whose Schur complement is below this fraction of K_jj is dropped (its variance kept as independent jitter) (default 1e-4).")
    double pivotTolerance;

    @Option(names = "--window", defaultValue = "5", description = "With --method alternation: time points per window; 0 = one global alternation (default 5).")
    int window;

    @Option(names = "--damping", defaultValue = "0.8", description = "Damping alpha of the kernel update, in (0, 1] (default 0.8).")
    double damping;

    @Option(names = "--max-iterations", defaultValue = "100", description = "Iteration cap per window (default 100).")
    int maxIterations;

    @Option(names = "--noise-factor", defaultValue = "0.02", description = "With --method alternation: stop a window when the rms change per iteration is below this multiple of the rms Monte Carlo standard error (default 0.02; 0.2 leaves a bias towards the lazy start, docs/reports/sampling-report.md).")
    double noiseFactor;

    @Option(names = "--memory-budget", defaultValue = "0", paramLabel = "MB",
            description = "With --method auto: largest population of the march in MB (default 0: a quarter of the JVM's maximum heap).")
    double memoryBudget;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the draws (results do not depend on --threads).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = number of cores).")
    int threads;

    /** @return whether the sampling solver is to be used */
    boolean active() {
        Activation a = ActivationParser.parse(activation);
        return sampler || !a.isIdentity();
    }

    SamplingOptions toOptions() {
        int th = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        try {
            SamplingOptions d = SamplingOptions.defaults(samples, th, seed);
            int n = trainCount * timePoints;
            boolean auto = "auto".equals(replicasSpec);
            int requested = 0;
            if (!auto) {
                try {
                    requested = Integer.parseInt(replicasSpec.trim());
                } catch (NumberFormatException e) {
                    requested = -1;
                }
                if (requested < 1) {
                    throw new InvalidInputException(InputError.OUT_OF_RANGE, "replicas", "--replicas", replicasSpec, "use a positive integer or auto");
                }
            }
            // the march's memory depends on R: size it with the march's automatic count, then resolve for the chosen method
            replicas = auto ? SamplingOptions.autoReplicas(samples, n, d.blocks(), SamplingOptions.Method.MARCH) : requested;
            SamplingOptions.Method m = switch (method) {
                case "march" -> SamplingOptions.Method.MARCH;
                case "alternation" -> SamplingOptions.Method.ALTERNATION;
                case "auto" -> marchFits(th) ? SamplingOptions.Method.MARCH : SamplingOptions.Method.ALTERNATION;
                default -> throw new InvalidInputException(InputError.OUT_OF_RANGE, "method", "--method", method,
                        "use auto, march or alternation");
            };
            replicas = auto ? SamplingOptions.autoReplicas(samples, n, d.blocks(), m) : requested;
            return new SamplingOptions(samples, replicas, th, seed, damping, maxIterations, d.minIterations(), noiseFactor,
                    pivotTolerance, d.blocks(), window, m, !noBiasCorrection);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "samples", "sampler options", samples, e.getMessage());
        }
    }

    /** Depth and time points of the problem being solved (set by {@link #run} before {@link #toOptions}). */
    private int depth = 1, trainCount = 1, timePoints = 1;

    /** Bytes of the march's populations in flight: min(threads, R) replicas of S/R draws of 4 L P T doubles. */
    double marchBytes(int threadCount) {
        double perDraw = 4.0 * depth * trainCount * timePoints * 8;
        int inFlight = Math.max(1, Math.min(threadCount, Math.max(1, replicas)));
        return inFlight * Math.ceil((double) samples / Math.max(1, replicas)) * perDraw;
    }

    private boolean marchFits(int threadCount) {
        if (memoryBudget < 0 || Double.isNaN(memoryBudget)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "memory-budget", "--memory-budget", memoryBudget, "must be >= 0 (MB)");
        }
        double budget = memoryBudget > 0 ? memoryBudget * 1024 * 1024 : Runtime.getRuntime().maxMemory() / 4.0;
        boolean fits = marchBytes(threadCount) <= budget;
        System.err.printf(java.util.Locale.ROOT, "dln: sampler method %s (march population %.0f MB, budget %.0f MB)%n",
                fits ? "march" : "alternation", marchBytes(threadCount) / 1048576.0, budget / 1048576.0);
        return fits;
    }

    /** Solves, prints, and returns the exit code (1 if a window did not converge). */
    int run(Problem p, String approx, OutputOptions output, PrintWriter out) throws java.io.IOException {
        Activation act = ActivationParser.parse(activation);
        depth = p.depth();
        trainCount = p.trainCount();
        timePoints = p.timePoints();
        SamplingOptions o = toOptions();
        SamplingResult r = SamplingSolve.run(p, act, Approximation.parse(approx), o, line -> System.err.println("dln: " + line));
        Trajectory tr = SamplingTrajectory.of(p, act, o, r);
        output.emit(tr, List.of(), out);
        if (!r.report().converged()) {
            System.err.println("dln: the Monte Carlo alternation did not converge: " + r.report());
            return DlnCommand.FAILED;
        }
        return DlnCommand.OK;
    }
}
