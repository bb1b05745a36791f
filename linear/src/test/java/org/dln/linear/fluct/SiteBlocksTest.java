package org.dln.linear.fluct;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dln.linear.problem.Problem;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The block products of {@link SiteBlocks} against the dense products they replace (docs/theory.md section 11.7), on
 * the solved site measures of a small problem: kappa y = 2 Sigma y Sigma, J_e = Sigma dH Sigma, and the (p, g), (q, h)
 * blocks of Sigma y Sigma, for random weights. Both sides are sums of O(n) products of O(1) numbers, so they agree to
 * rounding: 1e-12 of the largest entry. The conjugate-conjugate block of Sigma, which the block form drops, is itself
 * at rounding level (checked first).
 */
class SiteBlocksTest {

    @ParameterizedTest
    @CsvSource({"2, 2, 1, 5", "3, 3, 0, 4"})
    void blockProductsAreTheDenseProducts(int depth, int pn, int qn, int tn) {
        Problem p = DeepFluctuationsTest.problem(depth, 1.5, 0.1, tn, pn, qn, false);
        FormalSites fs = FormalSites.solved(p);
        int m = fs.nh + fs.tn, n = fs.n, nh = fs.nh;
        Random r = new Random(11);
        for (int l = 0; l < depth; l++) {
            DMatrixRMaj s = fs.sigma[l];
            double scale = CommonOps_DDRM.elementMaxAbs(s);
            assertTrue(SiteBlocks.conjugateBlock(s, m) < 1e-13 * scale, "<(p,q)(p,q)> = 0 at the fixed point");
            SiteBlocks b = new SiteBlocks(s, nh, fs.tn);
            // kappa on a weight with the iteration's pattern: compare the blocks it forms
            DMatrixRMaj y = symmetric(r, n);
            for (int[] z : new int[][] {{0, nh, m, m + nh}, {nh, m, m + nh, n}, {m, m + nh, m + nh, n}}) {
                for (int i = z[0]; i < z[1]; i++) {
                    for (int j = z[2]; j < z[3]; j++) {
                        y.set(i, j, 0);
                        y.set(j, i, 0);
                    }
                }
            }
            DMatrixRMaj dense = sandwich(s, y, 2), fast = new DMatrixRMaj(n, n);
            b.kappa(y, fast);
            int[][] read = {{0, m, 0, m}, {0, nh, m + nh, n}, {nh, m, m, m + nh}, {m, m + nh, m, m + nh}, {m + nh, n, m + nh, n}};
            assertClose(dense, fast, read, "kappa, iteration pattern");
            // kappa on any weight: every block
            y = symmetric(r, n);
            dense = sandwich(s, y, 2);
            b.kappa(y, fast);
            assertClose(dense, fast, new int[][] {{0, n, 0, n}}, "kappa, dense weight");
            // J_e: Sigma dH Sigma with dH in the (h, q) and (g, p) blocks
            DMatrixRMaj dhq = random(r, nh, fs.tn), dgp = random(r, fs.tn, nh), dh = new DMatrixRMaj(n, n);
            CommonOps_DDRM.insert(dhq, dh, 0, m + nh);
            CommonOps_DDRM.insert(CommonOps_DDRM.transpose(dhq, null), dh, m + nh, 0);
            CommonOps_DDRM.insert(dgp, dh, nh, m);
            CommonOps_DDRM.insert(CommonOps_DDRM.transpose(dgp, null), dh, m, nh);
            b.forward(dhq, dgp, fast);
            assertClose(sandwich(s, dh, 1), fast, new int[][] {{0, n, 0, n}}, "J_e");
            // the pull-back blocks of J_e^T
            y = symmetric(r, n);
            DMatrixRMaj mm = new DMatrixRMaj(n, n);
            b.pullbackBlocks(y, mm);
            assertClose(sandwich(s, y, 1), mm, new int[][] {{m, m + nh, nh, m}, {m + nh, n, 0, nh}}, "J_e^T blocks");
        }
    }

    private static DMatrixRMaj sandwich(DMatrixRMaj s, DMatrixRMaj y, double f) {
        DMatrixRMaj t = new DMatrixRMaj(s.numRows, s.numRows), out = new DMatrixRMaj(s.numRows, s.numRows);
        CommonOps_DDRM.mult(s, y, t);
        CommonOps_DDRM.mult(f, t, s, out);
        return out;
    }

    private static void assertClose(DMatrixRMaj dense, DMatrixRMaj fast, int[][] blocks, String what) {
        double scale = CommonOps_DDRM.elementMaxAbs(dense), worst = 0;
        int compared = 0;
        for (int[] z : blocks) {
            for (int i = z[0]; i < z[1]; i++) {
                for (int j = z[2]; j < z[3]; j++) {
                    worst = Math.max(worst, Math.abs(dense.get(i, j) - fast.get(i, j)));
                    compared++;
                }
            }
        }
        assertTrue(scale > 1e-3 && compared > 10, what + ": a nontrivial comparison");
        assertTrue(worst <= 1e-12 * scale, what + ": max deviation " + worst + " of " + scale);
    }

    private static DMatrixRMaj symmetric(Random r, int n) {
        DMatrixRMaj y = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = r.nextGaussian();
                y.set(i, j, v);
                y.set(j, i, v);
            }
        }
        return y;
    }

    private static DMatrixRMaj random(Random r, int rows, int cols) {
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = r.nextGaussian();
        }
        return a;
    }
}
