package org.dln.linear.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dln.linear.bayes.BayesSolution;
import org.dln.linear.io.FigureTheme.Format;
import org.dln.linear.problem.Problem;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures of {@code dln bayes}, in the {@link FigureTheme} style: PREFIX_predictions (targets, adaptive and NNGP
 * predictors by input, train then test, split by a dashed line) and PREFIX_kernels (the alignment yᵀΦˡy / yᵀy by
 * layer ℓ = 0..L, against the NNGP's, which stays at its input value yᵀΦ⁰y / yᵀy). Titles state L, γ₀ and β.
 */
public final class BayesPlot {
    private BayesPlot() {
    }

    /**
     * Writes the two figures.
     *
     * @param s      the saddle point
     * @param p      its problem (targets, L, γ₀)
     * @param beta   the inverse temperature (infinite: noise-free)
     * @param prefix path prefix: {@code <prefix>_predictions.<fmt>}, {@code <prefix>_kernels.<fmt>}
     * @param format png, svg or pdf
     * @return the files written
     */
    public static List<Path> write(BayesSolution s, Problem p, double beta, Path prefix, String format) throws IOException {
        Format fmt = Format.parse(format);
        Path parent = prefix.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String params = "L = " + p.depth() + ", γ₀ = " + FigureTheme.number(p.gamma0()) + ", β = " + FigureTheme.number(beta);
        List<Path> out = new ArrayList<>();
        Path pred = Path.of(prefix + "_predictions." + fmt.extension());
        FigureTheme.save(predictions(s, p.y(), params), pred, fmt);
        out.add(pred);
        Path kern = Path.of(prefix + "_kernels." + fmt.extension());
        FigureTheme.save(kernels(s, p.y(), params), kern, fmt);
        out.add(kern);
        return out;
    }

    private static XYChart predictions(BayesSolution s, double[] y, String params) {
        int p = y.length;
        int q = s.fTest().length;
        double[] idx = new double[p + q];
        double[] fa = new double[p + q];
        double[] fn = new double[p + q];
        double[] it = new double[p];
        for (int i = 0; i < p + q; i++) {
            idx[i] = i;
            fa[i] = i < p ? s.fTrain()[i] : s.fTest()[i - p];
            fn[i] = i < p ? s.nngpTrain()[i] : s.nngpTest()[i - p];
        }
        for (int i = 0; i < p; i++) {
            it[i] = i;
        }
        String xTitle = q > 0 ? "input μ (train 0–" + (p - 1) + ", test " + p + "–" + (p + q - 1) + ")" : "training input μ";
        XYChart c = FigureTheme.newChart("Bayesian predictors — " + params, xTitle, "prediction f(xμ)");
        integerTicks(c, p + q - 1);
        scatter(c, "targets yμ", it, y.clone(), SeriesMarkers.SQUARE, 7);
        scatter(c, "adaptive kernels (saddle point)", idx, fa, SeriesMarkers.CIRCLE, 0);
        scatter(c, "NNGP (γ₀ → 0)", idx, fn, SeriesMarkers.DIAMOND, 1);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : new double[][] {y, fa, fn}) {
            for (double a : v) {
                lo = Math.min(lo, a);
                hi = Math.max(hi, a);
            }
        }
        double pad = 0.06 * Math.max(hi - lo, 1e-12);
        c.getStyler().setYAxisMin(lo - pad).setYAxisMax(hi + 4 * pad).setXAxisMin(-0.5).setXAxisMax(p + q - 0.5);
        if (q > 0) {
            // up to just above the points: the legend sits in the headroom above
            XYSeries split = c.addSeries("train | test", new double[] {p - 0.5, p - 0.5}, new double[] {lo - pad, hi + pad});
            split.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            split.setMarker(SeriesMarkers.NONE);
            split.setLineColor(java.awt.Color.GRAY);
            split.setLineStyle(FigureTheme.REFERENCE_LINE);
            split.setShowInLegend(false);
        }
        // one row of three entries, inside the axes in the headroom kept above the points (hi + 4 pad)
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideN);
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        return c;
    }

    private static XYChart kernels(BayesSolution s, double[] y, String params) {
        int depth = s.depth();
        double[] ls = new double[depth + 1];
        double[] al = new double[depth + 1];
        double[] nngp = new double[depth + 1];
        double y2 = 0;
        for (double v : y) {
            y2 += v * v;
        }
        for (int l = 0; l <= depth; l++) {
            ls[l] = l;
            double a = 0;
            for (int i = 0; i < y.length; i++) {
                for (int j = 0; j < y.length; j++) {
                    a += y[i] * s.phi()[l][i][j] * y[j];
                }
            }
            al[l] = a / y2;
        }
        for (int l = 0; l <= depth; l++) {
            nngp[l] = al[0];
        }
        XYChart k = FigureTheme.newChart("Kernel alignment with the targets by layer — " + params, "layer ℓ",
                "yᵀΦˡy / yᵀy");
        integerTicks(k, depth);
        XYSeries a = k.addSeries("adaptive kernels Φˡ (saddle point)", ls, al);
        a.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        a.setMarker(SeriesMarkers.CIRCLE);
        a.setLineColor(FigureTheme.colour(0));
        a.setMarkerColor(FigureTheme.colour(0));
        a.setLineStyle(FigureTheme.LINES[0]);
        XYSeries n = k.addSeries("NNGP (γ₀ → 0): Φˡ = Φ⁰", ls, nngp);
        n.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        n.setMarker(SeriesMarkers.NONE);
        n.setLineColor(FigureTheme.colour(1));
        n.setLineStyle(FigureTheme.LINES[1]);
        double lo = Math.min(al[0], java.util.Arrays.stream(al).min().orElse(0));
        double hi = java.util.Arrays.stream(al).max().orElse(1);
        double pad = 0.08 * Math.max(hi - lo, 1e-12 + Math.abs(hi) * 0.05);
        k.getStyler().setYAxisMin(lo - pad).setYAxisMax(hi + pad).setXAxisMin(-0.2).setXAxisMax(depth + 0.2);
        // the alignment grows with depth: the upper left corner is free
        k.getStyler().setLegendPosition(al[depth] >= al[0] ? org.knowm.xchart.style.Styler.LegendPosition.InsideNW
                : org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return k;
    }

    /**
     * Ticks of the x axis (inputs, layers, from 0 to {@code last}) at whole numbers: XChart's own tick calculator (a
     * formatting function makes it label only the ends of evenly spaced data) with at least one unit between ticks.
     */
    private static void integerTicks(XYChart c, int last) {
        c.getStyler().setxAxisTickLabelsFormattingFunction(null);
        c.getStyler().setXAxisDecimalPattern("0.#");
        c.getStyler().setXAxisTickMarkSpacingHint(Math.max(74, (int) Math.ceil(790.0 / (last + 1)) + 2));
    }

    private static void scatter(XYChart c, String name, double[] x, double[] y, Marker m, int colour) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        s.setMarker(m);
        s.setMarkerColor(colour == 7 ? java.awt.Color.DARK_GRAY : FigureTheme.colour(colour));
    }
}
