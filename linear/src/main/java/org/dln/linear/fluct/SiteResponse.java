package org.dln.linear.fluct;

import org.dln.numeric.solver.SolverException;
import org.dln.numeric.solver.SolverMessage;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The Gaussian fluctuations of the fixed point of {@link FormalSites} (docs/theory.md section 11.7). The site measure
 * of layer l depends on the neighbours' second moments in two ways: explicitly, through the dynamics (the update terms
 * c (Phi^{l-1} o S) diag(Delta), c (G^{l+1} o S) diag(Delta) and Delta itself: the Jacobian J_e), and through the
 * bilinear coupling c(Q) = sum_l [Phi^l . Pp^{l+1} / 2 + X^l . Y^{l+1} + Qq^l . G^{l+1} / 2] left by integrating out the
 * middle weights (its Hessian c''). The saddle point of the action then gives
 *
 * <pre>   N Cov(Q) = [ (I - J_e)^T kappa^{-1} (I - J_e) - c'' ]^{-1},</pre>
 *
 * kappa the Wick covariance of the site second moments. For an observable weight o, x = N Cov o solves the coupled
 * system x = J_e x + kappa y, y = o + J_e^T y + c'' x (no inverse of kappa), iterated to its fixed point.
 *
 * <p>Perturbations x and weights y are per-layer symmetric n x n matrices paired by the Frobenius product;
 * kappa y = 2 Sigma y Sigma, J dSigma = Sigma dH Sigma (dH the change of the exponent of the site measure), and
 * c'' x = dH_c(x) / 2.
 */
final class SiteResponse {
    private static final double TOL = 1e-14;
    final FormalSites fs;
    /** The block form of each layer's Sigma ({@link SiteBlocks}). */
    private final SiteBlocks[] blocks;
    /** Iterations of the last {@link #covariance} to finish (informative; solves may run concurrently). */
    volatile int iterations;

    SiteResponse(FormalSites fs) {
        this.fs = fs;
        blocks = new SiteBlocks[fs.depth];
        for (int l = 0; l < fs.depth; l++) {
            blocks[l] = new SiteBlocks(fs.sigma[l], fs.nh, fs.tn);
        }
    }

    DMatrixRMaj[] zero() {
        DMatrixRMaj[] z = new DMatrixRMaj[fs.depth];
        for (int l = 0; l < fs.depth; l++) {
            z[l] = new DMatrixRMaj(fs.n, fs.n);
        }
        return z;
    }

    /** The temporaries of one solve (allocated once, overwritten by every sweep; one per concurrent solve). */
    final class Work {
        /** The products' temporaries, shared by the layers (same sizes; the layers are taken one after the other). */
        final SiteBlocks.Work blocks = SiteResponse.this.blocks[0].new Work();
        /** A full n x n temporary (the pulled-back gradient, the halved perturbation). */
        final DMatrixRMaj full = new DMatrixRMaj(fs.n, fs.n);
        final DMatrixRMaj dhq = new DMatrixRMaj(fs.nh, fs.tn), dgp = new DMatrixRMaj(fs.tn, fs.nh);
    }

