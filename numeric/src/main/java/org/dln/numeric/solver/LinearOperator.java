package org.dln.numeric.solver;

/**
 * A square linear map {@code v -> A v} given only by its action (a matrix-free operator for Krylov
 * methods, or a preconditioner approximating an inverse).
 */
public interface LinearOperator {

    /** The size {@code n} of the (square) operator. */
    int dimension();

    /**
     * Computes {@code out = A v}.
     *
     * @param v   the input, length {@code n} (read only)
     * @param out the output, length {@code n}; never aliases {@code v}
     */
    void apply(double[] v, double[] out);
}
