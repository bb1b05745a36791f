package org.dln.numeric.solver;

import org.ejml.data.DMatrixRMaj;

/**
 * A square nonlinear system {@code F(x) = 0} with {@code F : R^n -> R^n}.
 *
 * <p>Only {@link #residual} is mandatory. A system may additionally provide a dense Jacobian (used by
 * {@link NewtonSolver}; otherwise it is approximated by forward differences) and/or Jacobian-vector
 * products (used by {@link NewtonKrylovSolver}; otherwise approximated by a directional difference of the
 * residual). Implementations must not retain or modify the argument arrays and must write every component
 * of {@code out}. Solvers call these methods from a single thread.
 */
public interface NonlinearSystem {

    /** The number of unknowns and of equations, {@code n >= 1}. */
    int dimension();

    /**
     * Evaluates the residual.
     *
     * @param x   the point, length {@code n} (read only)
     * @param out receives {@code F(x)}, length {@code n}; never aliases {@code x}
     */
    void residual(double[] x, double[] out);

    /** Whether {@link #jacobian} is implemented. */
    default boolean hasJacobian() {
        return false;
    }

    /**
     * Evaluates the dense Jacobian {@code J_ij = dF_i/dx_j}.
     *
     * @param x   the point (read only)
     * @param out an {@code n x n} row-major matrix to overwrite
     * @throws UnsupportedOperationException unless {@link #hasJacobian()} is true
     */
    default void jacobian(double[] x, DMatrixRMaj out) {
        throw new UnsupportedOperationException("no analytic Jacobian");
    }

    /** Whether {@link #jacobianTimes} is implemented. */
    default boolean hasJacobianVectorProduct() {
        return false;
    }

    /**
     * Evaluates the Jacobian-vector product {@code J(x) v}.
     *
     * @param x   the point (read only)
     * @param v   the direction (read only)
     * @param out receives {@code J(x) v}; never aliases {@code x} or {@code v}
     * @throws UnsupportedOperationException unless {@link #hasJacobianVectorProduct()} is true
     */
    default void jacobianTimes(double[] x, double[] v, double[] out) {
        throw new UnsupportedOperationException("no Jacobian-vector product");
    }
}
