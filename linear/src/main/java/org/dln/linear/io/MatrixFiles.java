package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * Reads a matrix from a CSV file (one row per line, no header, '#' comments), a JSON array of rows, a NumPy .npy file
 * or one array of a NumPy .npz archive ({@code FILE.npz:NAME}, or the archive's only array, or the one named like the
 * field). A 1-D array is one column, as a JSON vector is.
 */
public final class MatrixFiles {
    private MatrixFiles() {
    }

    /** The matrix files being read by this thread (a JSON matrix file may name another file): to detect cycles. */
    private static final ThreadLocal<Deque<Path>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    public static double[][] read(Path file, String field) {
        String raw = file.toString();
        int colon = raw.toLowerCase(java.util.Locale.ROOT).lastIndexOf(".npz:");
        if (colon >= 0 && !Files.exists(file)) {
            Path archive = Path.of(raw.substring(0, colon + 4));
            ProblemJson.requireFile(archive, field);
            return fromArray(Npz.pick(archive, raw.substring(colon + 5), field), file, field);
        }
        ProblemJson.requireFile(file, field);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".npy")) {
            return fromArray(Npy.read(file), file, field);
        }
        if (name.endsWith(".npz")) {
            return fromArray(Npz.pick(file, null, field), file, field);
        }
        if (name.endsWith(".json")) {
            Path key = file.toAbsolutePath().normalize();
            Deque<Path> open = OPEN.get();
            if (open.contains(key)) {
                List<String> chain = new ArrayList<>();
                open.descendingIterator().forEachRemaining(q -> chain.add(q.getFileName().toString()));
                chain.add(key.getFileName().toString());
                throw new InvalidInputException(InputError.UNREADABLE, field, field + " file", file,
                        "it refers back to itself (" + String.join(" -> ", chain)
                                + "): a matrix file must hold the rows of numbers, not the path of a file that leads back to it");
            }
            open.push(key);
            try {
                JsonNode n = ProblemJson.readDocument(file, field, field + " file");
                return ProblemJson.matrix(n, field, file.toAbsolutePath().getParent());
            } finally {
                open.pop();
            }
        }
        List<double[]> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setCommentMarker('#').setIgnoreSurroundingSpaces(true)
                    .setIgnoreEmptyLines(true).build().parse(r)) {
                double[] row = new double[rec.size()];
                for (int j = 0; j < rec.size(); j++) {
                    try {
                        row[j] = Double.parseDouble(rec.get(j));
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(InputError.UNREADABLE, field, field + " file", file,
                                "line " + rec.getRecordNumber() + ", column " + (j + 1) + ": '" + rec.get(j)
                                        + "' is not a number (no header line is expected)");
                    }
                }
                rows.add(row);
            }
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            String why = cause instanceof CharacterCodingException
                    ? "it is not UTF-8 text (save it as a UTF-8 or ASCII CSV file: one row of numbers per line)"
                    : e instanceof UncheckedIOException ? "malformed CSV: " + ProblemJson.firstLine(cause.getMessage())
                    : ProblemJson.firstLine(cause.getMessage());
            throw new InvalidInputException(InputError.UNREADABLE, field, field + " file", file, why);
        }
        return rows.toArray(new double[0][]);
    }

    /** Whether {@code s} names a NumPy file (FILE.npy, FILE.npz or FILE.npz:NAME). */
    public static boolean isNumpy(String s) {
        String l = s.toLowerCase(java.util.Locale.ROOT);
        return l.endsWith(".npy") || l.endsWith(".npz") || l.contains(".npz:");
    }

    /** The rows of a 1-D (one column) or 2-D array; every entry finite. */
    static double[][] fromArray(Npy.Array a, Path file, String field) {
        int[] sh = a.shape();
        if (sh.length == 0 || sh.length > 2) {
            throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "a 2-D array (rows) or a 1-D array (one column)",
                    "an array of shape " + java.util.Arrays.toString(sh) + " (" + file + ")");
        }
        int rows = sh[0], cols = sh.length == 2 ? sh[1] : 1;
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = a.data()[i * cols + j];
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException(InputError.NOT_FINITE, field, field, v,
                            (sh.length == 2 ? "[" + i + "][" + j + "]" : "[" + i + "]") + " of " + file);
                }
                m[i][j] = v;
            }
        }
        return m;
    }

    /** Reads a vector: a CSV with one value per line or one line of values, a JSON array, a 1-D (or one-row/column) NumPy array. */
    public static double[] readVector(Path file, String field) {
        double[][] m = read(file, field);
        if (m.length == 1) {
            return m[0];
        }
        double[] v = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != 1) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, file,
                        "a vector file has one value per line or all values on one line");
            }
            v[i] = m[i][0];
        }
        return v;
    }
}
