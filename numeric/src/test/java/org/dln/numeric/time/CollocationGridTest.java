package org.dln.numeric.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lobatto rules and collocation grids against exact integrals: the m-point rule integrates x^k exactly for
 * k &lt;= 2m - 3, the integration matrix integrates every polynomial of degree &lt;= m - 1 exactly from 0 to each node,
 * and the grid's quadrature of exp(-3t) converges spectrally in m (error below 1e-13 at m = 16 on 4 elements).
 */
class CollocationGridTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 8, 14, 20})
    void lobattoRuleIsExactToDegree2mMinus3(int m) {
        LegendreGaussLobatto r = new LegendreGaussLobatto(m);
        for (int k = 0; k <= 2 * m - 3; k++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += r.weight(j) * Math.pow(r.node(j), k);
            }
            assertEquals(1.0 / (k + 1), s, 1e-14, "degree " + k);
        }
        for (int k = 0; k <= m - 1; k++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += r.integration(i, j) * Math.pow(r.node(j), k);
                }
                assertEquals(Math.pow(r.node(i), k + 1) / (k + 1), s, 1e-13, "degree " + k + " node " + i);
            }
        }
    }

    @Test
    void quadratureOfAnExponentialConvergesSpectrally() {
        double prev = Double.POSITIVE_INFINITY;
        for (int m : new int[] {4, 8, 12, 16}) {
            CollocationGrid g = CollocationGrid.graded(5.0, 4, m, 0.5);
            double[] q = g.quadrature();
            int n = g.size();
            double err = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += q[i * n + j] * Math.exp(-3 * g.time(j));
                }
                err = Math.max(err, Math.abs(s - (1 - Math.exp(-3 * g.time(i))) / 3));
            }
            System.err.printf("m = %d: max quadrature error %.2e%n", m, err);
            assertTrue(err < prev, "error must fall with m");
            prev = err;
        }
        assertTrue(prev < 1e-13, "m = 16: " + prev);
    }

    @Test
    void interpolationIsExactForPolynomialsAndSharesEndPoints() {
        CollocationGrid g = CollocationGrid.uniform(3.0, 3, 6);
        double[] v = new double[g.size()];
        double[] dv = new double[g.size()];
        for (int i = 0; i < g.size(); i++) {
            double t = g.time(i);
            v[i] = 1 + t - 2 * t * t + 0.5 * Math.pow(t, 5);
        }
        for (double t : new double[] {0, 0.3, 1.0, 1.7, 2.999, 3.0}) {
            assertEquals(1 + t - 2 * t * t + 0.5 * Math.pow(t, 5), g.interpolate(t, v, 0), 1e-11);
            assertEquals(1 - 4 * t + 2.5 * Math.pow(t, 4), g.interpolate(t, v, 1), 1e-9);
        }
        assertEquals(1 + 5 * 3, g.size(), "shared end points: 1 + E (m - 1) nodes");
        assertEquals(1.0, g.time(g.global(0, 5)), 1e-15);
        assertEquals(4, g.blocks());
        assertEquals(1, g.blockStart(1));
        assertEquals(6, g.blockEnd(1));
    }
}
