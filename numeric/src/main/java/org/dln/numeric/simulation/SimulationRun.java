package org.dln.numeric.simulation;

/**
 * Immutable record of the observables of one training run (or their ensemble mean or standard error, see
 * {@link SimulationEnsemble}) at the time points {@code t = 0 .. T-1}, each recorded <em>before</em> the
 * update at that time.
 *
 * <p>Array layouts (indices: time {@code t}, training samples {@code mu, nu < P}, test samples
 * {@code j < Q}, layers {@code l = 1 .. L} stored at index {@code l - 1}):
 * <ul>
 *   <li>{@link #f()} {@code [t][mu]}: network outputs (centred if the spec is centred);</li>
 *   <li>{@link #loss()} {@code [t]}: {@code (lossScale/2) sum_mu (y_mu - f_mu)^2};</li>
 *   <li>{@link #ntk()} {@code [t][mu][nu]}: {@code K = sum_{l=0..L} G^{l+1} Phi^l} with
 *       {@code Phi^0 = Kx = X X^T / D}, {@code G^{L+1} = 1};</li>
 *   <li>{@link #phi()} {@code [l-1][t][mu][nu]}: {@code Phi^l = h^l_mu . h^l_nu / N};</li>
 *   <li>{@link #g()} {@code [l-1][t]}: {@code G^l = g^l . g^l / N} (the backward signal
 *       {@code g^L = w^L}, {@code g^l = W^l^T g^{l+1} / sqrt(N)} is the same for every sample);</li>
 *   <li>{@link #fTest()} {@code [t][j]}: test predictions (centred like the training outputs);</li>
 *   <li>{@link #ntkTestTrain()} {@code [t][j][mu]}: test-train NTK block, same formula with the test
 *       features.</li>
 * </ul>
 * The array accessors return deep copies; the element accessors read without copying.
 */
public final class SimulationRun {

    private final int timePoints;
    private final int numTrain;
    private final int numTest;
    private final int depth;

    private final double[][] f;
    private final double[] loss;
    private final double[][][] ntk;
    private final double[][][][] phi;
    private final double[][] g;
    private final double[][] fTest;
    private final double[][][] ntkTestTrain;

    /** Allocates zero-filled storage; package-private because only producers in this package fill it. */
    SimulationRun(int timePoints, int numTrain, int numTest, int depth) {
        this.timePoints = timePoints;
        this.numTrain = numTrain;
        this.numTest = numTest;
        this.depth = depth;
        this.f = new double[timePoints][numTrain];
        this.loss = new double[timePoints];
        this.ntk = new double[timePoints][numTrain][numTrain];
        this.phi = new double[depth][timePoints][numTrain][numTrain];
        this.g = new double[depth][timePoints];
        this.fTest = new double[timePoints][numTest];
        this.ntkTestTrain = new double[timePoints][numTest][numTrain];
    }

    /** @return number of recorded time points {@code T} */
    public int timePoints() {
        return timePoints;
    }

    /** @return number of training samples {@code P} */
    public int numTrain() {
        return numTrain;
    }

    /** @return number of test samples {@code Q} */
    public int numTest() {
        return numTest;
    }

    /** @return number of hidden layers {@code L} */
    public int depth() {
        return depth;
    }

    /** @return copy of the training outputs, {@code [t][mu]} */
    public double[][] f() {
        return copy(f);
    }

    /** @return copy of the loss, {@code [t]} */
    public double[] loss() {
        return loss.clone();
    }

    /** @return copy of the train-train NTK, {@code [t][mu][nu]} */
    public double[][][] ntk() {
        return copy(ntk);
    }

    /** @return copy of the feature kernels, {@code [l-1][t][mu][nu]} for layers {@code l = 1 .. L} */
    public double[][][][] phi() {
        double[][][][] c = new double[depth][][][];
        for (int l = 0; l < depth; l++) {
            c[l] = copy(phi[l]);
        }
        return c;
    }

    /** @return copy of the gradient kernels, {@code [l-1][t]} for layers {@code l = 1 .. L} */
    public double[][] g() {
        return copy(g);
    }

