package org.dln.linear.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dln.linear.bayes.BayesSolution;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;

/**
 * The golden cases of the other solvers (suite version 2, beside {@link GoldenSuite}'s gradient-descent cases, which
 * stay as they were): gradient flow, Monte Carlo sampling of ReLU and tanh networks (every value with its standard
 * error) and Bayesian saddle points. Each case.json states its solver and its tolerance rule ({@code tolerance}),
 * which {@code dln check} applies unless --atol/--rtol are given. Definitions only: the command line solves them.
 */
public final class OracleCases {
    /** Combined standard errors a sampled value may deviate by (a two-sided 4-sigma rule: 6e-5 per value if Gaussian). */
    public static final double SAMPLING_SIGMA = 4.0;

    private OracleCases() {
    }

    /** Which solver a case is for. */
    public enum Family {
        GRADIENT_FLOW("gradient-flow"), SAMPLING("sampling"), BAYES("bayes"),
        /** The O(1/N) fluctuations around exact gradient descent ({@code dln solve --width N}). */
        FLUCTUATIONS("fluctuations"),
        /** The O(1/N) fluctuations around gradient flow ({@code dln flow --width N}). */
        FLUCTUATIONS_FLOW("fluctuations-flow");

        private final String id;

        Family(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * One case: its solver family and settings (flow: horizon and points; sampling: activation, draws, seed; Bayes:
     * beta; fluctuations: the width N of the band, which scales no value), and the tolerance rule of {@code dln check}.
     */
    public record Case(String id, String description, Family family, Problem problem, double tMax, int points,
                       String activation, long draws, long seed, double beta, double atol, double rtol, double sigma,
                       String rule, int width) {
        Case(String id, String description, Family family, Problem problem, double tMax, int points, String activation,
             long draws, long seed, double beta, double atol, double rtol, double sigma, String rule) {
            this(id, description, family, problem, tMax, points, activation, draws, seed, beta, atol, rtol, sigma, rule, 0);
        }

        /** Whether the case is a trajectory of gradient flow (row t at time t_max t / (T - 1)). */
        public boolean flow() {
            return family == Family.GRADIENT_FLOW || family == Family.FLUCTUATIONS_FLOW;
        }
    }

    /** The width N of the band of the fluctuation cases (the variances N Var do not depend on it). */
    static final int BAND_WIDTH = 1024;

    /** The cases, in order. */
    public static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        String flowRule = "|result - case| <= atol + rtol |case| at every time point; the case is the collocation solution "
                + "(Newton to 1e-12 per element, graded grid to 1e-11), accurate to about 1e-10";
        cs.add(new Case("flow-P1-L2-g1", "gradient flow, one whitened input (Kx = 1), y = 1, L = 2, gamma0 = 1, t = 0, 0.1, .., 5",
                Family.GRADIENT_FLOW, GoldenSuite.whitened(1, 3).depth(2).gamma0(1.0).eta(0.1).timePoints(51).checkStability(false)
                        .build(), 5.0, 51, null, 0, 0, 0, 1e-8, 1e-8, 0, flowRule));
        cs.add(new Case("flow-P4-L2-g1", "gradient flow, 4 random inputs (D = 8), L = 2, gamma0 = 1, t = 0, 0.1, .., 5",
                Family.GRADIENT_FLOW, GoldenSuite.random(4, 0, 7).depth(2).gamma0(1.0).eta(0.1).timePoints(51).checkStability(false)
                        .build(), 5.0, 51, null, 0, 0, 0, 1e-8, 1e-8, 0, flowRule));
        String sampleRule = "|result - case| <= " + SAMPLING_SIGMA + " sqrt(se_case^2 + se_result^2) + atol, per value: the case is a "
                + "Monte Carlo estimate with standard errors (<name>_se.npy; Student-t with method.stderr_dof degrees of freedom); "
                + "an exact solver gives se_result = 0, a sampler its own standard errors (<name>_se in its result)";
        for (String act : new String[] {"relu", "tanh"}) {
            cs.add(new Case("sample-" + act + "-P3-L2-g1", act + " network, 3 random inputs (D = 8), L = 2, gamma0 = 1, eta = 0.05, T = 21, "
                    + "Monte Carlo sampling (20000 draws, seed 1)", Family.SAMPLING,
                    GoldenSuite.random(3, 0, 7).depth(2).gamma0(1.0).eta(0.05).timePoints(21).build(), 0, 0, act, 20_000, 1, 0,
                    1e-12, 0, SAMPLING_SIGMA, sampleRule));
        }
        String bayesRule = "|result - case| <= atol + rtol |case|; the case is the saddle point by Newton to a residual of 1e-13";
        cs.add(new Case("bayes-P4-Q2-L2-g1-beta4", "Bayesian saddle point, 4 random train and 2 test inputs (D = 8), L = 2, gamma0 = 1, "
                + "beta = 4", Family.BAYES, GoldenSuite.random(4, 2, 13).depth(2).gamma0(1.0).eta(0.1).timePoints(2).checkStability(false)
                        .build(), 0, 0, null, 0, 0, 4.0, 1e-9, 1e-9, 0, bayesRule));
        cs.add(new Case("bayes-P4-Q2-L3-g2-betainf", "Bayesian saddle point, noise-free (beta = inf), 4 random train and 2 test inputs, "
                + "L = 3, gamma0 = 2", Family.BAYES, GoldenSuite.random(4, 2, 13).depth(3).gamma0(2.0).eta(0.1).timePoints(2)
                        .checkStability(false).build(), 0, 0, null, 0, 0, Double.POSITIVE_INFINITY, 1e-9, 1e-9, 0, bayesRule));
        fluctuationCases(cs);
        return cs;
    }

