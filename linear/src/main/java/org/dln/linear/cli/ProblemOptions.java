package org.dln.linear.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dln.linear.io.MatrixFiles;
import org.dln.linear.io.ProblemJson;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import picocli.CommandLine.Option;

/**
 * The problem, from a JSON file ({@code --problem}) and/or flags; flags override the file. With neither, the
 * built-in default problem (README) is used. The time axis of gradient descent (eta, T) is {@link DescentOptions}.
 */
public final class ProblemOptions {
    @Option(names = "--problem", paramLabel = "FILE", description = "Problem specification (JSON, docs/formats.md 'Problem files').")
    Path problemFile;

    @Option(names = {"--x", "--inputs"}, paramLabel = "FILE", description = "Raw train inputs X (P x D): CSV, JSON, .npy or .npz[:NAME]; Kx = X X^T / D.")
    Path x;

    @Option(names = "--x-test", paramLabel = "FILE", description = "Raw test inputs (Q x D): CSV, JSON, .npy or .npz[:NAME].")
    Path xTest;

    @Option(names = "--kx", paramLabel = "FILE", description = "Train Gram matrix Kx (P x P): CSV, JSON, .npy or .npz[:NAME].")
    Path kx;

    @Option(names = "--kx-test", paramLabel = "FILE", description = "Test rows of the joint Gram matrix, Q x (P + Q): [Kx(test, train) | Kx(test, test)].")
    Path kxTest;

    @Option(names = "--y", paramLabel = "Y", description = "Targets: comma-separated values or a file (CSV, JSON, .npy, .npz[:NAME]).")
    String y;

    @Option(names = {"-L", "--depth"}, description = "Number of hidden layers L >= 1.")
    Integer depth;

    @Option(names = {"-g", "--gamma0"}, description = "Feature-learning strength gamma0 >= 0 (0 = lazy).")
    Double gamma0;

    @Option(names = "--conventions", paramLabel = "K=V,...",
            description = "Conventions as in a problem file: loss=sum|mean, output=uncentred|centred, update=exact|ntk-euler (any subset).")
    String conventions;

    /** The validated problem (without a time axis of gradient descent: the file's or the default eta and T). */
    public Problem build() {
        return builder().build();
    }

    /** The validated problem with the gradient-descent options applied. */
    public Problem build(DescentOptions descent) {
        return descent.apply(builder()).build();
    }

    /** The builder before validation (so that commands can relax checks). */
    public Problem.Builder builder() {
        boolean anyData = x != null || kx != null;
        Problem.Builder b;
        if (problemFile != null) {
            b = ProblemJson.read(problemFile);
        } else if (anyData) {
            b = ProblemJson.newBuilder();
        } else {
            b = ProblemJson.defaultProblem();
        }
        if (x != null) {
            b.gram(null).inputs(MatrixFiles.read(x, "X"));
        }
        if (xTest != null) {
            b.testInputs(MatrixFiles.read(xTest, "X_test"));
        }
        if (kx != null) {
            b.inputs(null).gram(MatrixFiles.read(kx, "Kx"));
        }
        if (kxTest != null) {
            double[][][] blocks = splitTestRows(MatrixFiles.read(kxTest, "Kx_test"));
            b.testGram(blocks[0], blocks[1]);
        }
        if (y != null) {
            b.y(parseVector(y, "y"));
        }
        if (depth != null) {
            b.depth(depth);
        }
        if (gamma0 != null) {
            b.gamma0(gamma0);
        }
        if (conventions != null) {
            b.conventions(parseConventions(conventions, b.conventions()));
        }
        return b;
    }

    /** Conventions from "loss=mean,output=centred,update=ntk-euler" (any subset; the others from {@code base}). */
    static Conventions parseConventions(String spec, Conventions base) {
        Conventions c = base;
        for (java.util.Map.Entry<String, String> e : KeyValues.parse(spec, "conventions", java.util.List.of("loss", "output", "update")).entrySet()) {
            c = switch (e.getKey()) {
                case "loss" -> new Conventions(Conventions.parseLoss(e.getValue()), c.output(), c.update());
                case "output" -> new Conventions(c.loss(), Conventions.parseOutput(e.getValue()), c.update());
                default -> new Conventions(c.loss(), c.output(), Conventions.parseUpdate(e.getValue()));
            };
        }
        return c;
    }

    /** The test rows [Kx(test, train) | Kx(test, test)] (Q x (P + Q)) split into the Q x P and Q x Q blocks. */
    static double[][][] splitTestRows(double[][] rows) {
        int q = rows.length, c = q == 0 ? 0 : rows[0].length, p = c - q;
        if (p < 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "Kx_test", "kx-test", q + " x " + c,
                    "give the Q test rows of the joint Gram matrix, Q x (P + Q): [Kx(test, train) | Kx(test, test)]");
        }
        double[][] tt = new double[q][p];
        double[][] qq = new double[q][q];
        for (int i = 0; i < q; i++) {
            System.arraycopy(rows[i], 0, tt[i], 0, p);
            System.arraycopy(rows[i], p, qq[i], 0, q);
        }
        return new double[][][] {tt, qq};
    }

    static double[] parseVector(String s, String field) {
        Path p = Path.of(s);
        if (!s.contains(",") && (Files.isRegularFile(p) || MatrixFiles.isNumpy(s))) {
            return MatrixFiles.readVector(p, field);
        }
        String[] parts = s.split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field + "[" + i + "]", parts[i],
                        "must be a number (give comma-separated values or a file)");
            }
        }
        return v;
    }
}
