package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures of one or more trajectories (README "Output"): {@code <prefix>_loss}, {@code <prefix>_predictions} and
 * {@code <prefix>_ntk}, as PNG or SVG, against time eta t. Each entry (f[mu], K[i][j]) has its own colour; theory
 * runs (observables without standard error) are drawn as lines, one line style per run, and simulation runs
 * (with standard error) as markers with error bars, one marker shape per run, decimated to at most
 * {@value #MAX_ERROR_BAR_POINTS} points. Works without a display (sets {@code java.awt.headless}).
 */
public final class Plotter {
    static {
        // Before any AWT class (java.awt.Color below included) asks whether a display exists.
        System.setProperty("java.awt.headless", "true");
    }

    /** Most points drawn per error-bar series, so that the bars stay readable. */
    public static final int MAX_ERROR_BAR_POINTS = 40;
    /** Most points drawn per line (a line of more points is thinned; invisible at the figure's resolution). */
    static final int MAX_LINE_POINTS = 2000;
    /** Beyond this many entries per run the legend names each run once instead of every entry. */
    static final int MAX_LEGEND_ENTRIES = 10;
    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    static final int DPI = 150;

    /** One colour per entry (matplotlib's tab10), cycled. */
    private static final Color[] COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    /** One line style per theory run. */
    private static final BasicStroke[] LINES = {
        new BasicStroke(1.6f),
        new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {9f, 3f, 2f, 3f}, 0f),
        new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {1f, 3f}, 0f)};
    /** One marker per simulation run. */
    private static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN};
    private static final BasicStroke TARGET_LINE =
            new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private Plotter() {
    }

    /** A figure format, as given to {@code --plot-format}. */
    private enum Format {
        PNG, SVG;

        String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Format parse(String s) {
            if (s != null) {
                for (Format f : values()) {
                    if (f.extension().equalsIgnoreCase(s.trim())) {
                        return f;
                    }
                }
            }
            throw new IllegalArgumentException("--plot-format: unknown figure format '" + s + "' (use png or svg)");
        }
    }

    /** How one run is drawn: its legend name, and its line style (theory) or marker (simulation). */
    private record RunStyle(Trajectory run, String name, BasicStroke line, Marker marker) {
    }

    /**
     * Writes the three figures of {@code runs} (drawn on the same axes, in the given order): the loss (log scale
     * when all values, error bars included, are positive), the predictions f[mu] with their targets y_mu as dashed
     * horizontal lines, and the NTK entries K[i][j] with i &lt;= j. Titles give L, gamma0 and eta of the problem.
     * Missing parent directories of {@code prefix} are created.
     *
     * @param runs   trajectories to draw, at least one
     * @param prefix path prefix; the files are {@code <prefix>_loss.<fmt>}, {@code <prefix>_predictions.<fmt>},
     *               {@code <prefix>_ntk.<fmt>}
     * @param format "png" (150 dpi) or "svg", case-insensitive
     * @return the paths of the files written, in the order loss, predictions, ntk
     * @throws IllegalArgumentException if the format is unknown (naming {@code --plot-format}) or there are no runs
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(List<Trajectory> runs, Path prefix, String format) throws IOException {
        Format fmt = Format.parse(format);
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no trajectories");
        }
        List<RunStyle> styles = styles(runs);
        String params = parameters(runs);
        Path parent = prefix.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        List<Path> out = new ArrayList<>();
        out.add(save(lossChart(styles, params), prefix, "loss", fmt));
        out.add(save(predictionsChart(styles, params), prefix, "predictions", fmt));
        out.add(save(ntkChart(styles, params), prefix, "ntk", fmt));
        return out;
    }

    private static List<RunStyle> styles(List<Trajectory> runs) {
        Map<String, Integer> labelCount = new HashMap<>();
        for (Trajectory r : runs) {
            labelCount.merge(r.label(), 1, Integer::sum);
        }
        List<RunStyle> out = new ArrayList<>();
        int lines = 0, markers = 0;
        for (int i = 0; i < runs.size(); i++) {
            Trajectory r = runs.get(i);
            String name = labelCount.get(r.label()) > 1 ? "run " + (i + 1) + ": " + r.label() : r.label();
            boolean withErrors = r.observables().values().stream().anyMatch(Observable::hasStderr);
            out.add(withErrors ? new RunStyle(r, name, null, MARKERS[markers++ % MARKERS.length])
                    : new RunStyle(r, name, LINES[lines++ % LINES.length], null));
        }
        return out;
    }

    /** "L = 2, gamma0 = 1.0, eta = 0.05", or the distinct values of several runs joined by " | ". */
    private static String parameters(List<Trajectory> runs) {
        Set<String> distinct = new LinkedHashSet<>();
        for (Trajectory r : runs) {
            JsonNode p = r.problem();
            distinct.add(String.format(Locale.ROOT, "L = %s, gamma0 = %s, eta = %s",
                    text(p, "L"), text(p, "gamma0"), text(p, "eta")));
        }
        return String.join(" | ", distinct);
    }

    private static String text(JsonNode p, String field) {
        return p == null || !p.hasNonNull(field) ? "?" : p.get(field).asText();
    }

    private static XYChart lossChart(List<RunStyle> styles, String params) {
        XYChart chart = newChart("Training loss (" + params + ")", "loss");
        Map<RunStyle, Points> loss = new LinkedHashMap<>();
        for (RunStyle s : styles) {
            Observable o = s.run().get("loss");
            if (o != null) {
                loss.put(s, points(s.run(), o, 0));
            }
        }
        boolean log = !loss.isEmpty() && loss.values().stream().allMatch(Points::allPositive);
        for (Map.Entry<RunStyle, Points> e : loss.entrySet()) {
            Points pts = e.getValue();
            String name = e.getKey().name();
            if (log && pts.clipForLogAxis()) {
                name += " (bars to 0 cut)";
            }
            addSeries(chart, e.getKey(), pts, COLOURS[0], name);
        }
        if (log) {
            chart.getStyler().setYAxisLogarithmic(true);
        } else {
            chart.getStyler().setyAxisTickLabelsFormattingFunction(Plotter::tickLabel);
        }
        return chart;
    }

    private static XYChart predictionsChart(List<RunStyle> styles, String params) {
        XYChart chart = newChart("Predictions f(x_mu) and targets y_mu (" + params + ")", "f");
        for (RunStyle s : styles) {
            Observable f = s.run().get("f");
            if (f == null) {
                continue;
            }
            int[] all = new int[f.width()];
            for (int k = 0; k < all.length; k++) {
                all[k] = k;
            }
            addEntries(chart, s, f, all, "f");
        }
        addTargets(chart, styles);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Plotter::tickLabel);
        return chart;
    }

    private static XYChart ntkChart(List<RunStyle> styles, String params) {
        XYChart chart = newChart("Neural tangent kernel K[i][j], i <= j (" + params + ")", "K");
        for (RunStyle s : styles) {
            Observable ntk = s.run().get("ntk");
            if (ntk == null || ntk.shape().length != 3) {
                continue;
            }
            int p = ntk.shape()[1];
            List<Integer> upper = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                for (int j = i; j < ntk.shape()[2]; j++) {
                    upper.add(i * ntk.shape()[2] + j);
                }
            }
            addEntries(chart, s, ntk, upper.stream().mapToInt(Integer::intValue).toArray(), "K");
        }
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Plotter::tickLabel);
        return chart;
    }

    private static XYChart newChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("time (eta t)").yAxisTitle(yTitle).build();
        XYStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(Color.GRAY);
        st.setPlotGridLinesColor(new Color(0xdddddd));
        st.setLegendPosition(LegendPosition.OutsideE);
        st.setLegendLayout(LegendLayout.Vertical);
        st.setLegendBorderColor(Color.LIGHT_GRAY);
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        st.setLegendSeriesLineLength(28);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        st.setChartTitleBoxVisible(false);
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        st.setMarkerSize(6);
        st.setErrorBarsColorSeriesColor(true);
        st.setAntiAlias(true);
        st.setChartPadding(14);
        return chart;
    }

    /** Adds the given entries of an observable of one run; with many entries the legend names the run once. */
    private static void addEntries(XYChart chart, RunStyle s, Observable o, int[] entries, String symbol) {
        boolean legendPerEntry = entries.length <= MAX_LEGEND_ENTRIES;
        for (int n = 0; n < entries.length; n++) {
            String name = s.name() + " " + symbol + o.entryLabel(entries[n]);
            if (!legendPerEntry && n == 0) {
                name = s.name() + " " + symbol + " (" + entries.length + " entries, colour per entry)";
            }
            XYSeries series = addSeries(chart, s, points(s.run(), o, entries[n]), COLOURS[n % COLOURS.length], name);
            series.setShowInLegend(legendPerEntry || n == 0);
        }
    }

    /**
     * The points drawn for entry k of an observable over time: x = eta t, the value (non-finite values as gaps)
     * and, with a standard error, the error bars. Error-bar series are decimated to {@value #MAX_ERROR_BAR_POINTS}
     * points, lines to {@value #MAX_LINE_POINTS}.
     */
    private record Points(double[] x, double[] y, double[] e) {

        /** Whether every value (gaps aside) is positive, so that a logarithmic axis can show it. */
        boolean allPositive() {
            return Arrays.stream(y).allMatch(v -> Double.isNaN(v) || v > 0);
        }

        /**
         * On a logarithmic axis an error bar must end above zero, and XChart's bars are symmetric: bars reaching
         * zero are cut to 90% of the value (their lower end at a tenth of it). Returns whether any was cut.
         */
        boolean clipForLogAxis() {
            boolean clipped = false;
            for (int n = 0; e != null && n < y.length; n++) {
                if (!Double.isNaN(y[n]) && !(y[n] - e[n] > 0)) {
                    e[n] = 0.9 * y[n];
                    clipped = true;
                }
            }
            return clipped;
        }
    }

    private static Points points(Trajectory run, Observable o, int k) {
        double eta = etaOf(run);
        boolean errors = o.hasStderr();
        int[] ts = evenlySpaced(o.timePoints(), errors ? MAX_ERROR_BAR_POINTS : MAX_LINE_POINTS);
        double[] x = new double[ts.length];
        double[] y = new double[ts.length];
        double[] e = errors ? new double[ts.length] : null;
        for (int n = 0; n < ts.length; n++) {
            x[n] = eta * ts[n];
            y[n] = finiteOrNaN(o.value(ts[n], k));
            if (errors) {
                double se = o.stderr(ts[n], k);
                e[n] = Double.isFinite(se) && Double.isFinite(y[n]) ? Math.abs(se) : 0.0;
            }
        }
        return new Points(x, y, e);
    }

    /** Adds one series of a run: a line (no standard error) or markers with error bars. */
    private static XYSeries addSeries(XYChart chart, RunStyle s, Points p, Color colour, String name) {
        XYSeries series = p.e() != null ? chart.addSeries(name, p.x(), p.y(), p.e()) : chart.addSeries(name, p.x(), p.y());
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        if (s.marker() != null) {
            series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            series.setMarker(s.marker());
        } else {
            series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineStyle(s.line());
        }
        return series;
    }

    /** The targets y_mu as dashed horizontal lines across the time range, in the colour of f[mu]. */
    private static void addTargets(XYChart chart, List<RunStyle> styles) {
        JsonNode y = styles.get(0).run().problem() == null ? null : styles.get(0).run().problem().get("y");
        if (y == null || !y.isArray() || y.isEmpty()) {
            return;
        }
        double tMax = 0;
        for (RunStyle s : styles) {
            tMax = Math.max(tMax, etaOf(s.run()) * Math.max(0, s.run().timePoints() - 1));
        }
        boolean legendPerEntry = y.size() <= MAX_LEGEND_ENTRIES;
        for (int mu = 0; mu < y.size(); mu++) {
            String name = legendPerEntry || mu > 0 ? "target y[" + mu + "]" : "targets y (dashed, colour of f[mu])";
            double target = y.get(mu).asDouble();
            XYSeries series = chart.addSeries(name, new double[] {0, tMax}, new double[] {target, target});
            series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineStyle(TARGET_LINE);
            series.setLineColor(COLOURS[mu % COLOURS.length]);
            series.setShowInLegend(legendPerEntry || mu == 0);
        }
    }

    /** A linear axis tick label: at most 6 significant digits, no trailing zeros, scientific when tiny or huge. */
    static String tickLabel(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        }
        String[] parts = String.format(Locale.ROOT, "%.5e", v).split("e");
        String mantissa = new BigDecimal(parts[0]).stripTrailingZeros().toPlainString();
        return mantissa + "e" + Integer.parseInt(parts[1]);
    }

    /** At most {@code max} time indices evenly spread over 0..tp-1, first and last included. */
    static int[] evenlySpaced(int tp, int max) {
        int m = Math.min(tp, max);
        int[] out = new int[m];
        for (int n = 0; n < m; n++) {
            out[n] = m == 1 ? 0 : (int) Math.round((double) n * (tp - 1) / (m - 1));
        }
        return out;
    }

    private static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    private static double etaOf(Trajectory tr) {
        return CsvWriter.eta(tr);
    }

    private static Path save(XYChart chart, Path prefix, String what, Format fmt) throws IOException {
        String file = prefix + "_" + what + "." + fmt.extension();
        // XChart writes PNGs through a FileImageOutputStream, which does not truncate: overwriting a larger
        // file would leave its tail behind.
        Files.deleteIfExists(Path.of(file));
        if (fmt == Format.PNG) {
            BitmapEncoder.saveBitmapWithDPI(chart, file, BitmapFormat.PNG, DPI);
            return Path.of(BitmapEncoder.addFileExtension(file, BitmapFormat.PNG));
        }
        VectorGraphicsEncoder.saveVectorGraphic(chart, file, VectorGraphicsFormat.SVG);
        return Path.of(VectorGraphicsEncoder.addFileExtension(file, VectorGraphicsFormat.SVG));
    }
}
