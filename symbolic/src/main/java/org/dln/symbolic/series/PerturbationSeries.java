package org.dln.symbolic.series;

import static org.dln.symbolic.series.ExpPolyOps.fullVolterraT;
import static org.dln.symbolic.series.ExpPolyOps.timesOfS;
import static org.dln.symbolic.series.ExpPolyOps.volterraFull;
import static org.dln.symbolic.series.ExpPolyOps.volterraVolterra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The exact perturbation series in g = gamma0^2 of the DMFT of a deep linear network (depth L hidden layers), one
 * sample with Kx = 1 (or whitened data, theory.md section 4), target y = 1, gradient flow.
 *
 * <p>Conventions. Everything is expanded in q^2 = (gamma0 y)^2: by the invariance Delta -> lambda Delta,
 * gamma0 -> gamma0 / lambda of the equations, f(t; gamma0, y) = y F(t; gamma0 y) and every kernel depends on gamma0 y
 * only. So the coefficient of gamma0^{2k} is F_k(t) y^{2k+1} for f and Delta, and X_k(t) y^{2k} for K, Phi^l, G^l,
 * where F_k, X_k are the order-k objects held here (computed at y = 1).
 *
 * <p>Equations: the operator form of theory.md section 3 with P = 1 and the time integral in place of Q.
 * C^l = A^{l-1} + Phi^{l-1}(t,s) Delta(s), D^l = B^l + G^{l+1}(t,s) Delta(s), M_l = (I - g C^l D^l)^{-1},
 * N_l = (I - g D^l C^l)^{-1}, Phi^l = M_l [Phi^{l-1} + g C^l G^{l+1} C^l^T] M_l^T,
 * G^l = N_l [G^{l+1} + g D^l Phi^{l-1} D^l^T] N_l^T, A^l = M_l C^l, B^{l-1} = N_l D^l, A^0 = 0, B^L = 0,
 * Phi^0 = 1, G^{L+1} = 1, f(t) = [M_L (Phi^{L-1} D^L^T + C^L G^{L+1}) N_L^T](t,t), Delta = 1 - f,
 * K(t) = sum_{l=0..L} G^{l+1}(t,t) Phi^l(t,t).
 *
 * <p>Solution order by order: at order k every object depends on Delta_k only through the order-0 (lazy) map, for
 * which f_k = (L+1) Int_0^t Delta_k + R_k(t) with R_k computed from the lower orders (the order-k equations
 * evaluated at Delta_k = 0). Hence Delta_k' = -(L+1) Delta_k - R_k', Delta_k(0) = [k = 0], solved exactly; the
 * order-k objects are then updated with this Delta_k (through the lazy map). With {@code verify}, they are instead
 * recomputed from the equations and the identity f_k = [k = 0] - Delta_k is checked exactly (an
 * {@link IllegalStateException} otherwise): the residual of the truncated equations is identically zero.
 */
public final class PerturbationSeries {
    private final int depth;
    private final int order;
    private final List<ExpPoly> delta = new ArrayList<>();
    private final List<ExpPoly> remainder = new ArrayList<>();
    private final List<ExpPoly> f = new ArrayList<>();
    private final List<ExpPoly> ntk = new ArrayList<>();
    private final List<List<ExpPoly>> phiDiag = new ArrayList<>(); // [l][k], l = 1..L at index l-1
    private final List<List<ExpPoly>> gDiag = new ArrayList<>();
    private final double seconds;
    private final boolean verify;

    // working state, indexed [layer][order]
    private final List<List<ExpPoly>> phi = new ArrayList<>(); // l = 0..L
    private final List<List<ExpPoly>> g = new ArrayList<>();   // l = 1..L+1 (index l)
    private final List<List<ExpPoly>> a = new ArrayList<>();   // l = 0..L-1
    private final List<List<ExpPoly>> b = new ArrayList<>();   // l = 1..L (index l)
    private final List<List<ExpPoly>> c = new ArrayList<>();   // l = 1..L (index l)
    private final List<List<ExpPoly>> d = new ArrayList<>();
    private final List<List<ExpPoly>> m = new ArrayList<>();   // M_l - I
    private final List<List<ExpPoly>> n = new ArrayList<>();   // N_l - I
    private final List<List<ExpPoly>> cd = new ArrayList<>();  // (C^l D^l) by order
    private final List<List<ExpPoly>> dc = new ArrayList<>();
    private final List<List<ExpPoly>> w = new ArrayList<>();   // Phi^{l-1} + g C G C^T
    private final List<List<ExpPoly>> z = new ArrayList<>();   // G^{l+1} + g D Phi D^T
    private final List<List<ExpPoly>> leftPhi = new ArrayList<>(); // ((I + m) W)_j, cached
    private final List<List<ExpPoly>> leftG = new ArrayList<>();   // ((I + n) Z)_j, cached