    /**
     * The finite-width cases (suite version 3): N Var and N Cov of f, of the NTK entries, of Phi^l(t,t) and G^l(t,t)
     * (var_*, cov_* and snr_* .npy files beside the means), small enough to solve in seconds.
     */
    private static void fluctuationCases(List<Case> cs) {
        String exact = "|result - case| <= atol + rtol |case| at every time point, for the means and the var_*, cov_*, snr_* "
                + "observables (N times the O(1/N) (co)variances; they do not depend on the width N); the case is exact to rounding: ";
        String one = exact + "for L = 1 the delta method of the exact finite-dimensional reduction (docs/theory.md 11.4)";
        String deep = exact + "for L >= 2 the saddle-point linear response of the formal site measures, iterated to 1e-14 "
                + "(docs/theory.md 11.7)";
        cs.add(descent("fluct-P1-L1-g1", "one whitened input (Kx = 1), y = 1, L = 1, gamma0 = 1, eta = 0.1, T = 31 (the two-scalar "
                + "reduction of docs/theory.md 11.4)", GoldenSuite.whitened(1, 3).depth(1).gamma0(1.0).eta(0.1).timePoints(31), one));
        cs.add(descent("fluct-P4-Q2-L1-g1-centred", "4 random train and 2 test inputs (D = 8), L = 1, gamma0 = 1, eta = 0.02, T = 51, "
                + "centred output", GoldenSuite.random(4, 2, 13).depth(1).gamma0(1.0).eta(0.02).timePoints(51).conventions(centred()), one));
        cs.add(descent("fluct-P3-L2-g1", "3 random inputs (D = 8), L = 2, gamma0 = 1, eta = 0.05, T = 12",
                GoldenSuite.random(3, 0, 7).depth(2).gamma0(1.0).eta(0.05).timePoints(12), deep));
        cs.add(descent("fluct-P2-Q1-L3-g2-centred", "2 random train and 1 test input (D = 8), L = 3, gamma0 = 2, eta = 0.05, T = 10, "
                + "centred output", GoldenSuite.random(2, 1, 13).depth(3).gamma0(2.0).eta(0.05).timePoints(10).conventions(centred()), deep));
        cs.add(flow("fluct-flow-P2-L1-g1", "2 random inputs (D = 8), L = 1, gamma0 = 1, t = 0, 0.1, .., 2",
                GoldenSuite.random(2, 0, 7).depth(1).gamma0(1.0).eta(0.1).timePoints(21), 2.0, 1e-8, "|result - case| <= atol + rtol "
                        + "|case| at every time point; the case's means are the collocation solution and its (co)variances the exact "
                        + "one-hidden-layer flow engine (docs/theory.md 11.4, RK4 to convergence), both accurate to about 1e-10"));
        cs.add(flow("fluct-flow-P2-L2-g1", "2 random inputs (D = 8), L = 2, gamma0 = 1, t = 0, 0.15, 0.3",
                GoldenSuite.random(2, 0, 7).depth(2).gamma0(1.0).eta(0.1).timePoints(3), 0.3, 1e-7, "|result - case| <= atol + rtol "
                        + "|case| at every time point; the case's (co)variances are exact gradient descent extrapolated to eta = 0 "
                        + "(docs/theory.md 11.9) with an estimated normwise relative error below 1e-8 (case.json: fluctuations_error), "
                        + "the rule allowing 10x that per value"));
    }