    /** @return copy of the test outputs, {@code [t][j]} */
    public double[][] fTest() {
        return copy(fTest);
    }

    /** @return copy of the test-train NTK, {@code [t][j][mu]} */
    public double[][][] ntkTestTrain() {
        return copy(ntkTestTrain);
    }

    /** @return {@code f_mu(t)} */
    public double f(int t, int mu) {
        return f[t][mu];
    }

    /** @return {@code loss(t)} */
    public double loss(int t) {
        return loss[t];
    }

    /** @return {@code K_{mu,nu}(t)} */
    public double ntk(int t, int mu, int nu) {
        return ntk[t][mu][nu];
    }

    /**
     * @param layer {@code l}, 1-based ({@code 1 .. L})
     * @return {@code Phi^l_{mu,nu}(t)}
     */
    public double phi(int layer, int t, int mu, int nu) {
        return phi[layer - 1][t][mu][nu];
    }

    /**
     * @param layer {@code l}, 1-based ({@code 1 .. L})
     * @return {@code G^l(t)}
     */
    public double g(int layer, int t) {
        return g[layer - 1][t];
    }

    /** @return test prediction {@code f(x_test_j, t)} */
    public double fTest(int t, int j) {
        return fTest[t][j];
    }

    /** @return {@code K(x_test_j, x_mu; t)} */
    public double ntkTestTrain(int t, int j, int mu) {
        return ntkTestTrain[t][j][mu];
    }

    // ---------------------------------------------------------------- package-private mutation / flattening

    double[][] fRef() {
        return f;
    }

    double[] lossRef() {
        return loss;
    }

    double[][][] ntkRef() {
        return ntk;
    }

    double[][][][] phiRef() {
        return phi;
    }

    double[][] gRef() {
        return g;
    }

    double[][] fTestRef() {
        return fTest;
    }

    double[][][] ntkTestTrainRef() {
        return ntkTestTrain;
    }

    /** Number of scalars in {@link #flatten()}. */
    int flatSize() {
        int perT = numTrain + 1 + numTrain * numTrain + depth * (numTrain * numTrain + 1)
                + numTest + numTest * numTrain;
        return timePoints * perT;
    }

    /** All recorded values in a fixed order (inverse of {@link #unflatten}). */
    double[] flatten() {
        double[] out = new double[flatSize()];
        new Flattener(out, true).visit(this);
        return out;
    }

    /** Builds a run of the given shape from values in {@link #flatten()} order. */
    static SimulationRun unflatten(int timePoints, int numTrain, int numTest, int depth, double[] values) {
        SimulationRun r = new SimulationRun(timePoints, numTrain, numTest, depth);
        if (values.length != r.flatSize()) {
            throw new IllegalArgumentException("values has length " + values.length + ", expected " + r.flatSize());
        }
        new Flattener(values, false).visit(r);
        return r;
    }

    /** Copies between a run's arrays and a flat buffer, in either direction. */
    private static final class Flattener {
        private final double[] buf;
        private final boolean toBuf;
        private int pos;

        Flattener(double[] buf, boolean toBuf) {
            this.buf = buf;
            this.toBuf = toBuf;
        }

        void visit(SimulationRun r) {
            for (double[] row : r.f) {
                row(row);
            }
            row(r.loss);
            for (double[][] a : r.ntk) {
                for (double[] row : a) {
                    row(row);
                }
            }
            for (double[][][] layer : r.phi) {
                for (double[][] a : layer) {
                    for (double[] row : a) {
                        row(row);
                    }
                }
            }
            for (double[] row : r.g) {
                row(row);
            }
            for (double[] row : r.fTest) {
                row(row);
            }
            for (double[][] a : r.ntkTestTrain) {
                for (double[] row : a) {
                    row(row);
                }
            }
        }

        private void row(double[] row) {
            if (toBuf) {
                System.arraycopy(row, 0, buf, pos, row.length);
            } else {
                System.arraycopy(buf, pos, row, 0, row.length);
            }
            pos += row.length;
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static double[][][] copy(double[][][] a) {
        double[][][] c = new double[a.length][][];
        for (int i = 0; i < a.length; i++) {
            c[i] = copy(a[i]);
        }
        return c;
    }
}