    /** m = (m + m^T) / 2, in tiles (the column walk of the plain loop misses the cache at large n). */
    static void symmetrize(DMatrixRMaj m) {
        int n = m.numRows, tile = 32;
        double[] d = m.data;
        for (int i0 = 0; i0 < n; i0 += tile) {
            for (int j0 = 0; j0 <= i0; j0 += tile) {
                int i1 = Math.min(n, i0 + tile), j1 = Math.min(n, j0 + tile);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < Math.min(j1, i); j++) {
                        double v = 0.5 * (d[i * n + j] + d[j * n + i]);
                        d[i * n + j] = v;
                        d[j * n + i] = v;
                    }
                }
            }
        }
    }

    static double dot(DMatrixRMaj[] a, DMatrixRMaj[] b) {
        double s = 0;
        for (int l = 0; l < a.length; l++) {
            for (int i = 0; i < a[l].data.length; i++) {
                s += a[l].data[i] * b[l].data[i];
            }
        }
        return s;
    }

    /** kappa y = 2 Sigma^l y^l Sigma^l per layer (y symmetric). */
    DMatrixRMaj[] kappa(DMatrixRMaj[] y) {
        DMatrixRMaj[] out = zero();
        kappa(y, out, new Work());
        return out;
    }

    /** kappa y into out (overwritten), with the temporaries of wk. */
    void kappa(DMatrixRMaj[] y, DMatrixRMaj[] out, Work wk) {
        for (int l = 0; l < fs.depth; l++) {
            blocks[l].kappa(y[l], out[l], wk.blocks);
        }
    }

    /** The change of Delta_mu(s) under a perturbation x of the second moments. */
    double[][] deltaChange(DMatrixRMaj[] x) {
        DMatrixRMaj top = x[fs.depth - 1];
        double[][] d = new double[fs.tn][fs.train];
        for (int s = 0; s < fs.tn; s++) {
            for (int mu = 0; mu < fs.train; mu++) {
                double v = top.unsafe_get(fs.h(s, mu), fs.g(s));
                if (fs.centred) {
                    v -= top.unsafe_get(fs.h(0, mu), fs.g(0));
                }
                d[s][mu] = -v / fs.gamma0;
            }
        }
        return d;
    }

    /**
     * J_e x: the explicit (dynamical) dependence, Sigma^l dH_e^l(x) Sigma^l, with dH_e in the (g, p) and (h, q) blocks
     * only (the update terms), multiplied in the block form of {@link SiteBlocks#forward}.
     */
    DMatrixRMaj[] explicitForward(DMatrixRMaj[] x) {
        DMatrixRMaj[] out = zero();
        explicitForward(x, out, new Work());
        return out;
    }

    /** J_e x into out (overwritten), with the temporaries of wk. */
    void explicitForward(DMatrixRMaj[] x, DMatrixRMaj[] out, Work wk) {
        int tn = fs.tn, sn = fs.samples, pn = fs.train, ln = fs.depth;
        double c = fs.c;
        double[][] dd = deltaChange(x);
        DMatrixRMaj dhq = wk.dhq, dgp = wk.dgp;
        for (int l = 1; l <= ln; l++) {
            dhq.zero();
            dgp.zero();
            for (int t = 0; t < tn; t++) {
                for (int b = 0; b < sn; b++) {
                    int i = fs.h(t, b);
                    for (int s = 0; s < tn; s++) {
                        if (s < t) {
                            double v = 0;
                            for (int mu = 0; mu < pn; mu++) {
                                int j = fs.h(s, mu);
                                v += fs.phiPrev(l, i, j) * dd[s][mu];
                                if (l > 1) {
                                    v += x[l - 2].unsafe_get(i, j) * fs.delta[s][mu];
                                }
                            }
                            dgp.unsafe_set(s, i, c * v); // dH[g(s), p(t, b)]
                        }
                        if (t < s && b < pn) {
                            double v = dd[t][b] * fs.gNext(l, s, t);
                            if (l < ln) {
                                v += fs.delta[t][b] * x[l].unsafe_get(fs.g(s), fs.g(t));
                            }
                            dhq.unsafe_set(i, s, c * v); // dH[h(t, b), q(s)]
                        }
                    }
                }
            }
            blocks[l - 1].forward(dhq, dgp, out[l - 1], wk.blocks);
        }
    }

    /** J_e^T y (explicit part only), or the whole J^T = J_e^T + c'' kappa when {@code coupling}. */
    DMatrixRMaj[] transposeJacobian(DMatrixRMaj[] y, boolean coupling) {
        DMatrixRMaj[] out = zero();
        transposeJacobian(y, coupling, out, new Work());
        return out;
    }

    /** {@link #transposeJacobian(DMatrixRMaj[], boolean)} into out (overwritten), with the temporaries of wk. */
    void transposeJacobian(DMatrixRMaj[] y, boolean coupling, DMatrixRMaj[] out, Work wk) {
        for (DMatrixRMaj o : out) {
            o.zero();
        }
        double[][] gDelta = new double[fs.tn][fs.train];
        DMatrixRMaj tmp = coupling ? new DMatrixRMaj(fs.n, fs.n) : null, m = wk.full;
        for (int l = 1; l <= fs.depth; l++) {
            if (coupling) { // every block of Sigma y Sigma is read
                CommonOps_DDRM.mult(fs.sigma[l - 1], y[l - 1], tmp);
                CommonOps_DDRM.mult(tmp, fs.sigma[l - 1], m);
            } else { // only its (p, g) and (q, h) blocks, the only ones place() reads without the coupling: the rest of
                     // m is left from earlier use and never read
                blocks[l - 1].pullbackBlocks(y[l - 1], m, wk.blocks);
            }
            place(l, m, out, coupling, true, gDelta);
        }
        addDelta(out, gDelta);
        for (DMatrixRMaj o : out) {
            symmetrize(o);
        }
    }

    /** c'' x: the weights dH_c(x) / 2 that the bilinear coupling puts on the neighbours. */
    DMatrixRMaj[] coupling(DMatrixRMaj[] x) {
        DMatrixRMaj[] out = zero();
        coupling(x, out, new Work());
        return out;
    }

    /** c'' x into out (overwritten), with the temporaries of wk. */
    void coupling(DMatrixRMaj[] x, DMatrixRMaj[] out, Work wk) {
        for (DMatrixRMaj o : out) {
            o.zero();
        }
        DMatrixRMaj half = wk.full;
        for (int l = 1; l <= fs.depth; l++) {
            CommonOps_DDRM.scale(0.5, x[l - 1], half);
            place(l, half, out, true, false, null);
        }
        for (DMatrixRMaj o : out) {
            symmetrize(o);
        }
    }

    /**
     * Pulls a gradient M with respect to H^l back onto the neighbours of layer l (raw, to be symmetrized): the bilinear
     * blocks when {@code coupling}, the update terms and Delta (accumulated in gDelta) when {@code explicit}.
     */
    private void place(int l, DMatrixRMaj m, DMatrixRMaj[] out, boolean coupling, boolean explicit, double[][] gDelta) {
        int nh = fs.nh, tn = fs.tn, sn = fs.samples, pn = fs.train, ln = fs.depth;
        double c = fs.c;
        DMatrixRMaj below = l > 1 ? out[l - 2] : null, above = l < ln ? out[l] : null;
        if (coupling && below != null) {
            for (int i = 0; i < nh; i++) {
                for (int j = 0; j < nh; j++) {
                    below.unsafe_set(i, j, below.unsafe_get(i, j) + m.unsafe_get(nh + tn + i, nh + tn + j));
                }
            }
            for (int t = 0; t < tn; t++) {
                for (int u = 0; u < tn; u++) {
                    below.unsafe_set(fs.q(t), fs.q(u), below.unsafe_get(fs.q(t), fs.q(u)) + m.unsafe_get(fs.g(t), fs.g(u)));
                }
            }
        }
        if (coupling && above != null) {
            for (int i = 0; i < nh; i++) {
                for (int j = 0; j < nh; j++) {
                    above.unsafe_set(nh + tn + i, nh + tn + j, above.unsafe_get(nh + tn + i, nh + tn + j) + m.unsafe_get(i, j));
                }
            }
            for (int t = 0; t < tn; t++) {
                for (int u = 0; u < tn; u++) {
                    above.unsafe_set(fs.g(t), fs.g(u), above.unsafe_get(fs.g(t), fs.g(u)) + m.unsafe_get(fs.q(t), fs.q(u)));
                }
            }
        }
        for (int t = 0; t < tn; t++) {
            for (int b = 0; b < sn; b++) {
                int i = fs.h(t, b);
                for (int s = 0; s < tn; s++) {
                    double mc = 2 * m.unsafe_get(fs.p(t, b), fs.g(s)); // 2 <M_pg, dCtot>
                    double md = 2 * m.unsafe_get(fs.q(s), i);          // 2 <M_qh, dDtot> at (s, (t, b))
                    if (coupling && below != null) {
                        below.unsafe_set(i, fs.q(s), below.unsafe_get(i, fs.q(s)) + mc);
                    }
                    if (coupling && above != null) {
                        above.unsafe_set(fs.p(t, b), fs.g(s), above.unsafe_get(fs.p(t, b), fs.g(s)) + md);
                    }
                    if (!explicit) {
                        continue;
                    }
                    if (s < t) {
                        for (int mu = 0; mu < pn; mu++) {
                            int j = fs.h(s, mu);
                            gDelta[s][mu] += c * mc * fs.phiPrev(l, i, j);
                            if (below != null) {
                                below.unsafe_set(i, j, below.unsafe_get(i, j) + c * mc * fs.delta[s][mu]);
                            }
                        }
                    }
                    if (t < s && b < pn) {
                        gDelta[t][b] += c * md * fs.gNext(l, s, t);
                        if (above != null) {
                            above.unsafe_set(fs.g(s), fs.g(t), above.unsafe_get(fs.g(s), fs.g(t)) + c * md * fs.delta[t][b]);
                        }
                    }
                }
            }
        }
    }

    /** Pulls the gradient with respect to Delta back onto Sigma^L_{h(s,mu), g(s)}. */
    private void addDelta(DMatrixRMaj[] out, double[][] gDelta) {
        DMatrixRMaj top = out[fs.depth - 1];
        for (int mu = 0; mu < fs.train; mu++) {
            double total = 0;
            for (int s = 0; s < fs.tn; s++) {
                top.unsafe_set(fs.h(s, mu), fs.g(s), top.unsafe_get(fs.h(s, mu), fs.g(s)) - gDelta[s][mu] / fs.gamma0);
                total += gDelta[s][mu];
            }
            if (fs.centred) {
                top.unsafe_set(fs.h(0, mu), fs.g(0), top.unsafe_get(fs.h(0, mu), fs.g(0)) + total / fs.gamma0);
            }
        }
    }

    /**
     * x = N Cov o for the weight o (symmetrized in place): the fixed point of y = o + J_e^T y + c'' x, x = J_e x + kappa y.
     * Then N Cov(o', o) = o' . x for any weight o'.
     */
    DMatrixRMaj[] covariance(DMatrixRMaj[] o) {
        for (DMatrixRMaj m : o) {
            symmetrize(m);
        }
        // six sets of per-layer n x n buffers, swapped rather than allocated: x, y and their next values, c'' x, kappa y
        Work wk = new Work();
        DMatrixRMaj[] x = zero(), y = o, xn = zero(), yn = zero(), ySpare = zero(), cx = zero(), ky = zero();
        int cap = 8 * (fs.tn + 2) * (fs.depth + 1) + 40;
        double change = Double.POSITIVE_INFINITY;
        for (int it = 1; it <= cap; it++) {
            transposeJacobian(y, false, yn, wk);
            coupling(x, cx, wk);
            change = 0;
            double scale = 0;
            for (int l = 0; l < fs.depth; l++) { // yn = o + J_e^T y + c'' x, with its change
                double[] a = yn[l].data, b = o[l].data, c = cx[l].data, prev = y[l].data;
                for (int k = 0; k < a.length; k++) {
                    double v = a[k] + b[k] + c[k];
                    a[k] = v;
                    change = Math.max(change, Math.abs(v - prev[k]));
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            explicitForward(x, xn, wk);
            kappa(yn, ky, wk);
            for (int l = 0; l < fs.depth; l++) { // xn = J_e x + kappa yn, with its change
                double[] a = xn[l].data, b = ky[l].data, prev = x[l].data;
                for (int k = 0; k < a.length; k++) {
                    double v = a[k] + b[k];
                    a[k] = v;
                    change = Math.max(change, Math.abs(v - prev[k]));
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            DMatrixRMaj[] swap = x;
            x = xn;
            xn = swap;
            swap = y == o ? ySpare : y; // the weight o stays as given
            y = yn;
            yn = swap;
            if (!(change > TOL * scale)) {
                if (Double.isNaN(change)) {
                    break;
                }
                iterations = it;
                return x;
            }
        }
        throw new SolverException(SolverMessage.NOT_CONVERGED, "the linear response of the formal site measures", cap, change, "[]");
    }
}
