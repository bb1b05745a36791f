/**
 * Finite-width simulation of deep linear networks trained by full-batch gradient descent in the
 * mean-field / muP parameterisation, used to validate infinite-width (DMFT) predictions.
 *
 * <p>Entry points: build a {@link org.dln.numeric.simulation.SimulationSpec}, then call
 * {@link org.dln.numeric.simulation.FiniteWidthSimulator#run} for one network or
 * {@link org.dln.numeric.simulation.FiniteWidthSimulator#runEnsemble} for the mean and standard error over seeds.
 */
package org.dln.numeric.simulation;
