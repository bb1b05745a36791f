package org.dln.linear.problem;

import java.util.SplittableRandom;

/**
 * A synthetic linear teacher-student task with a power-law input spectrum, for test-set evaluations of any
 * predictor (weight-decay and Bayesian adaptive kernels, lazy kernels).
 *
 * <h2>Convention</h2>
 * Inputs x in R^D have independent Gaussian coordinates with variances lambda_k = k^{-alpha} / c (k = 1..D), c
 * chosen so that sum_k lambda_k = D, hence E[x.x / D] = 1 and Kx has unit diagonal on average. The teacher is
 * w*_k ~ N(0, 1) i.i.d. and y(x) = w* . x / sqrt(D) (so E[y^2] = 1), plus label noise N(0, sigma^2) on the train
 * targets only; test targets are the clean teacher outputs. All draws come from one seed (train inputs, then test
 * inputs, then the teacher, then the noise), so a task is reproducible from (D, P, Q, alpha, sigma, seed).
 * The test loss of predictions f is the mean squared error (1/Q) sum_j (f_j - y_j)^2.
 */
public final class TeacherStudent {
    private final double[][] x, xTest;
    private final double[] y, yTest, teacher, spectrum;
    private final double alpha, noise;
    private final long seed;

    private TeacherStudent(int d, int p, int q, double alpha, double noise, long seed) {
        if (d < 1 || p < 1 || q < 0) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "teacher-student", "D, P, Q", d + ", " + p + ", " + q,
                    "need D >= 1, P >= 1, Q >= 0");
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "alpha", "alpha", alpha, "the spectral exponent must be finite and >= 0");
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "noise", "noise", noise, "the label noise must be finite and >= 0");
        }
        this.alpha = alpha;
        this.noise = noise;
        this.seed = seed;
        spectrum = new double[d];
        double sum = 0;
        for (int k = 0; k < d; k++) {
            spectrum[k] = Math.pow(k + 1, -alpha);
            sum += spectrum[k];
        }
        for (int k = 0; k < d; k++) {
            spectrum[k] *= d / sum;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        x = draw(rnd, p, d);
        xTest = draw(rnd, q, d);
        teacher = new double[d];
        for (int k = 0; k < d; k++) {
            teacher[k] = rnd.nextGaussian();
        }
        y = outputs(x);
        yTest = outputs(xTest);
        for (int mu = 0; mu < p; mu++) {
            y[mu] += noise * rnd.nextGaussian();
        }
    }

    /**
     * A task.
     *
     * @param d     input dimension D
     * @param p     number of train samples P
     * @param q     number of test samples Q
     * @param alpha spectral exponent (lambda_k ~ k^{-alpha}; 0 = isotropic)
     * @param noise label-noise standard deviation on the train targets
     * @param seed  random seed
     */
    public static TeacherStudent of(int d, int p, int q, double alpha, double noise, long seed) {
        return new TeacherStudent(d, p, q, alpha, noise, seed);
    }

    private double[][] draw(SplittableRandom rnd, int n, int d) {
        double[][] out = new double[n][d];
        for (double[] row : out) {
            for (int k = 0; k < d; k++) {
                row[k] = Math.sqrt(spectrum[k]) * rnd.nextGaussian();
            }
        }
        return out;
    }

    private double[] outputs(double[][] xs) {
        double[] out = new double[xs.length];
        double s = 1.0 / Math.sqrt(teacher.length);
        for (int i = 0; i < xs.length; i++) {
            double acc = 0;
            for (int k = 0; k < teacher.length; k++) {
                acc += teacher[k] * xs[i][k];
            }
            out[i] = s * acc;
        }
        return out;
    }

    /** A problem builder holding the train inputs, the test inputs and the (noisy) train targets. */
    public Problem.Builder builder() {
        return new Problem.Builder().inputs(x).testInputs(xTest).y(y);
    }

    public double[][] x() { return Problem.deepCopy(x); }

    public double[][] xTest() { return Problem.deepCopy(xTest); }

    public double[] y() { return y.clone(); }

    /** Clean teacher outputs on the test inputs. */
    public double[] yTest() { return yTest.clone(); }

    public double alpha() { return alpha; }

    public double noise() { return noise; }

    public long seed() { return seed; }

    /** Input variances lambda_k (sum = D). */
    public double[] spectrum() { return spectrum.clone(); }

    /** Test mean squared error (1/Q) sum_j (f_j - y_j)^2 of test predictions f (length Q). */
    public double testLoss(double[] fTest) {
        if (fTest.length != yTest.length) {
            throw new IllegalArgumentException("need " + yTest.length + " test predictions, got " + fTest.length);
        }
        double s = 0;
        for (int j = 0; j < fTest.length; j++) {
            double d = fTest[j] - yTest[j];
            s += d * d;
        }
        return s / Math.max(1, fTest.length);
    }
}