    private PerturbationSeries(int depth, int order, boolean verify) {
        this(depth, order, verify, null);
    }

    private PerturbationSeries(int depth, int order, boolean verify, java.util.function.IntConsumer orderDone) {
        this.depth = depth;
        this.order = order;
        this.verify = verify;
        long t0 = System.nanoTime();
        for (int l = 0; l <= depth + 1; l++) {
            for (List<List<ExpPoly>> x : List.of(phi, g, a, b, c, d, m, n, cd, dc, w, z, leftPhi, leftG)) {
                x.add(new ArrayList<>());
            }
        }
        for (int k = 0; k <= order; k++) {
            checkInterrupted();
            step(k);
            if (orderDone != null) {
                orderDone.accept(k);
            }
        }
        for (int l = 1; l <= depth; l++) {
            List<ExpPoly> pd = new ArrayList<>();
            List<ExpPoly> gd = new ArrayList<>();
            for (int k = 0; k <= order; k++) {
                pd.add(phi.get(l).get(k).diagonal());
                gd.add(g.get(l).get(k).diagonal());
            }
            phiDiag.add(Collections.unmodifiableList(pd));
            gDiag.add(Collections.unmodifiableList(gd));
        }
        for (int k = 0; k <= order; k++) {
            ExpPoly.Builder kb = new ExpPoly.Builder();
            for (int l = 0; l <= depth; l++) {
                for (int i = 0; i <= k; i++) {
                    kb.add(g.get(l + 1).get(i).diagonal().multiply(phi.get(l).get(k - i).diagonal()));
                }
            }
            ntk.add(kb.build());
        }
        seconds = (System.nanoTime() - t0) * 1e-9;
        for (List<List<ExpPoly>> x : List.of(phi, g, a, b, c, d, m, n, cd, dc, w, z, leftPhi, leftG)) {
            x.clear();
        }
    }

    /** Solves the series of a depth-L network to order K in gamma0^2 (that is, through gamma0^{2K}). */
    public static PerturbationSeries solve(int depth, int order) {
        return solve(depth, order, false);
    }

    /** As {@link #solve(int, int)}, telling {@code orderDone} each order k as soon as it is solved (0..K). */
    public static PerturbationSeries solve(int depth, int order, java.util.function.IntConsumer orderDone) {
        if (depth < 1 || order < 0) {
            return solve(depth, order);
        }
        return new PerturbationSeries(depth, order, false, orderDone);
    }

