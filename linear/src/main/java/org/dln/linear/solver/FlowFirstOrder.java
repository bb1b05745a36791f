package org.dln.linear.solver;

import java.util.List;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.numeric.report.SolverReport;
import org.dln.numeric.time.LegendreGaussLobatto;
import org.dln.symbolic.series.FirstOrderTheory;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Approximation PT1 for gradient flow: the O(gamma0^2) theory derived in the symbolic layer ({@link FirstOrderTheory})
 * evaluated for any data at any times. In the eigenbasis of the train Gram matrix Kx = sum_a lambda_a e_a e_a^T,
 * with rates r_a = (L+1) s lambda_a (s the loss scale) and y_a = e_a . y:
 * <pre>
 *   Delta_0,a(t) = y_a e^{-r_a t},   V_a(t) = s y_a (1 - e^{-r_a t}) / r_a,   U = Kx V,   Z = V^T Kx V,
 *   Phi^l(t,t) = Kx + gamma0^2 phi_l U U^T,   G^l(t,t) = 1 + gamma0^2 g_l Z,   K_1 = k_L (Z Kx + U U^T)
 * </pre>
 * in closed form (test rows: Kx(*,X) in place of Kx for U and K), and the first-order predictions from
 * Delta_1,a(t) = -s int_0^t e^{-r_a (t - tau)} [K_1(tau) Delta_0(tau)]_a d tau, f = y - Delta_0 - gamma0^2 Delta_1 on the
 * train samples and f_* = s int_0^t K(*,X) Delta on the test samples. The integrands are sums of exponentials; the
 * integrals are taken with 16-node Gauss-Lobatto panels no longer than 1 / (3 max r_a) (the integrands decay at
 * rates up to 4 max r_a, so each panel integrates exp(-x) on x &lt;= 4/3 with a rule exact to degree 29: error below 1e-16
 * relative), marching the exponential propagator exactly from one output time to the next.
 */
public final class FlowFirstOrder {
    private static final int NODES = 16;

    private FlowFirstOrder() {
    }

    /** PT1 for gradient flow at the given increasing times (t >= 0). */
    public static LinearSolution solve(Problem p, FirstOrderTheory theory, double[] times) {
        long start = System.nanoTime();
        int P = p.trainCount(), S = P + p.testCount(), L = p.depth();
        if (theory.depth() != L) {
            throw new IllegalArgumentException("first-order theory for L = " + theory.depth() + " used at L = " + L);
        }
        double s = p.lossScale();
        double g2 = p.gamma0() * p.gamma0();
        double[][] kj = p.jointGram();
        double[] y = p.y();
        Spectrum sp = Spectrum.of(p);
        double[] lam = sp.lam, ya = sp.ya, r = new double[P];
        double[][] e = sp.e;
        double rmax = 0;
        for (int a = 0; a < P; a++) {
            r[a] = (L + 1) * s * lam[a];
            rmax = Math.max(rmax, r[a]);
        }
        double phiK[] = new double[L + 1], gK[] = new double[L + 1];
        for (int l = 1; l <= L; l++) {
            phiK[l] = theory.phi(l).doubleValue();
            gK[l] = theory.g(l).doubleValue();
        }
        double kL = theory.ntk().doubleValue();

        Workspace ws = new Workspace(P, S, kj, e, lam, r, ya, s, kL);
        LegendreGaussLobatto rule = new LegendreGaussLobatto(NODES);
        double hmax = Math.min(1.0, rmax > 0 ? 1.0 / (3 * rmax) : 1.0);

        int tp = times.length;
        double[][] f = new double[tp][S];
        double[][][] ntk = new double[tp][S][S];
        double[][][][] phi = new double[L][tp][S][S];
        double[][] gk = new double[L][tp];
        double[] d1 = new double[P];    // Delta_1 (eigen coordinates)
        double[] j1 = new double[P];    // int_0^t Delta_1 (eigen coordinates)
        double[] ws1 = new double[S];   // int_0^t [K_1(*,X) Delta_0] over all samples
        double now = 0;
        int panels = 0;
        for (int k = 0; k < tp; k++) {
            double target = times[k];
            if (!(target >= now - 1e-15)) {
                throw new IllegalArgumentException("times must be increasing and >= 0");
            }
            int n = (int) Math.ceil((target - now) / hmax);
            for (int q = 0; q < n; q++) {
                double t1 = now + (target - now) * q / n, t2 = now + (target - now) * (q + 1) / n;
                panel(ws, rule, t1, t2, d1, j1, ws1);
                panels++;
            }
            now = Math.max(now, target);
            ws.at(now);
            // Delta_1 and int Delta_1 in sample coordinates
            double[] d1o = new double[P], j1o = new double[P];
            for (int a = 0; a < P; a++) {
                for (int mu = 0; mu < P; mu++) {
                    d1o[mu] += e[a][mu] * d1[a];
                    j1o[mu] += e[a][mu] * j1[a];
                }
            }
            for (int i = 0; i < S; i++) {
                double f0, f1;
                if (i < P) {
                    f0 = y[i] - ws.delta0[i];
                    f1 = -d1o[i];
                } else {
                    double kv = 0, kj1 = 0;
                    for (int mu = 0; mu < P; mu++) {
                        kv += kj[i][mu] * ws.v[mu];
                        kj1 += kj[i][mu] * j1o[mu];
                    }
                    f0 = (L + 1) * kv;
                    f1 = s * (L + 1) * kj1 + s * ws1[i];
                }
                f[k][i] = f0 + g2 * f1;
                for (int j = 0; j < S; j++) {
                    double uu = ws.u[i] * ws.u[j];
                    ntk[k][i][j] = (L + 1) * kj[i][j] + g2 * kL * (ws.z * kj[i][j] + uu);
                    for (int l = 1; l <= L; l++) {
                        phi[l - 1][k][i][j] = kj[i][j] + g2 * phiK[l] * uu;
                    }
                }
            }
            for (int l = 1; l <= L; l++) {
                gk[l - 1][k] = 1 + g2 * gK[l] * ws.z;
            }
        }
        double sec = (System.nanoTime() - start) * 1e-9;
        SolverReport report = new SolverReport("pt1-flow-closed-form", 0, new double[0], 0.0, true, sec,
                List.of("pt1 (gradient flow): first-order theory derived by the symbolic layer, " + theory.formulas()
                                + "; evaluated in the eigenbasis of Kx (closed-form kernels, predictions by exponential propagation with "
                                + NODES + "-node Gauss-Lobatto panels, " + panels + " panels)"));
        return new LinearSolution(p, Approximation.PT1, times.clone(), f, ntk, phi, gk, null, report);
    }

