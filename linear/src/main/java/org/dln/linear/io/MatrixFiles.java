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

/** Reads a matrix from a CSV file (one row per line, no header, '#' comments) or a JSON array of rows. */
public final class MatrixFiles {
    private MatrixFiles() {
    }

    /** The matrix files being read by this thread (a JSON matrix file may name another file): to detect cycles. */
    private static final ThreadLocal<Deque<Path>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    public static double[][] read(Path file, String field) {
        ProblemJson.requireFile(file, field);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
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

    /** Reads a vector: a CSV with one value per line or one line of values, or a JSON array. */
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
