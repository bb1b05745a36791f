package org.dln.linear.io;

import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import org.dln.linear.bayes.BayesSolution;
import org.dln.linear.problem.Problem;
import org.dln.numeric.simulation.LangevinEnsemble;
import org.dln.numeric.simulation.LangevinSimulator;
import org.dln.numeric.simulation.LangevinSpec;

/**
 * The result documents of {@code dln bayes} (the saddle point, schema "dln-bayes") and {@code dln simulate --langevin}
 * (posterior means of trained networks, schema "dln-bayes-simulation"), both version {@value #SCHEMA_VERSION}, with
 * the same observable names: {@code phi<l>} (P x P), {@code phi<l>_test_train} (Q x P), {@code phi<l>_test_test}
 * (Q x Q), {@code f} (P) and {@code f_test} (Q); the theory adds {@code phihat<l>}, {@code f_nngp},
 * {@code f_test_nngp}; the simulation gives every observable a "stderr" and "tau" (integrated autocorrelation time in
 * Langevin time units) beside its "value".
 */
public final class BayesDocument {
    public static final int SCHEMA_VERSION = 1;

    private BayesDocument() {
    }

    private static ObjectNode header(String schema, Problem p, double beta) {
        ObjectNode o = ProblemJson.MAPPER.createObjectNode();
        o.put("schema", schema);
        o.put("schema_version", SCHEMA_VERSION);
        o.put("dln_version", SolutionJson.VERSION);
        ObjectNode prob = ProblemJson.toJson(p);
        prob.remove("eta");
        prob.remove("T");
        if (Double.isInfinite(beta)) {
            prob.put("beta", "inf");
        } else {
            prob.put("beta", beta);
        }
        o.set("problem", prob);
        return o;
    }

    /** The theory document. */
    public static ObjectNode theory(Problem p, double beta, BayesSolution s) {
        requireFinite(p, s);
        ObjectNode o = header("dln-bayes", p, beta);
        ObjectNode method = o.putObject("method");
        method.put("solver", "newton-continuation");
        method.put("equations", "saddle point of S = -1/2 sum_l Tr Phi^l Phihat^l + gamma0^2/2 y^T (Phi^L + I/beta)^-1 y"
                + " + 1/2 sum_l ln det(I + Phi^{l-1} Phihat^l)");
        method.put("predictor", "f(x) = Phi^L(x,X) [Phi^L(X,X) + I/beta]^-1 y; NNGP: Kx(x,X) [Kx + I/beta]^-1 y");
        o.set("report", SolutionJson.reportJson(s.report()));
        o.put("action", s.action());
        ObjectNode obs = o.putObject("observables");
        for (int l = 1; l <= s.depth(); l++) {
            obs.putObject("phi" + l).set("value", ProblemJson.MAPPER.valueToTree(s.phi()[l]));
            obs.putObject("phihat" + l).set("value", ProblemJson.MAPPER.valueToTree(s.phiHat()[l]));
            if (p.testCount() > 0) {
                obs.putObject("phi" + l + "_test_train").set("value", ProblemJson.MAPPER.valueToTree(s.phiTestTrain()[l]));
                obs.putObject("phi" + l + "_test_test").set("value", ProblemJson.MAPPER.valueToTree(s.phiTestTest()[l]));
            }
        }
        obs.putObject("f").set("value", ProblemJson.MAPPER.valueToTree(s.fTrain()));
        obs.putObject("f_nngp").set("value", ProblemJson.MAPPER.valueToTree(s.nngpTrain()));
        if (p.testCount() > 0) {
            obs.putObject("f_test").set("value", ProblemJson.MAPPER.valueToTree(s.fTest()));
            obs.putObject("f_test_nngp").set("value", ProblemJson.MAPPER.valueToTree(s.nngpTest()));
        }
        return o;
    }

    /** Every number the theory document, CSV and plots hold is finite (exit 1 naming the observable otherwise). */
    public static void requireFinite(Problem p, BayesSolution s) {
        String at = "saddle point";
        for (int l = 1; l <= s.depth(); l++) {
            Solutions.requireFinite("value", "phi" + l, s.phi()[l], at);
            Solutions.requireFinite("value", "phihat" + l, s.phiHat()[l], at);
            if (p.testCount() > 0) {
                Solutions.requireFinite("value", "phi" + l + "_test_train", s.phiTestTrain()[l], at);
                Solutions.requireFinite("value", "phi" + l + "_test_test", s.phiTestTest()[l], at);
            }
        }
        Solutions.requireFinite("value", "f", s.fTrain(), at);
        Solutions.requireFinite("value", "f_nngp", s.nngpTrain(), at);
        if (p.testCount() > 0) {
            Solutions.requireFinite("value", "f_test", s.fTest(), at);
            Solutions.requireFinite("value", "f_test_nngp", s.nngpTest(), at);
        }
        Solutions.requireFinite("value", "action", s.action(), at);
    }