    /**
     * The t = infinity NTK of PT1 over all samples, (L+1) Kjoint + gamma0^2 k_L (Z Kjoint + U U^T) with V(inf) = s y_a / r_a,
     * or null when y has a component along a zero eigenvalue of Kx (the lazy flow never converges).
     */
    public static double[][] ntkAtInfinity(Problem p, FirstOrderTheory theory) {
        int P = p.trainCount(), S = P + p.testCount(), L = p.depth();
        double[][] kj = p.jointGram();
        Spectrum sp = Spectrum.of(p);
        double[] v = new double[P];
        double lmax = 0;
        for (int a = 0; a < P; a++) {
            lmax = Math.max(lmax, sp.lam[a]);
        }
        for (int a = 0; a < P; a++) {
            if (sp.lam[a] <= 1e-12 * lmax) {
                if (Math.abs(sp.ya[a]) > 1e-12) {
                    return null;
                }
                continue;
            }
            for (int mu = 0; mu < P; mu++) {
                v[mu] += sp.e[a][mu] * sp.ya[a] / ((L + 1) * sp.lam[a]);
            }
        }
        double[] u = new double[S];
        for (int i = 0; i < S; i++) {
            for (int mu = 0; mu < P; mu++) {
                u[i] += kj[i][mu] * v[mu];
            }
        }
        double z = 0;
        for (int mu = 0; mu < P; mu++) {
            z += v[mu] * u[mu];
        }
        double g2 = p.gamma0() * p.gamma0(), kL = theory.ntk().doubleValue();
        double[][] k = new double[S][S];
        for (int i = 0; i < S; i++) {
            for (int j = 0; j < S; j++) {
                k[i][j] = (L + 1) * kj[i][j] + g2 * kL * (z * kj[i][j] + u[i] * u[j]);
            }
        }
        return k;
    }

    /** Advances Delta_1, int Delta_1 (eigen coordinates) and int K_1(*,X) Delta_0 from t1 to t2. */
    private static void panel(Workspace ws, LegendreGaussLobatto rule, double t1, double t2, double[] d1, double[] j1, double[] ws1) {
        int P = ws.P;
        double h = t2 - t1;
        double s = ws.s;
        for (int a = 0; a < P; a++) {
            j1[a] += d1[a] * phi1(ws.r[a], h);
            d1[a] *= Math.exp(-ws.r[a] * h);
        }
        for (int q = 0; q < rule.size(); q++) {
            double sigma = t1 + h * rule.node(q);
            double w = h * rule.weight(q);
            ws.at(sigma);
            ws.source();
            for (int a = 0; a < P; a++) {
                d1[a] -= s * w * Math.exp(-ws.r[a] * (t2 - sigma)) * ws.src[a];
                j1[a] -= s * w * phi1(ws.r[a], t2 - sigma) * ws.src[a];
            }
            for (int i = 0; i < ws.S; i++) {
                ws1[i] += w * ws.srcAll[i];
            }
        }
    }

