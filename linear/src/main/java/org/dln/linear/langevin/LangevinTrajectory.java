package org.dln.linear.langevin;

/**
 * A Langevin trajectory at infinite width (theory.md section 12), the typed extra of a "langevin" solution. Samples
 * are the M = P + Q inputs, train first. Equal-time arrays are over the output times; two-time arrays over the
 * sub-grid {@code twoTimeIndex} (indices into times), [i][j] = kernel(t_i, t_j).
 *
 * @param model         "ndk" (kernel regime, any L) or "single-site" (L = 1, Lyapunov equation)
 * @param parameters    the Langevin parameters
 * @param times         output times, t_0 = 0
 * @param f             mean predictions [time][M]
 * @param loss          train loss 1/2 s sum (f - y)^2 [time]
 * @param phi           equal-time Phi^l(t,t) [l-1][time][M][M]
 * @param g             equal-time G^l(t,t) [l-1][time]
 * @param twoTimeIndex  indices of the two-time sub-grid
 * @param phiTwoTime    Phi^l(t_i, t_j) [l-1][i][j][M][M] (null without two-time points)
 * @param gTwoTime      G^l(t_i, t_j) [l-1][i][j] (null without two-time points)
 * @param ndk           the neural dynamical kernel K_NDK(t_i, t_j) [i][j][M][P] (kernel regime only, else null;
 *                      zero for t_j > t_i)
 * @param fastTime      measured fast time: first time the train error |Delta| / |y| falls to 1/e (NaN if never)
 * @param slowTime      measured slow time: 1 / late decay rate of max |f(t) - f(t_max)| (NaN if not measurable)
 * @param fastPredicted 1 / ((L+1)(beta sigma0^{2L} k_y + lambda)), k_y = y'Kx y / |y|^2
 * @param slowPredicted 1 / slowest rate of the kernel-regime system (theory.md 12.3)
 * @param steps         accepted integrator steps (march: time points of the finest level)
 * @param wallSeconds   solve time
 * @param errorEstimate march: max change of the predictions made by the last Richardson column (NaN for the ODE
 *                      systems, whose local tolerance is the parameters' tol)
 */
public record LangevinTrajectory(String model, LangevinParameters parameters, double[] times, double[][] f, double[] loss,
                                 double[][][][] phi, double[][] g, int[] twoTimeIndex, double[][][][][] phiTwoTime,
                                 double[][][] gTwoTime, double[][][][] ndk, double fastTime, double slowTime,
                                 double fastPredicted, double slowPredicted, long steps, double wallSeconds,
                                 double errorEstimate) {

    public int timePoints() {
        return times.length;
    }

    /** The last time point's predictions. */
    public double[] finalPredictions() {
        return f[f.length - 1].clone();
    }
}
