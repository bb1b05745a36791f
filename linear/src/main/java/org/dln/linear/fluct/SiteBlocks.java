package org.dln.linear.fluct;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The products of the linear response of one layer's formal site measure (docs/theory.md section 11.7) in the block
 * form of its second moments. In the layout of {@link FormalSites} the first m = nh + T indices are the fields (h, g)
 * and the last m their conjugates (p, q), so
 *
 * <pre>   Sigma = [[C, R], [R^T, 0]],   C = < (h,g) (h,g)^T >,   R = < (h,g) (p,q)^T >,</pre>
 *
 * the conjugate-conjugate block being 0 at the fixed point (causality). The perturbations dH of the dynamical terms
 * live in the (g, p) and (h, q) blocks only, of sizes T x nh and nh x T, so J_e dSigma = Sigma dH Sigma is a sum of
 * products of rank at most T: O(m^2 T) instead of the O(n^3) of the dense product, and so is the part of
 * Sigma y Sigma that J_e^T reads. kappa y = 2 Sigma y Sigma is dense but the zero block leaves 9 m^3 of its
 * 16 m^3 multiply-adds.
 */
final class SiteBlocks {
    final int m, nh, tn, n;
    /** C, R (m x m); the column blocks R[:, p] (m x nh), R[:, q] (m x T); the row blocks C[h, :], C[g, :], R[h, :], R[g, :]. */
    private final DMatrixRMaj c, r, rp, rq, ch, cg, rh, rg;

    SiteBlocks(DMatrixRMaj sigma, int nh, int tn) {
        this.nh = nh;
        this.tn = tn;
        m = nh + tn;
        n = 2 * m;
        c = CommonOps_DDRM.extract(sigma, 0, m, 0, m);
        r = CommonOps_DDRM.extract(sigma, 0, m, m, n);
        rp = CommonOps_DDRM.extract(r, 0, m, 0, nh);
        rq = CommonOps_DDRM.extract(r, 0, m, nh, m);
        ch = CommonOps_DDRM.extract(c, 0, nh, 0, m);
        cg = CommonOps_DDRM.extract(c, nh, m, 0, m);
        rh = CommonOps_DDRM.extract(r, 0, nh, 0, m);
        rg = CommonOps_DDRM.extract(r, nh, m, 0, m);
    }

    /**
     * The temporaries of the products (EJML style: allocated once per solve, overwritten by every call); one per
     * concurrent solve, since the blocks themselves are shared.
     */
    final class Work {
        final DMatrixRMaj mm1 = new DMatrixRMaj(m, m), mm2 = new DMatrixRMaj(m, m), mm3 = new DMatrixRMaj(m, m);
        final DMatrixRMaj hq = new DMatrixRMaj(nh, tn), gp = new DMatrixRMaj(tn, nh), hqT = new DMatrixRMaj(tn, nh),
                gpT = new DMatrixRMaj(nh, tn), pp = new DMatrixRMaj(nh, nh), qq = new DMatrixRMaj(tn, tn);
        final DMatrixRMaj mh1 = new DMatrixRMaj(m, nh), mh2 = new DMatrixRMaj(m, nh), mt1 = new DMatrixRMaj(m, tn),
                mt2 = new DMatrixRMaj(m, tn), mt3 = new DMatrixRMaj(m, tn), tm1 = new DMatrixRMaj(tn, m), tm2 = new DMatrixRMaj(tn, m),
                hm = new DMatrixRMaj(nh, m);
        final DMatrixRMaj yhq = new DMatrixRMaj(nh, tn), ygp = new DMatrixRMaj(tn, nh), ypp = new DMatrixRMaj(nh, nh),
                yqq = new DMatrixRMaj(tn, tn);
    }

    /** The largest |entry| of the conjugate-conjugate block, 0 at the fixed point (the block form assumes it). */
    static double conjugateBlock(DMatrixRMaj sigma, int m) {
        return CommonOps_DDRM.elementMaxAbs(CommonOps_DDRM.extract(sigma, m, 2 * m, m, 2 * m));
    }

    /**
     * out = 2 Sigma y Sigma for a symmetric weight y (out overwritten). The weights of the response iteration have no
     * (h, p), (g, q) or (p, q) entries (J_e^T and the observables weigh the fields, the coupling c'' the blocks hh, gg,
     * pp, qq, hq, gp), and only the blocks of the result that the iteration reads are formed (11 whole, (h, q), (g, p),
     * (p, p), (q, q)): about 6 m^3 multiply-adds. Any other y takes {@link #kappaDense}.
     */
    void kappa(DMatrixRMaj y, DMatrixRMaj out) {
        kappa(y, out, new Work());
    }

