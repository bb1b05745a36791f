/**
 * Stationary states of gradient descent with weight decay for deep linear networks at infinite width: the
 * algebraic P x P kernel equations ({@link org.dln.linear.stationary.DecayStationaryEquations}), their exact
 * reduction to one scalar equation ({@link org.dln.linear.stationary.DecayScalarReduction}), the Newton solve
 * ({@link org.dln.linear.stationary.DecayStationarySolver}) and the adaptive-kernel predictor
 * ({@link org.dln.linear.stationary.DecayStationaryState}). Derivation: docs/reports/weight-decay-report.md.
 */
package org.dln.linear.stationary;
