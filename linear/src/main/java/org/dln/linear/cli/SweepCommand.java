package org.dln.linear.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.io.SolutionJson;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.sweep.PointResult;
import org.dln.linear.sweep.Regime;
import org.dln.linear.sweep.SweepGrid;
import org.dln.linear.sweep.SweepNpz;
import org.dln.linear.sweep.SweepRunner;
import org.dln.linear.sweep.SweepTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.io.PrintWriter;

/** {@code dln sweep GRID}: every point of a grid of problems and commands, one table row each. */
@Command(name = "sweep", description = {"Run a grid of problems and commands (JSON or YAML grid file, docs/formats.md 'Sweep grids') on a " +
        "local thread pool and write one table, a row per point: PREFIX.csv and PREFIX.npz (numpy.load). Resumable: points " +
        "already in PREFIX.csv are skipped. Deterministic: the same grid gives the same table whatever --threads. " +
        "Exit 1 if a point failed (regime 'failed'; diverged points are results). Plots: dln sweep-plot."})
final class SweepCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GRID", description = "The grid file (.json, or .yaml/.yml).")
    Path grid;

    @Option(names = {"-o", "--out"}, paramLabel = "PREFIX", description = "Table prefix: PREFIX.csv, PREFIX.npz (default: the grid's name beside it).")
    Path out;

    @Option(names = "--threads", defaultValue = "0", description = "Points run at once (0 = number of cores).")
    int threads;

    @Option(names = "--point-threads", defaultValue = "1",
            description = "Threads inside each point (simulate's ensemble, sample's replicas; default 1): for a few large points.")
    int pointThreads;

    @Option(names = "--restart", description = "Start the table afresh instead of resuming it.")
    boolean restart;

    @Option(names = "--documents", paramLabel = "DIR", description = "Also keep each point's full result document as DIR/point-<index>.json.")
    Path documents;

    @Option(names = "--limit", paramLabel = "K", defaultValue = "-1",
            description = "Run at most K of the missing points now (the table stays resumable; default all).")
    int limit;

    @Override
    public Integer call() throws Exception {
        if (threads < 0) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "threads", "threads", threads, "give the number of threads, >= 1, or 0 for the number of cores");
        }
        PrintWriter err = spec.commandLine().getErr();
        SweepGrid g = SweepGrid.read(grid);
        Path prefix = out != null ? out : grid.toAbsolutePath().resolveSibling(stripExtension(grid.getFileName().toString()));
        Path csv = prefix.resolveSibling(prefix.getFileName() + ".csv");
        Path npz = prefix.resolveSibling(prefix.getFileName() + ".npz");
        if (csv.toAbsolutePath().getParent() != null) {
            Files.createDirectories(csv.toAbsolutePath().getParent());
        }
        if (documents != null) {
            Files.createDirectories(documents);
        }
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        try (SweepTable table = SweepTable.open(csv, g, restart)) {
            List<Integer> todo = SweepRunner.missing(g, table);
            int resumed = g.size() - todo.size();
            err.printf(Locale.ROOT, "dln: sweep of %d points, %d already in %s, %d to run on %d threads%n", g.size(), resumed, csv, todo.size(), workers);
            int planned = limit >= 0 ? Math.min(limit, todo.size()) : todo.size();
            AtomicInteger failed = new AtomicInteger();
            SweepProgress progress = new SweepProgress(planned, err);
            SweepRunner.run(g, table, todo, workers, Math.max(1, pointThreads), limit, r -> {
                if (r.regime() == Regime.FAILED) {
                    failed.incrementAndGet();
                    err.println("dln: point " + r.point().index() + " (" + r.point().describe() + ") failed: " + r.message());
                }
                keepDocument(r, err);
                progress.done(r);
            });
            List<String> rows = table.finish();
            if (rows.size() < g.size()) {
                err.printf(Locale.ROOT, "dln: %d of %d points done; rerun the same command to complete the table%n", rows.size(), g.size());
            } else {
                SweepNpz.write(npz, table.header(), rows);
                err.println("dln: wrote " + csv + " and " + npz);
            }
            long failedRows = rows.stream().filter(r -> SweepTable.parse(r).get(2 + g.columns().size()).equals(Regime.FAILED.id())).count();
            return failedRows > 0 ? DlnCommand.FAILED : DlnCommand.OK;
        }
    }

    private void keepDocument(PointResult r, PrintWriter err) {
        if (documents == null || r.solution() == null) {
            return;
        }
        try {
            AtomicFiles.writeString(documents.resolve("point-" + r.point().index() + ".json"), SolutionJson.toJsonString(r.solution()));
        } catch (IOException | RuntimeException e) {
            err.println("dln: point " + r.point().index() + ": document not written: " + e.getMessage());
        }
    }

    static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name + "-table";
    }

    /** Progress on stderr: a bar on a terminal, else a line every 5 % of the points; with the time left. */
    static final class SweepProgress {
        private final int total;
        private final long start = System.nanoTime();
        private final boolean terminal = System.console() != null && System.getenv("DLN_NO_PROGRESS") == null;
        private int done;
        private int lastStep = -1;

        private final PrintWriter err;

        SweepProgress(int total, PrintWriter err) {
            this.total = Math.max(1, total);
            this.err = err;
        }

        synchronized void done(PointResult r) {
            done++;
            double el = (System.nanoTime() - start) * 1e-9;
            double left = el / done * (total - done);
            int step = 20 * done / total;
            String msg = String.format(Locale.ROOT, "sweep %d/%d points, %.0f s elapsed, ~%.0f s left (last: point %d %s, %.2f s)",
                    done, total, el, left, r.point().index(), r.regime().id(), r.wallSeconds());
            if (terminal) {
                err.print("\r" + msg + "   ");
                if (done == total) {
                    err.println();
                }
            } else if (step != lastStep || done == total) {
                lastStep = step;
                err.println("dln: " + msg);
            }
            err.flush();
        }
    }
}