    /** A fluctuation case of gradient descent, exact to rounding (rule atol = rtol = 1e-9). */
    private static Case descent(String id, String description, Problem.Builder problem, String rule) {
        return new Case(id, "finite-width fluctuations of gradient descent, " + description, Family.FLUCTUATIONS, problem.build(), 0, 0,
                null, 0, 0, 0, 1e-9, 1e-9, 0, rule, BAND_WIDTH);
    }

    /** A fluctuation case of gradient flow at the builder's T equally spaced times of [0, tMax] (atol = rtol = tol). */
    private static Case flow(String id, String description, Problem.Builder problem, double tMax, double tol, String rule) {
        Problem p = problem.checkStability(false).build();
        return new Case(id, "finite-width fluctuations of gradient flow, " + description, Family.FLUCTUATIONS_FLOW, p, tMax,
                p.timePoints(), null, 0, 0, 0, tol, tol, 0, rule, BAND_WIDTH);
    }

    private static Conventions centred() {
        return new Conventions(Conventions.Loss.SUM, Conventions.Output.CENTRED);
    }

    /**
     * Writes case {@code c} solved as {@code s} (Bayes: its {@link BayesSolution} extra) into {@code dir} and returns
     * its manifest entry.
     */
    static ObjectNode write(Path dir, Case c, Solution s) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("problem.json"), GoldenSuite.pretty(ProblemJson.toJson(c.problem())));
        ArrayNode files = ProblemJson.MAPPER.createArrayNode();
        ObjectNode cj = ProblemJson.MAPPER.createObjectNode();
        cj.put("id", c.id());
        cj.put("description", c.description());
        cj.put("solver", c.family().id());
        cj.put("L", c.problem().depth());
        cj.put("P", c.problem().trainCount());
        cj.put("Q", c.problem().testCount());
        cj.put("gamma0", c.problem().gamma0());
        switch (c.family()) {
            case GRADIENT_FLOW, FLUCTUATIONS_FLOW -> {
                cj.put("t_max", c.tMax());
                cj.put("T", c.points());
                cj.put("time", "row t of every .npy is the time t_max t / (T - 1) of gradient flow (time.npy); eta is not used");
                writeTrajectory(dir, s, files, false);
                double[] times = new double[s.timePoints()];
                for (int i = 0; i < times.length; i++) {
                    times[i] = s.time(i);
                }
                Npy.write(dir.resolve("time.npy"), new int[] {times.length}, times);
                files.add("time.npy");
            }
            case SAMPLING -> {
                cj.put("activation", c.activation());
                cj.put("eta", c.problem().eta());
                cj.put("T", c.problem().timePoints());
                cj.put("draws", c.draws());
                cj.put("seed", c.seed());
                cj.put("stderr_dof", s.method().number("stderr_dof", 0));
                writeTrajectory(dir, s, files, true);
            }
            case FLUCTUATIONS -> {
                cj.put("eta", c.problem().eta());
                cj.put("T", c.problem().timePoints());
                writeTrajectory(dir, s, files, false);
            }
            case BAYES -> {
                if (Double.isInfinite(c.beta())) {
                    cj.put("beta", "inf");
                } else {
                    cj.put("beta", c.beta());
                }
                cj.put("time", "a stationary state: every .npy has one row (t = 0) before its shape");
                writeBayes(dir, c, s.extra(BayesSolution.class).orElseThrow(), files);
            }
        }
        if (c.width() > 0) {
            cj.put("width", c.width());
            double err = s.method().number("fluctuations_error", Double.NaN);
            if (Double.isFinite(err)) {
                cj.put("fluctuations_error", err); // not an .npy: a solver's own error estimate is not a value to match
            }
        }
        ObjectNode tol = cj.putObject("tolerance");
        tol.put("atol", c.atol());
        tol.put("rtol", c.rtol());
        if (c.sigma() > 0) {
            tol.put("sigma", c.sigma());
        }
        tol.put("rule", c.rule());
        cj.set("files", files);
        AtomicFiles.writeString(dir.resolve("case.json"), GoldenSuite.pretty(cj));
        ObjectNode entry = ProblemJson.MAPPER.createObjectNode();
        entry.put("id", c.id());
        entry.put("description", c.description());
        entry.put("solver", c.family().id());
        entry.put("L", c.problem().depth());
        entry.put("P", c.problem().trainCount());
        entry.put("gamma0", c.problem().gamma0());
        return entry;
    }

    private static void writeTrajectory(Path dir, Solution s, ArrayNode files, boolean stderr) throws IOException {
        ObjectNode doc = GoldenSuite.reproducible(SolutionJson.toJson(s));
        AtomicFiles.writeString(dir.resolve("result.json"), GoldenSuite.pretty(doc));
        int tp = s.timePoints();
        double[] t = new double[tp];
        for (int i = 0; i < tp; i++) {
            t[i] = i;
        }
        Npy.write(dir.resolve("t.npy"), new int[] {tp}, t);
        files.add("t.npy");
        for (Observable o : s.observables().values()) {
            if (stderr && !o.hasStderr() || o.name().equals("err_fluct")) {
                continue; // sampling: alignments of the mean kernels have no standard error, hence no tolerance; the flow
                          // fluctuations' error estimate is the engine's own, not a value another solver should match
            }
            Npy.write(dir.resolve(o.name() + ".npy"), o.shape(), o.value());
            files.add(o.name() + ".npy");
            if (stderr && o.hasStderr()) {
                Npy.write(dir.resolve(o.name() + "_se.npy"), o.shape(), o.stderr());
                files.add(o.name() + "_se.npy");
            }
        }
    }

    private static void writeBayes(Path dir, Case c, BayesSolution b, ArrayNode files) throws IOException {
        AtomicFiles.writeString(dir.resolve("result.json"), BayesDocument.toJson(GoldenSuite.reproducible(BayesDocument.theory(c.problem(), c.beta(), b))));
        Npy.write(dir.resolve("t.npy"), new int[] {1}, new double[] {0});
        files.add("t.npy");
        for (int l = 1; l <= b.depth(); l++) {
            matrix(dir, "phi" + l, b.phi()[l], files);
            if (c.problem().testCount() > 0) {
                matrix(dir, "phi" + l + "_test_train", b.phiTestTrain()[l], files);
            }
        }
        vector(dir, "f", b.fTrain(), files);
        vector(dir, "f_nngp", b.nngpTrain(), files);
        if (c.problem().testCount() > 0) {
            vector(dir, "f_test", b.fTest(), files);
            vector(dir, "f_test_nngp", b.nngpTest(), files);
        }
    }

    private static void matrix(Path dir, String name, double[][] m, ArrayNode files) throws IOException {
        Npy.write(dir.resolve(name + ".npy"), new int[] {1, m.length, m.length == 0 ? 0 : m[0].length}, Observable.flatten(m));
        files.add(name + ".npy");
    }

    private static void vector(Path dir, String name, double[] v, ArrayNode files) throws IOException {
        Npy.write(dir.resolve(name + ".npy"), new int[] {1, v.length}, v.clone());
        files.add(name + ".npy");
    }
}
