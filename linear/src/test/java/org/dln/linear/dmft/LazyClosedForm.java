package org.dln.linear.dmft;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Closed forms of the lazy (gamma0 -> 0) limit and of a few other exactly solvable cases, written for the contract tests
 * from theory.md alone (plain arrays and EJML; no dln solver code). Samples are indexed train then test; the joint Gram
 * matrix is X X^T / D over train then test inputs.
 */
final class LazyClosedForm {
    private LazyClosedForm() {
    }

    /** The joint Gram matrix Z Z^T / D of the rows Z = [train; test]. */
    static double[][] gram(double[][] train, double[][] test) {
        int p = train.length, q = test == null ? 0 : test.length, d = train[0].length;
        double[][] z = new double[p + q][];
        for (int i = 0; i < p; i++) {
            z[i] = train[i];
        }
        for (int j = 0; j < q; j++) {
            z[p + j] = test[j];
        }
        double[][] k = new double[p + q][p + q];
        for (int i = 0; i < p + q; i++) {
            for (int j = 0; j < p + q; j++) {
                double acc = 0;
                for (int c = 0; c < d; c++) {
                    acc += z[i][c] * z[j][c];
                }
                k[i][j] = acc / d;
            }
        }
        return k;
    }

    /** A lazy trajectory: every array time first; train f, loss, NTK, and test f and test-train NTK rows. */
    record Trajectory(double[][] f, double[] loss, double[][][] ntk, double[][] fTest, double[][][] ntkTestTrain) {
    }

