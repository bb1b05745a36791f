package org.dln.linear.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;
import org.dln.numeric.linalg.Kernels;

/**
 * The observables a sweep keeps per point, as table columns (docs/formats.md "Sweep tables"). Scalars: loss_initial,
 * loss_final, loss_min, loss_max, ntk_trace_initial, ntk_trace_final, ntk_lmax_initial, ntk_lmax_final (largest
 * eigenvalue), sharpness_max (max over t of eta lambda_max(K(t)) times the loss scale: gradient descent is stable
 * below 2), align_ntk_final, test_loss_final (1/(2Q) sum_q (f_test - y_test)^2; needs test targets), dev_loss_final
 * and dev_ntk_final (simulate: |loss - theory| and max_ij |K_ij - K_ij theory| / max_ij |K_ij theory| at the final
 * time, the theory solved by exact marching). Entries (need the same P, or Q, at every point): ntk_final
 * (ntk_final_i_j), ntk_diag_final (ntk_final_i_i), f_final (f_final_i), f_test_final (f_test_final_q). With
 * stochastic commands the direct entries also get a standard-error column {@code <name>_se}.
 */
final class SweepObservables {
    static final List<String> SCALARS = List.of("loss_initial", "loss_final", "loss_min", "loss_max", "ntk_trace_initial",
            "ntk_trace_final", "ntk_lmax_initial", "ntk_lmax_final", "sharpness_max", "align_ntk_final", "test_loss_final",
            "dev_loss_final", "dev_ntk_final", "n_var_f_final");
    static final List<String> ENTRIES = List.of("ntk_final", "ntk_diag_final", "f_final", "f_test_final");
    /** Observables with a standard error of their own (entries of a simulated or sampled observable). */
    static final List<String> WITH_SE = List.of("loss_final", "align_ntk_final", "ntk_final", "ntk_diag_final", "f_final", "f_test_final");
    static final List<String> DEFAULT = List.of("loss_final", "ntk_trace_final", "align_ntk_final");

    private SweepObservables() {
    }

