package org.dln.linear.io;

import java.util.List;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Where a legend goes: inside the axes, in the first corner (upper right, upper left, lower right, lower left) whose
 * box of the legend's estimated size no curve passes through, else outside on the right. Curves are given in axis
 * fractions (0 = lower/left edge, 1 = upper/right edge); each segment between consecutive points is sampled, so a
 * straight line crossing a corner counts even when it has no point there.
 */
final class LegendPlacement {
    /** Approximate size of one legend row and of one character of the legend font, in pixels. */
    static final double ROW_PX = 17;
    static final double CHAR_PX = 6.6;
    /** Line sample, border and padding of the legend box, in pixels. */
    static final double EXTRA_WIDTH_PX = 56;
    static final double EXTRA_HEIGHT_PX = 14;
    /** Margin kept between the legend box and any curve, as a fraction of the axes. */
    static final double MARGIN = 0.02;

    private LegendPlacement() {
    }

    /** A curve in axis fractions (NaN points are gaps). */
    record Curve(double[] x, double[] y) {
    }

    /**
     * The legend position for {@code curves} in a plot area of {@code plotWidth} x {@code plotHeight} pixels, with
     * {@code rows} legend rows whose longest label has {@code longestLabel} characters.
     */
    static LegendPosition place(List<Curve> curves, int rows, int longestLabel, double plotWidth, double plotHeight) {
        double w = (EXTRA_WIDTH_PX + CHAR_PX * longestLabel) / plotWidth + MARGIN;
        double h = (EXTRA_HEIGHT_PX + ROW_PX * rows) / plotHeight + MARGIN;
        if (w > 0.6 || h > 0.7) {
            return LegendPosition.OutsideE;
        }
        LegendPosition[] order = {LegendPosition.InsideNE, LegendPosition.InsideNW, LegendPosition.InsideSE,
            LegendPosition.InsideSW};
        for (LegendPosition pos : order) {
            double x0 = pos == LegendPosition.InsideNE || pos == LegendPosition.InsideSE ? 1 - w : 0;
            double y0 = pos == LegendPosition.InsideNE || pos == LegendPosition.InsideNW ? 1 - h : 0;
            if (!crosses(curves, x0, x0 + w, y0, y0 + h)) {
                return pos;
            }
        }
        return LegendPosition.OutsideE;
    }

    /** The most headroom (fraction of the y range) added above the curves to free an upper corner for the legend. */
    static final double MAX_HEADROOM = 0.35;

    /**
     * The headroom, as a fraction of the current y range, to add above the top of the axes so that a legend in an
     * upper corner (right, else left) clears every curve, or NaN if more than {@link #MAX_HEADROOM} would be needed or
     * the legend is too large for the axes anyway.
     */
    static double headroom(List<Curve> curves, int rows, int longestLabel, double plotWidth, double plotHeight) {
        double w = (EXTRA_WIDTH_PX + CHAR_PX * longestLabel) / plotWidth + MARGIN;
        double h = (EXTRA_HEIGHT_PX + ROW_PX * rows) / plotHeight + MARGIN;
        if (w > 0.6 || h > 0.5) {
            return Double.NaN;
        }
        double best = Double.NaN;
        for (double x0 : new double[] {1 - w, 0}) {
            double top = highest(curves, x0, x0 + w);
            // after scaling the range by (1 + e), the curves reach top / (1 + e) and the legend starts at 1 - h
            double e = Math.max(0, top / (1 - h) - 1) + 0.01;
            if (e <= MAX_HEADROOM && !(e >= best)) {
                best = e;
            }
        }
        return best;
    }

    /** The highest point (axis fraction) of the curves over x in [x0, x1], segments sampled; 0 if none. */
    static double highest(List<Curve> curves, double x0, double x1) {
        double top = 0;
        for (Curve c : curves) {
            for (int n = 0; n < c.x().length; n++) {
                for (int k = 0; k < (n > 0 ? 32 : 1); k++) {
                    double s = k / 32.0;
                    double x = n > 0 ? c.x()[n - 1] + (1 - s) * (c.x()[n] - c.x()[n - 1]) : c.x()[n];
                    double y = n > 0 ? c.y()[n - 1] + (1 - s) * (c.y()[n] - c.y()[n - 1]) : c.y()[n];
                    if (x >= x0 && x <= x1 && y > top) {
                        top = y;
                    }
                }
            }
        }
        return top;
    }

    /** Whether any curve passes through the box [x0, x1] x [y0, y1]. */
    static boolean crosses(List<Curve> curves, double x0, double x1, double y0, double y1) {
        for (Curve c : curves) {
            for (int n = 0; n < c.x().length; n++) {
                if (inside(c.x()[n], c.y()[n], x0, x1, y0, y1)) {
                    return true;
                }
                if (n > 0) {
                    double ax = c.x()[n - 1], ay = c.y()[n - 1], bx = c.x()[n], by = c.y()[n];
                    for (int k = 1; k < 32; k++) {
                        double s = k / 32.0;
                        if (inside(ax + s * (bx - ax), ay + s * (by - ay), x0, x1, y0, y1)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean inside(double x, double y, double x0, double x1, double y0, double y1) {
        return x >= x0 && x <= x1 && y >= y0 && y <= y1; // NaN compares false: gaps never count
    }
}
