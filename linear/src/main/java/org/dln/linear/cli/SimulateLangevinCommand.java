package org.dln.linear.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.simulation.FiniteWidthTraining;
import org.dln.linear.simulation.LangevinTrajectoryEnsemble;
import org.dln.linear.io.SolutionJson;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dln.linear.io.BayesDocument;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.numeric.simulation.LangevinEnsemble;
import org.dln.numeric.simulation.LangevinSpec;
import org.dln.numeric.simulation.SimulationDivergedException;

/** {@code dln simulate-langevin}: Langevin sampling of the posterior of width-N networks. */
@Command(name = "simulate-langevin",
        description = {"Sample the Bayesian posterior of finite-width networks by Langevin dynamics (noisy gradient descent with the " +
                "Gaussian prior as weight decay) over several chains; posterior means of f and the kernels with standard errors " +
                "and autocorrelation times (document dln-bayes, kind simulation; compare with 'dln bayes')."})
final class SimulateLangevinCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ProblemOptions problem;

    @Spec
    CommandSpec spec;

    @Mixin
    EnsembleOptions ensemble;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1", description = "Inverse temperature beta > 0 (default 1).")
    String beta;

    @Option(names = "--tune", paramLabel = "K=V,...", description = {
            "Chain settings: dt=0.005 (time step; bias O(dt), docs/reports/bayes-report.md), burn-in=3 (time not recorded), " +
            "sample-time=12 (recorded time per chain), thin=10 (steps between samples), integrator=exponential|euler."})
    String tune;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the JSON document (schema dln-bayes) to FILE.")
    Path out;

    @Option(names = "--trajectory", paramLabel = "K=V,...", description = {
            "Time-resolved training instead of posterior sampling: chains from the initialization, ensemble means and standard " +
            "errors of f, f_test and the loss at the given times, written as a dln-trajectory document (kind simulation) for " +
            "'dln compare' against 'dln langevin --times'. Keys: lambda=1, temperature=1, sigma0=1, times=t1;t2;... (first 0, " +
            "multiples of dt). dt comes from --tune (default 0.005)."})
    String trajectory;

    @Option(names = "--drift", paramLabel = "TAU_MAX", description = {
            "Stationary mode: also measure the representational drift, the autocorrelation of Phi^l(t+tau,t) and of the readout " +
            "weights at lags k * thin * dt up to TAU_MAX (errors over independent chains), beside the infinite-width theory " +
            "(L = 1 or gamma0 -> 0; lambda = T = 1) with z-scores (document field 'drift', docs/formats.md)."})
    Double drift;

    @Option(names = "--plot", paramLabel = "PREFIX", description = "With --drift: write PREFIX_langevin_drift.png (theory and network).")
    Path plot;

    @Option(names = "--json", description = "Print the JSON document to stdout instead of the summary.")
    boolean json;

    @Option(names = "--npz", paramLabel = "FILE", description = "Write the observables as a NumPy .npz archive (name, name_se, name_tau).")
    Path npz;

    @Override
    public Integer call() throws Exception {
        OutputOptions.checkFile(out, "out");
        OutputOptions.checkFile(npz, "npz");
        Map<String, String> kv = KeyValues.parse(tune, "tune", List.of("dt", "burn-in", "sample-time", "thin", "integrator"));
        Problem p = problem.builder().checkStability(false).build();
        if (trajectory != null) {
            return runTrajectory(p, kv);
        }
        double thin = KeyValues.number(kv, "thin", 10, "tune");
        if (thin != Math.rint(thin)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "tune.thin", "thin", thin, "must be a whole number >= 1");
        }
        return run(p, beta, ensemble.width, ensemble.seeds, ensemble.run.seed, ensemble.run.threads(),
                KeyValues.number(kv, "dt", 0.005, "tune"), KeyValues.number(kv, "burn-in", 3, "tune"),
                KeyValues.number(kv, "sample-time", 12, "tune"), (int) thin, kv.getOrDefault("integrator", "exponential"), out, npz, json,
                spec.commandLine().getOut(), drift, plot);
    }

    private int runTrajectory(Problem p, Map<String, String> tuneKv) throws Exception {
        Map<String, String> kv = KeyValues.parse(trajectory, "trajectory", List.of("lambda", "temperature", "sigma0", "times"));
        double lambda = KeyValues.number(kv, "lambda", 1, "trajectory");
        double temp = KeyValues.number(kv, "temperature", 1, "trajectory");
        double sigma0 = KeyValues.number(kv, "sigma0", 1, "trajectory");
        double dt = KeyValues.number(tuneKv, "dt", 0.005, "tune");
        double b = BayesCommand.parseBeta(beta);
        if (!(lambda >= 0) || !(temp >= 0) || !(sigma0 > 0) || !(dt > 0) || !Double.isFinite(b) || !(p.gamma0() > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "trajectory", "trajectory", trajectory,
                    "need lambda >= 0, temperature >= 0, sigma0 > 0, dt > 0, a finite beta and gamma0 > 0");
        }
        double[] times = LangevinCommand.parseTimes(kv.get("times"), "trajectory.times");
        if (ensemble.seeds < 2 || ensemble.width < 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "seeds", "seeds", ensemble.seeds, "need at least 2 chains");
        }
        Solution s;
        try {
            s = LangevinTrajectoryEnsemble.run(p, b, lambda, temp, sigma0, ensemble.width, ensemble.seeds, dt, times,
                    ensemble.run.seed, ensemble.run.threads(), new Progress("langevin", ensemble.seeds));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SimulationDivergedException d) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "dt", "dt", dt,
                        "Langevin diverged at step " + d.timeStep() + " (seed " + d.seed() + "); reduce the dt of --tune");
            }
            throw e;
        }
        Solutions.requireFinite(s);
        if (out != null) {
            AtomicFiles.writeString(out, SolutionJson.toJsonString(s));
            System.err.println("dln: wrote " + out);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(SolutionJson.toJsonString(s));
        } else {
            Summary.print(s, stdout);
        }
        stdout.flush();
        return DlnCommand.OK;
    }

    private static int run(Problem p, String betaText, int width, int chains, long seed, int threads, double dt, double burnIn,
                   double sampleTime, int thin, String integrator, Path out, Path npz, boolean json, PrintWriter stdout,
                   Double drift, Path plot) throws java.io.IOException {
        double beta = BayesCommand.parseBeta(betaText);
        if (Double.isInfinite(beta)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "beta", "beta", betaText,
                    "Langevin sampling needs a finite beta > 0");
        }
        if (!(p.gamma0() > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "gamma0", "gamma0", p.gamma0(),
                    "Langevin sampling needs gamma0 > 0 (the output is w.h/(gamma0 N))");
        }
        boolean exponential;
        if (integrator.equals("exponential")) {
            exponential = true;
        } else if (integrator.equals("euler")) {
            exponential = false;
        } else {
            throw new InvalidInputException(InputError.UNKNOWN_VALUE, "integrator", "integrator", integrator,
                    "[exponential, euler]");
        }
        if (!(dt > 0) || !(burnIn >= 0) || !(sampleTime > 0) || thin < 1 || chains < 2 || width < 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "langevin", "Langevin options",
                    "dt=" + dt + ", burn-in=" + burnIn + ", sample-time=" + sampleTime + ", thin=" + thin + ", seeds=" + chains,
                    "need dt > 0, burn-in >= 0, sample-time > 0, thin >= 1, seeds (chains) >= 2");
        }
        double[][][] xs = FiniteWidthTraining.inputsOf(p);
        LangevinSpec spec = new LangevinSpec(xs[0], xs[1], p.y(), p.depth(), p.gamma0(), beta, width, dt, burnIn,
                sampleTime, thin, exponential, chains);
        System.err.printf(Locale.ROOT, "dln: Langevin, N = %d, %d chains, dt = %s, burn-in %s + sampling %s time units (%d steps per chain)%n",
                width, chains, dt, burnIn, sampleTime, spec.burnInSteps() + spec.samplesPerChain() * thin);
        int lagSamples = drift == null ? 0 : SimulatedDrift.lagSamples(drift, spec);
        LangevinEnsemble.Result r;
        org.dln.numeric.simulation.LangevinDriftEnsemble.Result measured = null;
        try {
            if (drift != null) {
                measured = org.dln.numeric.simulation.LangevinDriftEnsemble.run(spec, lagSamples, seed, threads,
                        new Progress("langevin", chains));
                r = measured.state();
            } else {
                r = LangevinEnsemble.run(spec, seed, threads, new Progress("langevin", chains));
            }
        } catch (SimulationDivergedException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "dt", "dt", dt,
                    "Langevin diverged at step " + e.timeStep() + " (seed " + e.seed() + "); reduce --dt (stability needs about dt * beta * lambda_max(K) < 1)");
        }
        var doc = BayesDocument.simulation(p, spec, r, seed);
        org.dln.linear.langevin.DriftCurve theory = measured == null ? null : SimulatedDrift.theory(p, beta, measured);
        if (measured != null) {
            org.dln.linear.io.DriftDocument.add(doc, measured, theory, p.trainCount());
            if (plot != null) {
                System.err.println("dln: wrote " + SimulatedDrift.plot(p, width, measured, theory, plot));
            }
        }
        if (out != null) {
            AtomicFiles.writeString(out, BayesDocument.toJson(doc));
            System.err.println("dln: wrote " + out);
        }
        if (npz != null) {
            org.dln.linear.io.DocumentNpz.write(doc, npz);
            System.err.println("dln: wrote " + npz);
        }
        if (json) {
            stdout.println(BayesDocument.toJson(doc));
        } else {
            double tauMax = 0;
            for (double t : r.tau()) {
                tauMax = Math.max(tauMax, t);
            }
            stdout.printf(Locale.ROOT, "# dln simulate-langevin: N = %d, beta = %s, %d chains x %d samples, max autocorrelation time %.3f%n%n",
                    width, betaText, chains, r.samples() / chains, tauMax);
            stdout.println("| input | posterior mean f | stderr | tau |");
            stdout.println("|---|---|---|---|");
            int m = p.trainCount() + p.testCount();
            int off = p.depth() * m * m;
            for (int i = 0; i < m; i++) {
                stdout.printf(Locale.ROOT, "| %s %d | %.6f | %.6f | %.3f |%n", i < p.trainCount() ? "train" : "test",
                        i < p.trainCount() ? i : i - p.trainCount(), r.mean()[off + i], r.stderr()[off + i], r.tau()[off + i]);
            }
            if (measured != null) {
                SimulatedDrift.summary(p, measured, theory, stdout);
            }
        }
        stdout.flush();
        return DlnCommand.OK;
    }
}
