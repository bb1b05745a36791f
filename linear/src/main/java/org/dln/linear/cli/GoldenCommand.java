package org.dln.linear.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dln.linear.io.GoldenSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln golden --out DIR}: writes the versioned suite of golden reference cases. */
@Command(name = "golden", mixinStandardHelpOptions = true,
        description = {"Write the golden reference suite: a manifest and one folder per case with problem.json, case.json, result.json",
                "and one .npy file per observable (docs/formats.md 'Golden suite'). The same dln version writes the same bytes."})
final class GoldenCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Folder to write the suite into.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int n = GoldenSuite.cases().size();
        int written = GoldenSuite.write(out, new Progress("golden", n));
        spec.commandLine().getOut().printf("wrote %d golden cases (suite version %d) to %s%n", written, GoldenSuite.SUITE_VERSION, out);
        spec.commandLine().getOut().flush();
        return DlnCommand.OK;
    }
}
