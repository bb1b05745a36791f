package org.dln.linear.solver;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.problem.ResourceGuard;
import org.dln.numeric.linalg.MemoryGuard;
import org.dln.numeric.report.SolverReport;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * The matrix equations of theory.md section 3 written literally, with dense n x n matrices (n = S T, S = P + Q
 * samples; test samples carry Delta = 0) and explicit inverses M_l = (I - g^2 C D)^{-1}, N_l = (I - g^2 D C)^{-1}.
 * One {@link #sweep} maps a whole trajectory of order parameters (Phi^l, G^l, A^l, B^l, Delta) to the next
 * iterate: this is the global fixed-point map that the published research code iterates (Picard), used here as
 * the benchmark baseline ({@link PicardSolver}) and as an independent a-posteriori check of the causal solver
 * ({@link #residualOf}). Cost O(L n^3) per sweep. Full equations only (gamma0 = 0 gives the lazy limit).
 */
public final class DenseFixedPointMap {
    private final int sCount, pCount, timePoints, depth, n;
    private final double g2, lossScale, eta;
    private final double[] y;
    private final DMatrixRMaj phi0;
    private final DMatrixRMaj ones;
    private final DMatrixRMaj causalEta;
    // workspaces, allocated once
    private final DMatrixRMaj c, d, tmp, tmp2, m, nInv, eye;

    /** The state of the iteration: order parameters over the whole trajectory (n x n each, Delta n). */
    public static final class State {
        final DMatrixRMaj[] phi;  // 1..L
        final DMatrixRMaj[] g;    // 1..L
        final DMatrixRMaj[] a;    // 1..L-1
        final DMatrixRMaj[] b;    // 1..L-1
        final double[] delta;     // n, weighted by the loss scale; zero for test samples
        final double[] f;         // n

        State(int depth, int n) {
            phi = new DMatrixRMaj[depth + 1];
            g = new DMatrixRMaj[depth + 1];
            a = new DMatrixRMaj[depth + 1];
            b = new DMatrixRMaj[depth + 1];
            for (int l = 1; l <= depth; l++) {
                phi[l] = new DMatrixRMaj(n, n);
                g[l] = new DMatrixRMaj(n, n);
                if (l < depth) {
                    a[l] = new DMatrixRMaj(n, n);
                    b[l] = new DMatrixRMaj(n, n);
                }
            }
            delta = new double[n];
            f = new double[n];
        }

        /** f_i(t) at flattened index t * S + i. */
        public double f(int index) {
            return f[index];
        }
    }

    /**
     * Bytes of the dense map, in saturating long arithmetic: with n = S T, the state's 4 L n x n kernels (Phi, G, A,
     * B) and 7 n x n sources and workspaces, (4 L + 7) n^2 doubles (Picard holds a second state).
     */
    public static long bytesNeeded(long S, long T, long L) {
        long n = MemoryGuard.times(S, T);
        return MemoryGuard.doubles(MemoryGuard.times(MemoryGuard.plus(MemoryGuard.times(4, L), 7), n, n));
    }

    /** Refuses at once (exit 2, naming T, P or L) a problem whose dense equations do not fit in the heap. */
    public static void checkMemory(Problem p) {
        int P = p.trainCount(), Q = p.testCount();
        ResourceGuard.require("the dense fixed-point equations (n x n matrices, n = (P + Q) T)", "kernels",
                d -> bytesNeeded(d[0] + Q, d[1], d[2]), d -> LayerSweep.largestArray(d[0] + Q, d[1]),
                new ResourceGuard.Dim("P", P, P, 1), new ResourceGuard.Dim("T", p.timePoints(), p.timePoints(), 1),
                new ResourceGuard.Dim("L", p.depth(), p.depth(), 1));
    }

    public DenseFixedPointMap(Problem p) {
        checkMemory(p);
        pCount = p.trainCount();
        sCount = pCount + p.testCount();
        timePoints = p.timePoints();
        depth = p.depth();
        n = sCount * timePoints;
        g2 = p.gamma0() * p.gamma0();
        eta = p.eta();
        lossScale = p.lossScale();
        y = p.y();
        double[][] k = p.jointGram();
        phi0 = new DMatrixRMaj(n, n);
        ones = new DMatrixRMaj(n, n);
        causalEta = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                phi0.set(i, j, k[i % sCount][j % sCount]);
                ones.set(i, j, 1.0);
                causalEta.set(i, j, (j / sCount) < (i / sCount) ? p.eta() : 0.0);
            }
        }
        c = new DMatrixRMaj(n, n);
        d = new DMatrixRMaj(n, n);
        tmp = new DMatrixRMaj(n, n);
        tmp2 = new DMatrixRMaj(n, n);
        m = new DMatrixRMaj(n, n);
        nInv = new DMatrixRMaj(n, n);
        eye = CommonOps_DDRM.identity(n);
    }

    /**
     * The lazy initial guess: Phi^l = Kx, G^l = 1, A = B = 0, and the lazy-limit errors
     * Delta(t) = (I - eta s (L+1) Kx)^t y of a linear model with the initial NTK (s = loss scale).
     */
    public State initialState() {
        State s = new State(depth, n);
        for (int l = 1; l <= depth; l++) {
            s.phi[l].setTo(phi0);
            s.g[l].setTo(ones);
        }
        double[] d = y.clone();
        for (int t = 0; t < timePoints; t++) {
            for (int mu = 0; mu < pCount; mu++) {
                s.delta[t * sCount + mu] = lossScale * d[mu];
                s.f[t * sCount + mu] = y[mu] - d[mu];
            }
            double[] next = d.clone();
            for (int mu = 0; mu < pCount; mu++) {
                for (int nu = 0; nu < pCount; nu++) {
                    next[mu] -= eta * lossScale * (depth + 1) * phi0.get(mu, nu) * d[nu];
                }
            }
            d = next;
        }
        return s;
    }

    /** The state of a causal-marching solution (which must have kept its two-time kernels). */
    public State stateOf(LinearSolution sol) {
        TwoTimeKernels k = sol.twoTime();
        if (k == null) {
            throw new IllegalArgumentException("the solution did not keep its two-time kernels");
        }
        State s = new State(depth, n);
        for (int l = 1; l <= depth; l++) {
            s.phi[l].setData(k.phi()[l].clone());
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    s.g[l].set(i, j, k.g()[l][(i / sCount) * timePoints + j / sCount]);
                }
            }
            if (l < depth) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        // only sum_alpha A_{i,(s,alpha)} acts: spread it evenly over alpha
                        s.a[l].set(i, j, k.a()[l][i * timePoints + j / sCount] / sCount);
                        s.b[l].set(i, j, k.b()[l][(i / sCount) * n + j]);
                    }
                }
            }
        }
        for (int t = 0; t < timePoints; t++) {
            for (int i = 0; i < sCount; i++) {
                s.f[t * sCount + i] = sol.f(t, i);
                if (i < pCount) {
                    s.delta[t * sCount + i] = lossScale * sol.delta(t, i);
                }
            }
        }
        return s;
    }

    /**
     * One global sweep: layers upward, each using the new Phi^{l-1}, A^{l-1} of this sweep and the previous
     * G^{l+1}, B^l, then f and Delta. Returns the max-norm change of all order parameters.
     */
    public double sweep(State s, State out) {
        DMatrixRMaj phiDown = phi0;
        DMatrixRMaj aDown = null;
        for (int l = 1; l <= depth; l++) {
            DMatrixRMaj gUp = l == depth ? ones : s.g[l + 1];
            DMatrixRMaj bUp = l == depth ? null : s.b[l];
            // C = A^{l-1} + (Phi^{l-1} o Q) diag(Delta), D = B^l + (G^{l+1} o Q) diag(Delta)
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double q = causalEta.get(i, j) * s.delta[j];
                    c.set(i, j, (aDown == null ? 0 : aDown.get(i, j)) + phiDown.get(i, j) * q);
                    d.set(i, j, (bUp == null ? 0 : bUp.get(i, j)) + gUp.get(i, j) * q);
                }
            }
            // M = (I - g^2 C D)^{-1}, N = (I - g^2 D C)^{-1}
            CommonOps_MT_DDRM.mult(c, d, tmp);
            CommonOps_DDRM.add(eye, -g2, tmp, tmp2);
            CommonOps_DDRM.invert(tmp2, m);
            CommonOps_MT_DDRM.mult(d, c, tmp);
            CommonOps_DDRM.add(eye, -g2, tmp, tmp2);
            CommonOps_DDRM.invert(tmp2, nInv);
            // Phi^l = M [Phi^{l-1} + g^2 C G^{l+1} C^T] M^T
            CommonOps_MT_DDRM.mult(c, gUp, tmp);
            CommonOps_MT_DDRM.multTransB(tmp, c, tmp2);
            CommonOps_DDRM.add(phiDown, g2, tmp2, tmp2);
            CommonOps_MT_DDRM.mult(m, tmp2, tmp);
            CommonOps_MT_DDRM.multTransB(tmp, m, out.phi[l]);
            // G^l = N [G^{l+1} + g^2 D Phi^{l-1} D^T] N^T
            CommonOps_MT_DDRM.mult(d, phiDown, tmp);
            CommonOps_MT_DDRM.multTransB(tmp, d, tmp2);
            CommonOps_DDRM.add(gUp, g2, tmp2, tmp2);
            CommonOps_MT_DDRM.mult(nInv, tmp2, tmp);
            CommonOps_MT_DDRM.multTransB(tmp, nInv, out.g[l]);
            if (l < depth) {
                CommonOps_MT_DDRM.mult(m, c, out.a[l]);      // A^l = M_l C^l
            }
            if (l >= 2) {
                CommonOps_MT_DDRM.mult(nInv, d, out.b[l - 1]); // B^{l-1} = N_l D^l
            }
            if (l == depth) {
                // f = diag[M (Phi^{L-1} D^T + C G^{L+1}) N^T]
                CommonOps_MT_DDRM.multTransB(phiDown, d, tmp);
                CommonOps_MT_DDRM.multAdd(c, gUp, tmp);
                CommonOps_MT_DDRM.mult(m, tmp, tmp2);
                for (int i = 0; i < n; i++) {
                    double acc = 0;
                    for (int k = 0; k < n; k++) {
                        acc += tmp2.get(i, k) * nInv.get(i, k);
                    }
                    out.f[i] = acc;
                }
            }
            phiDown = out.phi[l];
            aDown = l < depth ? out.a[l] : null;
        }
        for (int t = 0; t < timePoints; t++) {
            for (int mu = 0; mu < pCount; mu++) {
                int i = t * sCount + mu;
                out.delta[i] = lossScale * (y[mu] - out.f[i]);
            }
        }
        return distance(s, out);
    }

    private double distance(State x, State z) {
        double r = 0;
        for (int l = 1; l <= depth; l++) {
            r = Math.max(r, maxAbsDiff(x.phi[l], z.phi[l]));
            r = Math.max(r, maxAbsDiff(x.g[l], z.g[l]));
            if (l < depth) {
                r = Math.max(r, maxAbsDiff(x.b[l], z.b[l]));
                r = Math.max(r, rowSumDiff(x.a[l], z.a[l]));
            }
        }
        for (int i = 0; i < n; i++) {
            r = Math.max(r, Math.abs(x.delta[i] - z.delta[i]) / lossScale);
            if (!Double.isFinite(z.delta[i])) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return r;
    }

    private static double maxAbsDiff(DMatrixRMaj u, DMatrixRMaj v) {
        double r = 0;
        for (int i = 0; i < u.data.length; i++) {
            double e = Math.abs(u.data[i] - v.data[i]);
            if (!(e <= r)) {
                r = Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
            }
        }
        return r;
    }

    /** A acts only through sum over the second sample index: compare those sums. */
    private double rowSumDiff(DMatrixRMaj u, DMatrixRMaj v) {
        double r = 0;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < timePoints; t++) {
                double su = 0, sv = 0;
                for (int al = 0; al < sCount; al++) {
                    su += u.get(i, t * sCount + al);
                    sv += v.get(i, t * sCount + al);
                }
                r = Math.max(r, Math.abs(su - sv));
            }
        }
        return r;
    }

    /** Damped update: out = alpha out + (1 - alpha) old, for every order parameter. */
    public void mix(State old, State out, double alpha) {
        if (alpha == 1.0) {
            return;
        }
        for (int l = 1; l <= depth; l++) {
            blend(old.phi[l], out.phi[l], alpha);
            blend(old.g[l], out.g[l], alpha);
            if (l < depth) {
                blend(old.a[l], out.a[l], alpha);
                blend(old.b[l], out.b[l], alpha);
            }
        }
        for (int i = 0; i < n; i++) {
            out.delta[i] = alpha * out.delta[i] + (1 - alpha) * old.delta[i];
            out.f[i] = alpha * out.f[i] + (1 - alpha) * old.f[i];
        }
    }

    private static void blend(DMatrixRMaj old, DMatrixRMaj out, double alpha) {
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = alpha * out.data[i] + (1 - alpha) * old.data[i];
        }
    }

    /** A fresh state of the right size, for the output of {@link #sweep}. */
    public State newState() {
        return new State(depth, n);
    }

    /**
     * The fixed-point residual of a causal-marching solution: the max-norm change of all its order parameters
     * under one sweep of the literal dense equations (zero for an exact solution, up to rounding).
     */
    public static double residualOf(LinearSolution sol) {
        DenseFixedPointMap map = new DenseFixedPointMap(sol.problem());
        State s = map.stateOf(sol);
        return map.sweep(s, map.newState());
    }

    /**
     * The trajectory a state describes: f, the NTK K(t) = sum_{l=0..L} G^{l+1}(t,t) Phi^l(t,t) and the equal-time
     * kernels Phi^l(t,t), G^l(t,t) at every time point, over train then test samples.
     */
    public LinearSolution solutionOf(State st, Problem p, Approximation approximation, SolverReport report) {
        double[][] f = new double[timePoints][sCount];
        double[][][] ntk = new double[timePoints][sCount][sCount];
        double[][][][] phiEq = new double[depth][timePoints][sCount][sCount];
        double[][] gEq = new double[depth][timePoints];
        for (int t = 0; t < timePoints; t++) {
            int o = t * sCount;
            for (int l = 1; l <= depth; l++) {
                gEq[l - 1][t] = st.g[l].get(o, o);
            }
            for (int i = 0; i < sCount; i++) {
                f[t][i] = st.f[o + i];
                for (int j = 0; j < sCount; j++) {
                    double k = (depth == 0 ? 1.0 : gEq[0][t]) * phi0.get(o + i, o + j);
                    for (int l = 1; l <= depth; l++) {
                        phiEq[l - 1][t][i][j] = st.phi[l].get(o + i, o + j);
                        k += (l == depth ? 1.0 : gEq[l][t]) * phiEq[l - 1][t][i][j];
                    }
                    ntk[t][i][j] = k;
                }
            }
        }
        return new LinearSolution(p, approximation, f, ntk, phiEq, gEq, null, report);
    }
}
