package org.dln.linear.solver;

import java.util.Arrays;
import org.dln.numeric.solver.NonlinearSystem;
import org.ejml.data.DMatrixRMaj;

/**
 * The nonlinear system of one block [ta, tb) of {@link BlockEquations}: the residual z - F(z), and with a
 * {@link BlockTangent} its exact derivatives I - dF/dz (products by the tangent of the sweep, dense Jacobians column
 * by column). The workspace is kept in the state of the last sweep, which is where the tangent linearises; counts the
 * sweeps and tangent products it makes.
 */
final class BlockSystem implements NonlinearSystem {
    private final BlockEquations eq;
    private final BlockTangent tangent; // null: no analytic derivatives
    private final int ta, tb, dim;
    private final double[] fz;          // F at the last sweep
    private final double[] lastX;       // the point of the last sweep
    private final double[] jv;
    private boolean evaluated;
    int sweeps;
    int products;

    BlockSystem(BlockEquations eq, BlockTangent tangent, int ta, int tb) {
        this.eq = eq;
        this.tangent = tangent;
        this.ta = ta;
        this.tb = tb;
        this.dim = eq.unknowns(ta, tb);
        this.fz = new double[dim];
        this.lastX = new double[dim];
        this.jv = new double[dim];
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public void residual(double[] x, double[] out) {
        evaluate(x);
        for (int i = 0; i < dim; i++) {
            out[i] = x[i] - fz[i];
        }
    }

    /** One sweep at x: fz = F(x), and the workspace in the state the tangent linearises about. */
    private void evaluate(double[] x) {
        eq.map(ta, tb, x, fz);
        sweeps++;
        System.arraycopy(x, 0, lastX, 0, dim);
        evaluated = true;
    }

    /**
     * Whether the workspace holds the sweep at exactly x (the last evaluation was there; the tangent products leave
     * that state as they found it): accepting x then needs no further sweep.
     */
    boolean sweptAt(double[] x) {
        return evaluated && Arrays.equals(x, lastX);
    }

    /** Puts the workspace in the state of the sweep at x (unless it is there already). */
    private void linearise(double[] x) {
        if (!evaluated || !Arrays.equals(x, lastX)) {
            evaluate(x);
        }
    }

    @Override
    public boolean hasJacobianVectorProduct() {
        return tangent != null;
    }

    @Override
    public void jacobianTimes(double[] x, double[] v, double[] out) {
        linearise(x);
        tangent.apply(ta, tb, x, fz, v, jv);
        products++;
        for (int i = 0; i < dim; i++) {
            out[i] = v[i] - jv[i];
        }
    }

    @Override
    public boolean hasJacobian() {
        return tangent != null;
    }

    @Override
    public void jacobian(double[] x, DMatrixRMaj out) {
        linearise(x);
        double[] e = new double[dim];
        for (int j = 0; j < dim; j++) {
            e[j] = 1.0;
            tangent.apply(ta, tb, x, fz, e, jv);
            products++;
            e[j] = 0.0;
            for (int i = 0; i < dim; i++) {
                out.unsafe_set(i, j, (i == j ? 1.0 : 0.0) - jv[i]);
            }
        }
    }
}
