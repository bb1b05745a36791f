package org.dln.linear.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.io.CsvWriter;
import org.dln.linear.io.Plotter;
import org.dln.linear.io.SolutionJson;
import org.dln.linear.io.SolutionNpz;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
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

    @Option(names = "--npz", paramLabel = "FILE",
            description = "Write the observables as a NumPy .npz archive (float64, time first: t, time, f, loss, ntk, ...; docs/formats.md).")
    Path npz;

    @Option(names = "--plot", paramLabel = "PREFIX[.svg|.pdf]",
            description = "Write the figures PREFIX_<name>.png (.svg or .pdf if PREFIX ends in .svg or .pdf).")
    Path plot;

    /**
     * Checks every output path before the computation starts (a result is not computed only to be lost): the files of
     * -o/--out and --csv, and the directory of the --plot prefix. Throws {@link InvalidInputException} naming the option.
     */
    void check() {
        checkFile(out, "out");
        checkFile(csv, "csv");
        checkFile(npz, "npz");
        checkPrefix(plot, "plot");
    }

    /** A file dln will write: not a directory, in an existing writable directory, writable if it exists. */
    static void checkFile(Path file, String field) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(InputError.UNWRITABLE, field, "'" + field + "' file", file,
                    "it is a directory; give the path of a file (e.g. " + file.resolve("result.json") + ")");
        }
        checkDirectory(file, field);
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new InvalidInputException(InputError.UNWRITABLE, field, "'" + field + "' file", file,
                    "the file exists and is not writable");
        }
    }

    /** A prefix of files dln will write (PREFIX_name.png; missing directories are created): no file in the way. */
    static void checkPrefix(Path prefix, String field) {
        if (prefix != null) {
            checkCreatable(prefix.toAbsolutePath().normalize().getParent(), field, "'" + field + "' figures", prefix);
        }
    }

    /** A directory dln will create (or fill): not a file; what exists of its path is writable. */
    static void checkOutputDirectory(Path dir, String field) {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(InputError.UNWRITABLE, field, "'" + field + "' directory", dir,
                    "it is a file, not a directory");
        }
        checkCreatable(dir.toAbsolutePath().normalize(), field, "'" + field + "' directory", dir);
    }

    /** A directory that dln creates if missing: its nearest existing ancestor must be a writable directory. */
    private static void checkCreatable(Path dir, String field, String what, Path given) {
        Path d = dir;
        while (d != null && !Files.exists(d)) {
            d = d.getParent();
        }
        if (d == null) {
            return;
        }
        if (!Files.isDirectory(d)) {
            throw new InvalidInputException(InputError.UNWRITABLE, field, what, given, d + " is a file, not a directory");
        }
        if (!Files.isWritable(d)) {
            throw new InvalidInputException(InputError.UNWRITABLE, field, what, given, "the directory " + d + " is not writable");
        }
    }

    private static void checkDirectory(Path file, String field) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent == null) {
            return;
        }
        String what = "'" + field + "' file";
        if (!Files.exists(parent)) {
            throw new InvalidInputException(InputError.UNWRITABLE, field, what, file,
                    "the directory " + parent + " does not exist (create it first)");
        }
        if (!Files.isDirectory(parent)) {
            throw new InvalidInputException(InputError.UNWRITABLE, field, what, file, parent + " is not a directory");
        }
        if (!Files.isWritable(parent)) {
            throw new InvalidInputException(InputError.UNWRITABLE, field, what, file,
                    "the directory " + parent + " is not writable");
        }
    }

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
        if (npz != null) {
            SolutionNpz.write(s, npz);
            System.err.println("dln: wrote " + npz);
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

    /** The prefix of figure files: the --plot path without a .png, .svg or .pdf ending. */
    static Path plotPrefix(Path plot) {
        String n = plot.getFileName().toString();
        String lower = n.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".svg") || lower.endsWith(".pdf")
                ? plot.resolveSibling(n.substring(0, n.length() - 4)) : plot;
    }

    /** svg or pdf when the --plot path ends in .svg or .pdf, else png. */
    static String plotFormat(Path plot) {
        String lower = plot.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".svg") ? "svg" : lower.endsWith(".pdf") ? "pdf" : "png";
    }

    /** Whether the summary goes to stdout (no JSON there). */
    boolean markdown() {
        return !json;
    }
}
