package org.dln.linear.fluct;

import java.util.Arrays;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.Problem;
import org.dln.numeric.solver.SolverException;
import org.dln.numeric.solver.SolverMessage;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The formal Gaussian site measures of a deep linear network trained by gradient descent (docs/theory.md section
 * 11.7): per layer l = 1..L, the joint second moments Sigma^l = < z z^T > of the site variables z = (h, g, p, q),
 * h = h^l over (time, sample), g = g^l over time, p and q the response fields conjugate to the forward query of
 * W^{l-1}(0) and the backward query of W^l(0) (p = -i hat chi, q = -i hat xi, so < x p > is a real response and
 * < p p > = < q q > = 0 at the fixed point). With the exponent E(z) = z^T H z / 2 of the site measure,
 *
 * <pre>
 *   H_pp = Phi^{l-1}, H_qq = G^{l+1}, H_gg = Qq^{l-1} = Sigma^{l-1}_qq, H_hh = Pp^{l+1} = Sigma^{l+1}_pp,
 *   H_ph = -I, H_qg = -I, H_pg = Ctot = c (Phi^{l-1} o S) diag(Delta) + X^{l-1},   X^{l-1} = Sigma^{l-1}_hq,
 *   H_qh = Dtot = c (G^{l+1} o S) diag(Delta) + (Y^{l+1})^T,                       Y^{l+1} = Sigma^{l+1}_pg,
 * </pre>
 *
 * c = eta gamma0 lambda, S the strictly causal mask, Phi^0 = Kx, G^{L+1} = 1, and Sigma^l = (-H^l)^{-1}. The fixed point
 * (every Sigma^l the inverse built from its neighbours, Delta = y - f with f_a(t) = Sigma^L_{h(t,a), g(t)} / gamma0) is
 * the DMFT of section 3 written in the variables whose empirical averages fluctuate at width N.
 *
 * <p>Index layout of z (S samples = P train then Q test): h(t, a) = t S + a, g(t) = S T + t, p(t, a) = S T + T + t S + a,
 * q(t) = 2 S T + T + t; n = 2 (S + 1) T.
 */
final class FormalSites {
    final Problem problem;
    final int samples, train, tn, nh, n, depth;
    final double gamma0, c;
    final boolean centred;
    final double[][] joint;
    final double[] y;
    /** Sigma^l at index l - 1. */
    final DMatrixRMaj[] sigma;
    /** Delta_mu(t), [T][P]. */
    final double[][] delta;
    int sweeps;
    /** The indices of the leading time points, whose moments are final (embedded from the fixed point of a shorter horizon). */
    private int[] settled = new int[0];

    FormalSites(Problem pr) {
        problem = pr;
        joint = pr.jointGram();
        samples = joint.length;
        train = pr.trainCount();
        tn = pr.timePoints();
        nh = samples * tn;
        n = 2 * nh + 2 * tn;
        depth = pr.depth();
        gamma0 = pr.gamma0();
        c = pr.eta() * pr.gamma0() * pr.lossScale();
        centred = pr.conventions().output() == Conventions.Output.CENTRED;
        y = pr.y();
        sigma = new DMatrixRMaj[depth];
        for (int l = 0; l < depth; l++) {
            sigma[l] = new DMatrixRMaj(n, n);
        }
        delta = new double[tn][train];
        updateDelta();
    }

    int h(int t, int a) {
        return t * samples + a;
    }

    int g(int t) {
        return nh + t;
    }

    int p(int t, int a) {
        return nh + tn + t * samples + a;
    }

    int q(int t) {
        return 2 * nh + tn + t;
    }

    /** Phi^{l-1} between h-indices i and j (row-major (t, a) order): Kx for l = 1. */
    double phiPrev(int l, int i, int j) {
        return l == 1 ? joint[i % samples][j % samples] : sigma[l - 2].unsafe_get(i, j);
    }

    /** G^{l+1}(t, u): all ones for l = L. */
    double gNext(int l, int t, int u) {
        return l == depth ? 1 : sigma[l].unsafe_get(g(t), g(u));
    }

    /** The prediction f_a(t) = Sigma^L_{h(t,a), g(t)} / gamma0 (not centred). */
    double f(int t, int a) {
        return sigma[depth - 1].unsafe_get(h(t, a), g(t)) / gamma0;
    }

