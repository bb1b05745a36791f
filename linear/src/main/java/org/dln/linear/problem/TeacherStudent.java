package org.dln.linear.problem;

import java.util.Random;

/**
 * A synthetic teacher-student regression task with a power-law input spectrum: inputs x ~ N(0, diag(lambda_k)),
 * lambda_k = k^{-alpha} (k = 1..D), normalised so that sum_k lambda_k = D (then E Kx_mumu = 1); a linear teacher
 * y = w* . x / sqrt(D) + noise * xi with w* ~ N(0, I_D) and xi ~ N(0, 1). Train and test sets are independent
 * draws; everything comes from {@code new Random(seed)} in the order w*, train X, train noise, test X, test noise.
 *
 * @param x      train inputs P x D
 * @param y      train targets
 * @param xTest  test inputs Q x D
 * @param yTest  test targets (noisy, like the train targets)
 * @param alpha  spectral exponent
 * @param noise  label noise standard deviation
 * @param seed   generator seed
 */
public record TeacherStudent(double[][] x, double[] y, double[][] xTest, double[] yTest, double alpha, double noise,
                             long seed) {

    /** Draws a task. */
    public static TeacherStudent generate(int p, int q, int d, double alpha, double noise, long seed) {
        if (p < 1 || q < 1 || d < 1 || !(alpha >= 0) || !(noise >= 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "teacher-student", "teacher-student",
                    "P=" + p + ", Q=" + q + ", D=" + d + ", alpha=" + alpha + ", noise=" + noise,
                    "need P, Q, D >= 1, alpha >= 0, noise >= 0");
        }
        Random r = new Random(seed);
        double[] scale = new double[d];
        double sum = 0;
        for (int k = 0; k < d; k++) {
            scale[k] = Math.pow(k + 1, -alpha);
            sum += scale[k];
        }
        for (int k = 0; k < d; k++) {
            scale[k] = Math.sqrt(scale[k] * d / sum);
        }
        double[] w = new double[d];
        for (int k = 0; k < d; k++) {
            w[k] = r.nextGaussian();
        }
        double[][] x = new double[p][d];
        double[] y = new double[p];
        draw(r, x, y, w, scale, noise);
        double[][] xt = new double[q][d];
        double[] yt = new double[q];
        draw(r, xt, yt, w, scale, noise);
        return new TeacherStudent(x, y, xt, yt, alpha, noise, seed);
    }

    private static void draw(Random r, double[][] x, double[] y, double[] w, double[] scale, double noise) {
        int d = w.length;
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = scale[k] * r.nextGaussian();
            }
        }
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += w[k] * x[i][k];
            }
            y[i] = s / Math.sqrt(d) + noise * r.nextGaussian();
        }
    }

    /** A problem builder with these train and test inputs and targets (depth and gamma0 to be set). */
    public Problem.Builder problem() {
        return new Problem.Builder().inputs(x).testInputs(xTest).y(y);
    }
}
