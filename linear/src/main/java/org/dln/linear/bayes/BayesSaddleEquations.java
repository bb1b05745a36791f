package org.dln.linear.bayes;

import org.dln.numeric.solver.NonlinearSystem;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The saddle-point (stationarity) equations of the large-N action of a Bayesian deep linear network in the muP
 * parameterization, with their exact Jacobian (docs/reports/bayes-report.md, "Derivation").
 *
 * <p>Posterior over all weights: {@code exp(-beta N gamma0^2/2 sum_mu (f_mu - y_mu)^2 - |theta|^2/2)}. At large N the
 * kernels {@code Phi^l} ({@code l = 1..L}, {@code Phi^0 = Kx}) and their conjugates {@code Phihat^l} are at the
 * saddle point of {@code exp(-N S)} with
 * <pre>
 *   S = -1/2 sum_l Tr Phi^l Phihat^l + gamma0^2/2 y^T (Phi^L + I/beta)^{-1} y + 1/2 sum_l ln det(I + Phi^{l-1} Phihat^l).
 * </pre>
 * Matrix gradients (symmetric):
 * <pre>
 *   dS/dPhihat^l = 1/2 [ (I + Phi^{l-1} Phihat^l)^{-1} Phi^{l-1} - Phi^l ]
 *   dS/dPhi^l    = 1/2 [ Phihat^{l+1} (I + Phi^l Phihat^{l+1})^{-1} - Phihat^l ]          (l < L)
 *   dS/dPhi^L    = 1/2 [ -gamma0^2 a a^T - Phihat^L ],   a = (Phi^L + I/beta)^{-1} y.
 * </pre>
 * Unknowns: the upper triangles (i <= j, row by row) of {@code Phi^1..Phi^L} then {@code Phihat^1..Phihat^L}. The
 * residual is the gradient of S with respect to these packed entries (so an off-diagonal entry, which appears twice
 * in the matrix, gets twice the matrix gradient), and the Jacobian is the Hessian of S in the same variables: it is
 * what Symja's entry-by-entry derivatives of S give (checked in the tests for P <= 3). {@code 1/beta = 0}
 * (beta = infinity) is allowed when Phi^L stays invertible.
 */
public final class BayesSaddleEquations implements NonlinearSystem {

    private final int p;
    private final int depth;
    private final int m;
    private final double gamma0;
    private final double invBeta;
    private final DMatrixRMaj kx;
    private final double[] y;

    /**
     * @param kx      train Gram matrix Phi^0 = Kx (P x P), not modified
     * @param y       targets (length P)
     * @param depth   L >= 1
     * @param gamma0  feature-learning strength
     * @param invBeta 1/beta >= 0 (0 = noise-free limit)
     */
    public BayesSaddleEquations(double[][] kx, double[] y, int depth, double gamma0, double invBeta) {
        this.p = y.length;
        this.depth = depth;
        this.m = p * (p + 1) / 2;
        this.gamma0 = gamma0;
        this.invBeta = invBeta;
        this.kx = new DMatrixRMaj(kx);
        this.y = y.clone();
    }

    public int trainCount() { return p; }

    public int depth() { return depth; }

    /** Number of packed entries of one symmetric P x P matrix, P(P+1)/2. */
    public int packedSize() { return m; }

    @Override
    public int dimension() {
        return 2 * depth * m;
    }

    /** Offset of Phi^l (l = 1..L) in the unknown vector. */
    public int phiOffset(int l) { return (l - 1) * m; }

    /** Offset of Phihat^l (l = 1..L) in the unknown vector. */
    public int phiHatOffset(int l) { return (depth + l - 1) * m; }

    /** The lazy (NNGP, gamma0 = 0) solution: Phi^l = Kx, Phihat^l = 0. */
    public double[] lazyGuess() {
        double[] x = new double[dimension()];
        for (int l = 1; l <= depth; l++) {
            pack(kx, x, phiOffset(l));
        }
        return x;
    }

    /** The matrices of the unknown vector: [0] = Kx, [l] = Phi^l, and [L + l] = Phihat^l. */
    public DMatrixRMaj[] unpack(double[] x) {
        DMatrixRMaj[] mats = new DMatrixRMaj[2 * depth + 1];
        mats[0] = kx.copy();
        for (int l = 1; l <= depth; l++) {
            mats[l] = unpackOne(x, phiOffset(l), p);
            mats[depth + l] = unpackOne(x, phiHatOffset(l), p);
        }
        return mats;
    }

