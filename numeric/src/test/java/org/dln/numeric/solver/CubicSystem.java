package org.dln.numeric.solver;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/**
 * Test system {@code F_i(x) = x_i^3 + sum_j A_ij x_j - b_i} with a manufactured root {@code x*}
 * ({@code b = x*^3 + A x*}). {@code A = 3 I + (sub-diagonal -1, super-diagonal 0.5) + 0.1 U[-1,1]}: its
 * symmetric part is positive definite (eigenvalues >= 3 - 2*0.75 - 0.1 n > 0 for n <= 10), so F is
 * strictly monotone and {@code x*} is its only root; the Jacobian {@code 3 diag(x^2) + A} is nonsymmetric
 * and well conditioned.
 */
final class CubicSystem implements NonlinearSystem {

    final int n;
    final DMatrixRMaj a;
    final double[] root;
    final double[] b;

    CubicSystem(int n, long seed) {
        this.n = n;
        Random rnd = new Random(seed);
        a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a.set(i, j, 0.1 * (2 * rnd.nextDouble() - 1));
            }
            a.add(i, i, 3.0);
            if (i > 0) {
                a.add(i, i - 1, -1.0);
            }
            if (i + 1 < n) {
                a.add(i, i + 1, 0.5);
            }
        }
        root = new double[n];
        for (int i = 0; i < n; i++) {
            root[i] = 1.5 * Math.cos(0.7 * i) + 0.3;
        }
        b = new double[n];
        for (int i = 0; i < n; i++) {
            double s = root[i] * root[i] * root[i];
            for (int j = 0; j < n; j++) {
                s += a.get(i, j) * root[j];
            }
            b[i] = s;
        }
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public void residual(double[] x, double[] out) {
        for (int i = 0; i < n; i++) {
            double s = x[i] * x[i] * x[i] - b[i];
            for (int j = 0; j < n; j++) {
                s += a.get(i, j) * x[j];
            }
            out[i] = s;
        }
    }

    @Override
    public boolean hasJacobian() {
        return true;
    }

    @Override
    public void jacobian(double[] x, DMatrixRMaj out) {
        out.setTo(a);
        for (int i = 0; i < n; i++) {
            out.add(i, i, 3 * x[i] * x[i]);
        }
    }

    /** The same residual without any derivative information (forces the finite-difference paths). */
    NonlinearSystem residualOnly() {
        CubicSystem self = this;
        return new NonlinearSystem() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public void residual(double[] x, double[] out) {
                self.residual(x, out);
            }
        };
    }
}
