package org.dln.linear.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dln.linear.adaptive.AdaptiveRow;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures of {@code dln adaptive}: PREFIX_METHOD_loss (test loss against gamma0, one solid line per P and L for the
 * adaptive predictor, dashed at the same colour for the lazy one; logarithmic loss axis) and PREFIX_METHOD_error (test
 * error). One figure per
 * method and beta / lambda value.
 */
public final class AdaptivePlot {
    /** One colour per P (adaptive solid with markers: circle L = 1, square L = 2, diamond L >= 3; lazy dashed). */
    private static final java.awt.Color[] PALETTE = {new java.awt.Color(0x1f77b4), new java.awt.Color(0xd62728),
            new java.awt.Color(0x2ca02c), new java.awt.Color(0x9467bd), new java.awt.Color(0xff7f0e), new java.awt.Color(0x8c564b)};

    private AdaptivePlot() {
    }

    public static List<Path> write(List<AdaptiveRow> rows, Path prefix, String format) throws IOException {
        boolean svg = format.equalsIgnoreCase("svg");
        Map<String, List<AdaptiveRow>> byFigure = new LinkedHashMap<>();
        for (AdaptiveRow r : rows) {
            byFigure.computeIfAbsent(r.method() + "_" + (r.method().equals("bayes") ? "beta" : "lambda") + r.control(),
                    k -> new ArrayList<>()).add(r);
        }
        List<Path> out = new ArrayList<>();
        for (var e : byFigure.entrySet()) {
            for (boolean loss : new boolean[] {true, false}) {
                AdaptiveRow first = e.getValue().get(0);
                String lazyName = first.method().equals("bayes") ? "NNGP" : "NTK ridge";
                XYChart c = new XYChartBuilder().width(800).height(560)
                        .title(first.task() + ": " + (first.method().equals("bayes") ? "Bayes, beta = " : "weight decay, lambda = ")
                                + first.control())
                        .xAxisTitle("gamma0").yAxisTitle(loss ? "test loss (mean squared error)" : "test error (sign)").build();
                if (loss) {
                    c.getStyler().setYAxisLogarithmic(true); // ridges near 0 at P ~ D blow the loss up by decades
                }
                Map<String, List<AdaptiveRow>> lines = new LinkedHashMap<>();
                for (AdaptiveRow r : e.getValue()) {
                    lines.computeIfAbsent("P = " + r.p() + ", L = " + r.depth(), k -> new ArrayList<>()).add(r);
                }
                List<Integer> ps = lines.values().stream().map(v -> v.get(0).p()).distinct().toList();
                for (var l : lines.entrySet()) {
                    int n = l.getValue().size();
                    AdaptiveRow r0 = l.getValue().get(0);
                    java.awt.Color colour = PALETTE[ps.indexOf(r0.p()) % PALETTE.length];
                    double[] x = new double[n], ya = new double[n], yl = new double[n];
                    for (int i = 0; i < n; i++) {
                        AdaptiveRow r = l.getValue().get(i);
                        x[i] = r.gamma0();
                        ya[i] = loss ? r.testLoss() : r.testError();
                        yl[i] = loss ? r.lazyTestLoss() : r.lazyTestError();
                    }
                    XYSeries s = c.addSeries(l.getKey() + " adaptive", x, ya);
                    s.setMarker(r0.depth() == 1 ? SeriesMarkers.CIRCLE : r0.depth() == 2 ? SeriesMarkers.SQUARE : SeriesMarkers.DIAMOND);
                    s.setLineColor(colour);
                    s.setLineStyle(SeriesLines.SOLID);
                    s.setMarkerColor(colour);
                    XYSeries z = c.addSeries(l.getKey() + " " + lazyName, x, yl);
                    z.setMarker(SeriesMarkers.NONE);
                    z.setLineStyle(SeriesLines.DASH_DASH);
                    z.setLineColor(colour);
                }
                String name = prefix + "_" + e.getKey().replace('.', 'p') + (loss ? "_loss" : "_error");
                if (svg) {
                    VectorGraphicsEncoder.saveVectorGraphic(c, name, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                    out.add(Path.of(name + ".svg"));
                } else {
                    BitmapEncoder.saveBitmap(c, name, BitmapEncoder.BitmapFormat.PNG);
                    out.add(Path.of(name + ".png"));
                }
            }
        }
        return out;
    }
}