    /** {@link #kappa(DMatrixRMaj, DMatrixRMaj)} with the temporaries of {@code wk}. */
    void kappa(DMatrixRMaj y, DMatrixRMaj out, Work wk) {
        if (!sparseWeight(y)) {
            kappaDense(y, out);
            return;
        }
        DMatrixRMaj y11 = wk.mm1;
        CommonOps_DDRM.extract(y, 0, m, 0, m, y11, 0, 0);
        DMatrixRMaj yhq = wk.yhq, ygp = wk.ygp, ypp = wk.ypp, yqq = wk.yqq;
        CommonOps_DDRM.extract(y, 0, nh, m + nh, n, yhq, 0, 0);
        CommonOps_DDRM.extract(y, nh, m, m, m + nh, ygp, 0, 0);
        CommonOps_DDRM.extract(y, m, m + nh, m, m + nh, ypp, 0, 0);
        CommonOps_DDRM.extract(y, m + nh, n, m + nh, n, yqq, 0, 0);
        // W = C y11 + R y12^T: y12^T has the blocks (q, h) = yhq^T and (p, g) = ygp^T
        DMatrixRMaj w = wk.mm2, wh = wk.mh1, wg = wk.mt1;
        Gemm.gemm(1, c, false, y11, false, 0, w);
        Gemm.gemm(1, rq, false, yhq, true, 0, wh);
        Gemm.gemm(1, rp, false, ygp, true, 0, wg);
        addColumns(w, wh, 0);
        addColumns(w, wg, nh);
        // V = C y12 + R y22, by its p and q columns: V_p = C[:, g] ygp + R_p ypp, V_q = C[:, h] yhq + R_q yqq
        DMatrixRMaj vp = wk.mh2, vq = wk.mt2;
        Gemm.gemm(1, cg, true, ygp, false, 0, vp);
        Gemm.gemm(1, rp, false, ypp, false, 1, vp);
        Gemm.gemm(1, ch, true, yhq, false, 0, vq);
        Gemm.gemm(1, rq, false, yqq, false, 1, vq);
        // x11 = W C + V R^T
        DMatrixRMaj b = wk.mm3;
        Gemm.gemm(2, w, false, c, false, 0, b);
        Gemm.gemm(2, vp, false, rp, true, 1, b);
        Gemm.gemm(2, vq, false, rq, true, 1, b);
        out.zero();
        CommonOps_DDRM.insert(b, out, 0, 0);
        // x12 = W R at (h, q) and (g, p)
        DMatrixRMaj hq = wk.hq, gp = wk.gp;
        CommonOps_DDRM.extract(w, 0, nh, 0, m, wk.hm, 0, 0);
        CommonOps_DDRM.extract(w, nh, m, 0, m, wk.tm1, 0, 0);
        Gemm.gemm(2, wk.hm, false, rq, false, 0, hq);
        Gemm.gemm(2, wk.tm1, false, rp, false, 0, gp);
        insertSymmetric(hq, wk.hqT, out, 0, m + nh);
        insertSymmetric(gp, wk.gpT, out, nh, m);
        // x22 = R^T y11 R at (p, p) and (q, q)
        DMatrixRMaj yr = wk.mh1, pp = wk.pp;
        Gemm.gemm(1, y11, false, rp, false, 0, yr);
        Gemm.gemm(2, rp, true, yr, false, 0, pp);
        CommonOps_DDRM.insert(pp, out, m, m);
        DMatrixRMaj yrq = wk.mt3, qq = wk.qq;
        Gemm.gemm(1, y11, false, rq, false, 0, yrq);
        Gemm.gemm(2, rq, true, yrq, false, 0, qq);
        CommonOps_DDRM.insert(qq, out, m + nh, m + nh);
    }

    /** Whether y has no (h, p), (g, q), (p, q) entries: the pattern {@link #kappa} exploits. */
    private boolean sparseWeight(DMatrixRMaj y) {
        return zero(y, 0, nh, m, m + nh) && zero(y, nh, m, m + nh, n) && zero(y, m, m + nh, m + nh, n);
    }

