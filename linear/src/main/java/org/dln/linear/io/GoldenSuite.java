package org.dln.linear.io;

import org.dln.linear.result.Solution;
import org.dln.linear.result.Observable;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.Problem;

/**
 * The golden reference suite ({@code dln golden}): exact infinite-width gradient-descent trajectories of deep linear
 * networks for a fixed, versioned list of cases, written as a manifest plus one folder per case with the problem,
 * the full result document and one NumPy .npy file per observable (docs/formats.md "Golden suite"). Deterministic: the same
 * version writes the same bytes.
 */
public final class GoldenSuite {
    /**
     * Version of the list of cases and of the folder layout: 2 adds the cases of the other solvers ({@link OracleCases});
     * 3 adds the finite-width fluctuation cases; the earlier case folders are byte-identical to version 1's and 2's.
     */
    public static final int SUITE_VERSION = 3;

    /** One reference case. */
    public record Case(String id, String description, String data, Problem problem) {
    }

    private GoldenSuite() {
    }

    /** Random inputs: X (P x 8) with i.i.d. N(0,1) entries and targets N(0,1), from a fixed seed. */
    static Problem.Builder random(int p, int q, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 8;
        double[][] x = new double[p][d];
        double[][] xt = new double[q][d];
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextGaussian();
            }
        }
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < d; j++) {
                xt[i][j] = rnd.nextGaussian();
            }
        }
        for (int i = 0; i < p; i++) {
            y[i] = rnd.nextGaussian();
        }
        return new Problem.Builder().inputs(x).testInputs(q > 0 ? xt : null).y(y);
    }

    /** Whitened data: Kx = I (orthonormal inputs); targets from a fixed seed (y = 1 for one sample). */
    static Problem.Builder whitened(int p, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] k = new double[p][p];
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            k[i][i] = 1.0;
            y[i] = p == 1 ? 1.0 : rnd.nextGaussian();
        }
        return new Problem.Builder().gram(k).y(y);
    }

    private static String g(double gamma0) {
        return String.format(Locale.ROOT, "%s", gamma0).replace(".0", "").replace('.', 'p');
    }

    /**
     * The cases of suite version {@value #SUITE_VERSION}: eta = 0.02 (0.01 for the random gamma0 = 3 cases) and T = 51
     * time points unless stated, so that eta lambda_max(K(t)) stays below the stability edge 2 in every case.
     */
    public static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        double eta = 0.02;
        int tp = 51;
        for (int depth = 1; depth <= 4; depth++) {
            for (double gamma0 : new double[] {0.0, 0.5, 1.0, 3.0}) {
                cs.add(new Case("random-P4-L" + depth + "-g" + g(gamma0), "4 random inputs (D = 8), L = " + depth + ", gamma0 = " + gamma0
                        + (gamma0 == 0 ? " (lazy limit)" : ""), "random",
                        random(4, 0, 7).depth(depth).gamma0(gamma0).eta(gamma0 >= 3 ? eta / 2 : eta).timePoints(tp).build()));
            }
        }
        for (int depth = 1; depth <= 4; depth++) {
            for (double gamma0 : new double[] {1.0, 3.0}) {
                cs.add(new Case("whitened-P1-L" + depth + "-g" + g(gamma0), "one whitened input (Kx = 1), y = 1, L = " + depth
                        + ", gamma0 = " + gamma0, "whitened", whitened(1, 3).depth(depth).gamma0(gamma0).eta(eta).timePoints(tp).build()));
            }
        }
        for (int p : new int[] {2, 8}) {
            cs.add(new Case("whitened-P" + p + "-L2-g1", p + " whitened inputs (Kx = I), L = 2, gamma0 = 1", "whitened",
                    whitened(p, 5).depth(2).gamma0(1.0).eta(eta).timePoints(tp).build()));
        }
        for (int p : new int[] {1, 2, 8}) {
            cs.add(new Case("random-P" + p + "-L3-g1", p + " random inputs (D = 8), L = 3, gamma0 = 1", "random",
                    random(p, 0, 11).depth(3).gamma0(1.0).eta(eta).timePoints(tp).build()));
        }
        Conventions.Loss[] losses = {Conventions.Loss.MEAN, Conventions.Loss.SUM, Conventions.Loss.SUM, Conventions.Loss.MEAN};
        Conventions.Output[] outs = {Conventions.Output.UNCENTRED, Conventions.Output.CENTRED, Conventions.Output.UNCENTRED,
            Conventions.Output.UNCENTRED};
        Conventions.Update[] ups = {Conventions.Update.EXACT, Conventions.Update.EXACT, Conventions.Update.NTK_EULER,
            Conventions.Update.NTK_EULER};
        for (int i = 0; i < losses.length; i++) {
            Conventions c = new Conventions(losses[i], outs[i], ups[i]);
            String[] ids = c.ids();
            cs.add(new Case("conventions-" + ids[0] + "-" + ids[1] + "-" + ids[2], "4 random inputs, L = 2, gamma0 = 1, conventions: loss "
                    + ids[0] + ", output " + ids[1] + ", update " + ids[2], "random",
                    random(4, 0, 7).depth(2).gamma0(1.0).eta(eta).timePoints(tp).conventions(c).build()));
        }
        cs.add(new Case("test-inputs-P4-Q2-L2-g1", "4 random train and 2 random test inputs, L = 2, gamma0 = 1", "random",
                random(4, 2, 13).depth(2).gamma0(1.0).eta(eta).timePoints(tp).build()));
        cs.add(new Case("ntk-euler-P1-L3-g3", "the NTK-Euler setting of a published research code: one whitened input, y = 1, L = 3, "
                + "gamma0 = 3, eta = 0.012, T = 30, loss summed", "whitened",
                whitened(1, 3).depth(3).gamma0(3.0).eta(0.012).timePoints(30)
                        .conventions(new Conventions(Conventions.Loss.SUM, Conventions.Output.UNCENTRED, Conventions.Update.NTK_EULER)).build()));
        return cs;
    }

    /**
     * Writes the whole suite into dir (created if needed): {@code solved.get(k)} is the solution of {@code cases().get(k)}
     * (exact gradient descent). Returns the number of cases.
     */
    public static int write(Path dir, List<Solution> solved, java.util.function.IntConsumer progress) throws IOException {
        return write(dir, solved, List.of(), progress);
    }

    /**
     * Writes the suite with the gradient-descent cases ({@code solved}, as {@link #cases()}) and the first
     * {@code others.size()} cases of {@link OracleCases#cases()} solved as {@code others}; {@code progress} counts both.
     * Returns the number of cases.
     */
    public static int write(Path dir, List<Solution> solved, List<Solution> others, java.util.function.IntConsumer progress)
            throws IOException {
        List<OracleCases.Case> oc = OracleCases.cases();
        if (others.size() > oc.size()) {
            throw new IllegalArgumentException("the suite has " + oc.size() + " other-solver cases but " + others.size() + " solutions were given");
        }
        return write(dir, cases(), solved, oc.subList(0, others.size()), others, progress);
    }

    /**
     * Writes a selection of the suite's cases (of {@link #cases()} and {@link OracleCases#cases()}), each solved as the
     * matching element of {@code solved} and {@code others}; the manifest lists them. Returns the number of cases.
     */
    public static int write(Path dir, List<Case> descentCases, List<Solution> solved, List<OracleCases.Case> otherCases,
                            List<Solution> others, java.util.function.IntConsumer progress) throws IOException {
        if (solved.size() != descentCases.size() || others.size() != otherCases.size()) {
            throw new IllegalArgumentException("cases and solutions differ in number: " + descentCases.size() + " and "
                    + otherCases.size() + " cases, " + solved.size() + " and " + others.size() + " solutions");
        }
        Files.createDirectories(dir);
        ObjectNode manifest = ProblemJson.MAPPER.createObjectNode();
        manifest.put("schema", "dln-golden");
        manifest.put("schema_version", 1);
        manifest.put("suite_version", SUITE_VERSION);
        manifest.put("dln_version", SolutionJson.VERSION);
        manifest.put("method", "exact infinite-width DMFT of full-batch gradient descent (causal marching, exact to rounding)");
        manifest.put("layout", "one folder per case: problem.json (dln problem format), case.json (description, conventions, "
                + "final values, files), result.json (dln-trajectory document), and <observable>.npy (float64, C order, time first): "
                + "f [T,P], delta [T,P] (y - f), loss [T], ntk [T,P,P], phi<l> [T,P,P] and g<l> [T] for l = 1..L, "
                + "f_test [T,Q] and ntk_test_train [T,Q,P] with test inputs, t [T] (time indices 0..T-1)");
        ArrayNode list = manifest.putArray("cases");
        int k = 0;
        for (Case c : descentCases) {
            list.add(writeCase(dir.resolve(c.id()), c, solved.get(k)));
            progress.accept(k++);
        }
        if (!others.isEmpty()) {
            manifest.put("other_solvers", "cases of gradient flow, Monte Carlo sampling (relu, tanh; <observable>_se.npy standard "
                    + "errors), Bayesian saddle points (one row, t = 0) and finite-width fluctuations of gradient descent and flow "
                    + "(var_f [T,P], cov_f [T,P,P], var_f_test [T,Q], var_ntk [T,P,P], var_phi<l> [T,P,P], var_g<l> [T], snr_phi<l> "
                    + "and snr_g<l> [T]: N times the O(1/N) variances); each case.json names its solver and its tolerance rule");
        }
        for (int i = 0; i < others.size(); i++) {
            list.add(OracleCases.write(dir.resolve(otherCases.get(i).id()), otherCases.get(i), others.get(i)));
            progress.accept(k++);
        }
        AtomicFiles.writeString(dir.resolve("manifest.json"), pretty(manifest));
        return descentCases.size() + others.size();
    }

    private static ObjectNode writeCase(Path dir, Case c, Solution tr) throws IOException {
        Files.createDirectories(dir);
        ObjectNode doc = reproducible(SolutionJson.toJson(tr));
        AtomicFiles.writeString(dir.resolve("result.json"), pretty(doc));
        AtomicFiles.writeString(dir.resolve("problem.json"), pretty(ProblemJson.toJson(c.problem())));
        ArrayNode files = ProblemJson.MAPPER.createArrayNode();
        int tp = tr.timePoints();
        double[] t = new double[tp];
        for (int i = 0; i < tp; i++) {
            t[i] = i;
        }
        Npy.write(dir.resolve("t.npy"), new int[] {tp}, t);
        files.add("t.npy");
        for (Observable o : tr.observables().values()) {
            Npy.write(dir.resolve(o.name() + ".npy"), o.shape(), o.value());
            files.add(o.name() + ".npy");
        }
        Observable f = tr.get("f");
        int p = f.width();
        double[] delta = new double[f.value().length];
        for (int i = 0; i < tp; i++) {
            for (int mu = 0; mu < p; mu++) {
                delta[i * p + mu] = c.problem().y(mu) - f.value(i, mu);
            }
        }
        Npy.write(dir.resolve("delta.npy"), f.shape(), delta);
        files.add("delta.npy");
        ObjectNode cj = ProblemJson.MAPPER.createObjectNode();
        cj.put("id", c.id());
        cj.put("description", c.description());
        cj.put("data", c.data());
        cj.put("L", c.problem().depth());
        cj.put("P", c.problem().trainCount());
        cj.put("Q", c.problem().testCount());
        cj.put("gamma0", c.problem().gamma0());
        cj.put("eta", c.problem().eta());
        cj.put("T", c.problem().timePoints());
        ObjectNode conv = cj.putObject("conventions");
        String[] ids = c.problem().conventions().ids();
        conv.put("loss", ids[0]);
        conv.put("output", ids[1]);
        conv.put("update", ids[2]);
        ObjectNode fin = cj.putObject("final");
        fin.put("t", tp - 1);
        fin.set("f", ProblemJson.MAPPER.valueToTree(java.util.Arrays.copyOfRange(f.value(), (tp - 1) * p, tp * p)));
        fin.put("loss", tr.loss(tp - 1));
        Observable ntk = tr.get("ntk");
        double[][] kf = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                kf[i][j] = ntk.value(tp - 1, i * p + j);
            }
        }
        fin.set("ntk", ProblemJson.MAPPER.valueToTree(kf));
        cj.put("stability", tr.report().notes().stream().filter(n -> n.startsWith("max over t")).findFirst().orElse(""));
        cj.set("files", files);
        AtomicFiles.writeString(dir.resolve("case.json"), pretty(cj));
        ObjectNode entry = ProblemJson.MAPPER.createObjectNode();
        entry.put("id", c.id());
        entry.put("description", c.description());
        entry.put("L", c.problem().depth());
        entry.put("P", c.problem().trainCount());
        entry.put("gamma0", c.problem().gamma0());
        entry.put("data", c.data());
        entry.set("conventions", conv.deepCopy());
        return entry;
    }

    /** A timing in a report note, as in "covariances (engine) in 3.07 s;". */
    private static final java.util.regex.Pattern NOTE_SECONDS = java.util.regex.Pattern.compile(" in [0-9]+(\\.[0-9]+)? s(?=[;,)]|$)");

    /**
     * The document without what differs from run to run (keeps the suite byte-for-byte reproducible): the report's
     * wall_seconds and the seconds its notes quote. Returns {@code doc}, changed in place.
     */
    static ObjectNode reproducible(ObjectNode doc) {
        if (doc.get("report") instanceof ObjectNode report) {
            report.remove("wall_seconds");
            if (report.get("notes") instanceof ArrayNode notes) {
                for (int i = 0; i < notes.size(); i++) {
                    notes.set(i, NOTE_SECONDS.matcher(notes.get(i).asText()).replaceAll(""));
                }
            }
        }
        return doc;
    }

    static String pretty(Object node) throws IOException {
        return ProblemJson.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n";
    }
}