    static List<String> parse(JsonNode n) {
        if (n.isMissingNode()) {
            return DEFAULT;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw new InvalidInputException(InputError.WRONG_TYPE, "observables", "observables", "a non-empty list of names such as [\"loss_final\", \"ntk_final\"]",
                    n.toString());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            String s = n.get(i).asText();
            if (!n.get(i).isTextual() || !(SCALARS.contains(s) || ENTRIES.contains(s))) {
                throw new InvalidInputException(InputError.UNKNOWN_VALUE, "observables[" + i + "]", "observables[" + i + "]", n.get(i).asText(n.get(i).toString()),
                        String.join(", ", SCALARS) + ", " + String.join(", ", ENTRIES));
            }
            if (out.contains(s)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "observables[" + i + "]", "observables[" + i + "]", s, "it is listed twice");
            }
            out.add(s);
        }
        return out;
    }

    /** Entry observables need one P (and Q) for the whole grid; test_loss needs test targets. */
    static void check(List<String> observables, List<Problem> problems, boolean testTargets) {
        int p = problems.get(0).trainCount(), q = problems.get(0).testCount();
        for (String o : observables) {
            if (!ENTRIES.contains(o)) {
                continue;
            }
            for (Problem pr : problems) {
                if (pr.trainCount() != p || (o.equals("f_test_final") && pr.testCount() != q)) {
                    throw new InvalidInputException(InputError.NOT_WITH, "observables", "observables: " + o, "P or Q varying over the grid",
                            "a table has one column per entry; keep P (and Q) fixed or keep a scalar such as ntk_trace_final");
                }
            }
        }
        if (observables.contains("test_loss_final") && (!testTargets || q == 0)) {
            throw new InvalidInputException(InputError.MISSING, "observables", "y_test",
                    "test_loss_final needs test inputs and targets: random data with Q > 0, or X_test and y_test in the problem");
        }
        if (observables.contains("f_test_final") && q == 0) {
            throw new InvalidInputException(InputError.MISSING, "observables", "X_test", "f_test_final needs test inputs (Q > 0)");
        }
    }

    /** The column names of the observables for P train and Q test points. */
    static List<String> columns(List<String> observables, int p, int q, boolean stochastic) {
        List<String> out = new ArrayList<>();
        for (String o : observables) {
            List<String> cols = new ArrayList<>();
            switch (o) {
                case "ntk_final" -> {
                    for (int i = 0; i < p; i++) {
                        for (int j = 0; j < p; j++) {
                            cols.add("ntk_final_" + i + "_" + j);
                        }
                    }
                }
                case "ntk_diag_final" -> {
                    for (int i = 0; i < p; i++) {
                        cols.add("ntk_final_" + i + "_" + i);
                    }
                }
                case "f_final" -> {
                    for (int i = 0; i < p; i++) {
                        cols.add("f_final_" + i);
                    }
                }
                case "f_test_final" -> {
                    for (int i = 0; i < q; i++) {
                        cols.add("f_test_final_" + i);
                    }
                }
                default -> cols.add(o);
            }
            out.addAll(cols);
            if (stochastic && WITH_SE.contains(o)) {
                cols.forEach(c -> out.add(c + "_se"));
            }
        }
        return out;
    }

    /** max_t eta lambda_max(K(t)) times the loss scale (NaN without an NTK or a time step). */
    static double sharpnessMax(Solution s) {
        Observable k = s.get("ntk");
        if (k == null || s.problem() == null || s.method().times() != null || s.timePoints() < 2) {
            return Double.NaN;
        }
        double m = 0;
        for (int t = 0; t < k.timePoints(); t++) {
            m = Math.max(m, lambdaMax(k, t));
        }
        return s.problem().eta() * s.problem().lossScale() * m;
    }

    static double lambdaMax(Observable k, int t) {
        int p = k.shape()[1];
        double[][] a = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                a[i][j] = k.value(t, i * p + j);
            }
        }
        return Kernels.eigenvalueRange(a, p)[1];
    }

    /** The values of the observable columns (NaN where not defined) of a solution. */
    static Map<String, Double> values(List<String> observables, Solution s, double[] yTest, Solution theory, boolean stochastic) {
        Map<String, Double> v = new LinkedHashMap<>();
        int last = s.timePoints() - 1;
        Observable loss = s.get("loss"), k = s.get("ntk"), f = s.get("f"), ft = s.get("f_test"), al = s.get("align_ntk");
        for (String o : observables) {
            switch (o) {
                case "loss_initial" -> v.put(o, loss.value(0, 0));
                case "loss_final" -> put(v, o, loss, last, 0, stochastic);
                case "loss_min", "loss_max" -> {
                    double m = loss.value(0, 0);
                    for (int t = 1; t <= last; t++) {
                        m = o.equals("loss_min") ? Math.min(m, loss.value(t, 0)) : Math.max(m, loss.value(t, 0));
                    }
                    v.put(o, m);
                }
                case "ntk_trace_initial", "ntk_trace_final" -> v.put(o, k == null ? Double.NaN : trace(k, o.endsWith("initial") ? 0 : last));
                case "ntk_lmax_initial", "ntk_lmax_final" -> v.put(o, k == null ? Double.NaN : lambdaMax(k, o.endsWith("initial") ? 0 : last));
                case "sharpness_max" -> v.put(o, sharpnessMax(s));
                case "align_ntk_final" -> put(v, o, al, last, 0, stochastic);
                case "test_loss_final" -> {
                    double sum = 0;
                    for (int q = 0; q < yTest.length; q++) {
                        double d = ft.value(last, q) - yTest[q];
                        sum += d * d;
                    }
                    v.put(o, sum / (2.0 * yTest.length));
                }
                case "n_var_f_final" -> v.put(o, nVar(s, f, last));
                case "dev_loss_final" -> v.put(o, theory == null ? Double.NaN : Math.abs(loss.value(last, 0) - theory.loss(theory.timePoints() - 1)));
                case "dev_ntk_final" -> v.put(o, theory == null || k == null ? Double.NaN : ntkDeviation(k, last, theory));
                default -> entries(v, o, s, last, stochastic);
            }
        }
        return v;
    }

    private static void entries(Map<String, Double> v, String o, Solution s, int last, boolean stochastic) {
        Observable k = s.get("ntk");
        int p = s.problem().trainCount();
        switch (o) {
            case "ntk_final" -> {
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        v.put("ntk_final_" + i + "_" + j, k == null ? Double.NaN : k.value(last, i * p + j));
                    }
                }
                if (stochastic) {
                    for (int i = 0; i < p; i++) {
                        for (int j = 0; j < p; j++) {
                            v.put("ntk_final_" + i + "_" + j + "_se", k == null || !k.hasStderr() ? Double.NaN : k.stderr(last, i * p + j));
                        }
                    }
                }
            }
            case "ntk_diag_final" -> {
                for (int i = 0; i < p; i++) {
                    v.put("ntk_final_" + i + "_" + i, k == null ? Double.NaN : k.value(last, i * p + i));
                }
                if (stochastic) {
                    for (int i = 0; i < p; i++) {
                        v.put("ntk_final_" + i + "_" + i + "_se", k == null || !k.hasStderr() ? Double.NaN : k.stderr(last, i * p + i));
                    }
                }
            }
            default -> {
                Observable f = s.get(o.equals("f_final") ? "f" : "f_test");
                int n = f == null ? 0 : f.width();
                String prefix = o + "_";
                for (int i = 0; i < n; i++) {
                    v.put(prefix + i, f.value(last, i));
                }
                if (stochastic) {
                    for (int i = 0; i < n; i++) {
                        v.put(prefix + i + "_se", f.hasStderr() ? f.stderr(last, i) : Double.NaN);
                    }
                }
            }
        }
    }

    private static void put(Map<String, Double> v, String o, Observable obs, int t, int k, boolean stochastic) {
        v.put(o, obs == null ? Double.NaN : obs.value(t, k));
        if (stochastic) {
            v.put(o + "_se", obs == null || !obs.hasStderr() ? Double.NaN : obs.stderr(t, k));
        }
    }

    /** N Var f averaged over the train points, from the standard errors of a simulation (NaN for a theory). */
    private static double nVar(Solution s, Observable f, int t) {
        double n = s.method().number("width", Double.NaN), seeds = s.method().number("seeds", Double.NaN);
        if (f == null || !f.hasStderr() || !Solution.SIMULATION.equals(s.kind()) || !(n > 0) || !(seeds > 1)) {
            return Double.NaN;
        }
        double sum = 0;
        for (int k = 0; k < f.width(); k++) {
            double se = f.stderr(t, k);
            sum += se * se * seeds;
        }
        return n * sum / f.width();
    }

    private static double trace(Observable k, int t) {
        int p = k.shape()[1];
        double s = 0;
        for (int i = 0; i < p; i++) {
            s += k.value(t, i * p + i);
        }
        return s;
    }

    private static double ntkDeviation(Observable k, int t, Solution theory) {
        Observable kt = theory.get("ntk");
        int tt = theory.timePoints() - 1;
        double num = 0, den = 0;
        for (int e = 0; e < k.width(); e++) {
            num = Math.max(num, Math.abs(k.value(t, e) - kt.value(tt, e)));
            den = Math.max(den, Math.abs(kt.value(tt, e)));
        }
        return num / den;
    }
}
