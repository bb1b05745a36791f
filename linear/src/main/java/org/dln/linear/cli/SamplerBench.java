package org.dln.linear.cli;

import java.util.List;
import java.util.Locale;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.sampling.ActivationParser;
import org.dln.linear.sampling.SamplingSolve;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.sampling.SamplingOptions;
import org.dln.numeric.sampling.SamplingResult;

/** {@code dln bench --sampler}: wall time of the alternating Monte Carlo solver against the draws S and time points T. */
final class SamplerBench {
    private SamplerBench() {
    }

    /**
     * @param problems gives the random problem for (P, T)
     * @return the Markdown table
     */
    static String run(java.util.function.BiFunction<Integer, Integer, Problem> problems, int p, List<Long> samples, List<Integer> times,
                      String activation, int threads, long seed) {
        Activation act = ActivationParser.parse(activation);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# dln bench --sampler: activation %s, P = %d, %d threads, %d cores, Java %s%n%n", act.name(), p,
                threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        sb.append("| S | T | P | L | gamma0 | wall (s) | iterations (all windows, slowest replica) | converged | wall per iteration and 10^4 draws (s) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        System.err.print(sb);
        for (int tp : times) {
            for (long s : samples) {
                Problem prob = problems.apply(p, tp);
                SamplingOptions o = SamplingOptions.defaults(s, threads, seed);
                long t0 = System.nanoTime();
                SamplingResult r = SamplingSolve.run(prob, act, Approximation.FULL, o, null);
                double sec = (System.nanoTime() - t0) * 1e-9;
                int it = r.report().iterations();
                String row = String.format(Locale.ROOT, "| %d | %d | %d | %d | %s | %.2f | %d | %s | %.3f |%n", s, tp, p, prob.depth(),
                        prob.gamma0(), sec, it, r.report().converged(), sec / it / (s / 1e4) * o.replicas());
                System.err.print(row);
                sb.append(row);
            }
        }
        return sb.toString();
    }
}
