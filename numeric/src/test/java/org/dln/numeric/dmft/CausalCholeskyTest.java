package org.dln.numeric.dmft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The causal factor reproduces a PSD kernel (F F^T + jitter = K) and drops exactly the singular directions. */
class CausalCholeskyTest {

    @Test
    void allOnesHasOnePivot() {
        int n = 6;
        double[] k = new double[n * n];
        java.util.Arrays.fill(k, 1.0);
        CausalCholesky c = CausalCholesky.of(k, n, n, 1e-9);
        assertEquals(1, c.k);
        assertEquals(0, c.pivots[0]);
        for (int i = 0; i < n; i++) {
            assertEquals(1.0, c.f[i * c.k], 1e-15);
        }
    }

    @Test
    void reproducesKernelAndStein() {
        int n = 5;
        double[][] b = {{1, 0.2}, {0.5, -0.3}, {0.1, 0.9}, {0.7, 0.7}, {-0.4, 0.2}};
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i * n + j] = b[i][0] * b[j][0] + b[i][1] * b[j][1] + (i == j ? 0.01 * (i + 1) : 0);
            }
        }
        CausalCholesky c = CausalCholesky.of(k, n, n, 1e-9);
        assertEquals(n, c.k);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < c.k; q++) {
                    s += c.f[i * c.k + q] * c.f[j * c.k + q];
                }
                assertEquals(k[i * n + j], s, 1e-14);
            }
        }
        // operatorFromStein(J F) = J for a strictly lower-triangular J (full rank K)
        double[] jm = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                jm[i * n + j] = 0.1 * (i + 2 * j + 1);
            }
        }
        double[] m = new double[n * c.k];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < c.k; q++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += jm[i * n + j] * c.f[j * c.k + q];
                }
                m[i * c.k + q] = s;
            }
        }
        double[] back = c.operatorFromStein(m);
        for (int i = 0; i < n * n; i++) {
            assertEquals(jm[i], back[i], 1e-12);
        }
    }
}
