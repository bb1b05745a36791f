package org.dln.linear.problem;

import java.util.Arrays;
import org.dln.numeric.linalg.Kernels;

/**
 * A deep linear network training problem, validated and immutable (theory.md section 1).
 *
 * <p>Data: the train Gram matrix Kx (P x P, Kx = X X^T / D), targets y (P), and optionally Q test inputs
 * through their cross Gram block Kx(test, train) (Q x P) and test Gram block (Q x Q). When raw inputs were
 * given they are kept too (the finite-width simulator needs them). Training: depth L >= 1 hidden layers,
 * feature-learning strength gamma0 >= 0 (0 = lazy limit), gradient descent step eta > 0 and T time points
 * t = 0, 1, ..., T-1 (T - 1 updates; theory.md's n = P T).
 *
 * <p>Build one with {@link Builder}; {@link Builder#build()} checks every field and throws
 * {@link InvalidInputException} naming the field and the fix.
 */
public final class Problem {
    private final double[][] kx;
    private final double[][] kxTestTrain;
    private final double[][] kxTestTest;
    private final double[][] x;      // may be null
    private final double[][] xTest;  // may be null
    private final double[] y;
    private final int depth;
    private final double gamma0;
    private final double eta;
    private final int timePoints;
    private final Conventions conventions;

    private Problem(Builder b, double[][] kx, double[][] kxTT, double[][] kxTest) {
        this.kx = kx;
        this.kxTestTrain = kxTT;
        this.kxTestTest = kxTest;
        this.x = b.x;
        this.xTest = b.xTest;
        this.y = b.y.clone();
        this.depth = b.depth;
        this.gamma0 = b.gamma0;
        this.eta = b.eta;
        this.timePoints = b.timePoints;
        this.conventions = b.conventions;
    }

    /** Number of training samples P. */
    public int trainCount() { return y.length; }

    /** Number of test inputs Q (0 if none). */
    public int testCount() { return kxTestTrain.length; }

    /** Depth L (number of hidden layers). */
    public int depth() { return depth; }

    public double gamma0() { return gamma0; }

    public double eta() { return eta; }

    /** Number of time points T (t = 0..T-1). */
    public int timePoints() { return timePoints; }

    public Conventions conventions() { return conventions; }

    /** The factor each Delta carries: 1 (loss summed) or 1/P (loss averaged). */
    public double lossScale() { return conventions.lossScale(trainCount()); }

    public double[] y() { return y.clone(); }

    public double y(int mu) { return y[mu]; }

    public double[][] kx() { return deepCopy(kx); }

    public double[][] kxTestTrain() { return deepCopy(kxTestTrain); }

    public double[][] kxTestTest() { return deepCopy(kxTestTest); }

    /** Raw train inputs (P x D) if they were given, else null. */
    public double[][] x() { return x == null ? null : deepCopy(x); }

    /** Raw test inputs (Q x D) if they were given, else null. */
    public double[][] xTest() { return xTest == null ? null : deepCopy(xTest); }

    /**
     * The Gram matrix over train then test inputs, (P+Q) x (P+Q): [[Kx, Kx(X,test)], [Kx(test,X), Kx(test,test)]].
     */
    public double[][] jointGram() {
        int p = trainCount(), q = testCount();
        double[][] k = new double[p + q][p + q];
        for (int i = 0; i < p; i++) {
            System.arraycopy(kx[i], 0, k[i], 0, p);
        }
        for (int j = 0; j < q; j++) {
            for (int i = 0; i < p; i++) {
                k[p + j][i] = kxTestTrain[j][i];
                k[i][p + j] = kxTestTrain[j][i];
            }
            System.arraycopy(kxTestTest[j], 0, k[p + j], p, q);
        }
        return k;
    }

    /** Largest eigenvalue of the initial NTK K(0) = (L+1) Kx times the loss scale (what eta multiplies). */
    public double initialNtkMaxEigenvalue() {
        return (depth + 1) * lossScale() * eigenvalueRange(kx)[1];
    }

    /** A copy with another gamma0 (everything else equal). */
    public Problem withGamma0(double g) {
        return toBuilder().gamma0(g).build();
    }

    /** A copy with another eta and number of time points. */
    public Problem withTime(double newEta, int newTimePoints) {
        return toBuilder().eta(newEta).timePoints(newTimePoints).build();
    }

    /** A builder holding this problem's data. */
    public Builder toBuilder() {
        Builder b = new Builder().y(y).depth(depth).gamma0(gamma0).eta(eta).timePoints(timePoints)
                .conventions(conventions);
        if (x != null) {
            b.inputs(x);
            if (xTest != null) {
                b.testInputs(xTest);
            }
        } else {
            b.gram(kx);
            if (testCount() > 0) {
                b.testGram(kxTestTrain, kxTestTest);
            }
        }
        return b;
    }

