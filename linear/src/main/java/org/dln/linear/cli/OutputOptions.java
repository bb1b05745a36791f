package org.dln.linear.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.io.CsvWriter;
import org.dln.linear.io.Plotter;
import org.dln.linear.io.SolutionJson;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import picocli.CommandLine.Option;

/** Where results go: JSON file or stdout, CSV, plots. Without --out/--json, a Markdown summary goes to stdout. */
public final class OutputOptions {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the JSON result document to FILE.")
    Path out;

    @Option(names = "--json", description = "Print the JSON result document to stdout (instead of the summary).")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the results as CSV (one row per time point).")
    Path csv;

    @Option(names = "--plot", paramLabel = "PREFIX[.svg]", description = "Write the figures PREFIX_<name>.png (.svg if PREFIX ends in .svg).")
    Path plot;

    /**
     * Writes the requested outputs after checking that every observable is finite (undefined alignments excepted, see
     * {@link Solutions#requireFinite}); the summary to stdout unless JSON goes there. */
    void emit(Solution solution, PrintWriter stdout) throws IOException {
        Solution s = Solutions.requireFinite(solution); // nothing non-finite leaves (exit 1 saying where and when)
        if (out != null) {
            AtomicFiles.writeString(out, SolutionJson.toJsonString(s));
            System.err.println("dln: wrote " + out);
        }
        if (csv != null) {
            CsvWriter.write(s, csv);
            System.err.println("dln: wrote " + csv);
        }
        if (plot != null) {
            for (Path p : Plotter.write(List.of(s), plotPrefix(plot), plotFormat(plot))) {
                System.err.println("dln: wrote " + p);
            }
        }
        if (json) {
            stdout.println(SolutionJson.toJsonString(s));
        } else {
            Summary.print(s, stdout);
        }
        stdout.flush();
    }

    /** The prefix of figure files: the --plot path without a .png or .svg ending. */
    static Path plotPrefix(Path plot) {
        String n = plot.getFileName().toString();
        String lower = n.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".svg") ? plot.resolveSibling(n.substring(0, n.length() - 4)) : plot;
    }

    /** svg when the --plot path ends in .svg, else png. */
    static String plotFormat(Path plot) {
        return plot.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg") ? "svg" : "png";
    }

    /** Whether the summary goes to stdout (no JSON there). */
    boolean markdown() {
        return !json;
    }
}
