package org.dln.linear.cli;

import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dln.linear.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.util.Locale;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.sampling.ActivationParser;
import org.dln.linear.sampling.SamplingSolve;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.dmft.SamplingOptions;
import org.dln.numeric.dmft.SamplingResult;

/** {@code dln bench sampler}: wall time of the Monte Carlo sampler (march or alternation) against the draws S and time points T. */
@Command(name = "sampler", description = {"Benchmark the Monte Carlo sampler: wall time against the draws S and time points T on random problems " +
        "(P = 4, D = 16). Writes a Markdown table to stdout (and --out FILE)."})
final class SamplerBench extends BenchRun {

    @Option(names = "--eta", defaultValue = "0.05", description = "Step eta (default ${DEFAULT-VALUE}; capped at half the lazy stability limit).")
    double eta;

    @Option(names = "--samples", split = ",", defaultValue = "1000,10000", description = "Draws S, comma-separated.")
    List<Long> draws;

    @Option(names = "--times", split = ",", defaultValue = "10,25,50", description = "Time points T, comma-separated.")
    List<Integer> times;

    @Option(names = "--activation", defaultValue = "relu", description = "The activation (default relu).")
    String activation;

    @Option(names = "--method", defaultValue = "march", description = "march (default) or alternation.")
    String method;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = cores).")
    int threads;

    @Override
    public Integer call() throws Exception {
        bench.check();
        if (threads < 0) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "threads", "threads", threads,
                    "give the number of worker threads, >= 1, or 0 for the number of cores");
        }
        int th = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        String table = run(spec.commandLine().getErr(), (p, tp) -> BenchCommand.randomProblem(p, tp, bench.depth, bench.gamma0, eta, bench.seed), 4, draws, times, activation, method,
                th, bench.seed);
        bench.emit(table, spec.commandLine().getOut());
        return DlnCommand.OK;
    }

    /**
     * @param problems gives the random problem for (P, T)
     * @return the Markdown table
     */
    static String run(java.io.PrintWriter log, java.util.function.BiFunction<Integer, Integer, Problem> problems, int p, List<Long> samples, List<Integer> times,
                      String activation, String method, int threads, long seed) {
        Activation act = ActivationParser.parse(activation);
        SamplingOptions.Method m = switch (method) {
            case "march" -> SamplingOptions.Method.MARCH;
            case "alternation" -> SamplingOptions.Method.ALTERNATION;
            default -> throw new org.dln.linear.problem.InvalidInputException(org.dln.linear.problem.InputError.OUT_OF_RANGE,
                    "method", "--method", method, "use march or alternation");
        };
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# dln bench sampler: method %s, activation %s, P = %d, %d threads, %d cores, Java %s%n%n", method, act.name(), p,
                threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        sb.append("| S | T | P | L | gamma0 | wall (s) | iterations (march: time steps; alternation: all windows, slowest replica) | converged | wall per 10^4 draws and time step (ms) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        log.print(sb);
        for (int tp : times) {
            for (long s : samples) {
                Problem prob = problems.apply(p, tp);
                SamplingOptions o = SamplingOptions.defaults(s, threads, seed).withMethod(m);
                long t0 = System.nanoTime();
                SamplingResult r = SamplingSolve.run(prob, act, Approximation.FULL, o, null);
                double sec = (System.nanoTime() - t0) * 1e-9;
                int it = r.report().iterations();
                String row = String.format(Locale.ROOT, "| %d | %d | %d | %d | %s | %.2f | %d | %s | %.3f |%n", s, tp, p, prob.depth(),
                        prob.gamma0(), sec, it, r.report().converged(), 1e3 * sec / (s / 1e4) / tp);
                log.print(row);
                sb.append(row);
            }
        }
        return sb.toString();
    }
}
