package org.dln.linear.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * The sweep table as CSV (docs/formats.md "Sweep tables"): a header, then one row per point. While a sweep runs, rows
 * are appended in the order points finish, each written and flushed whole (so an interruption loses at most the
 * row being written: a torn last line is dropped when the table is reopened); points whose id is already in the table
 * are not run again. At the end the rows are sorted by point index and the file rewritten atomically, so the same
 * grid gives a byte-identical table whatever the thread count or the order of completion. Numbers are written by
 * {@link Double#toString} (exact round trip), undefined values as empty cells.
 */
public final class SweepTable implements AutoCloseable {
    private final Path file;
    private final List<String> header;
    private final Map<Integer, String> rows = new TreeMap<>();
    private OutputStream out;

    private SweepTable(Path file, List<String> header) {
        this.file = file;
        this.header = List.copyOf(header);
    }

    /**
     * Opens the table of {@code grid} at {@code file}: a new one (or afresh with {@code restart}), or an existing one
     * whose header and rows belong to this grid (else exit 2 naming the table). A torn last line is dropped.
     */
    public static SweepTable open(Path file, SweepGrid grid, boolean restart) throws IOException {
        SweepTable t = new SweepTable(file, grid.tableColumns());
        if (restart || !Files.exists(file) || Files.size(file) == 0) {
            AtomicFiles.writeString(file, line(t.header) + "\n");
        } else {
            t.load(grid);
        }
        t.out = Files.newOutputStream(file, StandardOpenOption.APPEND);
        return t;
    }

    private void load(SweepGrid grid) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(end); // the torn last row of an interrupted run
            }
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(line(header))) {
            throw new InvalidInputException(InputError.SWEEP_TABLE, "out", file, "its header differs from this grid's columns");
        }
        for (int k = 1; k < lines.length - 1; k++) {
            List<String> f = parse(lines[k]);
            if (f.size() != header.size()) {
                throw new InvalidInputException(InputError.SWEEP_TABLE, "out", file, "line " + (k + 1) + " has " + f.size() + " fields, not " + header.size());
            }
            int index;
            try {
                index = Integer.parseInt(f.get(0));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(InputError.SWEEP_TABLE, "out", file, "line " + (k + 1) + " has no point index");
            }
            if (index < 0 || index >= grid.size() || !grid.point(index).id().equals(f.get(1))) {
                throw new InvalidInputException(InputError.SWEEP_TABLE, "out", file, "line " + (k + 1) + " (point " + f.get(0) + ", id " + f.get(1)
                        + ") is not a point of this grid");
            }
            rows.putIfAbsent(index, lines[k]);
        }
    }

    /** Whether point {@code index} already has its row. */
    public synchronized boolean has(int index) {
        return rows.containsKey(index);
    }

    /** Number of rows. */
    public synchronized int size() {
        return rows.size();
    }

    /** Appends the row of a finished point and flushes it. */
    public void append(PointResult r, SweepGrid grid) throws IOException {
        appendRow(r.point().index(), row(r, grid));
    }

    /** Appends the row (as {@link #row} wrote it) of point {@code index} and flushes it. */
    public synchronized void appendRow(int index, String row) throws IOException {
        rows.put(index, row);
        out.write((row + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Rewrites the table sorted by point index; returns the rows in that order. */
    public synchronized List<String> finish() throws IOException {
        close();
        StringBuilder sb = new StringBuilder(line(header)).append('\n');
        rows.values().forEach(r -> sb.append(r).append('\n'));
        AtomicFiles.writeString(file, sb.toString());
        return new ArrayList<>(rows.values());
    }

    public List<String> header() {
        return header;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** The CSV row of a point's result (the same text on every machine and thread count). */
    public static String row(PointResult r, SweepGrid grid) {
        List<String> f = new ArrayList<>();
        SweepPoint pt = r.point();
        f.add(Integer.toString(pt.index()));
        f.add(pt.id());
        for (Parameter p : grid.columns()) {
            f.add(Parameter.format(pt.varying().get(p)));
        }
        f.add(r.regime().id());
        f.add(r.converged() ? "1" : "0");
        f.add(Integer.toString(r.iterations()));
        f.add(number(r.residual()));
        List<String> cols = grid.tableColumns();
        for (int c = 4 + grid.columns().size() + 2; c < cols.size() - 1; c++) {
            Double v = r.values().get(cols.get(c));
            f.add(v == null ? "" : number(v));
        }
        f.add(r.message().replace('\n', ' ').replace('\r', ' '));
        return line(f);
    }

    static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : Double.isNaN(v) ? "" : v > 0 ? "inf" : "-inf";
    }

    /** One CSV line (RFC 4180 quoting where needed). */
    static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String s = fields.get(i);
            if (i > 0) {
                sb.append(',');
            }
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        return sb.toString();
    }

    /** The fields of one CSV line written by {@link #line}. */
    public static List<String> parse(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
