package org.dln.linear.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.dln.linear.io.AtomicFiles;
import picocli.CommandLine.Option;

/** The random problems of the benchmarks (depth, gamma0, seed) and where the table goes. */
public final class BenchOptions {
    @Option(names = {"-L", "--depth"}, defaultValue = "3", description = "Depth L (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = {"-g", "--gamma0"}, defaultValue = "1.0", description = "gamma0 (default ${DEFAULT-VALUE}).")
    double gamma0;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random problems (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Also write the table to FILE (Markdown).")
    Path out;

    /** Checks --out before the benchmark runs. */
    void check() {
        OutputOptions.checkFile(out, "out");
    }

    /** The table to stdout, and to --out when given. */
    void emit(String table, PrintWriter stdout) throws IOException {
        stdout.print(table);
        stdout.flush();
        if (out != null) {
            AtomicFiles.writeString(out, table);
        }
    }
}
