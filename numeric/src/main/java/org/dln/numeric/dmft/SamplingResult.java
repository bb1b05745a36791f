package org.dln.numeric.dmft;

import org.dln.numeric.report.SolverReport;

/**
 * Observables of a sampling solve, each as a mean over replicas with its Monte Carlo standard error (same shape).
 * Arrays are returned as stored (the result is a value object: do not modify them).
 *
 * @param f        [T][P] predictions f_mu(t), and fSe
 * @param loss     [T] loss (lossScale / 2) sum (y - f)^2, and lossSe
 * @param ntk      [T][P][P] NTK K(t) = sum_{l=0..L} G^{l+1}(t,t) o Phi^l(t,t) (elementwise product), and ntkSe
 * @param phi      [L][T][P][P] equal-time Phi^l(t,t), l = 1..L, and phiSe
 * @param gram     [L][T][P][P] equal-time G^l_{mu,alpha}(t,t), and gramSe
 * @param g        [L][T] mean diagonal (1/P) sum_mu G^l_{mu mu}(t,t) (equal to the linear network's G^l(t,t)), and gSe
 * @param report   iterations (of the slowest replica), the change / noise ratio history of replica 0, time, notes
 */
public record SamplingResult(double[][] f, double[][] fSe, double[] loss, double[] lossSe, double[][][] ntk,
                             double[][][] ntkSe, double[][][][] phi, double[][][][] phiSe, double[][][][] gram,
                             double[][][][] gramSe, double[][] g, double[][] gSe, SolverReport report) {
}