    private static boolean zero(DMatrixRMaj y, int r0, int r1, int c0, int c1) {
        for (int i = r0; i < r1; i++) {
            for (int j = c0; j < c1; j++) {
                if (y.unsafe_get(i, j) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void addColumns(DMatrixRMaj w, DMatrixRMaj part, int col) {
        for (int i = 0; i < part.numRows; i++) {
            for (int j = 0; j < part.numCols; j++) {
                w.unsafe_set(i, col + j, w.unsafe_get(i, col + j) + part.unsafe_get(i, j));
            }
        }
    }

    private static void insertSymmetric(DMatrixRMaj block, DMatrixRMaj transposed, DMatrixRMaj out, int row, int col) {
        CommonOps_DDRM.insert(block, out, row, col);
        CommonOps_DDRM.insert(CommonOps_DDRM.transpose(block, transposed), out, col, row);
    }

    /** out = 2 Sigma y Sigma for any symmetric y, every block (9 m^3 multiply-adds). */
    void kappaDense(DMatrixRMaj y, DMatrixRMaj out) {
        DMatrixRMaj y11 = CommonOps_DDRM.extract(y, 0, m, 0, m);
        DMatrixRMaj y12 = CommonOps_DDRM.extract(y, 0, m, m, n);
        DMatrixRMaj y22 = CommonOps_DDRM.extract(y, m, n, m, n);
        // Sigma y = [[W, V], [R^T y11, R^T y12]] with W = C y11 + R y12^T, V = C y12 + R y22
        DMatrixRMaj w = new DMatrixRMaj(m, m), v = new DMatrixRMaj(m, m), b = new DMatrixRMaj(m, m);
        Gemm.gemm(1, c, false, y11, false, 0, w);
        Gemm.gemm(1, r, false, y12, true, 1, w);
        Gemm.gemm(1, c, false, y12, false, 0, v);
        Gemm.gemm(1, r, false, y22, false, 1, v);
        // x11 = W C + V R^T, x12 = W R, x22 = R^T y11 R
        Gemm.gemm(2, w, false, c, false, 0, b);
        Gemm.gemm(2, v, false, r, true, 1, b);
        CommonOps_DDRM.insert(b, out, 0, 0);
        Gemm.gemm(2, w, false, r, false, 0, b);
        CommonOps_DDRM.insert(b, out, 0, m);
        CommonOps_DDRM.transpose(b, v);
        CommonOps_DDRM.insert(v, out, m, 0);
        Gemm.gemm(1, r, true, y11, false, 0, w);
        Gemm.gemm(2, w, false, r, false, 0, b);
        CommonOps_DDRM.insert(b, out, m, m);
    }

    /**
     * out = Sigma dH Sigma for dH = [[0, D], [D^T, 0]] with D = [[0, dhq], [dgp, 0]] ((h, g) rows, (p, q) columns):
     * dhq = dH[h, q] (nh x T), dgp = dH[g, p] (T x nh). Blocks: 11 = Z + Z^T with Z = R D^T C, 12 = R D^T R, 22 = 0,
     * where R D^T = [R_q dhq^T | R_p dgp^T] (h and g columns) has rank at most 2 T.
     */
    void forward(DMatrixRMaj dhq, DMatrixRMaj dgp, DMatrixRMaj out) {
        forward(dhq, dgp, out, new Work());
    }

    /** {@link #forward(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)} with the temporaries of {@code wk}. */
    void forward(DMatrixRMaj dhq, DMatrixRMaj dgp, DMatrixRMaj out, Work wk) {
        DMatrixRMaj a = wk.tm1, rpd = wk.mt1, z = wk.mm1;
        Gemm.gemm(1, rp, false, dgp, true, 0, rpd); // R_p dgp^T, m x T
        Gemm.gemm(1, dhq, true, ch, false, 0, a); // dhq^T C[h, :], T x m
        Gemm.gemm(1, rq, false, a, false, 0, z);
        Gemm.gemm(1, rpd, false, cg, false, 1, z);
        DMatrixRMaj b = wk.mm2;
        CommonOps_DDRM.transpose(z, b);
        CommonOps_DDRM.addEquals(b, z);
        out.zero();
        CommonOps_DDRM.insert(b, out, 0, 0);
        Gemm.gemm(1, dhq, true, rh, false, 0, a); // dhq^T R[h, :]
        Gemm.gemm(1, rq, false, a, false, 0, z);
        Gemm.gemm(1, rpd, false, rg, false, 1, z);
        CommonOps_DDRM.insert(z, out, 0, m);
        CommonOps_DDRM.transpose(z, b);
        CommonOps_DDRM.insert(b, out, m, 0);
    }

    /**
     * The (p, g) and (q, h) blocks of M = Sigma y Sigma (y symmetric), the only ones the pull-back of J_e^T reads, written
     * into mOut (other entries left as they are): M[(p,q), (h,g)] = R^T (y11 C + y12 R^T), so
     * M[p, g] = R_p^T (y11 C[:, g] + y12 R[g, :]^T) and M[q, h] = (R_q^T y11) C[:, h] + (R_q^T y12) R[h, :]^T.
     */
    void pullbackBlocks(DMatrixRMaj y, DMatrixRMaj mOut) {
        pullbackBlocks(y, mOut, new Work());
    }

    /** {@link #pullbackBlocks(DMatrixRMaj, DMatrixRMaj)} with the temporaries of {@code wk}. */
    void pullbackBlocks(DMatrixRMaj y, DMatrixRMaj mOut, Work wk) {
        DMatrixRMaj y11 = wk.mm1, y12 = wk.mm2;
        CommonOps_DDRM.extract(y, 0, m, 0, m, y11, 0, 0);
        CommonOps_DDRM.extract(y, 0, m, m, n, y12, 0, 0);
        DMatrixRMaj s = wk.mt1, pg = wk.gpT;
        Gemm.gemm(1, y11, false, cg, true, 0, s);
        Gemm.gemm(1, y12, false, rg, true, 1, s);
        Gemm.gemm(1, rp, true, s, false, 0, pg);
        CommonOps_DDRM.insert(pg, mOut, m, nh);
        DMatrixRMaj a = wk.tm1, b = wk.tm2, qh = wk.hqT;
        Gemm.gemm(1, rq, true, y11, false, 0, a);
        Gemm.gemm(1, rq, true, y12, false, 0, b);
        Gemm.gemm(1, a, false, ch, true, 0, qh);
        Gemm.gemm(1, b, false, rh, true, 1, qh);
        CommonOps_DDRM.insert(qh, mOut, m + nh, 0);
    }
}
