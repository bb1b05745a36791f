package org.dln.linear.io;

import org.dln.linear.result.Solution;
import org.dln.linear.result.Observable;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * Checks another solver's output against a golden case ({@code dln check RESULT --case DIR/CASE}).
 *
 * <p>A result is read from (docs/formats.md "Golden suite"): a folder of .npy files named after the observables (f.npy,
 * delta.npy, loss.npy, ntk.npy, phi1.npy, g1.npy, ...; optional t.npy with the time index of each row); a JSON file,
 * either a dln-trajectory document or a plain object {"f": [[...]], "delta": ..., "t": [...]}; or a CSV file with a
 * column "t" and columns named like dln's CSV: f[0], delta[1], loss, ntk[0][1], ... Rows are time points t = 0, 1, ...
 * unless a t array/column says which. Every observable present in both is compared entry by entry:
 * |result - case| <= atol + rtol |case|.
 */
public final class ResultCheck {
    private ResultCheck() {
    }

    /** A result's observables: per name, the time index of each row and the rows. */
    public record Series(int[] times, double[][] rows) {
    }

    /**
     * Outcome for one observable: {@code points} values compared; {@code firstFailT} the first time point beyond the
     * tolerance (-1 if none); {@code problem} why the observable fails besides the tolerance (no values, time points
     * not covered, a non-finite value), or null.
     */
    public record Row(String name, int points, double maxAbs, double maxRel, int firstFailT, String firstFailEntry, double firstFailCase,
                      double firstFailResult, String problem) {
        public boolean pass() {
            return firstFailT < 0 && problem == null;
        }

        public String markdown() {
            String where;
            if (firstFailT >= 0) {
                where = String.format(Locale.ROOT, "t = %d, %s%s: case %.9g, result %.9g", firstFailT, name, firstFailEntry,
                        firstFailCase, firstFailResult);
            } else {
                where = "-";
            }
            if (problem != null) {
                where = (firstFailT >= 0 ? where + "; " : "") + problem;
            }
            return String.format(Locale.ROOT, "| %s | %d | %.3e | %.3e | %s | %s |", name, points, maxAbs, maxRel, where,
                    pass() ? "pass" : "FAIL");
        }
    }

    /** As {@link #check(Path, Path, double, double, boolean)} requiring every time point of the case. */
    public static List<Row> check(Path result, Path caseDir, double atol, double rtol) {
        return check(result, caseDir, atol, rtol, false);
    }

    /**
     * Compares every observable of the result that the case has. A value passes if |result - case| <= atol + rtol |case|
     * (never if either is NaN or infinite). An observable fails if it has no values, or (unless {@code allowPartial})
     * if it does not cover every time point of the case.
     *
     * @throws InvalidInputException (exit 2) for negative or non-finite tolerances, unreadable or malformed files,
     *                               time indices that are not whole numbers in range, rows of the wrong width
     */
    public static List<Row> check(Path result, Path caseDir, double atol, double rtol, boolean allowPartial) {
        return check(result, caseDir, (Double) atol, (Double) rtol, allowPartial);
    }

