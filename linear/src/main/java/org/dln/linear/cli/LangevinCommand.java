package org.dln.linear.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.dln.linear.bayes.BayesSaddleSolver;
import org.dln.linear.bayes.BayesSolution;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.io.DriftOutputs;
import org.dln.linear.io.LangevinOutputs;
import org.dln.linear.langevin.DriftCurve;
import org.dln.linear.langevin.LangevinEngine;
import org.dln.linear.langevin.LangevinParameters;
import org.dln.linear.langevin.LangevinTrajectory;
import org.dln.linear.langevin.StationaryDrift;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.problem.TeacherStudent;
import org.dln.linear.result.Solution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dln langevin}: Langevin training at infinite width (theory.md section 12). */
@Command(name = "langevin", description = {"Solve Langevin training (weight decay lambda, temperature T, likelihood factor beta, " +
        "initial weight scale sigma0) of a deep linear network at infinite width: the mean predictor, losses, equal- and " +
        "two-time kernels, the neural dynamical kernel (gamma0 = 0) and the two time scales. gamma0 = 0 (any L) and L = 1 " +
        "are integrated as ODE systems; L >= 2 with gamma0 > 0 by the extrapolated trapezoid march. With T > 0 and lambda > 0 " +
        "the end state is compared with the Bayesian saddle point (dln bayes) through theory.md (12.1)."})
final class LangevinCommand extends ProblemCommand {

    @Option(names = {"--lambda", "--weight-decay"}, paramLabel = "LAMBDA", defaultValue = "1", description = "Weight decay lambda >= 0 (default 1).")
    double lambda;

    @Option(names = {"--temperature"}, paramLabel = "T", defaultValue = "1", description = "Temperature T >= 0 (default 1).")
    double temperature;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1", description = "Likelihood factor beta > 0 of E = beta N gamma0^2/2 sum (f-y)^2 (default 1).")
    double beta;

    @Option(names = "--sigma0", paramLabel = "S", defaultValue = "1", description = "Initial weight standard deviation (default 1).")
    double sigma0;

    @Option(names = "--t-max", paramLabel = "T", description = "Horizon (default 50 / lambda, or 10 without decay).")
    Double tMax;

    @Option(names = "--points", paramLabel = "N", defaultValue = "200", description = "Output times: 0 and N-1 log-spaced (ODE systems; default 200).")
    int points;

    @Option(names = "--two-time-points", paramLabel = "K", defaultValue = "40", description = "Times of the two-time kernels (default 40, at most 400).")
    int twoTimePoints;

    @Option(names = "--tol", paramLabel = "TOL", defaultValue = "1e-12", description = "Local relative tolerance of the ODE integrator (default 1e-12).")
    double tol;

    @Option(names = "--march", paramLabel = "H0[,LEVELS[,N0]]", description = "Use the extrapolated march with base step H0 (the " +
            "spacing of the reported times) and LEVELS levels (default 5 harmonic, 3 halving): steps H0/N0, H0/(N0+1), ... (harmonic, " +
            "N0 default 1) or H0, H0/2, H0/4, ... (halving). The default for L >= 2 with gamma0 > 0, where H0 is chosen from the NTK rate.")
    String march;

    @Option(names = "--march-sequence", paramLabel = "SEQ", description = "The march's step sequence: harmonic (default with the " +
            "trapezoid scheme; far cheaper for the same order, theory.md 12.6) or halving (default with the discrete scheme).")
    String marchSequence;

    @Option(names = "--march-scheme", paramLabel = "S", defaultValue = "trapezoid", description = "The march's scheme: trapezoid " +
            "(second order, Richardson in h^2; theory.md 12.6; default) or discrete (the exact DMFT of the exponential-Euler " +
            "sampler, first order; 12.5).")
    String marchScheme;

    @Option(names = "--teacher-student", paramLabel = "P,Q,D,alpha[,noise[,seed]]",
            description = "Use the synthetic teacher-student task of dln bayes (test loss against the clean teacher).")
    String teacherStudent;