    /** The Langevin document. */
    public static ObjectNode simulation(Problem p, LangevinSpec spec, LangevinEnsemble.Result r, long seed) {
        ObjectNode o = header("dln-bayes-simulation", p, spec.beta());
        ObjectNode method = o.putObject("method");
        method.put("solver", "langevin");
        method.put("integrator", spec.exponential() ? "exponential-euler" : "euler-maruyama");
        method.put("width", spec.width());
        method.put("dt", spec.dt());
        method.put("burn_in", spec.burnIn());
        method.put("sample_time", spec.sampleTime());
        method.put("thin", spec.thin());
        method.put("chains", spec.chains());
        method.put("first_seed", seed);
        method.put("samples", r.samples());
        method.put("wall_seconds", r.wallSeconds());
        method.put("stderr", "sqrt(var * 2 tau_int / samples), tau_int by Sokal's windowed autocorrelation sum over all chains; "
                + "ess = samples / (2 tau_int / (dt thin)), the effective sample size");
        method.put("discretization_bias", "O(dt): exponential Euler is exact for the prior part; Euler-Maruyama also inflates prior variances by 1/(1 - dt/2)");
        int pp = spec.numTrain();
        int q = spec.numTest();
        int m = pp + q;
        ObjectNode obs = o.putObject("observables");
        for (int l = 1; l <= spec.depth(); l++) {
            int off = (l - 1) * m * m;
            put(obs, "phi" + l, r, off, m, 0, pp, 0, pp);
            if (q > 0) {
                put(obs, "phi" + l + "_test_train", r, off, m, pp, m, 0, pp);
                put(obs, "phi" + l + "_test_test", r, off, m, pp, m, pp, m);
            }
        }
        int off = spec.depth() * m * m;
        putVector(obs, "f", r, off, 0, pp);
        if (q > 0) {
            putVector(obs, "f_test", r, off, pp, m);
        }
        return o;
    }

    private static void put(ObjectNode obs, String name, LangevinEnsemble.Result r, int off, int m, int r0, int r1,
                            int c0, int c1) {
        double[][][] v = new double[4][r1 - r0][c1 - c0];
        for (int i = r0; i < r1; i++) {
            for (int j = c0; j < c1; j++) {
                int idx = off + i * m + j;
                v[0][i - r0][j - c0] = r.mean()[idx];
                v[1][i - r0][j - c0] = r.stderr()[idx];
                v[2][i - r0][j - c0] = r.tau()[idx];
                v[3][i - r0][j - c0] = ess(r, idx);
            }
        }
        requireFinite(name, v);
        ObjectNode n = obs.putObject(name);
        n.set("value", ProblemJson.MAPPER.valueToTree(v[0]));
        n.set("stderr", ProblemJson.MAPPER.valueToTree(v[1]));
        n.set("tau", ProblemJson.MAPPER.valueToTree(v[2]));
        n.set("ess", ProblemJson.MAPPER.valueToTree(v[3]));
    }

    private static void putVector(ObjectNode obs, String name, LangevinEnsemble.Result r, int off, int i0, int i1) {
        double[][] v = new double[4][i1 - i0];
        for (int i = i0; i < i1; i++) {
            v[0][i - i0] = r.mean()[off + i];
            v[1][i - i0] = r.stderr()[off + i];
            v[2][i - i0] = r.tau()[off + i];
            v[3][i - i0] = ess(r, off + i);
        }
        requireFinite(name, v);
        ObjectNode n = obs.putObject(name);
        n.set("value", ProblemJson.MAPPER.valueToTree(v[0]));
        n.set("stderr", ProblemJson.MAPPER.valueToTree(v[1]));
        n.set("tau", ProblemJson.MAPPER.valueToTree(v[2]));
        n.set("ess", ProblemJson.MAPPER.valueToTree(v[3]));
    }

    /**
     * Effective sample size samples / (2 tau_int) = var / SE^2 (the samples when the observable does not fluctuate, as
     * for a kernel entry of a frozen layer).
     */
    private static double ess(LangevinEnsemble.Result r, int idx) {
        double se = r.stderr()[idx], sd = r.sampleSd()[idx];
        return se > 0 ? sd * sd / (se * se) : r.samples();
    }

    /** Value, standard error and autocorrelation time of a Langevin observable are finite. */
    private static void requireFinite(String name, Object[] v) {
        Solutions.requireFinite("value", name, v[0], "posterior mean");
        Solutions.requireFinite("standard error", name, v[1], "posterior mean");
        Solutions.requireFinite("autocorrelation time", name, v[2], "posterior mean");
    }

    /** Writes a document as pretty JSON. */
    public static String toJson(ObjectNode doc) throws IOException {
        return ProblemJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
    }

    /** CSV: one row per sample (train then test), columns kind, index, f, f_nngp, then Phi^L row entries. */
    public static void writeCsv(BayesSolution s, Writer w) {
        PrintWriter out = new PrintWriter(w);
        int p = s.fTrain().length;
        int depth = s.depth();
        StringBuilder head = new StringBuilder("set,index,f,f_nngp");
        for (int j = 0; j < p; j++) {
            head.append(",phi").append(depth).append("[.][").append(j).append(']');
        }
        out.println(head);
        for (int i = 0; i < p; i++) {
            out.print(String.format(Locale.ROOT, "train,%d,%.17g,%.17g", i, s.fTrain()[i], s.nngpTrain()[i]));
            for (int j = 0; j < p; j++) {
                out.print(String.format(Locale.ROOT, ",%.17g", s.phi()[depth][i][j]));
            }
            out.println();
        }
        for (int i = 0; i < s.fTest().length; i++) {
            out.print(String.format(Locale.ROOT, "test,%d,%.17g,%.17g", i, s.fTest()[i], s.nngpTest()[i]));
            for (int j = 0; j < p; j++) {
                out.print(String.format(Locale.ROOT, ",%.17g", s.phiTestTrain()[depth][i][j]));
            }
            out.println();
        }
        out.flush();
    }


    /** Number of Langevin observables (for progress messages). */
    public static int observableCount(LangevinSpec s) {
        return LangevinSimulator.observableCount(s);
    }
}