    /**
     * As {@link #check(Path, Path, double, double, boolean)}, with the case's tolerance rule ({@link CaseTolerance}:
     * case.json "tolerance", else 1e-9) where {@code atol} or {@code rtol} is null. In a case with standard errors
     * (sampling: {@code <name>_se.npy} and a "sigma"), a value also passes within sigma combined standard errors,
     * sqrt(se_case^2 + se_result^2), the result's from its {@code <name>_se} if it gives one.
     */
    public static List<Row> check(Path result, Path caseDir, Double atolGiven, Double rtolGiven, boolean allowPartial) {
        if (!Files.isRegularFile(caseDir.resolve("case.json"))) {
            throw new InvalidInputException(InputError.UNREADABLE, "case", "golden case", caseDir,
                    "no case.json there (give DIR/CASE of a suite written by 'dln golden')");
        }
        CaseTolerance tol = CaseTolerance.of(caseDir);
        double atol = atolGiven != null ? atolGiven : tol.atol();
        double rtol = rtolGiven != null ? rtolGiven : tol.rtol();
        requireTolerance("atol", atol);
        requireTolerance("rtol", rtol);
        Map<String, Series> got = read(result);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Series> e : got.entrySet()) {
            Path npy = caseDir.resolve(e.getKey() + ".npy");
            if (e.getKey().equals("t") || e.getKey().endsWith("_se") || !Files.isRegularFile(npy)) {
                continue;
            }
            double[] seCase = tol.sigma() > 0 && Files.isRegularFile(caseDir.resolve(e.getKey() + "_se.npy"))
                    ? Npy.read(caseDir.resolve(e.getKey() + "_se.npy")).data() : null;
            Series seResult = seCase == null ? null : got.get(e.getKey() + "_se");
            Npy.Array ref = Npy.read(npy);
            if (ref.shape().length == 0 || ref.shape()[0] == 0) {
                throw new InvalidInputException(InputError.UNREADABLE, "case", "golden case file", npy, "it holds no time points");
            }
            int caseT = ref.shape()[0];
            int width = ref.data().length / caseT;
            int[] sub = java.util.Arrays.copyOfRange(ref.shape(), 1, ref.shape().length);
            Series s = e.getValue();
            double maxAbs = 0, maxRel = 0;
            int firstT = -1;
            String firstEntry = "";
            double fc = 0, fr = 0;
            int points = 0;
            String problem = null;
            boolean[] covered = new boolean[caseT];
            if (s.times().length != s.rows().length) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, "t", "t", s.times().length, e.getKey() + " (rows)",
                        s.rows().length);
            }
            for (int r = 0; r < s.rows().length; r++) {
                int t = s.times()[r];
                if (t < 0 || t >= caseT) {
                    throw new InvalidInputException(InputError.OUT_OF_RANGE, "t", "t", t,
                            "the case has time points 0.." + (caseT - 1));
                }
                if (s.rows()[r].length != width) {
                    throw new InvalidInputException(InputError.SIZE_MISMATCH, e.getKey(), e.getKey() + " (entries per time point)",
                            s.rows()[r].length, "the case's " + e.getKey(), width);
                }
                covered[t] = true;
                for (int k = 0; k < width; k++) {
                    double c = ref.data()[t * width + k];
                    double v = s.rows()[r][k];
                    double err = Math.abs(v - c);
                    double band = 0;
                    if (seCase != null) {
                        double sr = seResult != null && r < seResult.rows().length && k < seResult.rows()[r].length
                                ? seResult.rows()[r][k] : 0.0;
                        band = tol.sigma() * Math.hypot(seCase[t * width + k], sr);
                        if (!Double.isFinite(band)) {
                            band = 0; // a non-finite standard error widens nothing
                        }
                    }
                    boolean finite = Double.isFinite(v) && Double.isFinite(c);
                    if (!finite) {
                        err = Double.POSITIVE_INFINITY;
                        if (problem == null) {
                            problem = "non-finite value " + v + " at t = " + t + ", " + e.getKey() + label(k, sub);
                        }
                    }
                    points++;
                    maxAbs = Math.max(maxAbs, err);
                    if (c != 0) {
                        maxRel = Math.max(maxRel, err / Math.abs(c));
                    }
                    if (firstT < 0 && !(finite && err <= atol + rtol * Math.abs(c) + band)) {
                        firstT = t;
                        firstEntry = label(k, sub);
                        fc = c;
                        fr = v;
                    }
                }
            }
            if (points == 0) {
                problem = "no values (an empty observable)";
            } else if (!allowPartial) {
                List<Integer> missing = new ArrayList<>();
                for (int t = 0; t < caseT; t++) {
                    if (!covered[t]) {
                        missing.add(t);
                    }
                }
                if (!missing.isEmpty()) {
                    String m = missing.size() <= 5 ? missing.toString()
                            : missing.subList(0, 5).toString().replace("]", ", ... (" + missing.size() + " in all)]");
                    String cov = "covers " + (caseT - missing.size()) + " of the case's " + caseT + " time points (missing t = " + m
                            + "; --allow-partial checks only the time points given)";
                    problem = problem == null ? cov : problem + "; " + cov;
                }
            }
            rows.add(new Row(e.getKey(), points, maxAbs, maxRel, firstT, firstEntry, fc, fr, problem));
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", "result", result,
                    got.isEmpty() ? "it holds no observables"
                            : "none of its observables (" + String.join(", ", got.keySet()) + ") is in the case");
        }
        return rows;
    }

    private static void requireTolerance(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, name, name, v, "must be a finite number >= 0");
        }
    }

    private static String label(int k, int[] shape) {
        StringBuilder sb = new StringBuilder();
        int[] idx = new int[shape.length];
        int rem = k;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        for (int i : idx) {
            sb.append('[').append(i).append(']');
        }
        return sb.toString();
    }

    /** Reads a result in any of the accepted layouts. */
    public static Map<String, Series> read(Path result) {
        if (Files.isDirectory(result)) {
            return readNpyDir(result);
        }
        String name = result.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(result)) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", "result", result, "no such file or folder");
        }
        if (name.endsWith(".csv")) {
            return readCsv(result);
        }
        if (name.endsWith(".json")) {
            return readJson(result);
        }
        if (name.endsWith(".npz")) {
            Map<String, Npy.Array> all = Npz.read(result);
            Map<String, Series> out = new TreeMap<>();
            int[] times = all.containsKey("t") ? timeIndices(all.get("t").data(), result) : null;
            for (Map.Entry<String, Npy.Array> e : all.entrySet()) {
                if (!e.getKey().equals("t")) {
                    out.put(e.getKey(), series(e.getValue(), times));
                }
            }
            return out;
        }
        if (name.endsWith(".npy")) {
            Path dir = result.toAbsolutePath().getParent();
            Map<String, Series> one = readNpyDir(dir);
            String stem = result.getFileName().toString().substring(0, name.length() - 4);
            if (one.get(stem) == null) {
                throw new InvalidInputException(InputError.UNREADABLE, "result", "result", result,
                        "t.npy holds time indices, not an observable: give the folder or another .npy file");
            }
            return Map.of(stem, one.get(stem));
        }
        throw new InvalidInputException(InputError.UNREADABLE, "result", "result", result,
                "give a folder of .npy files, one .npy file, an .npz archive, a .json or a .csv file");
    }

    private static Map<String, Series> readNpyDir(Path dir) {
        Map<String, Series> out = new TreeMap<>();
        int[] times = null;
        if (Files.isRegularFile(dir.resolve("t.npy"))) {
            times = timeIndices(Npy.read(dir.resolve("t.npy")).data(), dir.resolve("t.npy"));
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String n = f.getFileName().toString();
                if (!n.endsWith(".npy") || n.equals("t.npy")) {
                    continue;
                }
                out.put(n.substring(0, n.length() - 4), series(Npy.read(f), times));
            }
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", "result folder", dir, e.getMessage());
        }
        return out;
    }

    /** The rows of an array, time first; the time indices given, or 0, 1, ... */
    private static Series series(Npy.Array a, int[] times) {
        int rowsN = a.shape().length == 0 ? 1 : a.shape()[0];
        int w = a.data().length / Math.max(1, rowsN);
        double[][] rows = new double[rowsN][w];
        for (int r = 0; r < rowsN; r++) {
            System.arraycopy(a.data(), r * w, rows[r], 0, w);
        }
        return new Series(times != null ? times : range(rowsN), rows);
    }

    private static Map<String, Series> readJson(Path file) {
        JsonNode root;
        try {
            root = ProblemJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", "result file", file, ProblemJson.firstLine(e));
        }
        Map<String, Series> out = new LinkedHashMap<>();
        if (SolutionJson.SCHEMA.equals(root.path("schema").asText())) {
            Solution tr = SolutionJson.fromJson(root, file);
            for (Observable o : tr.observables().values()) {
                double[][] rows = new double[o.timePoints()][o.width()];
                double[][] se = o.hasStderr() ? new double[o.timePoints()][o.width()] : null;
                for (int t = 0; t < o.timePoints(); t++) {
                    System.arraycopy(o.value(), t * o.width(), rows[t], 0, o.width());
                    if (se != null) {
                        System.arraycopy(o.stderr(), t * o.width(), se[t], 0, o.width());
                    }
                }
                out.put(o.name(), new Series(range(o.timePoints()), rows));
                if (se != null) {
                    out.put(o.name() + "_se", new Series(range(o.timePoints()), se));
                }
            }
            Observable f = tr.get("f");
            double[] y = tr.problem().y();
            if (f != null && f.shape().length == 2 && f.width() == y.length && f.timePoints() > 0) {
                double[][] rows = new double[f.timePoints()][f.width()];
                for (int t = 0; t < f.timePoints(); t++) {
                    for (int k = 0; k < f.width(); k++) {
                        rows[t][k] = y[k] - f.value(t, k);
                    }
                }
                out.put("delta", new Series(range(f.timePoints()), rows));
            }
            return out;
        }
        if (root.path("schema").asText().startsWith("dln-bayes")) {
            // a stationary state: every observable is one row at t = 0
            var it = root.path("observables").fields();
            while (it.hasNext()) {
                var e = it.next();
                JsonNode v = e.getValue().path("value");
                List<Double> flat = new ArrayList<>();
                flatten(v, flat);
                out.put(e.getKey(), new Series(new int[] {0}, new double[][] {flat.stream().mapToDouble(Double::doubleValue).toArray()}));
            }
            return out;
        }
        if (!root.isObject()) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", "result file", file,
                    "give a JSON object of observables, e.g. {\"t\": [0, 1], \"f\": [[...], [...]]}");
        }
        int[] times = root.has("t") ? toInts(root.get("t"), file) : null;
        var it = root.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals("t") || !(e.getValue().isArray() || e.getValue().isNull())) {
                continue; // metadata
            }
            JsonNode arr = e.getValue(); // null: an observable without values (fails the check)
            double[][] rows = new double[arr.isNull() ? 0 : arr.size()][];
            for (int r = 0; r < rows.length; r++) {
                List<Double> flat = new ArrayList<>();
                flatten(arr.get(r), flat);
                rows[r] = flat.stream().mapToDouble(Double::doubleValue).toArray();
            }
            out.put(e.getKey(), new Series(times != null ? times : range(rows.length), rows));
        }
        return out;
    }

    private static Map<String, Series> readCsv(Path file) {
        List<Integer> times = new ArrayList<>();
        Map<String, Map<Integer, List<Double>>> acc = new LinkedHashMap<>();
        try (Reader r = Files.newBufferedReader(file)) {
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                    .setIgnoreSurroundingSpaces(true).build().parse(r);
            List<String> header = parser.getHeaderNames();
            int row = 0;
            for (CSVRecord rec : parser) {
                int t = header.contains("t") ? timeIndex(Double.parseDouble(rec.get("t")), file, "column t, row " + (row + 1)) : row;
                times.add(t);
                for (String h : header) {
                    if (h.equals("t") || h.equals("time") || h.endsWith("_se")) {
                        continue;
                    }
                    String base = h.contains("[") ? h.substring(0, h.indexOf('[')) : h;
                    String cell = rec.get(h);
                    acc.computeIfAbsent(base, k -> new LinkedHashMap<>()).computeIfAbsent(row, k -> new ArrayList<>())
                            .add(cell.isEmpty() ? Double.NaN : Double.parseDouble(cell)); // empty: undefined (fails)
                }
                row++;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", "result CSV", file, e.getMessage());
        }
        Map<String, Series> out = new LinkedHashMap<>();
        int[] t = times.stream().mapToInt(Integer::intValue).toArray();
        for (var e : acc.entrySet()) {
            double[][] rows = new double[t.length][];
            for (int r = 0; r < t.length; r++) {
                rows[r] = e.getValue().get(r).stream().mapToDouble(Double::doubleValue).toArray();
            }
            out.put(e.getKey(), new Series(t, rows));
        }
        return out;
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            for (JsonNode c : n) {
                flatten(c, out);
            }
        } else {
            out.add(n.isNumber() ? n.asDouble() : Double.NaN);
        }
    }

    private static int[] toInts(JsonNode n, Path file) {
        if (!n.isArray()) {
            throw new InvalidInputException(InputError.UNREADABLE, "t", "result field 't' of", file, "it must be an array of time indices");
        }
        int[] a = new int[n.size()];
        for (int i = 0; i < a.length; i++) {
            JsonNode v = n.get(i);
            a[i] = timeIndex(v.isNumber() ? v.asDouble() : Double.NaN, file, "t[" + i + "]");
        }
        return a;
    }

    private static int[] timeIndices(double[] v, Path file) {
        int[] a = new int[v.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = timeIndex(v[i], file, "t[" + i + "]");
        }
        return a;
    }

    /** A time index must be a whole number (a fractional one would be truncated silently): exit 2 otherwise. */
    private static int timeIndex(double v, Path file, String where) {
        if (!(v == Math.rint(v)) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "t", "t", v,
                    "time indices must be whole numbers 0, 1, ... (" + where + " of " + file + ")");
        }
        return (int) v;
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
