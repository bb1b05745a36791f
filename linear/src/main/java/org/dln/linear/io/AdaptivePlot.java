package org.dln.linear.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dln.linear.adaptive.AdaptiveRow;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures of {@code dln adaptive}: PREFIX_METHOD_loss (test loss against gamma0, one solid line per P and L for the
 * adaptive predictor, dashed at the same colour for the lazy one; logarithmic loss axis) and PREFIX_METHOD_error (test
 * error). One figure per
 * method and beta / lambda value.
 */
public final class AdaptivePlot {
    // one colour per P (FigureTheme's palette); adaptive solid with markers (circle L = 1, square L = 2, diamond L >= 3), lazy dashed

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
                XYChart c = FigureTheme.newChart(first.task() + " — " + (first.method().equals("bayes") ? "Bayes, β = " : "weight decay, λ = ")
                                + FigureTheme.number(first.control()), "γ₀",
                        loss ? "test loss (mean squared error)" : "test error (sign)");
                if (loss) {
                    // ridges near 0 at P ~ D blow the loss up by decades: log10 of the loss with the theme's decade labels
                    c.getStyler().setyAxisTickLabelsFormattingFunction(FigureTheme::logTickLabel);
                }
                c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
                Map<String, List<AdaptiveRow>> lines = new LinkedHashMap<>();
                for (AdaptiveRow r : e.getValue()) {
                    lines.computeIfAbsent("P = " + r.p() + ", L = " + r.depth(), k -> new ArrayList<>()).add(r);
                }
                List<Integer> ps = lines.values().stream().map(v -> v.get(0).p()).distinct().toList();
                for (var l : lines.entrySet()) {
                    int n = l.getValue().size();
                    AdaptiveRow r0 = l.getValue().get(0);
                    java.awt.Color colour = FigureTheme.colour(ps.indexOf(r0.p()));
                    double[] x = new double[n], ya = new double[n], yl = new double[n];
                    for (int i = 0; i < n; i++) {
                        AdaptiveRow r = l.getValue().get(i);
                        x[i] = r.gamma0();
                        ya[i] = loss ? log10(r.testLoss()) : r.testError();
                        yl[i] = loss ? log10(r.lazyTestLoss()) : r.lazyTestError();
                    }
                    XYSeries s = c.addSeries(l.getKey() + " adaptive", x, ya);
                    s.setMarker(r0.depth() == 1 ? SeriesMarkers.CIRCLE : r0.depth() == 2 ? SeriesMarkers.SQUARE : SeriesMarkers.DIAMOND);
                    s.setLineColor(colour);
                    s.setLineStyle(FigureTheme.LINES[0]);
                    s.setMarkerColor(colour);
                    XYSeries z = c.addSeries(l.getKey() + " " + lazyName, x, yl);
                    z.setMarker(SeriesMarkers.NONE);
                    z.setLineStyle(FigureTheme.REFERENCE_LINE);
                    z.setLineColor(colour);
                }
                String ext = svg ? ".svg" : ".png";
                Path file = Path.of(prefix + "_" + e.getKey().replace('.', 'p') + (loss ? "_loss" : "_error") + ext);
                FigureTheme.save(c, file, svg ? FigureTheme.Format.SVG : FigureTheme.Format.PNG);
                out.add(file);
            }
        }
        return out;
    }

    /** log10 of a positive value; NaN (a gap in the line) otherwise. */
    private static double log10(double v) {
        return v > 0 ? Math.log10(v) : Double.NaN;
    }
}
