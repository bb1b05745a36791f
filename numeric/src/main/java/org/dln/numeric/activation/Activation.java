package org.dln.numeric.activation;

/**
 * A pointwise activation phi of the network h^{l+1} = W^l phi(h^l) / sqrt(N) (theory.md section 1), with its
 * first derivative phi' (used by backpropagation, g^l = phi'(h^l) z^l, and by the single-site equations).
 * Implementations are immutable and thread-safe.
 */
public interface Activation {

    /** @return a short name, e.g. "relu", or the user's expression */
    String name();

    /** @return phi(x) */
    double value(double x);

    /** @return phi'(x) (for relu the convention phi'(0) = 0) */
    double derivative(double x);

    /** @return true only for phi(x) = x (the deep linear network, solvable exactly by the matrix equations) */
    default boolean isIdentity() {
        return false;
    }
}
