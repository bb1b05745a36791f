package org.dln.linear.langevin;

/**
 * A closed ODE system for the mean predictor and the equal-time kernels of Langevin training at infinite width
 * (theory.md section 12): {@link NdkModel} (kernel regime, any L) or {@link SingleSiteModel} (L = 1, any gamma0).
 * Samples are the M = P + Q inputs, train first.
 */
interface LangevinModel extends OdeIntegrator.Rhs {

    /** Length of the state vector. */
    int dimension();

    /** The state at t = 0. */
    double[] initial();

    /** Predictions f on the M inputs at state y, time t. */
    double[] predictions(double t, double[] y);

    /** Equal-time Phi^l(t,t) over the M inputs, l = 1..L (index l - 1). */
    double[][][] phi(double t, double[] y);

    /** Equal-time G^l(t,t), l = 1..L (index l - 1). */
    double[] g(double t, double[] y);
}
