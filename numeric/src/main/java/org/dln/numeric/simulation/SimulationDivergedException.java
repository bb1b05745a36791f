package org.dln.numeric.simulation;

/**
 * Thrown by {@link FiniteWidthSimulator} when a recorded observable (prediction, loss, kernel) becomes
 * non-finite (NaN or infinite), typically because the step {@code eta} is too large for gradient descent
 * to be stable. The simulation stops at the first such time point instead of returning garbage.
 */
public final class SimulationDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int timeStep;
    private final long seed;
    private final String quantity;

    /**
     * @param timeStep the time point {@code t} at which a non-finite value was recorded
     * @param seed     the seed of the run that diverged
     * @param quantity name of the first non-finite observable, e.g. {@code "loss"}
     */
    public SimulationDivergedException(int timeStep, long seed, String quantity) {
        super("simulation diverged at time step " + timeStep + " (seed " + seed + "): " + quantity
                + " is not finite");
        this.timeStep = timeStep;
        this.seed = seed;
        this.quantity = quantity;
    }

    /** @return the time point {@code t} at which divergence was detected */
    public int timeStep() {
        return timeStep;
    }

    /** @return the seed of the diverged run */
    public long seed() {
        return seed;
    }

    /** @return name of the first non-finite observable */
    public String quantity() {
        return quantity;
    }
}
