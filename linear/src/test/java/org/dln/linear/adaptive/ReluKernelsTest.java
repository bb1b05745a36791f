package org.dln.linear.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The arc-cosine averages against elementary special cases and Monte Carlo. */
class ReluKernelsTest {
    @Test
    void specialCases() {
        // identical inputs: E relu(h)^2 = k/2, E step^2 = 1/2
        assertEquals(1.5, ReluKernels.nngp(3, 3, 3), 1e-15);
        assertEquals(0.5, ReluKernels.derivative(3, 3, 3), 1e-15);
        // independent: E relu(h) E relu(h') = sqrt(k11 k22) / (2 pi), E step E step = 1/4
        assertEquals(Math.sqrt(2 * 5) / (2 * Math.PI), ReluKernels.nngp(2, 0, 5), 1e-15);
        assertEquals(0.25, ReluKernels.derivative(2, 0, 5), 1e-15);
        // opposite: relu(h) relu(-h) = 0
        assertEquals(0, ReluKernels.nngp(1, -1, 1), 1e-15);
    }

    /** 4e6 draws: standard errors ~5e-4; the check allows 5 of them. */
    @Test
    void monteCarlo() {
        double k11 = 1.3, k12 = 0.6, k22 = 0.8;
        Random r = new Random(3);
        int n = 4_000_000;
        double l11 = Math.sqrt(k11), l21 = k12 / l11, l22 = Math.sqrt(k22 - l21 * l21);
        double s = 0, s2 = 0, d = 0, d2 = 0;
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian();
            double h = l11 * a, hp = l21 * a + l22 * b;
            double v = Math.max(h, 0) * Math.max(hp, 0);
            double w = (h > 0 && hp > 0) ? 1 : 0;
            s += v;
            s2 += v * v;
            d += w;
            d2 += w * w;
        }
        double m = s / n, se = Math.sqrt((s2 / n - m * m) / n);
        double md = d / n, sed = Math.sqrt((d2 / n - md * md) / n);
        assertTrue(Math.abs(m - ReluKernels.nngp(k11, k12, k22)) < 5 * se, m + " vs " + ReluKernels.nngp(k11, k12, k22));
        assertTrue(Math.abs(md - ReluKernels.derivative(k11, k12, k22)) < 5 * sed);
    }
}
