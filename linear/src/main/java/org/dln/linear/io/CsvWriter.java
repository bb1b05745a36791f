package org.dln.linear.io;

import org.dln.linear.result.Solution;
import org.dln.linear.result.Observable;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the time series of a {@link Solution} as one CSV table (docs/formats.md): one row per time point with
 * columns {@code t}, {@code time} (= eta t), then every entry of every observable in document order, named like
 * {@code f[0]}, {@code loss}, {@code ntk[0][1]}, {@code phi1[0][0]}. An observable with a standard error gets an
 * extra column right after each entry, named like {@code f[0]_se}. Numbers are written with full double precision
 * ({@link Double#toString(double)}), so they read back exactly; an undefined alignment is an empty cell.
 */
public final class CsvWriter {
    /** Suffix of the standard-error column that follows an entry's column. */
    public static final String STDERR_SUFFIX = "_se";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    private CsvWriter() {
    }

    /**
     * Writes the CSV table of {@code tr} to {@code out}. The writer is flushed but not closed.
     *
     * @param tr  the trajectory; its problem must hold the learning rate {@code eta}
     * @param out where the table goes
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the problem has no numeric {@code eta}
     */
    public static void write(Solution tr, Writer out) throws IOException {
        eta(tr);
        List<Observable> obs = new ArrayList<>(tr.observables().values());
        CSVPrinter printer = new CSVPrinter(out, FORMAT.builder().setHeader(header(obs)).build());
        int tp = tr.timePoints();
        List<Object> row = new ArrayList<>();
        for (int t = 0; t < tp; t++) {
            row.clear();
            row.add(Integer.toString(t));
            row.add(Double.toString(tr.time(t)));
            for (Observable o : obs) {
                for (int k = 0; k < o.width(); k++) {
                    row.add(cell(o.value(t, k)));
                    if (o.hasStderr()) {
                        row.add(cell(o.stderr(t, k)));
                    }
                }
            }
            printer.printRecord(row);
        }
        printer.flush();
    }

    /**
     * Writes the CSV table of {@code tr} to {@code file} (UTF-8), replacing it if it exists.
     *
     * @param tr   the trajectory; its problem must hold the learning rate {@code eta}
     * @param file the CSV file
     * @throws IOException if writing fails
     */
    public static void write(Solution tr, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(tr, w);
            }
        });
    }

    /** A number at full precision; an empty cell for an undefined value (NaN: an alignment where y = 0 or K = 0). */
    static String cell(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** Column names: t, time, then each observable entry (and its standard error, if any). */
    static String[] header(List<Observable> obs) {
        List<String> h = new ArrayList<>();
        h.add("t");
        h.add("time");
        for (Observable o : obs) {
            for (int k = 0; k < o.width(); k++) {
                String name = o.name() + o.entryLabel(k);
                h.add(name);
                if (o.hasStderr()) {
                    h.add(name + STDERR_SUFFIX);
                }
            }
        }
        return h.toArray(new String[0]);
    }

    /** The learning rate eta of the trajectory's problem (time = eta t). */
    static double eta(Solution tr) {
        return tr.problem().eta();
    }
}
