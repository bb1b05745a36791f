package org.dln.linear.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.api.Test;

/**
 * The march's traffic model ({@link MarchTraffic}) against a direct count: the march runs its BLAS path on a counting
 * wrapper of netlib's pure-Java BLAS, which marks every element of every operand each call touches (matrices with their
 * leading dimensions, the vectors); at the end of each step the distinct elements touched in each class of large array
 * (the Phi^l triangles, the T x n arrays A^T, C^T, B, R and D, the T x T arrays N, S, G) are compared with the model's
 * terms. The model counts each causal region once per step; the kernels cover the causal triangles in rectangular panels
 * (zeros read) and write a few O(S t) rows: the count may exceed the model by that, and may fall below it only by what the
 * Java loops touch instead of the BLAS (step 0 of Phi^l, the rows of D and the columns of C^T, A^T written in Java). Both bounds are checked per class, so that a kernel reading a region it did not read before (or the
 * model forgetting one) fails the test.
 */
class MarchTrafficTest {

    @Test
    void closedFormIsTheSumOfTheSteps() {
        for (int[] c : new int[][] {{8, 40, 3}, {5, 17, 1}, {16, 33, 2}, {3, 1, 4}}) {
            long sum = 0;
            for (int t = 0; t < c[1]; t++) {
                sum += MarchTraffic.stepDoubles(c[0], c[2], t);
            }
            assertEquals((double) sum, MarchTraffic.doubles(c[0], c[1], c[2]), 1e-9 * sum, java.util.Arrays.toString(c));
        }
    }

    @Test
    void modelMatchesTheOperandsTheKernelsTouch() {
        final int p = 8, depth = 3, tp = 48, s = p, n = s * tp;
        SplittableRandom rnd = new SplittableRandom(5);
        double[][] x = MarchThreadsTest.gaussian(rnd, p, 10);
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            y[i] = rnd.nextGaussian();
        }
        Problem prob = new Problem.Builder().inputs(x).y(y).depth(depth).gamma0(1.0).eta(0.01).timePoints(tp).build();
        Counting counting = new Counting();
        long[] phi = new long[2], big = new long[2], time = new long[2]; // [counted, model] summed over the steps
        final long phiLen = SweepArrays.packedSize(s, tp), tn = (long) tp * n, dLen = (long) (tp + 1) * n, tt = (long) tp * tp;
        SolveOptions o = SolveOptions.DEFAULT.withProgress(t -> {
            long cPhi = 0, cBig = 0, cTime = 0;
            for (Map.Entry<double[], BitSet> e : counting.touched.entrySet()) {
                long len = e.getKey().length, c = e.getValue().cardinality();
                if (len == phiLen) {
                    cPhi += c;
                } else if (len == tn || len == dLen) {
                    cBig += c;
                } else if (len == tt || len == tt + tp) { // N, G^{l+1} carry T more entries (netlib's bounds check)
                    cTime += c;
                }
            }
            counting.touched.clear();
            long mPhi = 0, mBig = 0, mTime = 0;
            for (int l = 1; l <= depth; l++) {
                long[] m = MarchTraffic.stepTerms(s, l, t);
                mPhi += m[0] + m[7];
                mBig += m[1] + m[2] + m[3] + m[4] + m[5];
                mTime += m[6];
            }
            phi[0] += cPhi;
            phi[1] += mPhi;
            big[0] += cBig;
            big[1] += mBig;
            time[0] += cTime;
            time[1] += mTime;
        });
        try {
            NativeBlas.forTests = counting.proxy();
            new CausalMarchingSolver(1, CausalMarchingSolver.MarchKind.DENSE).solve(prob, o);
        } finally {
            NativeBlas.forTests = null;
        }
        assertTrue(counting.calls > 0, "the BLAS path ran");
        double rPhi = (double) phi[0] / phi[1], rBig = (double) big[0] / big[1], rTime = (double) time[0] / time[1];
        System.out.printf("traffic: counted / model: Phi %.3f (%d / %d), T x n arrays %.3f (%d / %d), T x T %.3f (%d / %d)%n",
                rPhi, phi[0], phi[1], rBig, big[0], big[1], rTime, time[0], time[1]);
        // Phi: the BLAS reads the blocks < t of Phi^{l-1} (the R row) and writes the block row t of Phi^l (block row t of
        // Phi^{l-1} read by layer l is the one layer l - 1 wrote): the model's count, but for step 0 (no products: Java)
        assertTrue(rPhi <= 1.0 && rPhi > 0.999, "Phi " + rPhi);
        // T x n: the panels (8 of the N row, B row and S row, 16 of Phi's tail) read zeros beyond the causal edge (6.5 % here)
        assertTrue(rBig >= 1.0 && rBig < 1.15, "T x n " + rBig);
        // T x T: S, G^{l+1} of every layer read as full (t + 1) x (t + 1) corners, N as its lower triangle (A's panels
        // read exactly it, G's panels a little more)
        assertTrue(rTime > 0.9 && rTime <= 1.1, "T x T " + rTime);
    }

    /** A BLAS that marks the elements each dgemv / dgemm call touches, per array, and delegates to netlib's Java BLAS. */
    static final class Counting {
        final Map<double[], BitSet> touched = new IdentityHashMap<>();
        final BLAS inner = JavaBLAS.getInstance();
        long calls;

        BLAS proxy() {
            return (BLAS) Proxy.newProxyInstance(BLAS.class.getClassLoader(), new Class<?>[] {BLAS.class}, (px, m, a) -> {
                synchronized (this) {
                    mark(m.getName(), a);
                }
                try {
                    return m.invoke(inner, a);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        }

        private void mark(String name, Object[] a) {
            if (name.equals("dgemv") && a.length == 14) {
                calls++;
                boolean tr = !"N".equals(a[0]);
                int m = (int) a[1], n = (int) a[2];
                matrix((double[]) a[4], (int) a[5], (int) a[6], m, n);
                matrix((double[]) a[7], (int) a[8], 1, tr ? m : n, 1);
                matrix((double[]) a[11], (int) a[12], 1, tr ? n : m, 1);
            } else if (name.equals("dgemm") && a.length == 16) {
                calls++;
                boolean ta = !"N".equals(a[0]), tb = !"N".equals(a[1]);
                int m = (int) a[2], n = (int) a[3], k = (int) a[4];
                matrix((double[]) a[6], (int) a[7], (int) a[8], ta ? k : m, ta ? m : k);
                matrix((double[]) a[9], (int) a[10], (int) a[11], tb ? n : k, tb ? k : n);
                matrix((double[]) a[13], (int) a[14], (int) a[15], m, n);
            } else if (!name.equals("hashCode") && !name.equals("equals") && !name.equals("toString")) {
                throw new AssertionError("the march called a BLAS routine the count does not model: " + name + "/" + a.length);
            }
        }

        /** A column-major rows x cols operand at offset off with leading dimension ld. */
        private void matrix(double[] x, int off, int ld, int rows, int cols) {
            if (rows <= 0 || cols <= 0) {
                return;
            }
            BitSet b = touched.computeIfAbsent(x, k -> new BitSet(x.length));
            for (int j = 0; j < cols; j++) {
                b.set(off + j * ld, off + j * ld + rows);
            }
        }
    }
}