    @Option(names = "--times", paramLabel = "T1,T2,...", description = "Explicit output times (the first 0) instead of --points; " +
            "with the march every time must be a multiple of its step.")
    String times;

    @Option(names = "--drift", paramLabel = "TAU_MAX[,LAGS]", description = "Representational drift in the stationary state " +
            "(lambda > 0, T > 0): autocorrelation of Phi^l(t+tau,t) and of the weights for LAGS (default 41) lags 0..TAU_MAX, " +
            "their 1/e times; JSON method.drift_*, drift_*.npy with --arrays, PREFIX_langevin_drift with --plot (theory.md 12.7).")
    String drift;

    @Option(names = "--arrays", paramLabel = "DIR", description = "Write the .npy arrays (docs/formats.md, 'Langevin arrays') into DIR.")
    Path arrays;

    @Override
    public Integer call() throws Exception {
        output.check();
        OutputOptions.checkOutputDirectory(arrays, "arrays");
        TeacherStudent ts = null;
        Problem p;
        if (teacherStudent != null) {
            ts = BayesCommand.parseTeacher(teacherStudent);
            Problem given = problem.builder().checkStability(false).build();
            p = ts.builder().checkStability(false).depth(given.depth()).gamma0(given.gamma0()).build();
        } else {
            p = problem.builder().checkStability(false).build();
        }
        double[] explicit = times == null ? null : parseTimes(times, "times");
        double horizon = explicit != null ? explicit[explicit.length - 1] : tMax != null ? tMax : lambda > 0 ? 50 / lambda : 10;
        LangevinParameters par = new LangevinParameters(lambda, temperature, beta, sigma0, horizon, points, twoTimePoints, tol);
        double scheme = parseScheme(marchScheme);
        double sequence = parseSequence(marchSequence, scheme);
        double[] marchOptions;
        if (march != null) {
            marchOptions = parseMarch(march, scheme, sequence);
        } else if ((scheme == LangevinEngine.DISCRETE || marchSequence != null) && !LangevinEngine.supports(p.depth(), p.gamma0())) {
            double h0 = LangevinEngine.defaultMarch(p, par)[0];
            marchOptions = parseMarch(Double.toString(h0), scheme, sequence);
        } else {
            marchOptions = null;
        }
        double[] driftOptions = drift == null ? null : LangevinDrift.parse(drift);
        if (driftOptions != null) {
            StationaryDrift.requireStationary(par);
        }
        Solution s = new org.dln.linear.dmft.LangevinSolver(par, marchOptions, explicit).solve(p, new Progress("langevin"));
        LangevinTrajectory tr = s.extra(LangevinTrajectory.class).orElseThrow();
        DriftCurve driftCurve = driftOptions == null ? null
                : LangevinDrift.theory(p, par, driftOptions, marchOptions != null, tr);
        if (driftCurve != null) {
            s = s.withMethod(DriftOutputs.method(s.method(), driftCurve, p.trainCount()));
        }
        double[] testLoss = null;
        if (ts != null) {
            testLoss = new double[tr.timePoints()];
            int pn = p.trainCount();
            for (int i = 0; i < testLoss.length; i++) {
                testLoss[i] = ts.testLoss(java.util.Arrays.copyOfRange(tr.f()[i], pn, tr.f()[i].length));
            }
        }
        PrintWriter out = out();
        output.emit(s, out);
        if (arrays != null) {
            for (Path f : LangevinOutputs.writeArrays(tr, p.trainCount(), testLoss, arrays)) {
                System.err.println("dln: wrote " + f);
            }
            if (driftCurve != null) {
                for (Path f : DriftOutputs.writeArrays(driftCurve, p.trainCount(), arrays)) {
                    System.err.println("dln: wrote " + f);
                }
            }
        }
        if (output.plot != null) {
            for (Path f : LangevinOutputs.writePlots(tr, p.y(), testLoss, OutputOptions.plotPrefix(output.plot),
                    OutputOptions.plotFormat(output.plot))) {
                System.err.println("dln: wrote " + f);
            }
            if (driftCurve != null) {
                System.err.println("dln: wrote " + DriftOutputs.writePlot(driftCurve, p.trainCount(), null,
                        DriftOutputs.title(p.gamma0(), p.depth(), lambda, temperature),
                        OutputOptions.plotPrefix(output.plot), OutputOptions.plotFormat(output.plot)));
            }
        }
        if (output.markdown()) {
            summary(p, par, tr, testLoss, out);
            if (driftCurve != null) {
                LangevinDrift.summary(driftCurve, p.trainCount(), out);
            }
        }
        out.flush();
        return DlnCommand.OK;
    }

