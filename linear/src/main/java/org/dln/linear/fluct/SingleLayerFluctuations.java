package org.dln.linear.fluct;

import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Exact O(1/N) fluctuations of a network with one hidden layer (L = 1), any P, test inputs, gradient descent and
 * gradient flow, centred or uncentred output (docs/theory.md section 11.4).
 *
 * <p>At any width the network is N i.i.d. sites z_i = (h_i(x_1..x_{P+Q}), w_i) coupled only through the errors
 * Delta = y - f, and their second-moment matrix S = (1/N) sum_i z_i z_i^T evolves by a deterministic map,
 * S(t+1) = A(Delta(t)) S(t) A(Delta(t))^T with A = I + u e_g^T + e_g v^T (u = eta gamma0 lambda Kx Delta, v = eta gamma0 lambda Delta
 * on the training rows), f_a = S_{a g} / gamma0. S(0) is a Wishart matrix / N: S(0) = S_inf + N^{-1/2} dS with dS
 * Gaussian of covariance S_ac S_bd + S_ad S_bc (Wick). So the delta method is exact at O(1/N): the tangent of the
 * map is propagated along each of the r(r+1)/2 independent directions of dS (r = rank of S_inf), and every
 * covariance is the sum over directions of the outer products of the tangents. Cost O(r^2 m^2 T), memory
 * O(r^2 m^2), m = P + Q + 1.
 */
final class SingleLayerFluctuations implements FluctuationSolver {
    /** Largest RK4 step for gradient flow, in units of the inverse rate of the dynamics (error ~ step^4). */
    private static final double FLOW_STEP = 2e-3;

    private SingleLayerFluctuations() {
    }