    /** The action S at x (for tests; ln det via LU, assumes det(I + Phi^{l-1} Phihat^l) > 0). */
    public double action(double[] x) {
        DMatrixRMaj[] a = unpack(x);
        double s = 0;
        DMatrixRMaj t = new DMatrixRMaj(p, p);
        for (int l = 1; l <= depth; l++) {
            CommonOps_DDRM.mult(a[l], a[depth + l], t);
            s -= 0.5 * CommonOps_DDRM.trace(t);
            CommonOps_DDRM.mult(a[l - 1], a[depth + l], t);
            for (int i = 0; i < p; i++) {
                t.add(i, i, 1.0);
            }
            s += 0.5 * Math.log(CommonOps_DDRM.det(t));
        }
        DMatrixRMaj r = a[depth].copy();
        for (int i = 0; i < p; i++) {
            r.add(i, i, invBeta);
        }
        DMatrixRMaj av = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.solve(r, new DMatrixRMaj(p, 1, true, y), av);
        double q = 0;
        for (int i = 0; i < p; i++) {
            q += y[i] * av.get(i);
        }
        return s + 0.5 * gamma0 * gamma0 * q;
    }

    @Override
    public void residual(double[] x, double[] out) {
        State s = new State(x);
        for (int l = 1; l <= depth; l++) {
            DMatrixRMaj g = s.xl[l].copy();
            CommonOps_DDRM.subtractEquals(g, s.mats[l]);
            packGradient(g, out, phiHatOffset(l));
            DMatrixRMaj h = s.yl[l].copy();
            CommonOps_DDRM.subtractEquals(h, s.mats[depth + l]);
            packGradient(h, out, phiOffset(l));
        }
    }

    @Override
    public boolean hasJacobian() {
        return true;
    }

    @Override
    public void jacobian(double[] x, DMatrixRMaj out) {
        State s = new State(x);
        int n = dimension();
        out.reshape(n, n);
        out.zero();
        DMatrixRMaj e = new DMatrixRMaj(p, p);
        DMatrixRMaj d = new DMatrixRMaj(p, p);
        DMatrixRMaj t1 = new DMatrixRMaj(p, p);
        double[] col = new double[n];
        for (int block = 0; block < 2 * depth; block++) {
            boolean hat = block >= depth;
            int l = hat ? block - depth + 1 : block + 1;
            int base = hat ? phiHatOffset(l) : phiOffset(l);
            int k = 0;
            for (int i = 0; i < p; i++) {
                for (int j = i; j < p; j++, k++) {
                    e.zero();
                    e.set(i, j, 1.0);
                    e.set(j, i, 1.0);
                    java.util.Arrays.fill(col, 0.0);
                    if (!hat) {
                        // direction dPhi^l = e
                        // G_{Phihat^l} = 1/2 (X_l - Phi^l): -1/2 e
                        d.setTo(e);
                        CommonOps_DDRM.scale(-1.0, d);
                        packGradient(d, col, phiHatOffset(l));
                        // G_{Phihat^{l+1}}: 1/2 M e M^T with M = (I + Phi^l Phihat^{l+1})^{-1}
                        if (l < depth) {
                            sandwich(s.ml[l + 1], e, d, t1);
                            packGradient(d, col, phiHatOffset(l + 1));
                        }
                        // G_{Phi^l} = 1/2 (Y_l - Phihat^l): dY_l
                        if (l < depth) {
                            // Y = (I + F B)^{-1} F with F = Phihat^{l+1}, B = Phi^l: dY = -Y dB Y
                            sandwich(s.yl[l], e, d, t1);
                            CommonOps_DDRM.scale(-1.0, d);
                        } else {
                            // Y_L = -gamma0^2 a a^T, da = -R e a
                            DMatrixRMaj da = new DMatrixRMaj(p, 1);
                            DMatrixRMaj ea = new DMatrixRMaj(p, 1);
                            CommonOps_DDRM.mult(e, s.a, ea);
                            CommonOps_DDRM.mult(-1.0, s.rInv, ea, da);
                            CommonOps_DDRM.multTransB(da, s.a, d);
                            CommonOps_DDRM.multAddTransB(s.a, da, d);
                            CommonOps_DDRM.scale(-gamma0 * gamma0, d);
                        }
                        packGradient(d, col, phiOffset(l));
                    } else {
                        // direction dPhihat^l = e
                        // G_{Phihat^l}: dX_l = -X e X
                        sandwich(s.xl[l], e, d, t1);
                        CommonOps_DDRM.scale(-1.0, d);
                        packGradient(d, col, phiHatOffset(l));
                        // G_{Phi^l}: -1/2 e
                        d.setTo(e);
                        CommonOps_DDRM.scale(-1.0, d);
                        packGradient(d, col, phiOffset(l));
                        // G_{Phi^{l-1}} (l >= 2): dY_{l-1} = N e N^T with N = (I + Phihat^l Phi^{l-1})^{-1} = M_l^T
                        if (l >= 2) {
                            DMatrixRMaj nl = new DMatrixRMaj(p, p);
                            CommonOps_DDRM.transpose(s.ml[l], nl);
                            sandwich(nl, e, d, t1);
                            packGradient(d, col, phiOffset(l - 1));
                        }
                    }
                    int c = base + k;
                    for (int r = 0; r < n; r++) {
                        out.unsafe_set(r, c, col[r]);
                    }
                }
            }
        }
    }

