package org.dln.numeric.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Independent Langevin chains ({@link LangevinSimulator}) and their statistics: posterior means as time averages
 * over all chains, integrated autocorrelation times (Sokal's windowed estimator, {@link #statistics}) and the standard
 * errors they imply. Chain c uses seed {@code seed + c}; results do not depend on the number of threads.
 */
public final class LangevinEnsemble {
    /**
     * @param mean        posterior mean of every observable ({@link LangevinSimulator#observableCount} layout)
     * @param stderr      its standard error, sqrt(var 2 tau_int / n)
     * @param tau         integrated autocorrelation time per observable (Langevin time units)
     * @param sampleSd    standard deviation of single samples
     * @param samples     recorded samples in all (chains x samples per chain)
     * @param wallSeconds wall time
     */
    public record Result(double[] mean, double[] stderr, double[] tau, double[] sampleSd, int samples,
                         double wallSeconds) {
    }

    private LangevinEnsemble() {
    }

    public static Result run(LangevinSpec spec, long seed, int threads, IntConsumer progress) {
        long start = System.nanoTime();
        int chains = spec.chains();
        List<double[][]> runs = runChains(chains, threads, "dln-langevin", c -> LangevinSimulator.runChain(spec, seed + c), progress);
        return statistics(runs, spec.dt() * spec.thin(), (System.nanoTime() - start) * 1e-9);
    }

    /**
     * Runs {@code chain.apply(c)} for c = 0..chains-1 on at most {@code threads} daemon threads named {@code name} and
     * returns the results in chain order (so they do not depend on the thread count), telling {@code progress} (may be
     * null) how many are in. A chain's RuntimeException is rethrown as is.
     */
    static <R> List<R> runChains(int chains, int threads, String name, java.util.function.IntFunction<R> chain, IntConsumer progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, chains)), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        List<Future<R>> futures = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            int ci = c;
            futures.add(pool.submit(() -> chain.apply(ci)));
        }
        List<R> runs = new ArrayList<>();
        try {
            for (int c = 0; c < chains; c++) {
                runs.add(futures.get(c).get());
                if (progress != null) {
                    progress.accept(c + 1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return runs;
    }

    /**
     * Means, standard errors and integrated autocorrelation times of recorded chains (samples ds apart).
     * tau_int = 1/2 + sum_{k=1..W} rho(k) (in samples) with the autocorrelation rho estimated from all chains
     * (deviations from the overall mean) and Sokal's automatic window, the smallest W >= 5 tau_int(W);
     * SE^2 = var (2 tau_int) / n. If no window fits in a quarter of a chain, tau_int is taken at that limit and the
     * SE is flagged by a tau close to the chain length. tau is reported in Langevin time units (tau_int ds).
     */
    public static Result statistics(List<double[][]> runs, double ds, double wallSeconds) {
        int k = runs.get(0)[0].length;
        int perChain = runs.get(0).length;
        int chains = runs.size();
        int total = chains * perChain;
        int maxLag = Math.max(1, perChain / 4);
        double[] mean = new double[k];
        for (double[][] run : runs) {
            for (double[] row : run) {
                for (int j = 0; j < k; j++) {
                    mean[j] += row[j];
                }
            }
        }
        for (int j = 0; j < k; j++) {
            mean[j] /= total;
        }
        double[] se = new double[k];
        double[] tau = new double[k];
        double[] sd = new double[k];
        for (int j = 0; j < k; j++) {
            // the autocorrelation lag by lag, only as far as Sokal's window needs it (O(n W), not O(n n / 4))
            double var = autocovariance(runs, j, mean[j], 0);
            sd[j] = Math.sqrt(Math.max(0, var));
            if (!(var > 0)) {
                continue;
            }
            double t = 0.5;
            for (int lag = 1; lag <= maxLag; lag++) {
                t += autocovariance(runs, j, mean[j], lag) / var;
                if (lag >= 5 * t) {
                    break;
                }
            }
            t = Math.max(t, 0.5);
            se[j] = Math.sqrt(var * 2 * t / total);
            tau[j] = t * ds;
        }
        return new Result(mean, se, tau, sd, total, wallSeconds);
    }

    /** The autocovariance of observable j at the given lag, over all chains (deviations from the overall mean). */
    private static double autocovariance(List<double[][]> runs, int j, double mean, int lag) {
        int perChain = runs.get(0).length;
        double sum = 0;
        for (double[][] run : runs) {
            double acc = 0;
            for (int t = 0; t + lag < perChain; t++) {
                acc += (run[t][j] - mean) * (run[t + lag][j] - mean);
            }
            sum += acc;
        }
        return sum / ((double) runs.size() * (perChain - lag));
    }
}
