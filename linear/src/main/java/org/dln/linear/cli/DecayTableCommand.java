package org.dln.linear.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.TeacherStudent;
import org.dln.linear.stationary.DecayTestLossTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln decay-table}: test loss of the weight-decay adaptive predictor vs the lazy kernel predictor over gamma0. */
@Command(name = "decay-table", description = {"Teacher-student task with a power-law input spectrum: test loss of the infinite-width stationary state of " +
                "gradient descent with weight decay (adaptive NTK predictor) vs the lazy kernel predictor, over gamma0 (Markdown to stdout)."})
final class DecayTableCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA", defaultValue = "0.1", description = "Weight decay lambda > 0 (default 0.1).")
    double lambda;

    @Option(names = {"-L", "--depth"}, defaultValue = "2", description = "Number of hidden layers (default 2).")
    int depth;

    @Option(names = "--gamma0-list", paramLabel = "G1,G2,...", defaultValue = "0.25,0.5,1,2,4,8",
            description = "Values of gamma0 (default 0.25,0.5,1,2,4,8).")
    String gammas;

    @Option(names = "--dim", defaultValue = "64", description = "Input dimension D (default 64).")
    int dim;

    @Option(names = "--train", defaultValue = "32", description = "Train samples P (default 32).")
    int train;

    @Option(names = "--test", defaultValue = "1000", description = "Test samples Q (default 1000).")
    int test;

    @Option(names = "--alpha", defaultValue = "1.5", description = "Spectral exponent: input variances ~ k^-alpha (default 1.5).")
    double alpha;

    @Option(names = "--noise", defaultValue = "0.1", description = "Label noise standard deviation on train targets (default 0.1).")
    double noise;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of the task (default 1).")
    long seed;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the rows as CSV.")
    Path csv;

    @Override
    public Integer call() throws Exception {
        OutputOptions.checkFile(csv, "csv");
        double[] g = ProblemOptions.parseVector(gammas, "gamma0-list");
        for (double v : g) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "gamma0-list", "gamma0-list", v, "every gamma0 must be finite and > 0");
            }
        }
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "weight-decay", "weight-decay", lambda, "must be finite and > 0");
        }
        SeriesOptions.atLeast("depth", depth, 1, "the number of hidden layers");
        SeriesOptions.finite("alpha", alpha);
        SeriesOptions.nonNegative("noise", noise, "the label noise standard deviation");
        TeacherStudent task = TeacherStudent.of(dim, train, test, alpha, noise, seed);
        List<DecayTestLossTable.Row> rows = DecayTestLossTable.compute(task, depth, lambda, g);
        spec.commandLine().getOut().print(DecayTestLossTable.markdown(rows, task, depth, lambda));
        spec.commandLine().getOut().flush();
        if (csv != null) {
            StringBuilder sb = new StringBuilder("gamma0,nontrivial,ridge_adaptive,ridge_lazy,test_mse_adaptive,test_mse_lazy,newton_iterations,newton_residual,test_mse_lazy_oracle,oracle_ridge\n");
            for (DecayTestLossTable.Row r : rows) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%d,%s,%s,%s%n", r.gamma0(), r.nontrivial(), r.ridge(), lambda,
                        r.adaptive(), r.lazy(), r.iterations(), r.residual(), r.lazyBest(), r.lazyBestRidge()));
            }
            org.dln.linear.io.AtomicFiles.writeString(csv, sb.toString());
            System.err.println("dln: wrote " + csv);
        }
        return DlnCommand.OK;
    }
}
