package org.dln.linear.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;

/**
 * A sweep grid file (JSON, or YAML when the name ends in .yaml/.yml; docs/formats.md "Sweep grids"), validated:
 * <pre>
 * { "problem": { problem-file fields } | "problem_file": "p.json"   (optional; else random teacher data if P is set,
 *                                                                     else the built-in default problem)
 *   "fixed": { "L": 3, "T": 100, "P": 8, "command": "solve", ... },
 *   "axes": { "gamma0": {"from": 0.1, "to": 10, "count": 20, "scale": "log"}, "eta": [0.1, 0.2], ... },
 *   "points": [ {"gamma0": 1, "eta": 0.1}, ... ]                       (instead of, or after, the axes' product)
 *   "observables": ["loss_final", "ntk_final", ...],
 *   "regime": { "loss_tolerance": 1e-6 } }
 * </pre>
 * Points are the Cartesian product of the axes (first axis slowest), in that order, then the listed points. Every
 * point is checked when the grid is read (unknown names, wrong types, empty axes: exit 2 naming the field).
 */
public final class SweepGrid {
    static final List<String> FIELDS = List.of("problem", "problem_file", "fixed", "axes", "points", "observables", "regime", "description");
    /** Most points in one grid (a table row each). */
    static final int MAX_POINTS = 10_000_000;

    private final JsonNode problem;
    private final Path baseDir;
    private final Map<Parameter, Object> fixed;
    private final List<Parameter> columns;
    private final List<Map<Parameter, Object>> points;
    private final List<String> observables;
    private final double lossTolerance;
    private final String fingerprint;
    private int trainCount;
    private int testCount;
    private boolean stochastic;

    private SweepGrid(JsonNode problem, Path baseDir, Map<Parameter, Object> fixed, List<Parameter> columns,
                      List<Map<Parameter, Object>> points, List<String> observables, double lossTolerance, String fingerprint) {
        this.problem = problem;
        this.baseDir = baseDir;
        this.fixed = Collections.unmodifiableMap(fixed);
        this.columns = List.copyOf(columns);
        this.points = points;
        this.observables = List.copyOf(observables);
        this.lossTolerance = lossTolerance;
        this.fingerprint = fingerprint;
    }

