package org.dln.linear.sweep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.io.Npy;

/**
 * The sweep table as a NumPy .npz archive of columns ({@code np.load("t.npz")["gamma0"]}): one .npy per column,
 * float64 (empty cells are NaN) except the text columns (id, command, approx, activation, regime, message), which are
 * unicode arrays; no pickling needed. Byte-for-byte deterministic (fixed entry times, fixed order).
 */
public final class SweepNpz {
    /** Columns written as text. */
    public static final Set<String> TEXT = Set.of("id", "command", "approx", "activation", "regime", "message");
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private SweepNpz() {
    }

    /** Writes the columns of {@code rows} (CSV lines in table order) to {@code file}. */
    public static void write(Path file, List<String> header, List<String> rows) throws IOException {
        int n = rows.size(), c = header.size();
        String[][] cells = new String[c][n];
        for (int r = 0; r < n; r++) {
            List<String> f = SweepTable.parse(rows.get(r));
            for (int k = 0; k < c; k++) {
                cells[k][r] = f.get(k);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int k = 0; k < c; k++) {
                ZipEntry e = new ZipEntry(header.get(k) + ".npy");
                e.setTimeLocal(EPOCH);
                zip.putNextEntry(e);
                zip.write(TEXT.contains(header.get(k)) ? Npy.stringBytes(cells[k]) : Npy.bytes(new int[] {n}, numbers(cells[k])));
                zip.closeEntry();
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    static double[] numbers(String[] cells) {
        double[] v = new double[cells.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(cells[i]);
        }
        return v;
    }

    /** A numeric cell: empty is NaN, "inf"/"-inf" infinite. */
    public static double value(String cell) {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        if (cell.equals("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (cell.equals("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