    static FluctuationSolver supporting(Problem p) {
        if (p.depth() != 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "depth", "depth", p.depth(),
                    "finite-width fluctuations (--width) are computed exactly for one hidden layer (L = 1) only; for L >= 2 "
                            + "the fluctuations of the response functions A^l, B^l are not implemented (docs/theory.md "
                            + "section 11.7); use dln simulate for an ensemble, or L = 1");
        }
        if (p.conventions().update() != Conventions.Update.EXACT) {
            throw new InvalidInputException(InputError.NOT_WITH, "conventions.update", "--width", "conventions.update = ntk-euler",
                    "the fluctuations are those of real gradient descent; use the exact update");
        }
        return new SingleLayerFluctuations();
    }

    @Override
    public Fluctuations descent(Problem p) {
        State s = new State(p);
        int tn = p.timePoints();
        Recorder rec = new Recorder(p, s, tn);
        double[] times = new double[tn];
        for (int t = 0; t < tn; t++) {
            times[t] = p.eta() * t;
            rec.record(t);
            if (t + 1 < tn) {
                s.descentStep(p.eta());
            }
        }
        return rec.result(times, StabilityCheck.descent(p, rec.fMean, rec.ntkMean));
    }

    @Override
    public Fluctuations flow(Problem p, double[] times) {
        State s = new State(p);
        Recorder rec = new Recorder(p, s, times.length);
        double rate = 1 + p.gamma0() * p.lossScale() * (Math.abs(maxAbs(p.y())) + 2 * p.initialNtkMaxEigenvalue() / p.lossScale());
        double hmax = FLOW_STEP / rate;
        rec.record(0);
        for (int t = 1; t < times.length; t++) {
            double span = times[t] - times[t - 1];
            int n = (int) Math.ceil(span / hmax);
            for (int i = 0; i < n; i++) {
                s.flowStep(span / n);
            }
            rec.record(t);
        }
        return rec.result(times.clone(), null);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** The second-moment matrix S and its tangents dS^k along the directions of the initial Wishart fluctuation. */
    static final class State {
        final int p, m, g, dirs;
        final double gamma0, lambda;
        final boolean centred;
        final double[][] joint; // (P+Q) x (P+Q) Gram matrix, train then test
        final double[] y;
        double[][] s;
        double[][][] ds;
        final double[][] ds0g; // dS^k_{a g}(0), subtracted for the centred output

        State(Problem pr) {
            p = pr.trainCount();
            joint = pr.jointGram();
            m = joint.length + 1;
            g = m - 1;
            gamma0 = pr.gamma0();
            lambda = pr.lossScale();
            centred = pr.conventions().output() == Conventions.Output.CENTRED;
            y = pr.y();
            double[][] root = squareRoot(joint); // m-1 x r, root root^T = joint
            int r = root[0].length + 1;
            dirs = r * (r + 1) / 2;
            requireMemory(dirs, m);
            s = new double[m][m];
            for (int a = 0; a < m - 1; a++) {
                System.arraycopy(joint[a], 0, s[a], 0, m - 1);
            }
            s[g][g] = 1;
            double[][] rr = new double[m][r]; // block-diag(root, 1)
            for (int a = 0; a < m - 1; a++) {
                System.arraycopy(root[a], 0, rr[a], 0, r - 1);
            }
            rr[g][r - 1] = 1;
            ds = new double[dirs][m][m];
            int k = 0;
            for (int a = 0; a < r; a++) {
                for (int b = a; b < r; b++, k++) {
                    double w = a == b ? Math.sqrt(2) : 1;
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < m; j++) {
                            double v = rr[i][a] * rr[j][b] + rr[i][b] * rr[j][a];
                            ds[k][i][j] = a == b ? w * rr[i][a] * rr[j][a] : v;
                        }
                    }
                }
            }
            ds0g = new double[dirs][m - 1];
            for (k = 0; k < dirs; k++) {
                for (int a = 0; a < m - 1; a++) {
                    ds0g[k][a] = ds[k][a][g];
                }
            }
        }

        /** f_a = S_{a g} / gamma0 (the initial value subtracted when centred; it is 0 at infinite width). */
        double f(int a) {
            return s[a][g] / gamma0;
        }

        /** The tangent of f_a along direction k. */
        double df(int k, int a) {
            double v = ds[k][a][g] - (centred ? ds0g[k][a] : 0);
            return v / gamma0;
        }

        void descentStep(double eta) {
            double c = eta * gamma0 * lambda;
            double[] u = new double[m], v = new double[m];
            fields(c, u, v, -1);
            double[][] w = timesAt(s, u, v); // W = S A^T
            double[][] next = aTimes(w, u, v);
            double[] du = new double[m], dv = new double[m];
            for (int k = 0; k < dirs; k++) {
                fields(c, du, dv, k);
                double[][] t = aTimes(timesAt(ds[k], u, v), u, v);
                addSymmetrized(t, du, dv, w);
                ds[k] = t;
            }
            s = next;
        }

        void flowStep(double h) {
            double[][] s0 = s;
            double[][][] d0 = ds;
            double[][][] k1 = rates();
            advance(s0, d0, k1, h / 2);
            double[][][] k2 = rates();
            advance(s0, d0, k2, h / 2);
            double[][][] k3 = rates();
            advance(s0, d0, k3, h);
            double[][][] k4 = rates();
            s = combine(s0, h, k1[0], k2[0], k3[0], k4[0]);
            double[][][] nd = new double[dirs][][];
            for (int k = 0; k < dirs; k++) {
                nd[k] = combine(d0[k], h, k1[k + 1], k2[k + 1], k3[k + 1], k4[k + 1]);
            }
            ds = nd;
        }

        /** d/dt of (S, dS^0, ...) under gradient flow: B S + S B^T and its tangent. */
        private double[][][] rates() {
            double c = gamma0 * lambda;
            double[] u = new double[m], v = new double[m];
            fields(c, u, v, -1);
            double[][][] out = new double[dirs + 1][][];
            out[0] = generator(s, u, v);
            double[] du = new double[m], dv = new double[m];
            for (int k = 0; k < dirs; k++) {
                fields(c, du, dv, k);
                double[][] t = generator(ds[k], u, v);
                double[][] e = generator(s, du, dv);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        t[i][j] += e[i][j];
                    }
                }
                out[k + 1] = t;
            }
            return out;
        }

        private void advance(double[][] s0, double[][][] d0, double[][][] rate, double h) {
            s = axpy(s0, h, rate[0]);
            double[][][] nd = new double[dirs][][];
            for (int k = 0; k < dirs; k++) {
                nd[k] = axpy(d0[k], h, rate[k + 1]);
            }
            ds = nd;
        }

        /**
         * u = c Kx Delta on the input rows, v = c Delta on the training rows (k = -1), or their tangents along
         * direction k (Delta replaced by dDelta^k = -df^k).
         */
        private void fields(double c, double[] u, double[] v, int k) {
            double[] delta = new double[p];
            for (int mu = 0; mu < p; mu++) {
                delta[mu] = k < 0 ? y[mu] - f(mu) : -df(k, mu);
            }
            java.util.Arrays.fill(u, 0);
            java.util.Arrays.fill(v, 0);
            for (int a = 0; a < m - 1; a++) {
                double acc = 0;
                for (int mu = 0; mu < p; mu++) {
                    acc += joint[a][mu] * delta[mu];
                }
                u[a] = c * acc;
            }
            for (int mu = 0; mu < p; mu++) {
                v[mu] = c * delta[mu];
            }
        }

        /** X A^T with A = I + u e_g^T + e_g v^T. */
        private double[][] timesAt(double[][] x, double[] u, double[] v) {
            double[][] y2 = new double[m][m];
            for (int i = 0; i < m; i++) {
                double xv = 0;
                for (int j = 0; j < m; j++) {
                    xv += x[i][j] * v[j];
                }
                for (int j = 0; j < m; j++) {
                    y2[i][j] = x[i][j] + x[i][g] * u[j];
                }
                y2[i][g] += xv;
            }
            return y2;
        }

        /** A Y with A = I + u e_g^T + e_g v^T. */
        private double[][] aTimes(double[][] y2, double[] u, double[] v) {
            double[][] z = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    z[i][j] = y2[i][j] + u[i] * y2[g][j];
                }
            }
            for (int j = 0; j < m; j++) {
                double vy = 0;
                for (int i = 0; i < m; i++) {
                    vy += v[i] * y2[i][j];
                }
                z[g][j] += vy;
            }
            return z;
        }

        /** t += dA W + (dA W)^T with dA = du e_g^T + e_g dv^T. */
        private void addSymmetrized(double[][] t, double[] du, double[] dv, double[][] w) {
            double[] dvw = new double[m];
            for (int j = 0; j < m; j++) {
                double acc = 0;
                for (int i = 0; i < m; i++) {
                    acc += dv[i] * w[i][j];
                }
                dvw[j] = acc;
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    t[i][j] += du[i] * w[g][j] + du[j] * w[g][i];
                }
            }
            for (int j = 0; j < m; j++) {
                t[g][j] += dvw[j];
                t[j][g] += dvw[j];
            }
        }

        /** B X + X B^T with B = u e_g^T + e_g v^T. */
        private double[][] generator(double[][] x, double[] u, double[] v) {
            double[][] z = new double[m][m];
            double[] vx = new double[m];
            for (int j = 0; j < m; j++) {
                double acc = 0;
                for (int i = 0; i < m; i++) {
                    acc += v[i] * x[i][j];
                }
                vx[j] = acc;
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    z[i][j] = u[i] * x[g][j] + u[j] * x[g][i];
                }
            }
            for (int j = 0; j < m; j++) {
                z[g][j] += vx[j];
                z[j][g] += vx[j];
            }
            return z;
        }

        private double[][] axpy(double[][] x, double h, double[][] r) {
            double[][] z = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    z[i][j] = x[i][j] + h * r[i][j];
                }
            }
            return z;
        }

        private double[][] combine(double[][] x, double h, double[][] a, double[][] b, double[][] c, double[][] d) {
            double[][] z = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    z[i][j] = x[i][j] + h / 6 * (a[i][j] + 2 * b[i][j] + 2 * c[i][j] + d[i][j]);
                }
            }
            return z;
        }
    }

    /** Refuses (exit 2) a problem whose tangents would not fit in the heap. */
    private static void requireMemory(int dirs, int m) {
        long bytes = 6L * (dirs + 1) * m * m * Double.BYTES; // RK4 keeps about six copies of the state
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap / 2) {
            throw new InvalidInputException(InputError.TOO_LARGE, "P", m - 1, "the fluctuation tangents", bytes,
                    "memory", heap, "P + Q (the number of train and test inputs)");
        }
    }

    /** A matrix R (n x r) with R R^T = k over the eigenvalues > 1e-13 max (k symmetric positive semi-definite). */
    static double[][] squareRoot(double[][] k) {
        int n = k.length;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(new DMatrixRMaj(k))) {
            throw new IllegalStateException("eigen-decomposition of the Gram matrix failed");
        }
        double top = 0;
        for (int c = 0; c < n; c++) {
            top = Math.max(top, eig.getEigenvalue(c).getReal());
        }
        java.util.List<double[]> cols = new java.util.ArrayList<>();
        for (int c = 0; c < n; c++) {
            double lam = eig.getEigenvalue(c).getReal();
            if (lam > 1e-13 * top) {
                DMatrixRMaj v = eig.getEigenVector(c);
                double[] col = new double[n];
                for (int i = 0; i < n; i++) {
                    col[i] = v.get(i) * Math.sqrt(lam);
                }
                cols.add(col);
            }
        }
        double[][] r = new double[n][cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            for (int i = 0; i < n; i++) {
                r[i][c] = cols.get(c)[i];
            }
        }
        return r;
    }
}