    /** (1 - e^{-r t}) / r, = t at r = 0, without cancellation. */
    static double phi1(double r, double t) {
        double x = r * t;
        return Math.abs(x) < 1e-300 ? t : -Math.expm1(-x) / r;
    }

    /** Eigenvalues lambda_a (clipped at 0: Kx is validated PSD), eigenvectors e[a][mu] and y_a = e_a . y of the train Gram matrix. */
    private static final class Spectrum {
        final double[] lam, ya;
        final double[][] e;

        private Spectrum(double[] lam, double[][] e, double[] ya) {
            this.lam = lam;
            this.e = e;
            this.ya = ya;
        }

        static Spectrum of(Problem p) {
            int P = p.trainCount();
            double[][] kj = p.jointGram();
            double[] y = p.y();
            DMatrixRMaj kx = new DMatrixRMaj(P, P);
            for (int i = 0; i < P; i++) {
                for (int j = 0; j < P; j++) {
                    kx.set(i, j, kj[i][j]);
                }
            }
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(P, true, true);
            if (!eig.decompose(kx)) {
                throw new IllegalStateException("eigendecomposition of the input Gram matrix failed");
            }
            double[] lam = new double[P], ya = new double[P];
            double[][] e = new double[P][P];
            for (int a = 0; a < P; a++) {
                lam[a] = Math.max(0, eig.getEigenvalue(a).real);
                DMatrixRMaj v = eig.getEigenVector(a);
                double acc = 0;
                for (int mu = 0; mu < P; mu++) {
                    e[a][mu] = v.get(mu);
                    acc += e[a][mu] * y[mu];
                }
                ya[a] = acc;
            }
            return new Spectrum(lam, e, ya);
        }
    }

    /** Zeroth-order quantities at one time, allocated once. */
    private static final class Workspace {
        final int P, S;
        final double[][] kj, e;
        final double[] lam, r, ya;
        final double s, kL;
        final double[] delta0, v, u, src, srcAll, d0e;
        double z;

        Workspace(int P, int S, double[][] kj, double[][] e, double[] lam, double[] r, double[] ya, double s, double kL) {
            this.P = P;
            this.S = S;
            this.kj = kj;
            this.e = e;
            this.lam = lam;
            this.r = r;
            this.ya = ya;
            this.s = s;
            this.kL = kL;
            delta0 = new double[P];
            v = new double[P];
            u = new double[S];
            src = new double[P];
            srcAll = new double[S];
            d0e = new double[P];
        }

        /** Delta_0, V (sample coordinates), U = Kx(all, X) V and Z = V^T Kx V at time t. */
        void at(double t) {
            java.util.Arrays.fill(delta0, 0);
            java.util.Arrays.fill(v, 0);
            for (int a = 0; a < P; a++) {
                double d = ya[a] * Math.exp(-r[a] * t);
                double va = s * ya[a] * phi1(r[a], t);
                d0e[a] = d;
                for (int mu = 0; mu < P; mu++) {
                    delta0[mu] += e[a][mu] * d;
                    v[mu] += e[a][mu] * va;
                }
            }
            z = 0;
            for (int i = 0; i < S; i++) {
                double acc = 0;
                for (int mu = 0; mu < P; mu++) {
                    acc += kj[i][mu] * v[mu];
                }
                u[i] = acc;
            }
            for (int mu = 0; mu < P; mu++) {
                z += v[mu] * u[mu];
            }
        }

        /** K_1(all, X) Delta_0 = k_L (Z Kx(all, X) Delta_0 + U (U . Delta_0)); src = its train part in eigen coordinates. */
        void source() {
            double ud = 0;
            for (int mu = 0; mu < P; mu++) {
                ud += u[mu] * delta0[mu];
            }
            for (int i = 0; i < S; i++) {
                double kd = 0;
                for (int mu = 0; mu < P; mu++) {
                    kd += kj[i][mu] * delta0[mu];
                }
                srcAll[i] = kL * (z * kd + u[i] * ud);
            }
            for (int a = 0; a < P; a++) {
                double acc = 0;
                for (int mu = 0; mu < P; mu++) {
                    acc += e[a][mu] * srcAll[mu];
                }
                src[a] = acc;
            }
        }
    }
}
