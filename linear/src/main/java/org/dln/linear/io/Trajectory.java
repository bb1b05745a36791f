package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.TwoTimeKernels;
import org.dln.numeric.report.SolverReport;

/**
 * The common result document of {@code dln solve} (theory) and {@code dln simulate} (finite width): the problem,
 * the method and its report, and named observables over time, each with a standard error where it has one.
 * Written as JSON with schema "dln-trajectory" version {@value #SCHEMA_VERSION} (docs/formats.md).
 *
 * <p>Observables: {@code f} [T][P], {@code loss} [T], {@code ntk} [T][P][P], {@code phi<l>} [T][P][P] and
 * {@code g<l>} [T] for l = 1..L (equal-time kernels Phi^l(t,t), G^l(t,t)), {@code align_phi<l>} and
 * {@code align_ntk} [T] (kernel-target alignment y'Ky / (|y|^2 |K|_F)), and with test inputs {@code f_test}
 * [T][Q] and {@code ntk_test_train} [T][Q][P].
 */
public final class Trajectory {
    public static final String SCHEMA = "dln-trajectory";
    public static final int SCHEMA_VERSION = 1;
    public static final String VERSION = "0.1.0";

    private final String kind;
    private final ObjectNode problem;
    private final ObjectNode method;
    private final ObjectNode report;
    private final Map<String, Observable> observables;
    private final ObjectNode extra; // e.g. two-time kernels; may be null

    public Trajectory(String kind, ObjectNode problem, ObjectNode method, ObjectNode report,
                      Map<String, Observable> observables, ObjectNode extra) {
        this.kind = kind;
        this.problem = problem;
        this.method = method;
        this.report = report;
        this.observables = Collections.unmodifiableMap(new LinkedHashMap<>(observables));
        this.extra = extra;
    }

    /** The same trajectory without the two-time kernels. */
    public Trajectory withoutTwoTime() {
        return extra == null ? this : new Trajectory(kind, problem, method, report, observables, null);
    }

    /**
     * The same trajectory with the gradient-flow long-time state recorded in {@code method.long_time}:
     * {@code converged} (whether the state at the horizon is the t = infinity state within {@code error_estimate})
     * and {@code ntk} at the horizon (train then test samples).
     */
    public Trajectory withLongTime(boolean converged, double errorEstimate, double[][] ntk) {
        ObjectNode m = method.deepCopy();
        ObjectNode lt = m.putObject("long_time");
        lt.put("converged", converged);
        if (Double.isFinite(errorEstimate)) {
            lt.put("error_estimate", errorEstimate);
        } else {
            lt.putNull("error_estimate");
        }
        lt.set("ntk", ProblemJson.MAPPER.valueToTree(ntk));
        return new Trajectory(kind, problem, m, report, observables, extra);
    }

    /** "theory" or "simulation". */
    public String kind() { return kind; }

    public ObjectNode problem() { return problem; }

    public ObjectNode method() { return method; }

    public ObjectNode report() { return report; }

    public Map<String, Observable> observables() { return observables; }

    public Observable get(String name) { return observables.get(name); }

    /**
     * The time of point t: from {@code method.times} when present (gradient flow), else eta t with the problem's eta
     * (gradient descent, simulations).
     */
    public double time(int t) {
        JsonNode ts = method == null ? null : method.get("times");
        if (ts != null && ts.isArray()) {
            return ts.get(t).asDouble();
        }
        JsonNode eta = problem == null ? null : problem.get("eta");
        return eta == null ? t : eta.asDouble() * t;
    }

    /** Time points t = 0..T-1. */
    public int timePoints() { return observables.get("loss").timePoints(); }

    /** A short label for plots and tables. */
    public String label() {
        if ("simulation".equals(kind)) {
            return "simulation N=" + method.path("width").asInt() + " (" + method.path("seeds").asInt() + " seeds)";
        }
        return "theory (" + method.path("approximation").asText("full") + ")";
    }

