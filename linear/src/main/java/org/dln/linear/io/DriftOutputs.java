package org.dln.linear.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dln.linear.langevin.DriftCurve;
import org.dln.linear.result.Method;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The representational drift of {@code dln langevin --drift} (theory.md 12.7, docs/formats.md "Langevin drift"):
 * method entries of the dln-trajectory document, the .npy arrays drift_lag, drift_phi, drift_phi_trace,
 * drift_weights, drift_times, and the figure PREFIX_langevin_drift (normalised autocorrelation against the lag, per
 * layer; optionally the network's measured points with error bars). Computes nothing beyond the curve's own ratios.
 */
public final class DriftOutputs {

    /** A measured curve to draw beside the theory: per layer the normalised trace and the readout, with errors. */
    public record Measured(double[] lags, double[][] trace, double[][] traceSe, double[] readout, double[] readoutSe) {
    }

    private DriftOutputs() {
    }

    /** The method with the drift entries added (non-finite drift times as null). */
    public static Method method(Method m, DriftCurve c, int trainCount) {
        int L = c.depth(), k = c.lags().length, mm = c.phi()[0][0].length;
        double[][] trace = new double[L][];
        double[] phiTimes = new double[L];
        for (int l = 1; l <= L; l++) {
            trace[l - 1] = c.phiTrace(l, trainCount);
            phiTimes[l - 1] = c.phiDriftTime(l, trainCount);
        }
        double[][] wn = new double[L + 1][];
        double[] wTimes = new double[L + 1];
        for (int l = 0; l <= L; l++) {
            wn[l] = c.normalisedWeights(l);
            wTimes[l] = c.weightDriftTime(l);
        }
        Method.Builder b = m.toBuilder().put("drift_method", c.method()).put("drift_lag", c.lags())
                .put("drift_from_time", Double.isFinite(c.time()) ? c.time() : null)
                .put("drift_accuracy", c.accuracy()).put("drift_stationarity", c.stationarity())
                .put("drift_phi_trace", trace).put("drift_weights", c.weights()).put("drift_weights_normalised", wn);
        for (int l = 1; l <= L; l++) {
            double[][] pairs = new double[k][mm * mm];
            for (int t = 0; t < k; t++) {
                double[][] r = c.normalisedPhi(l, t);
                for (int i = 0; i < mm; i++) {
                    for (int j = 0; j < mm; j++) {
                        pairs[t][i * mm + j] = finiteOr(r[i][j], 0);
                    }
                }
            }
            b.put("drift_phi" + l, pairs);
        }
        for (int l = 1; l <= L; l++) {
            b.put("drift_time_phi" + l, Double.isFinite(phiTimes[l - 1]) ? phiTimes[l - 1] : null);
        }
        for (int l = 0; l <= L; l++) {
            b.put("drift_time_weights" + l, Double.isFinite(wTimes[l]) ? wTimes[l] : null);
        }
        return b.build();
    }

    private static double finiteOr(double v, double otherwise) {
        return Double.isFinite(v) ? v : otherwise;
    }

    /** drift_lag [K], drift_phi [L][K][M][M] (raw Phi^l(t + tau, t)), drift_phi_trace [L][K], drift_weights [L+1][K], drift_times [2][L+1]. */
    public static List<Path> writeArrays(DriftCurve c, int trainCount, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        int L = c.depth(), k = c.lags().length, m = c.phi()[0][0].length;
        out.add(npy(dir, "drift_lag", new int[] {k}, c.lags()));
        double[] phi = new double[L * k * m * m];
        double[] tr = new double[L * k];
        int o = 0;
        for (int l = 0; l < L; l++) {
            double[] t = c.phiTrace(l + 1, trainCount);
            System.arraycopy(t, 0, tr, l * k, k);
            for (int a = 0; a < k; a++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        phi[o++] = c.phi()[l][a][i][j];
                    }
                }
            }
        }
        out.add(npy(dir, "drift_phi", new int[] {L, k, m, m}, phi));
        out.add(npy(dir, "drift_phi_trace", new int[] {L, k}, tr));
        double[] w = new double[(L + 1) * k];
        for (int l = 0; l <= L; l++) {
            System.arraycopy(c.weights()[l], 0, w, l * k, k);
        }
        out.add(npy(dir, "drift_weights", new int[] {L + 1, k}, w));
        double[] times = new double[2 * (L + 1)];
        for (int l = 0; l <= L; l++) {
            times[l] = l == 0 ? Double.NaN : c.phiDriftTime(l, trainCount);
            times[L + 1 + l] = c.weightDriftTime(l);
        }
        out.add(npy(dir, "drift_times", new int[] {2, L + 1}, times));
        return out;
    }

    /**
     * PREFIX_langevin_drift: tr Phi^l(t + tau, t) / tr Phi^l(t, t) (solid) and the readout's C_w(tau) / C_w(0) (dashed)
     * against tau; measured points with +-1 SE bars when given.
     */
    public static Path writePlot(DriftCurve c, int trainCount, Measured measured, String title, Path prefix, String format)
            throws IOException {
        XYChart ch = FigureTheme.newChart(title, "lag τ", "normalised autocorrelation");
        ch.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        int L = c.depth();
        for (int l = 1; l <= L; l++) {
            line(ch, "Φ" + FigureTheme.superscript(l) + "(t+τ,t), theory", c.lags(), c.phiTrace(l, trainCount),
                    FigureTheme.colour(l - 1), FigureTheme.LINES[0]);
        }
        line(ch, "readout w, theory", c.lags(), c.normalisedWeights(L), FigureTheme.colour(L), FigureTheme.LINES[1]);
        if (measured != null) {
            for (int l = 1; l <= L; l++) {
                points(ch, "Φ" + FigureTheme.superscript(l) + ", network", measured.lags(), measured.trace()[l - 1],
                        measured.traceSe()[l - 1], FigureTheme.colour(l - 1), SeriesMarkers.CIRCLE);
            }
            points(ch, "readout w, network", measured.lags(), measured.readout(), measured.readoutSe(),
                    FigureTheme.colour(L), SeriesMarkers.DIAMOND);
        }
        boolean svg = format.equalsIgnoreCase("svg");
        Path file = Path.of(prefix + "_langevin_drift" + (svg ? ".svg" : ".png"));
        FigureTheme.save(ch, file, svg ? FigureTheme.Format.SVG : FigureTheme.Format.PNG);
        return file;
    }

    private static void line(XYChart c, String name, double[] x, double[] y, java.awt.Color colour, java.awt.BasicStroke stroke) {
        var s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(stroke);
    }

    private static void points(XYChart c, String name, double[] x, double[] y, double[] se, java.awt.Color colour,
                               org.knowm.xchart.style.markers.Marker marker) {
        var s = c.addSeries(name, x, y, se);
        s.setMarker(marker);
        s.setMarkerColor(colour);
        s.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.NONE);
        s.setLineColor(colour);
    }

    private static Path npy(Path dir, String name, int[] shape, double[] data) throws IOException {
        Path f = dir.resolve(name + ".npy");
        Npy.write(f, shape, data);
        return f;
    }

    /** A title: the parameters in the theme's number format. */
    public static String title(double gamma0, int depth, double lambda, double temperature) {
        return String.format(Locale.ROOT, "Stationary drift — L = %d, γ₀ = %s, λ = %s, T = %s", depth,
                FigureTheme.number(gamma0), FigureTheme.number(lambda), FigureTheme.number(temperature));
    }
}
