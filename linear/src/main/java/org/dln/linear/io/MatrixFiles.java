package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
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

    public static double[][] read(Path file, String field) {
        ProblemJson.requireFile(file, field);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try {
            if (name.endsWith(".json")) {
                JsonNode n = ProblemJson.MAPPER.readTree(file.toFile());
                return ProblemJson.matrix(n, field, file.getParent());
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
            }
            return rows.toArray(new double[0][]);
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, field, field + " file", file, ProblemJson.firstLine(e));
        }
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
