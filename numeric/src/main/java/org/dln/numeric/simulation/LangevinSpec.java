package org.dln.numeric.simulation;

/**
 * What {@link LangevinSimulator} samples: the posterior of a width-N deep linear muP network (theory.md section 1)
 * <pre>
 *   p(theta) ~ exp(-E),   E = beta N gamma0^2 / 2 sum_mu (f_mu - y_mu)^2 + |theta|^2 / 2,
 * </pre>
 * and how: time step {@code dt}, burn-in and sampling time (in Langevin time units), thinning (steps between
 * recorded samples), integrator, number of independent chains.
 *
 * @param x            train inputs, P x D
 * @param xTest        test inputs, Q x D (Q may be 0)
 * @param y            targets, length P
 * @param depth        L >= 1
 * @param gamma0       > 0
 * @param beta         inverse temperature > 0
 * @param width        N >= 1
 * @param dt           Langevin time step > 0
 * @param burnIn       burn-in time (not recorded) >= 0
 * @param sampleTime   recorded time > 0
 * @param thin         steps between recorded samples >= 1
 * @param exponential  true: exponential Euler (prior Ornstein-Uhlenbeck part exact); false: Euler-Maruyama
 * @param chains       independent chains >= 2
 */
public record LangevinSpec(double[][] x, double[][] xTest, double[] y, int depth, double gamma0, double beta, int width,
                           double dt, double burnIn, double sampleTime, int thin, boolean exponential, int chains) {

    public LangevinSpec {
        if (depth < 1 || !(gamma0 > 0) || !(beta > 0) || width < 1 || !(dt > 0) || !(burnIn >= 0)
                || !(sampleTime > 0) || thin < 1 || chains < 2) {
            throw new IllegalArgumentException("invalid Langevin spec: need L >= 1, gamma0 > 0, beta > 0, N >= 1, dt > 0, "
                    + "burn-in >= 0, sample time > 0, thin >= 1, chains >= 2");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("X has " + x.length + " rows but y has " + y.length + " entries");
        }
    }

    public int numTrain() { return y.length; }

    public int numTest() { return xTest.length; }

    public int inputDim() { return x[0].length; }

    /** Steps of burn-in. */
    public int burnInSteps() { return (int) Math.ceil(burnIn / dt); }

    /** Recorded samples per chain. */
    public int samplesPerChain() { return Math.max(1, (int) Math.round(sampleTime / (dt * thin))); }
}
