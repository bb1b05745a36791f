package org.dln.linear.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.sampling.ActivationParser;
import org.dln.numeric.dmft.SamplingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln sample}: the DMFT of gradient descent for any activation by Monte Carlo sampling of the single-site processes. */
@Command(name = "sample", description = {"Solve the infinite-width DMFT of gradient descent for any activation by Monte Carlo sampling of the " +
        "single-site processes; every observable with a standard error (Student-t with method.stderr_dof degrees of freedom). " +
        "Exit 1 if the alternation did not converge."})
final class SampleCommand extends DescentCommand {
    static final List<String> TUNE_KEYS = List.of("method", "replicas", "pivot-tolerance", "bias-correction", "memory-budget",
            "window", "damping", "max-iterations", "noise-factor", "curvature-width");


    @Option(names = "--activation", paramLabel = "NAME|EXPR", defaultValue = "relu",
            description = "relu (default), tanh, erf, identity (a cross-check of the exact solver), or an expression in x (Symja syntax, e.g. \"x + x^3/10\").")
    String activation;

    @Option(names = "--samples", defaultValue = "10000", description = "Monte Carlo draws S per iteration, over all replicas (default 10000).")
    long samples;

    @Mixin
    RunOptions run;

    @Option(names = "--width", paramLabel = "N", description = {
            "Also estimate the O(1/N) prediction variances N Var f(t) of a network of width N (one hidden layer, L = 1) by "
                    + "sampling the linear response of the single-site process (docs/theory.md section 11.8): --samples sites "
                    + "in each of 8 replicas, standard errors from the replicas; written as var_f / var_f_test with stderr, and "
                    + "plots draw the band f +- 2 sqrt(Var / N). phi'' is a central difference of half-width "
                    + "--tune curvature-width (default 0.05 for relu, 1e-4 otherwise)."})
    Integer width;

    @Option(names = "--tune", paramLabel = "K=V,...", description = {
            "Solver settings: method=auto|march|alternation (auto: the march when its draws fit in memory-budget=MB, " +
            "0 = a quarter of the heap), replicas=auto|R (standard errors from the spread of R replicas; auto: march " +
            "clamp(S / max(250, 2 P T), 8, 64), alternation 8), pivot-tolerance=1e-4, bias-correction=on|off (march: " +
            "split-half jackknife per replica); alternation: window=5, damping=0.8, max-iterations=100, noise-factor=0.02."})
    String tune;

    @Override
    public Integer call() throws Exception {
        output.check();
        Map<String, String> kv = KeyValues.parse(tune, "tune", TUNE_KEYS);
        Problem p = descentProblem();
        double curvature = KeyValues.number(kv, "curvature-width", "relu".equals(activation.trim()) ? 0.05 : 1e-4, "tune");
        SampledWidth.check(width, p, samples, curvature);
        Solution s = Solvers.sampling(ActivationParser.parse(activation), options(kv), "auto".equals(kv.getOrDefault("method", "auto")),
                KeyValues.number(kv, "memory-budget", 0, "tune")).solve(p, new Progress("sample"));
        if (width != null) {
            s = SampledWidth.attach(s, ActivationParser.parse(activation), width, (int) samples, run.seed, curvature);
        }
        output.emit(s, out());
        if (!s.report().converged()) {
            System.err.println("dln: the Monte Carlo alternation did not converge: " + s.report());
            return DlnCommand.FAILED;
        }
        return DlnCommand.OK;
    }

    /** The sampler's settings from the options (replicas 0 = automatic, resolved by the solver for the problem). */
    SamplingOptions options(Map<String, String> kv) {
        int th = run.threads();
        long seed = run.seed;
        String replicas = kv.getOrDefault("replicas", "auto");
        String method = kv.getOrDefault("method", "auto");
        int r = 0;
        if (!"auto".equals(replicas)) {
            try {
                r = Integer.parseInt(replicas.trim());
            } catch (NumberFormatException e) {
                r = -1;
            }
            if (r < 1) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "tune.replicas", "replicas", replicas, "use a positive integer or auto");
            }
        }
        SamplingOptions.Method m = switch (method) {
            case "march", "auto" -> SamplingOptions.Method.MARCH;
            case "alternation" -> SamplingOptions.Method.ALTERNATION;
            default -> throw new InvalidInputException(InputError.OUT_OF_RANGE, "tune.method", "method", method, "use auto, march or alternation");
        };
        String bias = kv.getOrDefault("bias-correction", "on");
        if (!bias.equals("on") && !bias.equals("off")) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "tune.bias-correction", "bias-correction", bias, "use on or off");
        }
        try {
            SamplingOptions d = SamplingOptions.defaults(samples, th, seed);
            return new SamplingOptions(samples, r, th, seed, KeyValues.number(kv, "damping", 0.8, "tune"),
                    (int) KeyValues.number(kv, "max-iterations", 100, "tune"), d.minIterations(),
                    KeyValues.number(kv, "noise-factor", 0.02, "tune"), KeyValues.number(kv, "pivot-tolerance", 1e-4, "tune"),
                    d.blocks(), (int) KeyValues.number(kv, "window", 5, "tune"), m, bias.equals("on"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "samples", "samples", samples, e.getMessage());
        }
    }
}
