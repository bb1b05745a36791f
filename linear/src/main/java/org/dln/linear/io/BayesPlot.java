package org.dln.linear.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dln.linear.bayes.BayesSolution;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures of {@code dln bayes}: PREFIX_predictions (targets, adaptive and NNGP predictors by input, train then test)
 * and PREFIX_kernels (y^T Phi^l y / y^T y by layer l = 0..L, the kernel-target alignment growth).
 */
public final class BayesPlot {
    private BayesPlot() {
    }

    public static List<Path> write(BayesSolution s, double[] y, Path prefix, String format) throws IOException {
        boolean svg = format.equalsIgnoreCase("svg");
        if (!svg && !format.equalsIgnoreCase("png")) {
            throw new IllegalArgumentException("unknown figure format (use png or svg): " + format);
        }
        List<Path> out = new ArrayList<>();
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
        XYChart c = new XYChartBuilder().width(800).height(500).title("Bayesian predictor (train 0.." + (p - 1)
                + ", test after)").xAxisTitle("input").yAxisTitle("f").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        c.addSeries("target y", it, y.clone()).setMarker(SeriesMarkers.SQUARE);
        c.addSeries("adaptive", idx, fa).setMarker(SeriesMarkers.CIRCLE);
        c.addSeries("NNGP", idx, fn).setMarker(SeriesMarkers.DIAMOND);
        out.add(save(c, prefix + "_predictions", svg));
        int depth = s.depth();
        double[] ls = new double[depth + 1];
        double[] al = new double[depth + 1];
        double y2 = 0;
        for (double v : y) {
            y2 += v * v;
        }
        for (int l = 0; l <= depth; l++) {
            ls[l] = l;
            double a = 0;
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    a += y[i] * s.phi()[l][i][j] * y[j];
                }
            }
            al[l] = a / y2;
        }
        XYChart k = new XYChartBuilder().width(800).height(500).title("Adapted kernels along y").xAxisTitle("layer l")
                .yAxisTitle("y^T Phi^l y / y^T y").build();
        k.addSeries("saddle point", ls, al).setMarker(SeriesMarkers.CIRCLE);
        out.add(save(k, prefix + "_kernels", svg));
        return out;
    }

    private static Path save(XYChart c, String name, boolean svg) throws IOException {
        Path file = Path.of(name + (svg ? ".svg" : ".png"));
        if (svg) {
            AtomicFiles.write(file, tmp -> VectorGraphicsEncoder.saveVectorGraphic(c, tmp.toString(), VectorGraphicsFormat.SVG));
        } else {
            AtomicFiles.write(file, tmp -> BitmapEncoder.saveBitmap(c, tmp.toString(), BitmapFormat.PNG));
        }
        return file;
    }
}