    /** Reads and validates a grid file. */
    public static SweepGrid read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "grid", "grid file", file, "no such file");
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "grid", "grid file", file, String.valueOf(e.getMessage()));
        }
        return fromText(new String(bytes, StandardCharsets.UTF_8), file.getFileName().toString(), file.toAbsolutePath().getParent());
    }

    /**
     * A grid from the text of a grid file named {@code name} (YAML if it ends in .yaml/.yml), relative problem files
     * resolved against {@code baseDir}: what a Spark executor rebuilds from the text the driver ships.
     */
    public static SweepGrid fromText(String text, String name, Path baseDir) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
        ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            String first = String.valueOf(e.getOriginalMessage()).split("\n")[0];
            throw new InvalidInputException(InputError.UNREADABLE, "grid", "grid file", name, first + where);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidInputException(InputError.UNREADABLE, "grid", "grid file", name, "the file is empty");
        }
        return parse(root, baseDir);
    }

    /** A grid from its parsed document; relative problem files are resolved against {@code baseDir}. */
    public static SweepGrid parse(JsonNode root, Path baseDir) {
        if (!root.isObject()) {
            throw new InvalidInputException(InputError.WRONG_TYPE, "grid", "a sweep grid", "a JSON object {\"axes\": {...}, ...}",
                    root.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new InvalidInputException(InputError.UNKNOWN_FIELD, f, f, "a sweep grid", " (known: " + String.join(", ", FIELDS) + ")");
            }
        }
        JsonNode problem = root.get("problem");
        if (problem != null && root.has("problem_file")) {
            throw new InvalidInputException(InputError.BOTH_GIVEN, "problem", "problem", "problem_file");
        }
        if (problem != null && !problem.isObject()) {
            throw new InvalidInputException(InputError.WRONG_TYPE, "problem", "problem", "an object of problem-file fields", problem.getNodeType());
        }
        Path problemFile = null;
        if (root.has("problem_file")) {
            JsonNode pf = root.get("problem_file");
            if (!pf.isTextual()) {
                throw new InvalidInputException(InputError.WRONG_TYPE, "problem_file", "problem_file", "a file name", pf.getNodeType());
            }
            problemFile = baseDir == null ? Path.of(pf.asText()) : baseDir.resolve(pf.asText());
        }
        Map<Parameter, Object> fixed = new LinkedHashMap<>();
        JsonNode fx = root.path("fixed");
        if (!fx.isMissingNode()) {
            requireObject(fx, "fixed");
            for (Iterator<Map.Entry<String, JsonNode>> it = fx.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Parameter p = parameter(e.getKey(), "fixed." + e.getKey());
                fixed.put(p, value(p, e.getValue(), "fixed." + e.getKey()));
            }
        }
        List<Parameter> axisNames = new ArrayList<>();
        List<List<Object>> axisValues = new ArrayList<>();
        JsonNode ax = root.path("axes");
        if (!ax.isMissingNode()) {
            requireObject(ax, "axes");
            for (Iterator<Map.Entry<String, JsonNode>> it = ax.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = "axes." + e.getKey();
                Parameter p = parameter(e.getKey(), field);
                if (fixed.containsKey(p)) {
                    throw new InvalidInputException(InputError.NOT_WITH, field, field, "fixed." + p.key(), "a parameter is either fixed or an axis");
                }
                axisNames.add(p);
                axisValues.add(Axes.values(p, e.getValue(), field));
            }
        }
        List<Parameter> columns = new ArrayList<>(axisNames);
        List<Map<Parameter, Object>> listed = new ArrayList<>();
        JsonNode pts = root.path("points");
        if (!pts.isMissingNode()) {
            if (!pts.isArray()) {
                throw new InvalidInputException(InputError.WRONG_TYPE, "points", "points", "a list of objects such as {\"gamma0\": 1, \"eta\": 0.1}", pts.getNodeType());
            }
            for (int i = 0; i < pts.size(); i++) {
                String field = "points[" + i + "]";
                requireObject(pts.get(i), field);
                Map<Parameter, Object> m = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = pts.get(i).fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Parameter p = parameter(e.getKey(), field + "." + e.getKey());
                    if (fixed.containsKey(p)) {
                        throw new InvalidInputException(InputError.NOT_WITH, field + "." + p.key(), field + "." + p.key(), "fixed." + p.key(),
                                "a parameter is either fixed or varies");
                    }
                    m.put(p, value(p, e.getValue(), field + "." + e.getKey()));
                    if (!columns.contains(p)) {
                        columns.add(p);
                    }
                }
                listed.add(m);
            }
        }
        List<Map<Parameter, Object>> points = Axes.product(axisNames, axisValues, MAX_POINTS);
        if (axisNames.isEmpty() && !listed.isEmpty()) {
            points.clear();
        }
        points.addAll(listed);
        if (points.isEmpty()) {
            throw new InvalidInputException(InputError.MISSING, "axes", "axes", "give at least one axis (e.g. \"axes\": {\"gamma0\": [0.5, 1, 2]}) or a list of points");
        }
        List<String> observables = SweepObservables.parse(root.path("observables"));
        double tol = 1e-6;
        JsonNode rg = root.path("regime");
        if (!rg.isMissingNode()) {
            requireObject(rg, "regime");
            for (Iterator<String> it = rg.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("loss_tolerance")) {
                    throw new InvalidInputException(InputError.UNKNOWN_FIELD, "regime." + f, "regime." + f, "the regime block", " (known: loss_tolerance)");
                }
            }
            JsonNode t = rg.get("loss_tolerance");
            if (t != null && (!t.isNumber() || !(t.asDouble() > 0 && t.asDouble() < 1))) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "regime.loss_tolerance", "regime.loss_tolerance", t, "must be a number in (0, 1)");
            }
            tol = t == null ? tol : t.asDouble();
        }
        JsonNode problemNode = problem;
        if (problemFile != null) {
            problemNode = ProblemData.readFile(problemFile);
            baseDir = problemFile.toAbsolutePath().getParent();
        }
        String fp = fingerprint(problemNode, fixed, observables, tol);
        SweepGrid g = new SweepGrid(problemNode, baseDir, fixed, columns, points, observables, tol, fp);
        g.validate();
        return g;
    }

    /** Every point builds a valid problem and names a known command, before anything runs (exit 2 otherwise). */
    private void validate() {
        Set<String> seen = new HashSet<>();
        List<Problem> problems = new ArrayList<>();
        boolean testTargets = true;
        for (int i = 0; i < points.size(); i++) {
            SweepPoint pt = point(i);
            if (!seen.add(pt.id())) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "points", "point " + i, pt.describe(), "it repeats an earlier point of the grid");
            }
            problems.add(PointRunner.check(this, pt));
            testTargets &= problem == null ? pt.get(Parameter.P) != null : problem.has("y_test");
        }
        SweepObservables.check(observables, problems, testTargets);
        trainCount = problems.get(0).trainCount();
        testCount = problems.get(0).testCount();
        boolean s = false;
        for (int i = 0; i < points.size() && !s; i++) {
            String c = (String) point(i).get(Parameter.COMMAND);
            s = c.equals("simulate") || c.equals("sample");
        }
        stochastic = s;
    }

    /** The table's columns after index and id: parameters, regime and report, observables, message. */
    public List<String> tableColumns() {
        List<String> cols = new ArrayList<>(List.of("index", "id"));
        columns.forEach(p -> cols.add(p.key()));
        cols.addAll(List.of("regime", "converged", "iterations", "residual"));
        cols.addAll(SweepObservables.columns(observables, trainCount, testCount, stochastic));
        cols.add("message");
        return cols;
    }

    private static Parameter parameter(String key, String field) {
        Parameter p = Parameter.of(key);
        if (p == null) {
            throw new InvalidInputException(InputError.UNKNOWN_FIELD, field, key, "the sweep parameters", " (known: " + Parameter.names() + ")");
        }
        return p;
    }

    /** A value of parameter {@code p} from the grid document, type-checked. */
    static Object value(Parameter p, JsonNode v, String field) {
        switch (p.type()) {
            case INT -> {
                if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || Math.abs(v.asDouble()) > Integer.MAX_VALUE) {
                    throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "an integer", v.toString());
                }
                return v.asInt();
            }
            case DOUBLE -> {
                if (!v.isNumber() && !(v.isTextual() && v.asText().equalsIgnoreCase("infinity"))) {
                    throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "a number", v.toString());
                }
                double d = v.isNumber() ? v.asDouble() : Double.POSITIVE_INFINITY;
                if (Double.isNaN(d)) {
                    throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "a number", v.toString());
                }
                return d;
            }
            default -> {
                if (!v.isTextual()) {
                    throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "a string", v.toString());
                }
                String s = v.asText();
                if (p == Parameter.COMMAND && !Parameter.COMMANDS.contains(s)) {
                    throw new InvalidInputException(InputError.UNKNOWN_VALUE, field, field, s, String.join(", ", Parameter.COMMANDS));
                }
                return s;
            }
        }
    }

    static void requireObject(JsonNode n, String field) {
        if (!n.isObject()) {
            throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "an object", n.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
    }

    private static String fingerprint(JsonNode problem, Map<Parameter, Object> fixed, List<String> observables, double tol) {
        StringBuilder sb = new StringBuilder();
        sb.append("problem=").append(problem == null ? "" : problem.toString()).append('\n');
        fixed.forEach((k, v) -> sb.append(k.key()).append('=').append(Parameter.format(v)).append('\n'));
        sb.append("observables=").append(observables).append("\ntolerance=").append(tol);
        return sha(sb.toString());
    }

    static String sha(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                hex.append(String.format(Locale.ROOT, "%02x", h[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Number of points. */
    public int size() {
        return points.size();
    }

    /** Point i (0-based, in grid order), with its stable id. */
    public SweepPoint point(int i) {
        Map<Parameter, Object> varying = points.get(i);
        Map<Parameter, Object> all = new LinkedHashMap<>();
        for (Parameter p : Parameter.values()) {
            Object v = varying.containsKey(p) ? varying.get(p) : fixed.containsKey(p) ? fixed.get(p) : p.fallback();
            if (v != null) {
                all.put(p, v);
            }
        }
        StringBuilder sb = new StringBuilder(fingerprint);
        for (Parameter p : columns) {
            sb.append(';').append(p.key()).append('=').append(Parameter.format(varying.get(p)));
        }
        return new SweepPoint(i, sha(sb.toString()), varying, all);
    }

    /** The varying parameters, in column order. */
    public List<Parameter> columns() {
        return columns;
    }

    /** The problem-file fields given in the grid (or its problem file), or null. */
    public JsonNode problem() {
        return problem;
    }

    /** The directory that relative matrix files of the problem are read from. */
    public Path baseDir() {
        return baseDir;
    }

    public Map<Parameter, Object> fixed() {
        return fixed;
    }

    public List<String> observables() {
        return observables;
    }

    /** A run has trained when its final loss is at most this fraction of its initial loss. */
    public double lossTolerance() {
        return lossTolerance;
    }

    /** Whether some point runs a stochastic command (sample, simulate): the table then has standard-error columns. */
    public boolean stochastic() {
        return stochastic;
    }
}
