package org.dln.linear.cli;

import java.util.List;
import java.util.Locale;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.sampling.ActivationParser;
import org.dln.linear.sampling.SamplingSolve;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.dmft.SamplingOptions;
import org.dln.numeric.dmft.SamplingResult;

/** {@code dln bench --sampler}: wall time of the Monte Carlo sampler (march or alternation) against the draws S and time points T. */
final class SamplerBench {
    private SamplerBench() {
    }

    /**
     * @param problems gives the random problem for (P, T)
     * @return the Markdown table
     */
    static String run(java.util.function.BiFunction<Integer, Integer, Problem> problems, int p, List<Long> samples, List<Integer> times,
                      String activation, String method, int threads, long seed) {
        Activation act = ActivationParser.parse(activation);
        SamplingOptions.Method m = switch (method) {
            case "march" -> SamplingOptions.Method.MARCH;
            case "alternation" -> SamplingOptions.Method.ALTERNATION;
            default -> throw new org.dln.linear.problem.InvalidInputException(org.dln.linear.problem.InputError.OUT_OF_RANGE,
                    "method", "--method", method, "use march or alternation");
        };
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# dln bench --sampler: method %s, activation %s, P = %d, %d threads, %d cores, Java %s%n%n", method, act.name(), p,
                threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        sb.append("| S | T | P | L | gamma0 | wall (s) | iterations (march: time steps; alternation: all windows, slowest replica) | converged | wall per 10^4 draws and time step (ms) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        System.err.print(sb);
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
                System.err.print(row);
                sb.append(row);
            }
        }
        return sb.toString();
    }
}