    /**
     * Lazy gradient descent (theory.md sections 1, 7, 7a): K0 = (L+1) Kx, Delta(0) = y,
     * Delta(t+1) = (I - eta s K0) Delta(t) on train samples, f = y - Delta, and on test samples
     * f_test(t+1) = f_test(t) + eta s K0(test, train) Delta(t) (their own Delta is zero). Loss = s/2 |Delta|^2.
     */
    static Trajectory descent(double[][] kJoint, double[] y, int depth, double s, double eta, int timePoints) {
        int p = y.length, n = kJoint.length, q = n - p;
        double[][] k0 = scaled(kJoint, depth + 1);
        double[] delta = y.clone();
        double[] ft = new double[q];
        double[][] f = new double[timePoints][p];
        double[][] fTest = new double[timePoints][q];
        double[] loss = new double[timePoints];
        for (int t = 0; t < timePoints; t++) {
            for (int i = 0; i < p; i++) {
                f[t][i] = y[i] - delta[i];
                loss[t] += 0.5 * s * delta[i] * delta[i];
            }
            fTest[t] = ft.clone();
            double[] step = new double[n];
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int j = 0; j < p; j++) {
                    acc += k0[i][j] * delta[j];
                }
                step[i] = eta * s * acc;
            }
            for (int i = 0; i < p; i++) {
                delta[i] -= step[i];
            }
            for (int j = 0; j < q; j++) {
                ft[j] += step[p + j];
            }
        }
        return new Trajectory(f, loss, repeat(block(k0, 0, p, 0, p), timePoints), fTest,
                repeat(block(k0, p, n, 0, p), timePoints));
    }

    /**
     * Lazy gradient flow: Delta(t) = exp(-s K0 t) y by the eigendecomposition K0 = V diag(k) V^T of the train block
     * (EJML), f = y - Delta; test f_test(t) = K0(test, train) K0^{-1} (y - Delta(t)) (K0 invertible), which is
     * int_0^t s K0(test, train) Delta.
     */
    static Trajectory flow(double[][] kJoint, double[] y, int depth, double s, double[] times) {
        int p = y.length, n = kJoint.length, q = n - p;
        double[][] k0 = scaled(kJoint, depth + 1);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(p, true, true);
        if (!eig.decompose(new DMatrixRMaj(block(k0, 0, p, 0, p)))) {
            throw new IllegalStateException("eigendecomposition failed");
        }
        double[] lam = new double[p];
        double[][] v = new double[p][p]; // v[m] = eigenvector m
        double[] yRot = new double[p];
        for (int m = 0; m < p; m++) {
            lam[m] = eig.getEigenvalue(m).getReal();
            DMatrixRMaj vec = eig.getEigenVector(m);
            for (int i = 0; i < p; i++) {
                v[m][i] = vec.get(i);
                yRot[m] += vec.get(i) * y[i];
            }
        }
        DMatrixRMaj k0inv = new DMatrixRMaj(block(k0, 0, p, 0, p));
        if (!CommonOps_DDRM.invert(k0inv)) {
            throw new IllegalStateException("K0 singular");
        }
        double[][] testRows = block(k0, p, n, 0, p);
        int tp = times.length;
        double[][] f = new double[tp][p];
        double[][] fTest = new double[tp][q];
        double[] loss = new double[tp];
        for (int t = 0; t < tp; t++) {
            double[] delta = new double[p];
            for (int m = 0; m < p; m++) {
                double c = Math.exp(-s * lam[m] * times[t]) * yRot[m];
                for (int i = 0; i < p; i++) {
                    delta[i] += c * v[m][i];
                }
            }
            double[] learned = new double[p];
            for (int i = 0; i < p; i++) {
                learned[i] = y[i] - delta[i];
                f[t][i] = learned[i];
                loss[t] += 0.5 * s * delta[i] * delta[i];
            }
            for (int j = 0; j < q; j++) {
                double acc = 0;
                for (int a = 0; a < p; a++) {
                    double w = 0;
                    for (int b = 0; b < p; b++) {
                        w += k0inv.get(a, b) * learned[b];
                    }
                    acc += testRows[j][a] * w;
                }
                fTest[t][j] = acc;
            }
        }
        return new Trajectory(f, loss, repeat(block(k0, 0, p, 0, p), tp), fTest, repeat(testRows, tp));
    }

    /** The NNGP predictor Kx(., X) [Kx + I/beta]^{-1} y over train then test samples (theory.md section 9, gamma0 = 0). */
    static double[] nngp(double[][] kJoint, double[] y, double beta) {
        int p = y.length, n = kJoint.length;
        DMatrixRMaj m = new DMatrixRMaj(block(kJoint, 0, p, 0, p));
        for (int i = 0; i < p; i++) {
            m.add(i, i, 1.0 / beta);
        }
        DMatrixRMaj alpha = new DMatrixRMaj(p, 1);
        if (!CommonOps_DDRM.solve(m, new DMatrixRMaj(p, 1, true, y), alpha)) {
            throw new IllegalStateException("singular");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                out[i] += kJoint[i][j] * alpha.get(j);
            }
        }
        return out;
    }

    /**
     * The stationary state of gradient descent with weight decay for L = 1 (theory.md section 8), solved here from its
     * scalar equation: with Delta(a) = (I + a Kx)^{-1} y and m(a) = Delta^T Kx Delta, the root of
     * kappa s^2 m(a) = 1 (kappa = gamma0^2 / lambda^2; m decreases from y^T Kx y, so one root iff kappa s^2 y^T Kx y > 1),
     * found by bisection on ln a; then G^1 = lambda a / s, Phi^1 = kappa G^1 (Kx delta)(Kx delta)^T over train and test
     * (delta = s Delta on train, 0 on test), f = Phi^1 delta / lambda, NTK = G^1 Kx + Phi^1.
     *
     * @return {f over train then test, {G^1}, NTK flattened row-major over train then test}
     */
    static double[][] decayStationaryL1(double[][] kJoint, double[] y, double gamma0, double lambda, double s) {
        int p = y.length, n = kJoint.length;
        double kappa = gamma0 * gamma0 / (lambda * lambda);
        double lo = -60, hi = 60; // ln a; g(u) = kappa s^2 m(e^u) - 1 decreases in u
        if (!(residualL1(kJoint, y, kappa, s, lo) > 0)) {
            throw new IllegalStateException("no nontrivial stationary state");
        }
        for (int it = 0; it < 300 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); it++) {
            double mid = 0.5 * (lo + hi);
            if (residualL1(kJoint, y, kappa, s, mid) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double a = Math.exp(0.5 * (lo + hi));
        double[] delta = ridgeErrors(kJoint, y, a);
        double[] d = new double[n];
        for (int i = 0; i < p; i++) {
            d[i] = s * delta[i];
        }
        double g1 = lambda * a / s;
        double[] kd = times(kJoint, d);
        double[][] phi = new double[n][n];
        double[] ntk = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                phi[i][j] = kappa * g1 * kd[i] * kd[j];
                ntk[i * n + j] = g1 * kJoint[i][j] + phi[i][j];
            }
        }
        double[] f = times(phi, d);
        for (int i = 0; i < n; i++) {
            f[i] /= lambda;
        }
        return new double[][] {f, {g1}, ntk};
    }

    private static double residualL1(double[][] kJoint, double[] y, double kappa, double s, double u) {
        double[] delta = ridgeErrors(kJoint, y, Math.exp(u));
        int p = y.length;
        double m = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                m += delta[i] * kJoint[i][j] * delta[j];
            }
        }
        return kappa * s * s * m - 1;
    }

    /** (I + a Kx)^{-1} y on the train block. */
    private static double[] ridgeErrors(double[][] kJoint, double[] y, double a) {
        int p = y.length;
        DMatrixRMaj m = new DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                m.set(i, j, (i == j ? 1 : 0) + a * kJoint[i][j]);
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(p, 1);
        if (!CommonOps_DDRM.solve(m, new DMatrixRMaj(p, 1, true, y), out)) {
            throw new IllegalStateException("singular");
        }
        return out.getData().clone();
    }

    /**
     * The two-sided Student-t quantile: x with P(|T_nu| &gt; x) = alpha, by bisection on
     * P(|T_nu| &gt; x) = I_{nu/(nu+x^2)}(nu/2, 1/2) (regularized incomplete beta, continued fraction).
     */
    static double studentTwoSided(double alpha, int nu) {
        double lo = 0, hi = 1e6;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (incompleteBeta(nu / (nu + mid * mid), 0.5 * nu, 0.5) > alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Regularized incomplete beta I_x(a, b) (Numerical Recipes' continued fraction). */
    static double incompleteBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 10000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) {
                break;
            }
        }
        return h;
    }

    /** ln Gamma(x), x &gt; 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
    static double lnGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
        }
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    // ---- small array helpers ----

    static double[][] scaled(double[][] m, double c) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] *= c;
            }
        }
        return out;
    }

    static double[][] block(double[][] m, int r0, int r1, int c0, int c1) {
        double[][] b = new double[r1 - r0][c1 - c0];
        for (int i = r0; i < r1; i++) {
            System.arraycopy(m[i], c0, b[i - r0], 0, c1 - c0);
        }
        return b;
    }

    static double[][][] repeat(double[][] m, int times) {
        double[][][] out = new double[times][][];
        for (int t = 0; t < times; t++) {
            out[t] = block(m, 0, m.length, 0, m.length == 0 ? 0 : m[0].length);
        }
        return out;
    }

    static double[] times(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += m[i][j] * v[j];
            }
        }
        return out;
    }

    static double[] flat(double[][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    static double[] flat(double[][][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(r -> java.util.Arrays.stream(flat(r))).toArray();
    }

    static double[] constant(int n, double c) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, c);
        return out;
    }
}