    void updateDelta() {
        for (int t = 0; t < tn; t++) {
            for (int mu = 0; mu < train; mu++) {
                delta[t][mu] = y[mu] - f(t, mu) + (centred ? f(0, mu) : 0);
            }
        }
    }

    /** Whether the blocks of -H^l read from the neighbours' conjugate moments (Pp^{l+1}, Qq^{l-1}) are exactly 0. */
    private boolean conjugateBlocksZero(int l) {
        int off = nh + tn;
        if (l < depth) {
            for (int i = 0; i < nh; i++) {
                for (int j = 0; j < nh; j++) {
                    if (sigma[l].unsafe_get(off + i, off + j) != 0) {
                        return false;
                    }
                }
            }
        }
        if (l > 1) {
            for (int t = 0; t < tn; t++) {
                for (int u = 0; u < tn; u++) {
                    if (sigma[l - 2].unsafe_get(q(t), q(u)) != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Ctot((t, b), s) = H_{p(t,b), g(s)}: the response X^{l-1} of h to q plus the update c Phi^{l-1} Delta (s < t). */
    private double ctot(int l, int t, int b, int s) {
        int i = h(t, b);
        double ctot = l > 1 ? sigma[l - 2].unsafe_get(i, q(s)) : 0;
        if (s < t) {
            for (int mu = 0; mu < train; mu++) {
                ctot += c * phiPrev(l, i, h(s, mu)) * delta[s][mu];
            }
        }
        return ctot;
    }

    /** Dtot(s, (t, b)) = H_{q(s), h(t,b)}: the response Y^{l+1} of g to p plus the update c Delta G^{l+1} (t < s). */
    private double dtot(int l, int t, int b, int s) {
        double dtot = l < depth ? sigma[l].unsafe_get(p(t, b), g(s)) : 0; // Y^{l+1}((t, b), s)
        if (t < s && b < train) { // g at time s, h at the earlier time t
            dtot += c * delta[t][b] * gNext(l, s, t);
        }
        return dtot;
    }

    /** -H^l built from the current neighbours of layer l (1-based), dense (the reference of {@link #siteCovariance}). */
    DMatrixRMaj minusH(int l) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < nh; i++) {
            int pi = nh + tn + i;
            for (int j = 0; j < nh; j++) {
                a.unsafe_set(pi, nh + tn + j, -phiPrev(l, i, j));
                if (l < depth) {
                    a.unsafe_set(i, j, -sigma[l].unsafe_get(nh + tn + i, nh + tn + j));
                }
            }
            a.unsafe_set(pi, i, 1);
            a.unsafe_set(i, pi, 1);
        }
        for (int t = 0; t < tn; t++) {
            for (int u = 0; u < tn; u++) {
                a.unsafe_set(q(t), q(u), -gNext(l, t, u));
                if (l > 1) {
                    a.unsafe_set(g(t), g(u), -sigma[l - 2].unsafe_get(q(t), q(u)));
                }
            }
            a.unsafe_set(q(t), g(t), 1);
            a.unsafe_set(g(t), q(t), 1);
        }
        for (int t = 0; t < tn; t++) {
            for (int b = 0; b < samples; b++) {
                int i = h(t, b);
                for (int s = 0; s < tn; s++) {
                    double ctot = ctot(l, t, b, s), dtot = dtot(l, t, b, s);
                    a.unsafe_set(p(t, b), g(s), -ctot);
                    a.unsafe_set(g(s), p(t, b), -ctot);
                    a.unsafe_set(q(s), i, -dtot);
                    a.unsafe_set(i, q(s), -dtot);
                }
            }
        }
        return a;
    }

    /**
     * Sigma^l = (-H^l)^{-1} from the current neighbours, in block form. With the fields F = (h, g) (indices 0..m-1,
     * m = nh + T) and their conjugates (p, q) at the same offsets plus m, -H = [[A, M], [M^T, -K]] where K =
     * diag(Phi^{l-1}, G^{l+1}), M = [[I, Dh], [Cg, I]] (Dh = -Dtot^T, Cg = -Ctot^T: the update and response couplings)
     * and A = diag(-Pp^{l+1}, -Qq^{l-1}) = 0, because every layer's conjugate block is 0 (it is the zero block of this
     * inverse). Hence Sigma = [[M^{-T} K M^{-1}, M^{-T}], [M^{-1}, 0]] with M^{-1} = [[I + Dh W Cg, -Dh W], [-W Cg, W]],
     * W = (I - Cg Dh)^{-1} (T x T): a T x T inverse and m x m products instead of the 2m x 2m inverse of {@link #minusH}.
     * A perturbed state whose neighbours have a nonzero conjugate block (the finite-difference checks of the tests) takes
     * the dense inverse.
     */
    DMatrixRMaj siteCovariance(int l) {
        if (!conjugateBlocksZero(l)) {
            DMatrixRMaj inv = new DMatrixRMaj(n, n);
            if (!CommonOps_DDRM.invert(minusH(l), inv)) {
                throw new IllegalStateException("the site measure of layer " + l + " is singular");
            }
            return inv;
        }
        int m = nh + tn;
        DMatrixRMaj dh = new DMatrixRMaj(nh, tn), cg = new DMatrixRMaj(tn, nh);
        for (int t = 0; t < tn; t++) {
            for (int b = 0; b < samples; b++) {
                int i = h(t, b);
                for (int s = 0; s < tn; s++) {
                    cg.unsafe_set(s, i, -ctot(l, t, b, s));
                    dh.unsafe_set(i, s, -dtot(l, t, b, s));
                }
            }
        }
        DMatrixRMaj w = new DMatrixRMaj(tn, tn);
        Gemm.gemm(-1, cg, false, dh, false, 0, w);
        for (int t = 0; t < tn; t++) {
            w.unsafe_set(t, t, w.unsafe_get(t, t) + 1);
        }
        if (!CommonOps_DDRM.invert(w)) {
            throw new IllegalStateException("the site measure of layer " + l + " is singular");
        }
        DMatrixRMaj wc = new DMatrixRMaj(tn, nh), dw = new DMatrixRMaj(nh, tn), dwc = new DMatrixRMaj(nh, nh);
        Gemm.gemm(1, w, false, cg, false, 0, wc);
        Gemm.gemm(1, dh, false, w, false, 0, dw);
        Gemm.gemm(1, dh, false, wc, false, 0, dwc);
        DMatrixRMaj minv = new DMatrixRMaj(m, m);
        for (int i = 0; i < nh; i++) {
            for (int j = 0; j < nh; j++) {
                minv.unsafe_set(i, j, (i == j ? 1 : 0) + dwc.unsafe_get(i, j));
            }
            for (int t = 0; t < tn; t++) {
                minv.unsafe_set(i, nh + t, -dw.unsafe_get(i, t));
                minv.unsafe_set(nh + t, i, -wc.unsafe_get(t, i));
            }
        }
        for (int t = 0; t < tn; t++) {
            for (int u = 0; u < tn; u++) {
                minv.unsafe_set(nh + t, nh + u, w.unsafe_get(t, u));
            }
        }
        DMatrixRMaj k = new DMatrixRMaj(m, m); // K = diag(Phi^{l-1}, G^{l+1})
        for (int i = 0; i < nh; i++) {
            for (int j = 0; j < nh; j++) {
                k.unsafe_set(i, j, phiPrev(l, i, j));
            }
        }
        for (int t = 0; t < tn; t++) {
            for (int u = 0; u < tn; u++) {
                k.unsafe_set(nh + t, nh + u, gNext(l, t, u));
            }
        }
        DMatrixRMaj km = new DMatrixRMaj(m, m), cov = new DMatrixRMaj(m, m);
        Gemm.gemm(1, k, false, minv, false, 0, km);
        Gemm.gemm(1, minv, true, km, false, 0, cov);
        DMatrixRMaj sigmaL = new DMatrixRMaj(n, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                sigmaL.unsafe_set(i, j, 0.5 * (cov.unsafe_get(i, j) + cov.unsafe_get(j, i)));
                sigmaL.unsafe_set(i, m + j, minv.unsafe_get(j, i));
                sigmaL.unsafe_set(m + i, j, minv.unsafe_get(i, j));
            }
        }
        return sigmaL;
    }

    /**
     * The fixed point for the problem's whole horizon, marched in time like the causal march: the fixed point for the
     * first k time points is the start of the iteration for k + 1 (causality: only the rows of the new time change), so
     * every horizon converges in a few sweeps. (A Picard iteration over the whole horizon at once overflows beyond
     * T ~ 10, as section 3 warns.)
     */
    static FormalSites solved(Problem pr) {
        FormalSites prev = null;
        for (int k = 1; k <= pr.timePoints(); k++) {
            FormalSites fs = new FormalSites(k == pr.timePoints() ? pr : pr.withTime(pr.eta(), k));
            if (prev != null) {
                fs.embed(prev);
            }
            fs.solveMean();
            prev = fs;
        }
        return prev;
    }

    /** Index in this layout of index i of a layout with fewer time points. */
    private int lift(FormalSites o, int i) {
        if (i < o.nh) {
            return h(i / samples, i % samples);
        }
        if (i < o.nh + o.tn) {
            return g(i - o.nh);
        }
        if (i < 2 * o.nh + o.tn) {
            int k = i - o.nh - o.tn;
            return p(k / samples, k % samples);
        }
        return q(i - 2 * o.nh - o.tn);
    }

    /**
     * The fixed point for the first k time points, restricted from this one (exact by causality): observables at time
     * k - 1 need only it, which makes their linear response cheaper by (T / k)^3.
     */
    FormalSites truncated(int k) {
        if (k == tn) {
            return this;
        }
        FormalSites o = new FormalSites(problem.withTime(problem.eta(), k));
        int[] map = liftMap(o);
        for (int l = 0; l < depth; l++) {
            for (int i = 0; i < o.n; i++) {
                for (int j = 0; j < o.n; j++) {
                    o.sigma[l].unsafe_set(i, j, sigma[l].unsafe_get(map[i], map[j]));
                }
            }
        }
        o.updateDelta();
        return o;
    }

    /** The index in this site measure of every index of the shorter one {@code o} ({@link #lift}). */
    private int[] liftMap(FormalSites o) {
        int[] map = new int[o.n];
        for (int i = 0; i < o.n; i++) {
            map[i] = lift(o, i);
        }
        return map;
    }

    private void embed(FormalSites o) {
        int[] map = liftMap(o);
        settled = map;
        for (int l = 0; l < depth; l++) {
            for (int i = 0; i < o.n; i++) {
                for (int j = 0; j < o.n; j++) {
                    sigma[l].unsafe_set(map[i], map[j], o.sigma[l].unsafe_get(i, j));
                }
            }
        }
        updateDelta();
    }

    /**
     * Iterates Sigma^l = (-H^l)^{-1} (layers upward, then Delta) to the fixed point; it stops when a sweep changes
     * nothing beyond rounding. The moments among the settled time points are kept as embedded: they are final by
     * causality, and re-iterating them would feed their rounding back through the whole horizon, where the iteration
     * amplifies it (20x per sweep at 190 steps of the default problem: a Picard iteration over the horizon, which
     * section 3 warns against).
     */
    void solveMean() {
        int cap = 4 * (tn + 2) * (depth + 1) + 20;
        double change = Double.POSITIVE_INFINITY;
        double[] history = new double[cap];
        for (sweeps = 0; sweeps < cap; sweeps++) {
            change = 0;
            double scale = 1;
            for (int l = 1; l <= depth; l++) {
                DMatrixRMaj next = siteCovariance(l);
                for (int i : settled) {
                    for (int j : settled) {
                        next.unsafe_set(i, j, sigma[l - 1].unsafe_get(i, j));
                    }
                }
                double[] a = next.data, b = sigma[l - 1].data;
                for (int k = 0; k < a.length; k++) {
                    change = Math.max(change, Math.abs(a[k] - b[k]));
                    scale = Math.max(scale, Math.abs(a[k]));
                }
                sigma[l - 1] = next;
            }
            updateDelta();
            history[sweeps] = change / scale;
            if (!(change / scale > 1e-15) && sweeps > 1) {
                if (Double.isNaN(change)) {
                    break;
                }
                return;
            }
        }
        throw new SolverException(SolverMessage.NOT_CONVERGED, "the fixed point of the formal site measures", cap,
                change, Arrays.toString(Arrays.copyOf(history, Math.min(cap, 8))));
    }
}