    /** The trajectory of a DMFT solution. */
    public static Trajectory fromSolution(LinearSolution s) {
        Problem p = s.problem();
        int tp = s.timePoints(), pn = p.trainCount(), q = p.testCount(), depth = p.depth();
        Map<String, Observable> obs = new LinkedHashMap<>();
        double[][] f = new double[tp][pn];
        double[] loss = new double[tp];
        double[][][] ntk = new double[tp][pn][pn];
        double[][] fTest = new double[tp][q];
        double[][][] ntkTT = new double[tp][q][pn];
        for (int t = 0; t < tp; t++) {
            loss[t] = s.loss(t);
            for (int i = 0; i < pn; i++) {
                f[t][i] = s.f(t, i);
                for (int j = 0; j < pn; j++) {
                    ntk[t][i][j] = s.ntk(t, i, j);
                }
            }
            for (int j = 0; j < q; j++) {
                fTest[t][j] = s.f(t, pn + j);
                for (int i = 0; i < pn; i++) {
                    ntkTT[t][j][i] = s.ntk(t, pn + j, i);
                }
            }
        }
        obs.put("f", Observable.matrix("f", f, null));
        obs.put("loss", Observable.series("loss", loss, null));
        obs.put("ntk", Observable.tensor("ntk", ntk, null));
        for (int l = 1; l <= depth; l++) {
            double[][][] phi = new double[tp][pn][pn];
            double[] g = new double[tp];
            for (int t = 0; t < tp; t++) {
                g[t] = s.g(l, t);
                for (int i = 0; i < pn; i++) {
                    for (int j = 0; j < pn; j++) {
                        phi[t][i][j] = s.phi(l, t, i, j);
                    }
                }
            }
            obs.put("phi" + l, Observable.tensor("phi" + l, phi, null));
            obs.put("g" + l, Observable.series("g" + l, g, null));
        }
        for (int l = 1; l <= depth; l++) {
            double[] al = new double[tp];
            for (int t = 0; t < tp; t++) {
                al[t] = s.alignment(l, t);
            }
            obs.put("align_phi" + l, Observable.series("align_phi" + l, al, null));
        }
        double[] an = new double[tp];
        for (int t = 0; t < tp; t++) {
            an[t] = s.alignment(-1, t);
        }
        obs.put("align_ntk", Observable.series("align_ntk", an, null));
        if (q > 0) {
            obs.put("f_test", Observable.matrix("f_test", fTest, null));
            obs.put("ntk_test_train", Observable.tensor("ntk_test_train", ntkTT, null));
        }
        ObjectNode method = ProblemJson.MAPPER.createObjectNode();
        method.put("solver", s.report().solver());
        method.put("approximation", s.approximation().id());
        if (s.isFlow()) {
            method.put("time", "gradient-flow");
            ArrayNode ts = method.putArray("times");
            for (int t = 0; t < tp; t++) {
                ts.add(s.time(t));
            }
        } else {
            method.put("time", "gradient-descent");
        }
        method.put("infinite_width", true);
        ObjectNode extra = null;
        if (s.twoTime() != null) {
            extra = twoTimeJson(s.twoTime(), depth);
        }
        return new Trajectory("theory", ProblemJson.toJson(p), method, reportJson(s.report()), obs, extra);
    }

    public static ObjectNode reportJson(SolverReport r) {
        ObjectNode o = ProblemJson.MAPPER.createObjectNode();
        o.put("solver", r.solver());
        o.put("iterations", r.iterations());
        if (Double.isFinite(r.residual())) {
            o.put("residual", r.residual());
        } else {
            o.putNull("residual");
        }
        o.set("residual_history", ProblemJson.MAPPER.valueToTree(r.residualHistory()));
        o.put("converged", r.converged());
        o.put("wall_seconds", r.wallSeconds());
        o.set("notes", ProblemJson.MAPPER.valueToTree(r.notes()));
        return o;
    }

