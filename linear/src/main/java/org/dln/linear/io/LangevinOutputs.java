package org.dln.linear.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dln.linear.langevin.LangevinTrajectory;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The files of {@code dln langevin} beside the dln-trajectory document (docs/formats.md, "Langevin arrays"): a
 * directory of .npy arrays (times, f, loss, test_loss, phi&lt;l&gt;, g&lt;l&gt;, two-time kernels, NDK, time scales) and the
 * figures PREFIX_langevin_loss (train and test loss against log time, the two measured time scales marked) and
 * PREFIX_langevin_alignment (kernel-target alignment of Phi^l(t,t) against log time). Computes nothing.
 */
public final class LangevinOutputs {
    private LangevinOutputs() {
    }

    /** Writes the arrays into dir (created); returns the files. testLoss may be null. */
    public static List<Path> writeArrays(LangevinTrajectory tr, int trainCount, double[] testLoss, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        int n = tr.timePoints(), m = tr.f()[0].length, L = tr.phi().length;
        out.add(npy(dir, "times", new int[] {n}, tr.times()));
        out.add(npy(dir, "f", new int[] {n, m}, flat(tr.f())));
        out.add(npy(dir, "loss", new int[] {n}, tr.loss()));
        if (testLoss != null) {
            out.add(npy(dir, "test_loss", new int[] {n}, testLoss));
        }
        for (int l = 1; l <= L; l++) {
            out.add(npy(dir, "phi" + l, new int[] {n, m, m}, flat3(tr.phi()[l - 1])));
            out.add(npy(dir, "g" + l, new int[] {n}, tr.g()[l - 1]));
        }
        int k = tr.twoTimeIndex().length;
        if (k > 0) {
            double[] tt = new double[k];
            for (int i = 0; i < k; i++) {
                tt[i] = tr.times()[tr.twoTimeIndex()[i]];
            }
            out.add(npy(dir, "two_time_times", new int[] {k}, tt));
            for (int l = 1; l <= L; l++) {
                double[] ph = new double[k * k * m * m];
                double[] g = new double[k * k];
                int o = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        g[a * k + b] = tr.gTwoTime()[l - 1][a][b];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < m; j++) {
                                ph[o++] = tr.phiTwoTime()[l - 1][a][b][i][j];
                            }
                        }
                    }
                }
                out.add(npy(dir, "phi" + l + "_two_time", new int[] {k, k, m, m}, ph));
                out.add(npy(dir, "g" + l + "_two_time", new int[] {k, k}, g));
            }
            if (tr.ndk() != null) {
                double[] nd = new double[k * k * m * trainCount];
                int o = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < trainCount; j++) {
                                nd[o++] = tr.ndk()[a][b][i][j];
                            }
                        }
                    }
                }
                out.add(npy(dir, "ndk", new int[] {k, k, m, trainCount}, nd));
            }
        }
        out.add(npy(dir, "time_scales", new int[] {4}, new double[] {tr.fastTime(), tr.fastPredicted(), tr.slowTime(),
                tr.slowPredicted()}));
        return out;
    }

    /** The two figures (png or svg). testLoss may be null. */
    public static List<Path> writePlots(LangevinTrajectory tr, double[] y, double[] testLoss, Path prefix, String format)
            throws IOException {
        boolean svg = format.equalsIgnoreCase("svg");
        List<Path> out = new ArrayList<>();
        int n = tr.timePoints();
        double[] t = new double[n - 1], l = new double[n - 1], tl = new double[n - 1];
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int i = 1; i < n; i++) {
            t[i - 1] = tr.times()[i];
            l[i - 1] = Math.max(tr.loss()[i], 1e-300);
            lo = Math.min(lo, l[i - 1]);
            hi = Math.max(hi, l[i - 1]);
            if (testLoss != null) {
                tl[i - 1] = Math.max(testLoss[i], 1e-300);
                lo = Math.min(lo, tl[i - 1]);
                hi = Math.max(hi, tl[i - 1]);
            }
        }
        XYChart c = FigureTheme.newChart(String.format(Locale.ROOT, "Langevin training — λ = %s, T = %s: fast time %s, slow time %s",
                FigureTheme.number(tr.parameters().lambda()), FigureTheme.number(tr.parameters().temperature()),
                FigureTheme.number(round3(tr.fastTime())), FigureTheme.number(round3(tr.slowTime()))), "time t", "loss");
        // logarithmic axes drawn as log10 of the values with the theme's decade labels (as Plotter does)
        logAxes(c, true, true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        line(c, "train loss", log10(t), log10(l), FigureTheme.colour(0), FigureTheme.LINES[0]);
        if (testLoss != null) {
            line(c, "test loss", log10(t), log10(tl), FigureTheme.colour(1), FigureTheme.LINES[0]);
        }
        marker(c, "fast phase (measured, dashed)", tr.fastTime(), lo, hi, FigureTheme.colour(2));
        marker(c, "slow phase (measured, dashed)", tr.slowTime(), lo, hi, FigureTheme.colour(3));
        out.add(save(c, prefix + "_langevin_loss", svg));
        XYChart a = FigureTheme.newChart("Kernel–target alignment y⊤Φˡy / (|y|² ‖Φˡ‖F)", "time t", "alignment");
        logAxes(a, true, false);
        a.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        for (int layer = 1; layer <= tr.phi().length; layer++) {
            double[] al = new double[n - 1];
            for (int i = 1; i < n; i++) {
                al[i - 1] = org.dln.numeric.linalg.Kernels.alignment(trainBlock(tr.phi()[layer - 1][i], y.length), y);
            }
            line(a, "Φ" + FigureTheme.superscript(layer), log10(t), al, FigureTheme.colour(layer - 1), FigureTheme.LINES[0]);
            lo = layer == 1 ? Double.POSITIVE_INFINITY : lo;
            hi = layer == 1 ? Double.NEGATIVE_INFINITY : hi;
            for (double v : al) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi - lo <= 1e-6 * Math.max(1, Math.abs(hi))) {
            // a frozen kernel (gamma0 = 0): a flat line on a readable axis instead of rounding noise magnified
            double pad = 0.05 * Math.max(1e-3, Math.abs(hi));
            a.getStyler().setYAxisMin(lo - pad).setYAxisMax(hi + pad);
        }
        out.add(save(a, prefix + "_langevin_alignment", svg));
        return out;
    }

    private static double[][] trainBlock(double[][] k, int p) {
        double[][] b = new double[p][p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(k[i], 0, b[i], 0, p);
        }
        return b;
    }

    private static void marker(XYChart c, String name, double t, double lo, double hi, java.awt.Color colour) {
        if (Double.isFinite(t) && t > 0) {
            double x = Math.log10(t);
            line(c, name, new double[] {x, x}, new double[] {Math.log10(lo), Math.log10(hi)}, colour, FigureTheme.REFERENCE_LINE);
        }
    }

    private static void line(XYChart c, String name, double[] x, double[] y, java.awt.Color colour, java.awt.BasicStroke stroke) {
        var s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(stroke);
    }

    private static void logAxes(XYChart c, boolean x, boolean y) {
        if (x) {
            c.getStyler().setxAxisTickLabelsFormattingFunction(FigureTheme::logTickLabel);
        }
        if (y) {
            c.getStyler().setyAxisTickLabelsFormattingFunction(FigureTheme::logTickLabel);
        }
    }

    private static double[] log10(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = Math.log10(v[i]);
        }
        return o;
    }

    private static double round3(double v) {
        return Double.isFinite(v) && v != 0 ? new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue() : v;
    }

    private static Path npy(Path dir, String name, int[] shape, double[] data) throws IOException {
        Path f = dir.resolve(name + ".npy");
        Npy.write(f, shape, data);
        return f;
    }

    private static double[] flat(double[][] a) {
        int c = a[0].length;
        double[] o = new double[a.length * c];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, o, i * c, c);
        }
        return o;
    }

    private static double[] flat3(double[][][] a) {
        int r = a[0].length, c = a[0][0].length;
        double[] o = new double[a.length * r * c];
        int k = 0;
        for (double[][] m : a) {
            for (double[] row : m) {
                System.arraycopy(row, 0, o, k, c);
                k += c;
            }
        }
        return o;
    }

    private static Path save(XYChart c, String name, boolean svg) throws IOException {
        Path file = Path.of(name + (svg ? ".svg" : ".png"));
        FigureTheme.save(c, file, svg ? FigureTheme.Format.SVG : FigureTheme.Format.PNG);
        return file;
    }
}
