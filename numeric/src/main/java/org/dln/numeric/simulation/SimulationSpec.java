package org.dln.numeric.simulation;

/**
 * Immutable description of one finite-width deep-linear-network training experiment: the data, the
 * architecture, the optimiser settings and the base random seed.
 *
 * <h2>Model</h2>
 * Inputs {@code x_mu} are the rows of {@link #x()} ({@code P x D}), targets are {@link #y()}
 * ({@code P}). With depth {@code L >= 1} hidden layers of width {@code N} and feature-learning strength
 * {@code gamma0 > 0} (mean-field / muP parameterisation, identity activation):
 * <pre>
 *   h^1_mu     = W^0 x_mu / sqrt(D)                 W^0 : N x D
 *   h^{l+1}_mu = W^l h^l_mu / sqrt(N)               W^l : N x N,   l = 1 .. L-1
 *   f_mu       = w^L . h^L_mu / (gamma0 N)          w^L : N
 * </pre>
 * All weights are i.i.d. {@code N(0,1)} at {@code t = 0}. The loss is
 * {@code (lossScale / 2) sum_mu (f_mu - y_mu)^2}; {@code lossScale = 1} is the sum convention (the default,
 * {@link Builder#sumLoss()}) and {@code lossScale = 1/P} the mean convention ({@link Builder#meanLoss()}).
 * If {@link #centred()} is true the network output used everywhere (loss, errors, reported predictions,
 * for train and test inputs alike) is {@code f_mu(t) - f_mu(0)}.
 * Full-batch gradient descent with step {@link #eta()} uses the learning rate {@code gamma0^2 N eta} on
 * every weight (with weight decay {@link #weightDecay()} {@code lambda}, every weight is moreover multiplied by
 * {@code 1 - eta lambda} at every step: {@code W(t+1) = (1 - eta lambda) W(t) + gradient update at W(t)});
 * {@link #timePoints()} {@code T} counts the recorded time points {@code t = 0 .. T-1}
 * (so there are {@code T - 1} updates). Optional test inputs {@link #xTest()} ({@code Q x D}, possibly
 * {@code Q = 0}) are propagated through the network but never enter the loss.
 *
 * <p>The {@link #seed()} is the base seed of an ensemble: {@link FiniteWidthSimulator#runEnsemble} uses
 * seeds {@code seed, seed + 1, ...}.
 *
 * <p>Instances are created with {@link #builder()}; all arrays are defensively copied on the way in and
 * on the way out. Invalid arguments raise {@link IllegalArgumentException} whose message names the field.
 */
public final class SimulationSpec {

    /** Largest width for which an {@code N x N} weight matrix fits in one Java array. */
    static final int MAX_SQUARE_WIDTH = 46_340;

    private final double[][] x;
    private final double[] y;
    private final double[][] xTest;
    private final int depth;
    private final int width;
    private final double gamma0;
    private final double eta;
    private final double weightDecay;
    private final int timePoints;
    private final double lossScale;
    private final boolean meanLoss;
    private final boolean centred;
    private final long seed;
    private final org.dln.numeric.activation.Activation activation;

    private SimulationSpec(Builder b) {
        this.activation = b.activation;
        this.x = b.x;
        this.y = b.y;
        this.xTest = b.xTest;
        this.depth = b.depth;
        this.width = b.width;
        this.gamma0 = b.gamma0;
        this.eta = b.eta;
        this.weightDecay = b.weightDecay;
        this.timePoints = b.timePoints;
        this.meanLoss = b.meanLoss;
        this.lossScale = b.meanLoss ? 1.0 / b.x.length : b.lossScale;
        this.centred = b.centred;
        this.seed = b.seed;
    }

