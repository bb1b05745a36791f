package org.dln.linear.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Method;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;
import org.dln.linear.result.TimeMode;
import org.dln.numeric.report.SolverReport;
import org.dln.numeric.simulation.LangevinSimulator;
import org.dln.numeric.simulation.LangevinSpec;

/**
 * Time-resolved Langevin training of finite networks (theory.md section 12 at width N): independent chains from the
 * initialization, each recording the outputs at the requested times; the ensemble mean and standard error (sample
 * standard deviation over chains / sqrt(chains)) of f, f_test and the per-network loss at each time, as a dln-trajectory
 * document of kind simulation with explicit times, comparable with {@code dln langevin} by {@code dln compare}.
 */
public final class LangevinTrajectoryEnsemble {
    private LangevinTrajectoryEnsemble() {
    }

    /**
     * @param times times (increasing, the first 0), each a multiple of dt (rounded to the nearest step)
     */
    public static Solution run(Problem p, double beta, double lambda, double temperature, double sigma0, int width, int chains,
                               double dt, double[] times, long seed, int threads, IntConsumer progress) throws Exception {
        double[][][] xs = FiniteWidthTraining.inputsOf(p);
        double horizon = times[times.length - 1];
        LangevinSpec spec = new LangevinSpec(xs[0], xs[1], p.y(), p.depth(), p.gamma0(), beta * p.lossScale(), width, dt, 0,
                Math.max(horizon, dt), 1, true, chains);
        int[] steps = new int[times.length];
        double[] actual = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            steps[i] = (int) Math.round(times[i] / dt);
            actual[i] = steps[i] * dt;
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        List<Future<double[][]>> fs = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            final long sd = seed + c;
            final int idx = c;
            fs.add(pool.submit(() -> {
                double[][] r = LangevinSimulator.runTrajectory(spec, sd, lambda, temperature, sigma0, steps);
                progress.accept(idx + 1);
                return r;
            }));
        }
        List<double[][]> runs = new ArrayList<>();
        try {
            for (Future<double[][]> f : fs) {
                runs.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        int n = times.length, pn = p.trainCount(), q = p.testCount();
        double[][] fm = new double[n][pn], fse = new double[n][pn], tm = new double[n][q], tse = new double[n][q];
        double[] lm = new double[n], lse = new double[n];
        double[] y = p.y();
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < pn + q; i++) {
                double s1 = 0, s2 = 0;
                for (double[][] r : runs) {
                    s1 += r[t][i];
                    s2 += r[t][i] * r[t][i];
                }
                double mean = s1 / chains, se = Math.sqrt(Math.max(0, (s2 - chains * mean * mean) / (chains - 1)) / chains);
                if (i < pn) {
                    fm[t][i] = mean;
                    fse[t][i] = se;
                } else {
                    tm[t][i - pn] = mean;
                    tse[t][i - pn] = se;
                }
            }
            double s1 = 0, s2 = 0;
            for (double[][] r : runs) {
                double l = 0;
                for (int mu = 0; mu < pn; mu++) {
                    l += (y[mu] - r[t][mu]) * (y[mu] - r[t][mu]);
                }
                l *= 0.5 * p.lossScale();
                s1 += l;
                s2 += l * l;
            }
            lm[t] = s1 / chains;
            lse[t] = Math.sqrt(Math.max(0, (s2 - chains * lm[t] * lm[t]) / (chains - 1)) / chains);
        }
        Map<String, Observable> obs = new LinkedHashMap<>();
        obs.put("f", Observable.matrix("f", fm, fse));
        obs.put("loss", Observable.series("loss", lm, lse));
        if (q > 0) {
            obs.put("f_test", Observable.matrix("f_test", tm, tse));
        }
        Method m = Method.builder().solver("langevin-simulation").put("width", width).put("seeds", chains).put("first_seed", seed)
                .time(TimeMode.GRADIENT_FLOW).put("times", actual).put("dynamics", "langevin").put("weight_decay", lambda)
                .put("temperature", temperature).put("beta", beta).put("sigma0", sigma0).put("dt", dt)
                .put("stderr", "sample standard deviation over chains / sqrt(chains); loss is the mean per-network loss "
                        + "(it exceeds the loss of the mean predictor by the output variance, O(1 / (gamma0^2 N)))")
                .build();
        SolverReport rep = new SolverReport("langevin-simulation", steps[n - 1], new double[0], Double.NaN, true,
                (System.nanoTime() - start) * 1e-9, List.of(chains + " chains of width " + width + ", dt = " + dt));
        return new Solution(Solution.SIMULATION, p, m, rep, obs, null);
    }
}