    /**
     * As {@link #solve(int, int)}; with {@code verify} every order is recomputed from scratch after Delta_k is solved
     * and f_k + Delta_k = [k = 0] is checked exactly (about twice the time).
     */
    public static PerturbationSeries solve(int depth, int order, boolean verify) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth L must be >= 1, got " + depth);
        }
        if (order < 0) {
            throw new IllegalArgumentException("order K must be >= 0, got " + order);
        }
        return new PerturbationSeries(depth, order, verify);
    }

    /**
     * A checkpoint of the exact algebra: a computation run under a time budget is cancelled by interrupting its thread
     * (the command line's budget), which stops it here with a {@link java.util.concurrent.CancellationException}.
     */
    static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.util.concurrent.CancellationException("interrupted (time budget)");
        }
    }

    private void step(int k) {
        delta.add(ExpPoly.ZERO);
        computeResolvents(k);
        computeOrder(k);
        ExpPoly r = f.get(k);
        remainder.add(r);
        long lambda = depth + 1;
        if (!r.atZero().isZero()) {
            throw new IllegalStateException("R_" + k + "(0) = " + r.atZero() + " != 0");
        }
        ExpPoly dk = ExpPolyOps.solveLinearOde(lambda, r.derivative().scale(Rational.ONE.negate()), k == 0 ? Rational.ONE : Rational.ZERO);
        delta.set(k, dk);
        if (verify) {
            // recompute order k from scratch with Delta_k in place
            for (List<List<ExpPoly>> x : List.of(phi, g, a, b, c, d, w, z, leftPhi, leftG)) {
                for (List<ExpPoly> layer : x) {
                    if (layer.size() > k) {
                        layer.remove(k);
                    }
                }
            }
            f.remove(k);
            computeOrder(k);
            ExpPoly residual = f.get(k).add(dk).subtract(k == 0 ? ExpPoly.ONE : ExpPoly.ZERO);
            if (!residual.isZero()) {
                throw new IllegalStateException("order " + k + ": f_k + Delta_k - [k=0] = " + residual + " is not identically zero");
            }
        } else {
            // Delta_k enters order k only through the lazy (order-0) map: C^l += l Delta_k(s), A^l += l Delta_k(s),
            // D^l += (L + 1 - l) Delta_k(s), B^l += (L - l) Delta_k(s); Phi_k, G_k unchanged; f_k = R_k + (L+1) Int Delta_k
            ExpPoly ds = dk.inS();
            for (int l = 1; l <= depth; l++) {
                add(c.get(l), k, ds.scale(Rational.of(l)));
                add(d.get(l), k, ds.scale(Rational.of(depth + 1 - l)));
                if (l <= depth - 1) {
                    add(a.get(l), k, ds.scale(Rational.of(l)));
                    add(b.get(l), k, ds.scale(Rational.of(depth - l)));
                }
            }
            f.set(k, r.add(ExpPolyOps.integrate(dk).scale(Rational.of(lambda))));
        }
    }

    private static void add(List<ExpPoly> x, int k, ExpPoly e) {
        x.set(k, x.get(k).add(e));
    }

    /** M_l - I and N_l - I at order k (they need C, D at orders below k only). */
    private void computeResolvents(int k) {
        for (int l = 1; l <= depth; l++) {
            if (k == 0) {
                m.get(l).add(ExpPoly.ZERO);
                n.get(l).add(ExpPoly.ZERO);
                continue;
            }
            List<ExpPoly> cl = c.get(l);
            List<ExpPoly> dl = d.get(l);
            ExpPoly.Builder e = new ExpPoly.Builder();
            ExpPoly.Builder h = new ExpPoly.Builder();
            for (int i = 0; i <= k - 1; i++) {
                e.add(volterraVolterra(cl.get(i), dl.get(k - 1 - i)));
                h.add(volterraVolterra(dl.get(i), cl.get(k - 1 - i)));
            }
            cd.get(l).add(e.build());
            dc.get(l).add(h.build());
            // M - I = g E + g E (M - I):  m_k = E_{k-1} + sum_{i + j = k-1, j >= 1} E_i m_j
            ExpPoly.Builder mb = new ExpPoly.Builder().add(cd.get(l).get(k - 1));
            ExpPoly.Builder nb = new ExpPoly.Builder().add(dc.get(l).get(k - 1));
            for (int j = 1; j <= k - 1; j++) {
                mb.add(volterraVolterra(cd.get(l).get(k - 1 - j), m.get(l).get(j)));
                nb.add(volterraVolterra(dc.get(l).get(k - 1 - j), n.get(l).get(j)));
            }
            m.get(l).add(mb.build());
            n.get(l).add(nb.build());
        }
    }

    private static ExpPoly at(List<ExpPoly> x, int k) {
        return k < x.size() ? x.get(k) : ExpPoly.ZERO;
    }

    /** All order-k objects from the current Delta_0..Delta_k (resolvents at order k already known). */
    private void computeOrder(int k) {
        int L = depth;
        if (k == 0) {
            phi.get(0).add(ExpPoly.ONE);
            g.get(L + 1).add(ExpPoly.ONE);
            a.get(0).add(ExpPoly.ZERO);
            b.get(L).add(ExpPoly.ZERO);
        } else if (phi.get(0).size() == k) {
            phi.get(0).add(ExpPoly.ZERO);
            g.get(L + 1).add(ExpPoly.ZERO);
            a.get(0).add(ExpPoly.ZERO);
            b.get(L).add(ExpPoly.ZERO);
        }
        // upward: C^l, A^l, Phi^l
        for (int l = 1; l <= L; l++) {
            ExpPoly.Builder cb = new ExpPoly.Builder().add(a.get(l - 1).get(k));
            for (int i = 0; i <= k; i++) {
                cb.add(timesOfS(phi.get(l - 1).get(i), delta.get(k - i)));
            }
            ExpPoly ck = cb.build();
            c.get(l).add(ck);
            if (l <= L - 1) {
                a.get(l).add(applyVolterra(m.get(l), c.get(l), k));
            }
            ExpPoly.Builder wb = new ExpPoly.Builder().add(phi.get(l - 1).get(k));
            for (int i = 0; i <= k - 1; i++) {
                for (int j = 0; i + j <= k - 1; j++) {
                    ExpPoly cg = volterraFull(c.get(l).get(i), g.get(l + 1).get(j));
                    wb.add(fullVolterraT(cg, c.get(l).get(k - 1 - i - j)));
                }
            }
            w.get(l).add(wb.build());
            phi.get(l).add(sandwichCached(m.get(l), w.get(l), leftPhi.get(l), k));
        }
        // downward: D^l, B^{l-1}, G^l
        for (int l = L; l >= 1; l--) {
            ExpPoly.Builder db = new ExpPoly.Builder().add(b.get(l).get(k));
            for (int i = 0; i <= k; i++) {
                db.add(timesOfS(g.get(l + 1).get(i), delta.get(k - i)));
            }
            d.get(l).add(db.build());
            if (l >= 2) {
                b.get(l - 1).add(applyVolterra(n.get(l), d.get(l), k));
            }
            ExpPoly.Builder zb = new ExpPoly.Builder().add(g.get(l + 1).get(k));
            for (int i = 0; i <= k - 1; i++) {
                for (int j = 0; i + j <= k - 1; j++) {
                    ExpPoly dp = volterraFull(d.get(l).get(i), phi.get(l - 1).get(j));
                    zb.add(fullVolterraT(dp, d.get(l).get(k - 1 - i - j)));
                }
            }
            z.get(l).add(zb.build());
            g.get(l).add(sandwichCached(n.get(l), z.get(l), leftG.get(l), k));
        }
        // prediction: f = [M_L (Phi^{L-1} D^L^T + C^L G^{L+1}) N_L^T](t, t), at order k
        List<ExpPoly> s = new ArrayList<>();
        for (int j = 0; j <= k; j++) {
            ExpPoly.Builder sb = new ExpPoly.Builder();
            for (int i = 0; i <= j; i++) {
                sb.add(fullVolterraT(phi.get(L - 1).get(i), d.get(L).get(j - i)));
                sb.add(volterraFull(c.get(L).get(i), g.get(L + 1).get(j - i)));
            }
            s.add(sb.build());
        }
        f.add(sandwich(m.get(L), n.get(L), s, k).diagonal());
    }

    /** Order k of (I + m) X for a Volterra series m (m_0 = 0) and a Volterra series X. */
    private static ExpPoly applyVolterra(List<ExpPoly> mm, List<ExpPoly> x, int k) {
        ExpPoly.Builder r = new ExpPoly.Builder().add(x.get(k));
        for (int i = 1; i <= k; i++) {
            r.add(volterraVolterra(mm.get(i), x.get(k - i)));
        }
        return r.build();
    }

    /**
     * Order k of (I + m) W (I + m)^T for a Volterra series m (m_0 = 0) and a full series W, with the orders of
     * (I + m) W cached in {@code left} (order j is final once W_j is).
     */
    private static ExpPoly sandwichCached(List<ExpPoly> mm, List<ExpPoly> ww, List<ExpPoly> left, int k) {
        ExpPoly.Builder lb = new ExpPoly.Builder().add(ww.get(k));
        for (int i = 1; i <= k; i++) {
            lb.add(volterraFull(mm.get(i), ww.get(k - i)));
        }
        left.add(lb.build());
        ExpPoly.Builder r = new ExpPoly.Builder().add(left.get(k));
        for (int j = 0; j < k; j++) {
            r.add(fullVolterraT(left.get(j), mm.get(k - j)));
        }
        return r.build();
    }

    /** Order k of (I + m) W (I + n)^T. */
    private static ExpPoly sandwich(List<ExpPoly> mm, List<ExpPoly> nn, List<ExpPoly> ww, int k) {
        ExpPoly.Builder r = new ExpPoly.Builder();
        for (int j = 0; j <= k; j++) {
            // left_j = order j of (I + m) W
            ExpPoly.Builder lb = new ExpPoly.Builder().add(ww.get(j));
            for (int i = 1; i <= j; i++) {
                lb.add(volterraFull(mm.get(i), ww.get(j - i)));
            }
            ExpPoly left = lb.build();
            if (j == k) {
                r.add(left);
            } else {
                r.add(fullVolterraT(left, nn.get(k - j)));
            }
        }
        return r.build();
    }

    public int depth() { return depth; }

    public int order() { return order; }

    /** Wall time of the solve in seconds. */
    public double seconds() { return seconds; }

    /** Delta_k(t) (coefficient of gamma0^{2k} y^{2k+1}). */
    public ExpPoly delta(int k) { return delta.get(k); }

    /** f_k(t) (coefficient of gamma0^{2k} y^{2k+1}). */
    public ExpPoly f(int k) { return k == 0 ? ExpPoly.ONE.subtract(delta.get(0)) : delta.get(k).scale(Rational.ONE.negate()); }

    /** R_k(t): the order-k prediction evaluated with Delta_k = 0 (the source in the equation for Delta_k). */
    public ExpPoly remainder(int k) { return remainder.get(k); }

    /** K_k(t) (coefficient of gamma0^{2k} y^{2k}). */
    public ExpPoly ntk(int k) { return ntk.get(k); }

    /** Phi^l_k(t, t), l = 1..L. */
    public ExpPoly phi(int l, int k) { return phiDiag.get(l - 1).get(k); }

    /** G^l_k(t, t), l = 1..L. */
    public ExpPoly g(int l, int k) { return gDiag.get(l - 1).get(k); }
}