    /** @return a builder with the defaults: no test inputs, {@code lossScale = 1}, not centred, seed 0 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised with every field of this specification */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.x = x;          // already validated deep copies; never mutated
        b.y = y;
        b.xTest = xTest;
        b.depth = depth;
        b.width = width;
        b.gamma0 = gamma0;
        b.eta = eta;
        b.weightDecay = weightDecay;
        b.timePoints = timePoints;
        b.lossScale = meanLoss ? 1.0 : lossScale;
        b.meanLoss = meanLoss;
        b.centred = centred;
        b.seed = seed;
        b.activation = activation;
        return b;
    }

    /**
     * @return the activation phi of h^{l+1} = W^l phi(h^l) / sqrt(N), f = w^L . phi(h^L) / (gamma0 N) (identity by
     *         default: the deep linear network, simulated by the original code path, bit for bit)
     */
    public org.dln.numeric.activation.Activation activation() {
        return activation;
    }

    /** @return a copy of the training inputs, {@code P x D} */
    public double[][] x() {
        return deepCopy(x);
    }

    /** @return a copy of the training targets, length {@code P} */
    public double[] y() {
        return y.clone();
    }

    /** @return a copy of the test inputs, {@code Q x D} ({@code Q} may be 0) */
    public double[][] xTest() {
        return deepCopy(xTest);
    }

    /** @return training input {@code mu}, component {@code i} */
    public double x(int mu, int i) {
        return x[mu][i];
    }

    /** @return training target {@code mu} */
    public double y(int mu) {
        return y[mu];
    }

    /** @return test input {@code j}, component {@code i} */
    public double xTest(int j, int i) {
        return xTest[j][i];
    }

    /** @return number of training samples {@code P} */
    public int numTrain() {
        return x.length;
    }

    /** @return number of test samples {@code Q} */
    public int numTest() {
        return xTest.length;
    }

    /** @return input dimension {@code D} */
    public int inputDim() {
        return x[0].length;
    }

    /** @return number of hidden layers {@code L} */
    public int depth() {
        return depth;
    }

    /** @return hidden width {@code N} */
    public int width() {
        return width;
    }

    /** @return feature-learning strength {@code gamma0} */
    public double gamma0() {
        return gamma0;
    }

    /** @return gradient-descent step {@code eta} (the raw learning rate is {@code gamma0^2 N eta}) */
    public double eta() {
        return eta;
    }

    /** @return weight decay {@code lambda >= 0}: every weight is multiplied by {@code 1 - eta lambda} per step */
    public double weightDecay() {
        return weightDecay;
    }

    /** @return number of recorded time points {@code T} (including {@code t = 0}) */
    public int timePoints() {
        return timePoints;
    }

    /** @return prefactor of the loss: 1 for the sum convention, {@code 1/P} for the mean convention */
    public double lossScale() {
        return lossScale;
    }

    /** @return whether the initial function is subtracted from the network output */
    public boolean centred() {
        return centred;
    }

    /** @return base random seed */
    public long seed() {
        return seed;
    }

    /** @return the input kernel {@code Kx = X X^T / D} ({@code P x P}) */
    public double[][] inputKernel() {
        return org.dln.numeric.linalg.Kernels.gram(x, x);
    }

    /** @return the test-train input kernel {@code Xtest X^T / D} ({@code Q x P}) */
    public double[][] testTrainInputKernel() {
        return org.dln.numeric.linalg.Kernels.gram(xTest, x);
    }

    @Override
    public String toString() {
        return "SimulationSpec{P=" + numTrain() + ", Q=" + numTest() + ", D=" + inputDim() + ", L=" + depth
                + ", N=" + width + ", gamma0=" + gamma0 + ", eta=" + eta + (weightDecay != 0 ? ", lambda=" + weightDecay : "") + ", T=" + timePoints
                + ", lossScale=" + lossScale + ", centred=" + centred + ", seed=" + seed
                + (activation.isIdentity() ? "" : ", activation=" + activation.name()) + "}";
    }

    static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /**
     * Mutable builder of {@link SimulationSpec}. {@code x}, {@code y}, {@code depth}, {@code width},
     * {@code gamma0}, {@code eta} and {@code timePoints} are required; everything else has a default.
     * Validation happens in {@link #build()}.
     */
    public static final class Builder {
        private double[][] x;
        private double[] y;
        private double[][] xTest = new double[0][];
        private int depth;
        private int width;
        private double gamma0 = Double.NaN;
        private double eta = Double.NaN;
        private double weightDecay;
        private int timePoints;
        private double lossScale = 1.0;
        private boolean meanLoss;
        private boolean centred;
        private long seed;
        private org.dln.numeric.activation.Activation activation = org.dln.numeric.activation.Activations.IDENTITY;

        private Builder() {
        }

        /** Activation phi (default identity). */
        public Builder activation(org.dln.numeric.activation.Activation activation) {
            this.activation = activation;
            return this;
        }

        /** Training inputs {@code X}, one sample per row ({@code P x D}, {@code P, D >= 1}). Copied. */
        public Builder x(double[][] x) {
            this.x = x == null ? null : copyRows(x, "x");
            return this;
        }

        /** Training targets {@code y} (length {@code P}). Copied. */
        public Builder y(double... y) {
            this.y = y == null ? null : y.clone();
            return this;
        }

        /** Test inputs {@code Xtest} ({@code Q x D}, {@code Q >= 0}); default: none. Copied. */
        public Builder xTest(double[][] xTest) {
            this.xTest = xTest == null ? null : copyRows(xTest, "xTest");
            return this;
        }

        /** Number of hidden layers {@code L >= 1}. */
        public Builder depth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Hidden width {@code N >= 1}. */
        public Builder width(int width) {
            this.width = width;
            return this;
        }

        /** Feature-learning strength {@code gamma0 > 0}. */
        public Builder gamma0(double gamma0) {
            this.gamma0 = gamma0;
            return this;
        }

        /** Gradient-descent step {@code eta >= 0}; the raw learning rate is {@code gamma0^2 N eta}. */
        public Builder eta(double eta) {
            this.eta = eta;
            return this;
        }

        /** Weight decay {@code lambda >= 0} with {@code eta lambda < 1} (default 0). */
        public Builder weightDecay(double lambda) {
            this.weightDecay = lambda;
            return this;
        }

        /** Number of recorded time points {@code T >= 1} (there are {@code T - 1} updates). */
        public Builder timePoints(int timePoints) {
            this.timePoints = timePoints;
            return this;
        }

        /** Explicit loss prefactor ({@code > 0}); overrides a previous {@link #meanLoss()}. */
        public Builder lossScale(double lossScale) {
            this.lossScale = lossScale;
            this.meanLoss = false;
            return this;
        }

        /** Sum convention, {@code lossScale = 1} (the default). */
        public Builder sumLoss() {
            return lossScale(1.0);
        }

        /** Mean convention, {@code lossScale = 1/P} with {@code P} taken from {@code x} at build time. */
        public Builder meanLoss() {
            this.meanLoss = true;
            return this;
        }

        /** Whether to subtract the initial function {@code f(0)} from the output (default false). */
        public Builder centred(boolean centred) {
            this.centred = centred;
            return this;
        }

        /** Base random seed (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates all fields and builds the specification.
         *
         * @throws IllegalArgumentException naming the offending field
         */
        public SimulationSpec build() {
            int d = checkData();
            checkArchitecture(d);
            checkOptimiser();
            return new SimulationSpec(this);
        }

        /** x (P x D, finite), y (length P, finite), xTest (Q x D, finite). @return the input dimension D */
        private int checkData() {
            if (x == null) {
                throw new IllegalArgumentException("x must be set");
            }
            if (x.length == 0) {
                throw new IllegalArgumentException("x must have at least one row (sample)");
            }
            int d = x[0].length;
            if (d == 0) {
                throw new IllegalArgumentException("x must have at least one column (input dimension)");
            }
            checkMatrix(x, d, "x");
            if (y == null) {
                throw new IllegalArgumentException("y must be set");
            }
            if (y.length != x.length) {
                throw new IllegalArgumentException(
                        "y has length " + y.length + " but x has " + x.length + " rows");
            }
            for (int mu = 0; mu < y.length; mu++) {
                if (!Double.isFinite(y[mu])) {
                    throw new IllegalArgumentException("y[" + mu + "] is not finite: " + y[mu]);
                }
            }
            if (xTest == null) {
                throw new IllegalArgumentException("xTest must not be null (use an empty array for no test inputs)");
            }
            checkMatrix(xTest, d, "xTest");
            return d;
        }

        /** activation set, L &gt;= 1, N &gt;= 1 and small enough for the weight and feature arrays. */
        private void checkArchitecture(int d) {
            if (activation == null) {
                throw new IllegalArgumentException("activation must not be null");
            }
            if (depth < 1) {
                throw new IllegalArgumentException("depth must be >= 1, got " + depth);
            }
            if (width < 1) {
                throw new IllegalArgumentException("width must be >= 1, got " + width);
            }
            if (depth >= 2 && width > MAX_SQUARE_WIDTH) {
                throw new IllegalArgumentException("width must be <= " + MAX_SQUARE_WIDTH
                        + " when depth >= 2 (N x N weight matrix), got " + width);
            }
            long m = (long) x.length + xTest.length;
            if ((long) width * d > Integer.MAX_VALUE - 8 || (long) width * m > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("width " + width + " is too large for the given x / xTest");
            }
        }

        /** gamma0 &gt; 0, eta &gt;= 0, 0 &lt;= eta lambda &lt; 1, T &gt;= 1, lossScale &gt; 0 (all finite). */
        private void checkOptimiser() {
            if (!(gamma0 > 0) || !Double.isFinite(gamma0)) {
                throw new IllegalArgumentException("gamma0 must be finite and > 0, got " + gamma0);
            }
            if (!(eta >= 0) || !Double.isFinite(eta)) {
                throw new IllegalArgumentException("eta must be finite and >= 0, got " + eta);
            }
            if (!(weightDecay >= 0) || !(eta * weightDecay < 1)) {
                throw new IllegalArgumentException("weightDecay must be >= 0 with eta * weightDecay < 1, got " + weightDecay);
            }
            if (timePoints < 1) {
                throw new IllegalArgumentException("timePoints must be >= 1, got " + timePoints);
            }
            if (!meanLoss && (!(lossScale > 0) || !Double.isFinite(lossScale))) {
                throw new IllegalArgumentException("lossScale must be finite and > 0, got " + lossScale);
            }
        }

        private static double[][] copyRows(double[][] a, String field) {
            double[][] c = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                if (a[i] == null) {
                    throw new IllegalArgumentException(field + "[" + i + "] is null");
                }
                c[i] = a[i].clone();
            }
            return c;
        }

        private static void checkMatrix(double[][] a, int d, String field) {
            for (int i = 0; i < a.length; i++) {
                if (a[i].length != d) {
                    throw new IllegalArgumentException(field + "[" + i + "] has length " + a[i].length
                            + ", expected the input dimension " + d);
                }
                for (int c = 0; c < d; c++) {
                    if (!Double.isFinite(a[i][c])) {
                        throw new IllegalArgumentException(
                                field + "[" + i + "][" + c + "] is not finite: " + a[i][c]);
                    }
                }
            }
        }
    }
}
