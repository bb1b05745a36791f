package org.dln.numeric.time;

/**
 * A discretization of the time axis for the two-time DMFT equations: nodes t_0 = 0 &lt; t_1 &lt; ... and the
 * quadrature matrix Q of the time integral, {@code Int_0^{t_i} F(s) ds ~ sum_j Q_ij F(t_j)}.
 *
 * <p>The nodes are grouped into consecutive <em>blocks</em>: row i of Q has non-zero entries only in columns of
 * blocks up to and including the block of i. Within a block the equations may couple every node to every other
 * (collocation); across blocks they are causal, so a solver can march block by block. Block 0 is always the
 * single node t = 0, whose row of Q vanishes.
 *
 * <p>Implementations are immutable.
 */
public interface TimeGrid {

    /** Number of nodes T. */
    int size();

    /** Node i, {@code 0 <= i < size()}; node 0 is t = 0. */
    double time(int i);

    /** The T x T quadrature matrix, row-major (a fresh copy). */
    double[] quadrature();

    /** Number of blocks. */
    int blocks();

    /** First node of block k. */
    int blockStart(int k);

    /** One past the last node of block k. */
    default int blockEnd(int k) {
        return k + 1 < blocks() ? blockStart(k + 1) : size();
    }

    /** Whether Q is strictly lower triangular (every block is causal on its own: gradient descent). */
    boolean strictlyCausal();

    /** A one-line description for reports (kind, sizes, order). */
    String describe();
}
