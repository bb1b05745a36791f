package org.dln.linear.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.dln.linear.io.ProblemJson;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;

/**
 * The problem of a sweep point: the grid's problem fields (or problem file), or random teacher data when P is set
 * (X: P x D standard Gaussian, test inputs Q x D, targets y = X w / sqrt(D) of a Gaussian teacher w, all from
 * data_seed), or the built-in default problem; then L, gamma0, eta and T of the point. The lazy stability limit is not
 * enforced: a point beyond it is run and classified ({@link Regime}).
 */
final class ProblemData {
    private ProblemData() {
    }

    /** The data and test targets of a point. */
    record Data(Problem problem, double[] yTest) {
    }

    static JsonNode readFile(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "problem_file", "problem file", file, "no such file");
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "problem_file", "problem file", file, String.valueOf(e.getMessage()).split("\n")[0]);
        }
    }

    static Data of(SweepGrid grid, SweepPoint pt) {
        Problem.Builder b;
        double[] yTest = null;
        JsonNode given = grid.problem();
        boolean random = pt.get(Parameter.P) != null;
        if (given != null) {
            if (random) {
                throw new InvalidInputException(InputError.NOT_WITH, "P", "P", "problem",
                        "P, D, Q and data_seed make random teacher data; with a problem of your own leave them out");
            }
            ObjectNode copy = given.deepCopy();
            JsonNode yt = copy.remove("y_test");
            b = ProblemJson.fromJson(copy, grid.baseDir(), null);
            if (yt != null) {
                yTest = vector(yt, "problem.y_test");
            }
        } else if (random) {
            int p = (Integer) pt.get(Parameter.P), d = (Integer) pt.get(Parameter.D), q = (Integer) pt.get(Parameter.Q);
            if (p < 1 || d < 1 || q < 0 || (long) (p + q) * d > 50_000_000L) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "P", "P, D, Q", p + ", " + d + ", " + q,
                        "random data needs P >= 1, D >= 1, Q >= 0 and (P + Q) D <= 5e7");
            }
            SplittableRandom rnd = new SplittableRandom((Integer) pt.get(Parameter.DATA_SEED));
            double[] w = gaussian(rnd, d);
            double[][] x = new double[p][];
            double[][] xt = new double[q][];
            double[] y = new double[p];
            yTest = new double[q];
            for (int i = 0; i < p; i++) {
                x[i] = gaussian(rnd, d);
                y[i] = dot(x[i], w) / Math.sqrt(d);
            }
            for (int i = 0; i < q; i++) {
                xt[i] = gaussian(rnd, d);
                yTest[i] = dot(xt[i], w) / Math.sqrt(d);
            }
            b = ProblemJson.newBuilder().inputs(x).y(y);
            if (q > 0) {
                b.testInputs(xt);
            }
        } else {
            b = ProblemJson.defaultProblem();
        }
        if (pt.get(Parameter.L) != null) {
            b.depth((Integer) pt.get(Parameter.L));
        }
        if (pt.get(Parameter.GAMMA0) != null) {
            b.gamma0((Double) pt.get(Parameter.GAMMA0));
        }
        if (pt.get(Parameter.ETA) != null) {
            b.eta((Double) pt.get(Parameter.ETA));
        }
        if (pt.get(Parameter.T) != null) {
            b.timePoints((Integer) pt.get(Parameter.T));
        }
        Problem problem = b.checkStability(false).build();
        if (yTest != null && yTest.length != problem.testCount()) {
            throw new InvalidInputException(InputError.SIZE_MISMATCH, "y_test", "y_test", yTest.length, "the test inputs", problem.testCount());
        }
        return new Data(problem, yTest);
    }

    private static double[] vector(JsonNode n, String field) {
        if (!n.isArray()) {
            throw new InvalidInputException(InputError.WRONG_TYPE, field, field, "a list of numbers", n.getNodeType());
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            if (!n.get(i).isNumber() || !Double.isFinite(n.get(i).asDouble())) {
                throw new InvalidInputException(InputError.WRONG_TYPE, field + "[" + i + "]", field + "[" + i + "]", "a finite number", n.get(i).toString());
            }
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    private static double[] gaussian(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
