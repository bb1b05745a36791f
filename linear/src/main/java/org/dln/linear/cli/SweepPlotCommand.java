package org.dln.linear.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dln.linear.io.SweepPlots;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.sweep.TableData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dln sweep-plot TABLE.csv}: phase diagram, heat map and line plots of a sweep table. */
@Command(name = "sweep-plot", description = {"Figures of a sweep table (PNG): --phase X,Y (regime by colour), --heat X,Y,COLUMN " +
        "(heat map of a column), --lines X,COLUMN[,BY] (COLUMN against X, one line per value of BY; error bars from COLUMN_se). " +
        "Writes PREFIX_phase.png, PREFIX_heat_COLUMN.png, PREFIX_lines_COLUMN.png."})
final class SweepPlotCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE", description = "The table written by dln sweep (PREFIX.csv).")
    Path table;

    @Option(names = {"-o", "--out"}, paramLabel = "PREFIX", description = "Figure prefix (default: the table's name without .csv).")
    Path out;

    @Option(names = "--phase", paramLabel = "X,Y", description = "Phase diagram: the regime of every point over columns X and Y.")
    String phase;

    @Option(names = "--heat", paramLabel = "X,Y,COLUMN", description = "Heat map of COLUMN over columns X and Y.")
    String heat;

    @Option(names = "--lines", paramLabel = "X,COLUMN[,BY]", description = "COLUMN against X, one line per value of BY.")
    String lines;

    @Option(names = "--log", paramLabel = "[x][y][z]", defaultValue = "", description = "Logarithmic axes: x, y (phase diagram, line plots), z (the heat map's colour: log10 of the column); any of x, y, z.")
    String log;

    @Option(names = "--where", paramLabel = "COLUMN=VALUE,...", description = "Only the rows with these values, e.g. regime=converged|unfinished,gamma0=0.05|0.2141 (numbers to 4 significant digits).")
    String where;

    @Override
    public Integer call() throws Exception {
        if (phase == null && heat == null && lines == null) {
            throw new InvalidInputException(InputError.MISSING, "phase", "--phase, --heat or --lines", "say which figure to draw, e.g. --phase gamma0,eta");
        }
        if (!log.matches("x?y?z?")) {
            throw new InvalidInputException(InputError.UNKNOWN_VALUE, "log", "log", log, "x, y, z, xy, xz, yz, xyz");
        }
        TableData t = TableData.read(table);
        if (where != null) {
            Map<String, String> eq = new LinkedHashMap<>();
            for (String kv : where.split(",")) {
                String[] p = kv.split("=", 2);
                if (p.length != 2) {
                    throw new InvalidInputException(InputError.OUT_OF_RANGE, "where", "where", kv, "write COLUMN=VALUE");
                }
                eq.put(p[0].trim(), p[1].trim());
            }
            t = t.where(eq);
        }
        String name = table.getFileName().toString();
        Path prefix = out != null ? out : table.resolveSibling(name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name);
        boolean lx = log.contains("x"), ly = log.contains("y");
        List<Path> written = new ArrayList<>();
        if (phase != null) {
            String[] a = parts(phase, "phase", 2, 2);
            written.add(SweepPlots.phase(t, a[0], a[1], lx, ly, Path.of(prefix + "_phase.png")));
        }
        if (heat != null) {
            String[] a = parts(heat, "heat", 3, 3);
            written.add(SweepPlots.heat(t, a[0], a[1], a[2], log.contains("z"), Path.of(prefix + "_heat_" + a[2] + ".png")));
        }
        if (lines != null) {
            String[] a = parts(lines, "lines", 2, 3);
            written.add(SweepPlots.lines(t, a[0], a[1], a.length > 2 ? a[2] : null, lx, ly, Path.of(prefix + "_lines_" + a[1] + ".png")));
        }
        written.forEach(p -> spec.commandLine().getErr().println("dln: wrote " + p));
        return DlnCommand.OK;
    }

    private static String[] parts(String s, String option, int min, int max) {
        String[] a = s.split(",");
        if (a.length < min || a.length > max) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, option, option, s, "give " + min + (max > min ? " or " + max : "") + " comma-separated column names");
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i].trim();
        }
        return a;
    }
}
