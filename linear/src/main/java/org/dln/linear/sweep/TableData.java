package org.dln.linear.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/** A sweep table read back from its CSV (for plots): the header and the rows' cells, optionally filtered. */
public record TableData(List<String> header, List<List<String>> rows) {

    public static TableData read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "table", "sweep table", csv, "no such file");
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "table", "sweep table", csv, String.valueOf(e.getMessage()));
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("index,id,")) {
            throw new InvalidInputException(InputError.UNREADABLE, "table", "sweep table", csv, "not a table written by dln sweep (its header starts 'index,id,')");
        }
        List<String> header = SweepTable.parse(lines.get(0));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> f = SweepTable.parse(lines.get(i));
            if (f.size() == header.size()) {
                rows.add(f);
            }
        }
        return new TableData(header, rows);
    }

    /** The index of a column, or exit 2 naming it and the columns there are. */
    public int column(String name, String option) {
        int k = header.indexOf(name);
        if (k < 0) {
            throw new InvalidInputException(InputError.UNKNOWN_VALUE, option, option, name, "the table's columns: " + String.join(", ", header));
        }
        return k;
    }

    /**
     * The rows whose columns have one of the given values ("a|b|c"): text compared exactly, numbers to 4 significant
     * digits (as the plots print them: 0.2141 selects 0.21406661993596968).
     */
    public TableData where(Map<String, String> equal) {
        List<List<String>> keep = new ArrayList<>();
        for (List<String> r : rows) {
            boolean ok = true;
            for (Map.Entry<String, String> e : equal.entrySet()) {
                String cell = r.get(column(e.getKey(), "where"));
                double a = SweepNpz.value(cell);
                boolean any = false;
                for (String want : e.getValue().split("\\|")) {
                    double b = SweepNpz.value(want);
                    any |= cell.equals(want) || (!Double.isNaN(a) && Math.abs(a - b) <= 5e-4 * Math.abs(b));
                }
                ok &= any;
            }
            if (ok) {
                keep.add(r);
            }
        }
        return new TableData(header, keep);
    }

    /** The numeric value of a cell (NaN if empty). */
    public static double number(List<String> row, int column) {
        return SweepNpz.value(row.get(column));
    }
}