    /** [smallest, largest] eigenvalue of a symmetric matrix. */
    static double[] eigenvalueRange(double[][] a) {
        return Kernels.eigenvalueRange(a, a.length);
    }

    static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Problem[P=%d, Q=%d, L=%d, gamma0=%s, eta=%s, T=%d, %s]",
                trainCount(), testCount(), depth, gamma0, eta, timePoints, conventions);
    }

    /** Collects the fields of a problem; {@link #build()} validates them. */
    public static final class Builder {
        private double[][] x;
        private double[][] xTest;
        private double[][] gram;
        private double[][] gramTestTrain;
        private double[][] gramTestTest;
        private double[] y;
        private int depth = 1;
        private double gamma0 = 1.0;
        private double eta = 0.05;
        private int timePoints = 100;
        private Conventions conventions = Conventions.DEFAULT;
        private boolean checkStability = true;

        /** Raw train inputs X (P x D); Kx = X X^T / D. */
        public Builder inputs(double[][] xs) { this.x = xs == null ? null : deepCopy(xs); return this; }

        /** Raw test inputs (Q x D), same D as X. */
        public Builder testInputs(double[][] xs) { this.xTest = xs == null ? null : deepCopy(xs); return this; }

        /** The train Gram matrix Kx (P x P). */
        public Builder gram(double[][] k) { this.gram = k == null ? null : deepCopy(k); return this; }

        /** Test Gram blocks: Kx(test, train) (Q x P) and Kx(test, test) (Q x Q). */
        public Builder testGram(double[][] testTrain, double[][] testTest) {
            this.gramTestTrain = testTrain == null ? null : deepCopy(testTrain);
            this.gramTestTest = testTest == null ? null : deepCopy(testTest);
            return this;
        }

        public Builder y(double[] v) { this.y = v == null ? null : v.clone(); return this; }

        public Builder depth(int l) { this.depth = l; return this; }

        public Builder gamma0(double g) { this.gamma0 = g; return this; }

        public Builder eta(double e) { this.eta = e; return this; }

        public Builder timePoints(int t) { this.timePoints = t; return this; }

        public Builder conventions(Conventions c) { this.conventions = c; return this; }

        /** The conventions set so far (the default if none). */
        public Conventions conventions() { return conventions == null ? Conventions.DEFAULT : conventions; }

        /** Whether build() rejects eta beyond the lazy stability limit 2 / lambda_max(K(0)) (default true). */
        public Builder checkStability(boolean c) { this.checkStability = c; return this; }

        public Problem build() {
            if (y == null) {
                throw new InvalidInputException(InputError.MISSING, "y", "y", "give the targets y (one per sample)");
            }
            Validation.finite("y", y);
            int p = y.length;
            if (p == 0) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "y", "y", "[]", "at least one sample is needed");
            }
            if (x != null && gram != null) {
                throw new InvalidInputException(InputError.BOTH_GIVEN, "X", "X", "Kx");
            }
            double[][][] grams = x != null ? gramsOfInputs(p) : gramsGiven(p);
            checkScalars();
            if (conventions == null) {
                conventions = Conventions.DEFAULT;
            }
            Problem prob = new Problem(this, grams[0], grams[1], grams[2]);
            double[] range = eigenvalueRange(prob.jointGram());
            double tol = 1e-10 * Math.max(1.0, Math.abs(range[1]));
            if (range[0] < -tol) {
                String field = gram != null ? (prob.testCount() > 0 ? "Kx (with its test blocks)" : "Kx") : "X";
                throw new InvalidInputException(InputError.NOT_PSD, "Kx", field, range[0]);
            }
            if (checkStability) {
                double lam = prob.initialNtkMaxEigenvalue();
                if (eta * lam >= 2.0) {
                    throw new InvalidInputException(InputError.ETA_UNSTABLE, "eta", eta, eta * lam, lam, 2.0 / lam);
                }
            }
            Ranges.requireRepresentableTargets(prob);
            Ranges.requireRepresentableGamma0(prob);
            return prob;
        }

        /** Kx, Kx(test, train), Kx(test, test) of raw inputs X (and X_test). */
        private double[][][] gramsOfInputs(int p) {
            int d = Validation.rectangular("X", x);
            Validation.finite("X", x);
            if (x.length != p) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, "X", "X", x.length, "y", p);
            }
            if (gramTestTrain != null || gramTestTest != null) {
                String block = gramTestTrain != null ? "Kx_test_train" : "Kx_test_test";
                throw new InvalidInputException(InputError.NOT_WITH, block, block, "X",
                        "with raw inputs X give the test inputs as X_test (or give the Gram matrix Kx with its test blocks)");
            }
            double[][] k = finiteGram("X", x, x, "Kx", "X X^T");
            if (xTest == null || xTest.length == 0) {
                return new double[][][] {k, new double[0][p], new double[0][0]};
            }
            int dt = Validation.rectangular("X_test", xTest);
            Validation.finite("X_test", xTest);
            if (dt != d) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, "X_test", "X_test (columns)", dt, "X (columns)", d);
            }
            return new double[][][] {k, finiteGram("X_test", xTest, x, "Kx_test_train", "X_test X^T"),
                    finiteGram("X_test", xTest, xTest, "Kx_test_test", "X_test X_test^T")};
        }

        /** The Gram block a b^T / D, which must be finite: inputs near the overflow limit are named, not blamed on eta. */
        private static double[][] finiteGram(String field, double[][] a, double[][] b, String block, String formula) {
            double[][] k = Kernels.gram(a, b);
            for (int i = 0; i < k.length; i++) {
                for (int j = 0; j < k[i].length; j++) {
                    if (!Double.isFinite(k[i][j])) {
                        throw new InvalidInputException(InputError.INPUTS_TOO_LARGE, field, field, block, formula, i, j, k[i][j]);
                    }
                }
            }
            return k;
        }

        /** Kx and its test blocks as given (validated: square, finite, symmetric, sizes). */
        private double[][][] gramsGiven(int p) {
            if (gram == null) {
                throw new InvalidInputException(InputError.MISSING, "X", "X", "give raw inputs X (P x D) or a Gram matrix Kx (P x P)");
            }
            if (xTest != null) {
                throw new InvalidInputException(InputError.BOTH_GIVEN, "X_test", "X_test", "Kx (give test Gram blocks instead)");
            }
            Validation.square("Kx", gram);
            Validation.finite("Kx", gram);
            if (gram.length != p) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, "Kx", "Kx", gram.length, "y", p);
            }
            Validation.symmetric("Kx", gram);
            if (gramTestTrain == null && gramTestTest != null) {
                throw new InvalidInputException(InputError.MISSING, "Kx_test_train", "Kx_test_train",
                        "the test-train Gram block (Q x P) is needed with Kx_test_test (or leave out both test blocks)");
            }
            if (gramTestTrain == null || (gramTestTrain.length == 0 && (gramTestTest == null || gramTestTest.length == 0))) {
                return new double[][][] {deepCopy(gram), new double[0][p], new double[0][0]};
            }
            int cols = Validation.rectangular("Kx_test_train", gramTestTrain);
            Validation.finite("Kx_test_train", gramTestTrain);
            if (cols != p) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, "Kx_test_train", "Kx_test_train (columns)", cols, "y", p);
            }
            if (gramTestTest == null) {
                throw new InvalidInputException(InputError.MISSING, "Kx_test_test", "Kx_test_test",
                        "the test-test Gram block (Q x Q) is needed with Kx_test_train");
            }
            Validation.square("Kx_test_test", gramTestTest);
            Validation.finite("Kx_test_test", gramTestTest);
            if (gramTestTest.length != gramTestTrain.length) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, "Kx_test_test", "Kx_test_test",
                        gramTestTest.length, "Kx_test_train (rows)", gramTestTrain.length);
            }
            Validation.symmetric("Kx_test_test", gramTestTest);
            return new double[][][] {deepCopy(gram), deepCopy(gramTestTrain), deepCopy(gramTestTest)};
        }

        /** L, gamma0, eta and T in range. */
        private void checkScalars() {
            if (depth < 1) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "L", "L", depth,
                        "the depth (number of hidden layers) must be at least 1");
            }
            if (!(gamma0 >= 0) || Double.isInfinite(gamma0)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "gamma0", "gamma0", gamma0,
                        "must be a finite number >= 0 (0 is the lazy limit)");
            }
            if (!(eta > 0) || Double.isInfinite(eta)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "eta", "eta", eta,
                        "the gradient descent step must be a finite number > 0");
            }
            if (timePoints < 1) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "T", "T", timePoints,
                        "the number of time points must be at least 1");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Problem q && Arrays.deepEquals(kx, q.kx) && Arrays.equals(y, q.y) && depth == q.depth
                && gamma0 == q.gamma0 && eta == q.eta && timePoints == q.timePoints && conventions.equals(q.conventions)
                && Arrays.deepEquals(kxTestTrain, q.kxTestTrain);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(y) * 31 + depth;
    }
}
