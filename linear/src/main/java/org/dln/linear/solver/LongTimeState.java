package org.dln.linear.solver;

/**
 * The state at the horizon as a t = infinity estimate.
 *
 * @param tMax          horizon
 * @param errorNorm     |Delta(tMax)| over the train samples
 * @param decayRate     lambda_min of the train NTK at tMax times the loss scale
 * @param errorEstimate estimated max change of any output quantity between tMax and infinity
 * @param converged     whether errorEstimate is below the requested tolerance
 * @param ntk           K(tMax) over train then test samples
 */
public record LongTimeState(double tMax, double errorNorm, double decayRate, double errorEstimate, boolean converged,
                            double[][] ntk) {
}