    /** Times "a,b,c" (or ';'-separated): finite, increasing, the first 0. */
    static double[] parseTimes(String s, String field) {
        if (s == null) {
            throw new InvalidInputException(InputError.MISSING, field, field, "give the times, e.g. 0;0.1;1");
        }
        String[] a = s.split("[,;]");
        double[] t = new double[a.length];
        try {
            for (int i = 0; i < a.length; i++) {
                t[i] = Double.parseDouble(a[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, s, "give numbers separated by ',' or ';'");
        }
        if (t.length < 2 || t[0] != 0) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, s, "need at least two times, the first 0");
        }
        for (int i = 1; i < t.length; i++) {
            if (!(t[i] > t[i - 1]) || !Double.isFinite(t[i])) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, s, "times must be finite and increasing");
            }
        }
        return t;
    }

    static double parseScheme(String s) {
        if ("trapezoid".equals(s)) {
            return LangevinEngine.TRAPEZOID;
        }
        if ("discrete".equals(s)) {
            return LangevinEngine.DISCRETE;
        }
        throw new InvalidInputException(InputError.OUT_OF_RANGE, "march-scheme", "march-scheme", s, "give trapezoid or discrete");
    }

    static double parseSequence(String s, double scheme) {
        if (s == null) {
            return scheme == LangevinEngine.DISCRETE ? LangevinEngine.HALVING : LangevinEngine.HARMONIC;
        }
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "harmonic":
                return LangevinEngine.HARMONIC;
            case "halving":
                return LangevinEngine.HALVING;
            default:
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "march-sequence", "march-sequence", s,
                        "give harmonic or halving");
        }
    }

    /** H0[,LEVELS[,N0]] with the scheme and the sequence: the options of {@link LangevinEngine#solveMarch}. */
    static double[] parseMarch(String s, double scheme, double sequence) {
        String[] a = s.split(",");
        boolean harmonic = sequence == LangevinEngine.HARMONIC;
        int maxLevels = harmonic ? LangevinEngine.MAX_LEVELS : 5;
        try {
            double h0 = Double.parseDouble(a[0].trim());
            int levels = a.length > 1 ? Integer.parseInt(a[1].trim()) : harmonic ? 5 : 3;
            int n0 = a.length > 2 ? Integer.parseInt(a[2].trim()) : 1;
            if (a.length > 3 || (a.length > 2 && !harmonic) || !(h0 > 0) || levels < 1 || levels > maxLevels || n0 < 1 || n0 > 64) {
                throw new NumberFormatException();
            }
            return new double[] {h0, levels, scheme, sequence, n0};
        } catch (NumberFormatException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "march", "march", s, harmonic
                    ? "give H0[,LEVELS[,N0]] with a step H0 > 0, 1.." + maxLevels + " levels and a first subdivision N0 in 1..64, e.g. 0.5,6,2"
                    : "give H0[,LEVELS] with a step H0 > 0 and 1..5 levels, e.g. 0.1,3 (N0 only with --march-sequence=harmonic)");
        }
    }

    private static void summary(Problem p, LangevinParameters par, LangevinTrajectory tr, double[] testLoss, PrintWriter out) {
        int n = tr.timePoints(), pn = p.trainCount(), m = tr.f()[0].length, L = p.depth();
        out.println();
        out.printf(Locale.ROOT, "## Langevin: lambda = %s, T = %s, beta = %s, sigma0 = %s (sigma^2 = T/lambda = %s), model %s%n%n",
                par.lambda(), par.temperature(), par.beta(), par.sigma0(), par.sigma2(), tr.model());
        out.printf(Locale.ROOT, "| time scale | measured | predicted (kernel regime) |%n|---|---|---|%n");
        out.printf(Locale.ROOT, "| fast (|Delta|/|y| = 1/e) | %.6g | %.6g |%n", tr.fastTime(), tr.fastPredicted());
        out.printf(Locale.ROOT, "| slow (late decay of f) | %.6g | %.6g |%n", tr.slowTime(), tr.slowPredicted());
        if (!Double.isNaN(tr.errorEstimate())) {
            out.printf(Locale.ROOT, "%nMarch (%s): %d time points at the finest level, Richardson error estimate %.3e%n",
                    tr.model(), tr.steps(), tr.errorEstimate());
        }
        if (testLoss != null) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (testLoss[i] < testLoss[best]) {
                    best = i;
                }
            }
            out.printf(Locale.ROOT, "%nTest loss: %.6g at t = 0, best %.6g at t = %.6g, final %.6g at t = %s%n", testLoss[0],
                    testLoss[best], tr.times()[best], testLoss[n - 1], tr.times()[n - 1]);
        }
        double[] fb = null;
        if (par.temperature() > 0 && par.lambda() > 0) {
            // the posterior through theory.md (12.1): y' = y / sigma^{L+1}, beta' = beta sigma^{2L+2} / T, f = sigma^{L+1} f'
            double s2 = par.sigma2(), sl = Math.pow(s2, (L + 1) / 2.0);
            double[] yp = p.y();
            for (int i = 0; i < pn; i++) {
                yp[i] /= sl;
            }
            double betaPrime = par.beta() * p.lossScale() * Math.pow(s2, L + 1) / par.temperature();
            BayesSolution b = new BayesSaddleSolver(1e-13).solve(p.kx(), yp, p.kxTestTrain(), p.kxTestTest(), L, p.gamma0(),
                    1 / betaPrime);
            if (!b.converged()) {
                out.printf(Locale.ROOT, "%nThe Bayesian saddle-point solver did NOT converge for the mapped problem (y' = y / %.4g, "
                        + "beta' = %.4g): no comparison of the end state (%s)%n", sl, betaPrime, b.report());
            } else {
                fb = new double[m];
                for (int i = 0; i < pn; i++) {
                    fb[i] = sl * b.fTrain()[i];
                }
                for (int i = pn; i < m; i++) {
                    fb[i] = sl * b.fTest()[i - pn];
                }
            }
        }
        out.printf(Locale.ROOT, "%n| input | f(t_max) | Bayesian posterior mean (12.1) | difference |%n|---|---|---|---|%n");
        double worst = 0;
        for (int i = 0; i < m; i++) {
            double f = tr.f()[n - 1][i];
            String bs = fb == null ? "" : String.format(Locale.ROOT, "%.10f", fb[i]);
            String ds = fb == null ? "" : String.format(Locale.ROOT, "%.2e", f - fb[i]);
            if (fb != null) {
                worst = Math.max(worst, Math.abs(f - fb[i]));
            }
            out.printf(Locale.ROOT, "| %s %d | %.10f | %s | %s |%n", i < pn ? "train" : "test", i < pn ? i : i - pn, f, bs, ds);
        }
        if (fb != null) {
            out.printf(Locale.ROOT, "%nmax |f(t_max) - posterior mean| = %.3e (t_max = %s = %.3g / lambda)%n", worst,
                    tr.times()[n - 1], tr.times()[n - 1] * par.lambda());
        }
    }
}