    private static ObjectNode twoTimeJson(TwoTimeKernels k, int depth) {
        ObjectNode o = ProblemJson.MAPPER.createObjectNode();
        o.put("index", "i = t * S + mu, S = P + Q (train then test), t = 0..T-1");
        int n = k.samples() * k.timePoints();
        for (int l = 1; l <= depth; l++) {
            o.set("Phi" + l, rows(k.phi()[l], n, n));
            o.set("G" + l, rows(k.g()[l], k.timePoints(), k.timePoints()));
        }
        for (int l = 1; l < depth; l++) {
            if (k.a() != null && k.a()[l] != null) {
                o.set("A" + l, rows(k.a()[l], n, k.timePoints()));
            }
            if (k.b() != null && k.b()[l] != null) {
                o.set("B" + l, rows(k.b()[l], k.timePoints(), n));
            }
        }
        return o;
    }

    private static ArrayNode rows(double[] a, int r, int c) {
        ArrayNode out = ProblemJson.MAPPER.createArrayNode();
        for (int i = 0; i < r; i++) {
            ArrayNode row = out.addArray();
            for (int j = 0; j < c; j++) {
                row.add(a[i * c + j]);
            }
        }
        return out;
    }

    /** The JSON document. */
    public ObjectNode toJson() {
        ObjectNode o = ProblemJson.MAPPER.createObjectNode();
        o.put("schema", SCHEMA);
        o.put("schema_version", SCHEMA_VERSION);
        o.put("dln_version", VERSION);
        o.put("kind", kind);
        o.set("problem", problem);
        o.set("method", method);
        o.set("report", report);
        ObjectNode obs = o.putObject("observables");
        for (Observable ob : observables.values()) {
            ObjectNode e = obs.putObject(ob.name());
            e.set("shape", ProblemJson.MAPPER.valueToTree(ob.shape()));
            e.set("value", nested(ob.value(), ob.shape()));
            if (ob.hasStderr()) {
                e.set("stderr", nested(ob.stderr(), ob.shape()));
            }
        }
        if (extra != null) {
            o.set("two_time", extra);
        }
        return o;
    }

    public String toJsonString() {
        try {
            return ProblemJson.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode nested(double[] v, int[] shape) {
        return nestedFrom(v, shape, 0, 0);
    }

    private static JsonNode nestedFrom(double[] v, int[] shape, int dim, int offset) {
        ArrayNode a = ProblemJson.MAPPER.createArrayNode();
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        for (int i = 0; i < shape[dim]; i++) {
            if (dim == shape.length - 1) {
                a.add(v[offset + i]);
            } else {
                a.add(nestedFrom(v, shape, dim + 1, offset + i * stride));
            }
        }
        return a;
    }

    /** Reads a trajectory document written by {@link #toJson()}. */
    public static Trajectory read(Path file) {
        JsonNode root;
        try {
            root = ProblemJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", "result file", file, ProblemJson.firstLine(e));
        }
        return fromJson(root, file);
    }

    /** A trajectory from a parsed document; {@code source} names it in error messages. */
    static Trajectory fromJson(JsonNode root, Path source) {
        if (!SCHEMA.equals(root.path("schema").asText()) || root.path("schema_version").asInt() != SCHEMA_VERSION) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", "result file", source,
                    "not a " + SCHEMA + " document of schema_version " + SCHEMA_VERSION);
        }
        Map<String, Observable> obs = new LinkedHashMap<>();
        var it = root.get("observables").fields();
        while (it.hasNext()) {
            var e = it.next();
            JsonNode o = e.getValue();
            int[] shape = ProblemJson.MAPPER.convertValue(o.get("shape"), int[].class);
            double[] v = flat(o.get("value"));
            double[] se = o.has("stderr") ? flat(o.get("stderr")) : null;
            obs.put(e.getKey(), new Observable(e.getKey(), shape, v, se));
        }
        return new Trajectory(root.path("kind").asText(), (ObjectNode) root.get("problem"), (ObjectNode) root.get("method"),
                (ObjectNode) root.get("report"), obs, root.has("two_time") ? (ObjectNode) root.get("two_time") : null);
    }

    private static double[] flat(JsonNode n) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        flatInto(n, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatInto(JsonNode n, java.util.List<Double> out) {
        if (n.isArray()) {
            for (JsonNode c : n) {
                flatInto(c, out);
            }
        } else {
            out.add(n.isNumber() ? n.asDouble() : Double.NaN);
        }
    }
}