    /** d = A e A^T. */
    private static void sandwich(DMatrixRMaj a, DMatrixRMaj e, DMatrixRMaj d, DMatrixRMaj tmp) {
        tmp.reshape(a.numRows, e.numCols);
        CommonOps_DDRM.mult(a, e, tmp);
        CommonOps_DDRM.multTransB(tmp, a, d);
    }

    /** Intermediate matrices at one point. */
    final class State {
        final DMatrixRMaj[] mats;
        /** ml[l] = (I + Phi^{l-1} Phihat^l)^{-1}. */
        final DMatrixRMaj[] ml = new DMatrixRMaj[depth + 1];
        /** xl[l] = ml[l] Phi^{l-1}. */
        final DMatrixRMaj[] xl = new DMatrixRMaj[depth + 1];
        /** yl[l] = Phihat^{l+1} (I + Phi^l Phihat^{l+1})^{-1} for l < L, -gamma0^2 a a^T for l = L. */
        final DMatrixRMaj[] yl = new DMatrixRMaj[depth + 1];
        final DMatrixRMaj rInv;
        final DMatrixRMaj a;

        State(double[] x) {
            mats = unpack(x);
            DMatrixRMaj t = new DMatrixRMaj(p, p);
            for (int l = 1; l <= depth; l++) {
                CommonOps_DDRM.mult(mats[l - 1], mats[depth + l], t);
                addIdentity(t, 1.0);
                ml[l] = new DMatrixRMaj(p, p);
                if (!CommonOps_DDRM.invert(t, ml[l])) {
                    throw new ArithmeticException("I + Phi^" + (l - 1) + " Phihat^" + l + " is singular");
                }
                xl[l] = new DMatrixRMaj(p, p);
                CommonOps_DDRM.mult(ml[l], mats[l - 1], xl[l]);
            }
            for (int l = 1; l < depth; l++) {
                // Phihat^{l+1} (I + Phi^l Phihat^{l+1})^{-1} = (M_{l+1} Phi^l Phihat^{l+1}... use the transpose identity:
                // (I + Phihat^{l+1} Phi^l)^{-1} Phihat^{l+1} = M_{l+1}^T Phihat^{l+1}
                yl[l] = new DMatrixRMaj(p, p);
                CommonOps_DDRM.multTransA(ml[l + 1], mats[depth + l + 1], yl[l]);
            }
            DMatrixRMaj r = mats[depth].copy();
            addIdentity(r, invBeta);
            rInv = new DMatrixRMaj(p, p);
            if (!CommonOps_DDRM.invert(r, rInv)) {
                throw new ArithmeticException("Phi^L + I/beta is singular");
            }
            a = new DMatrixRMaj(p, 1);
            CommonOps_DDRM.mult(rInv, new DMatrixRMaj(p, 1, true, y), a);
            yl[depth] = new DMatrixRMaj(p, p);
            CommonOps_DDRM.multTransB(-gamma0 * gamma0, a, a, yl[depth]);
        }
    }

    private static void addIdentity(DMatrixRMaj t, double v) {
        for (int i = 0; i < t.numRows; i++) {
            t.add(i, i, v);
        }
    }

    /** out[off + k] = 1/2 (2 - delta_ij) g_ij (the packed gradient of a symmetric matrix variable, g = 2 dS/dM). */
    private void packGradient(DMatrixRMaj g, double[] out, int off) {
        int k = off;
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++, k++) {
                double v = 0.5 * (g.get(i, j) + g.get(j, i));
                out[k] = i == j ? 0.5 * v : v;
            }
        }
    }

    /** Packs the upper triangle of a symmetric matrix. */
    public static void pack(DMatrixRMaj s, double[] out, int off) {
        int k = off;
        int p = s.numRows;
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++, k++) {
                out[k] = s.get(i, j);
            }
        }
    }

    /** The symmetric matrix of a packed upper triangle. */
    public static DMatrixRMaj unpackOne(double[] x, int off, int p) {
        DMatrixRMaj s = new DMatrixRMaj(p, p);
        int k = off;
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++, k++) {
                s.set(i, j, x[k]);
                s.set(j, i, x[k]);
            }
        }
        return s;
    }
}
