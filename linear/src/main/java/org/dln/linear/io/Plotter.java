package org.dln.linear.io;

import org.dln.linear.result.Solution;
import org.dln.linear.result.Observable;
import org.dln.linear.problem.Problem;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
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
 * Figures of one or more trajectories (docs/formats.md): {@code <prefix>_loss}, {@code <prefix>_predictions} and
 * {@code <prefix>_ntk}, as PNG or SVG, against time eta t. Each entry (f[mu], K[i][j]) has its own colour; theory
 * runs (observables without standard error) are drawn as lines, one line style per run, and simulation runs
 * (with standard error) as markers with error bars, one marker shape per run, at most
 * {@value #MAX_ERROR_BAR_POINTS} points per entry, staggered in time between entries and runs so that bars do
 * not hide each other. Lines are thinned to the points that move them by a visible amount. Works without a
 * display (sets {@code java.awt.headless}).
 */
public final class Plotter {
    static {
        // Before any AWT class (java.awt.Color below included) asks whether a display exists.
        System.setProperty("java.awt.headless", "true");
    }

    /** Most points drawn per error-bar series, so that the bars stay readable. */
    public static final int MAX_ERROR_BAR_POINTS = 40;
    /** Most time points read per line before thinning. */
    static final int MAX_LINE_POINTS = 100_000;
    /** A line point is dropped when it moves the line by less than this fraction of the axis ranges. */
    static final double LINE_TOLERANCE = 2e-4;
    /** Beyond this many entries per run the legend names each run once instead of every entry. */
    static final int MAX_LEGEND_ENTRIES = 10;
    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    static final int DPI = 150;

    /** One colour per entry (matplotlib's tab10), cycled. */
    private static final Color[] COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    /** One line style per theory run: solid, dash-dot, dotted. */
    private static final BasicStroke[] LINES = {
        new BasicStroke(1.6f),
        new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {9f, 3f, 2f, 3f}, 0f),
        new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {1f, 3f}, 0f)};
    /** One marker per simulation run. */
    private static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN};
    /** The targets y_mu: thin dashes. */
    private static final BasicStroke BAND_LINE =
            new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10.0f, new float[] {2.0f, 3.0f}, 0.0f);
    private static final BasicStroke TARGET_LINE =
            new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private Plotter() {
    }

    /** A figure format (png or svg: the ending of {@code --plot}). */
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
            throw new IllegalArgumentException("unknown figure format '" + s + "' (use png or svg)");
        }
    }

    /**
     * How one run is drawn: its legend name, its line style (theory) or marker (simulation), and for a simulation
     * its position {@code slot} among the {@code slots} simulation runs (to stagger their error bars).
     */
    private record RunStyle(Solution run, String name, BasicStroke line, Marker marker, int slot, int slots) {
    }

    /**
     * Points over time: x = eta t, the values (non-finite ones as NaN, drawn as gaps) and the error bars
     * (standard errors) or null.
     */
    private record Points(double[] x, double[] y, double[] e) {

        /** Whether every value (gaps aside, at least one) is positive, so that a logarithmic axis can show it. */
        boolean allPositive() {
            return Arrays.stream(y).anyMatch(v -> v > 0) && Arrays.stream(y).allMatch(v -> Double.isNaN(v) || v > 0);
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

    /** A series waiting to be drawn: a line (marker null) or markers with error bars (line null). */
    private record Pending(String name, Points points, Color colour, BasicStroke line, Marker marker,
                           boolean inLegend) {
    }

    /**
     * Writes the three figures of {@code runs} (drawn on the same axes, in the given order): the loss (log scale
     * when all its values are positive; error bars that would reach zero are then cut, and the legend says so),
     * the predictions f[mu] with their targets y_mu as dashed horizontal lines, and the NTK entries K[i][j] with
     * i &lt;= j. Titles give L, gamma0 and eta of the problem. Missing parent directories of {@code prefix} are
     * created; existing figures are replaced.
     *
     * @param runs   trajectories to draw, at least one
     * @param prefix path prefix; the files are {@code <prefix>_loss.<fmt>}, {@code <prefix>_predictions.<fmt>},
     *               {@code <prefix>_ntk.<fmt>}
     * @param format "png" (150 dpi) or "svg", case-insensitive
     * @return the paths of the files written, in the order loss, predictions, ntk
     * @throws IllegalArgumentException if the format is unknown (naming the figure format), there are no runs,
     *                                  or a run's problem has no eta
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(List<Solution> runs, Path prefix, String format) throws IOException {
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

    private static List<RunStyle> styles(List<Solution> runs) {
        Map<String, Integer> labelCount = new HashMap<>();
        for (Solution r : runs) {
            labelCount.merge(r.label(), 1, Integer::sum);
        }
        int simulations = (int) runs.stream().filter(Plotter::withErrors).count();
        List<RunStyle> out = new ArrayList<>();
        int lines = 0;
        int markers = 0;
        for (int i = 0; i < runs.size(); i++) {
            Solution r = runs.get(i);
            String name = labelCount.get(r.label()) > 1 ? "run " + (i + 1) + ": " + r.label() : r.label();
            out.add(withErrors(r)
                    ? new RunStyle(r, name, null, MARKERS[markers % MARKERS.length], markers++, simulations)
                    : new RunStyle(r, name, LINES[lines++ % LINES.length], null, 0, 1));
        }
        return out;
    }

    private static boolean withErrors(Solution r) {
        return r.observables().values().stream().anyMatch(Observable::hasStderr);
    }

    /** "L = 2, gamma0 = 1.0, eta = 0.05", or the distinct values of several runs joined by " | ". */
    private static String parameters(List<Solution> runs) {
        Set<String> distinct = new LinkedHashSet<>();
        for (Solution r : runs) {
            Problem p = r.problem();
            distinct.add(String.format(Locale.ROOT, "L = %s, gamma0 = %s, eta = %s", p.depth(), p.gamma0(), p.eta()));
        }
        return String.join(" | ", distinct);
    }

    private static XYChart lossChart(List<RunStyle> styles, String params) {
        List<Pending> series = new ArrayList<>();
        for (RunStyle s : styles) {
            Observable o = s.run().get("loss");
            if (o != null) {
                Points pts = points(s.run(), o, 0, (double) s.slot() / s.slots());
                series.add(pending(s, s.name(), pts, COLOURS[0], true));
            }
        }
        boolean log = !series.isEmpty() && series.stream().allMatch(p -> p.points().allPositive());
        if (log) {
            for (int n = 0; n < series.size(); n++) {
                Pending p = series.get(n);
                if (p.points().clipForLogAxis()) {
                    series.set(n, new Pending(p.name() + " (bars to 0 cut)", p.points(), p.colour(), p.line(),
                            p.marker(), p.inLegend()));
                }
            }
        }
        return render("Training loss (" + params + ")", "loss", series, log);
    }

    private static XYChart predictionsChart(List<RunStyle> styles, String params) {
        List<Pending> series = new ArrayList<>();
        for (RunStyle s : styles) {
            Observable f = s.run().get("f");
            if (f != null) {
                addEntries(series, s, f, IntStream.range(0, f.width()).toArray(), "f");
                addBands(series, s, f, s.run().get("var_f"), IntStream.range(0, f.width()).toArray(), IntStream.range(0, f.width()).toArray());
            }
        }
        addTargets(series, styles);
        return render("Predictions f(x_mu) and targets y_mu (" + params + ")", "f", series, false);
    }

    private static XYChart ntkChart(List<RunStyle> styles, String params) {
        List<Pending> series = new ArrayList<>();
        for (RunStyle s : styles) {
            Observable ntk = s.run().get("ntk");
            if (ntk == null || ntk.shape().length != 3) {
                continue;
            }
            int rows = ntk.shape()[1];
            int cols = ntk.shape()[2];
            int[] upper = IntStream.range(0, rows * cols).filter(k -> k / cols <= k % cols).toArray();
            addEntries(series, s, ntk, upper, "K");
            addBands(series, s, ntk, s.run().get("var_ntk"), upper, upper);
        }
        return render("Neural tangent kernel K[i][j], i <= j (" + params + ")", "K", series, false);
    }

    /** The series of the given entries of an observable of one run; with many entries the legend names the run once. */
    private static void addEntries(List<Pending> series, RunStyle s, Observable o, int[] entries, String symbol) {
        boolean legendPerEntry = entries.length <= MAX_LEGEND_ENTRIES;
        for (int n = 0; n < entries.length; n++) {
            String name = legendPerEntry || n > 0 ? s.name() + " " + symbol + o.entryLabel(entries[n])
                    : s.name() + " " + symbol + " (" + entries.length + " entries)";
            double phase = (double) (s.slot() * entries.length + n) / (s.slots() * entries.length);
            series.add(pending(s, name, points(s.run(), o, entries[n], phase), COLOURS[n % COLOURS.length],
                    legendPerEntry || n == 0));
        }
    }

    /**
     * The finite-width band mean +- 2 sqrt(var / N) of the given entries (thin dotted lines in the entry's colour, one
     * legend entry) when the run carries the variance observable and {@code method.fluctuation_width} N.
     */
    private static void addBands(List<Pending> series, RunStyle s, Observable mean, Observable var, int[] entries, int[] varEntries) {
        double width = s.run().method().number("fluctuation_width", 0);
        if (var == null || !(width > 0) || var.timePoints() != mean.timePoints()) {
            return;
        }
        int tn = mean.timePoints();
        for (int n = 0; n < entries.length; n++) {
            for (int sign = -1; sign <= 1; sign += 2) {
                double[] x = new double[tn], y = new double[tn];
                for (int t = 0; t < tn; t++) {
                    x[t] = s.run().time(t);
                    y[t] = finiteOrNaN(mean.value(t, entries[n]) + sign * 2 * Math.sqrt(Math.max(0, var.value(t, varEntries[n])) / width));
                }
                boolean legend = n == 0 && sign == 1;
                String name = legend ? s.name() + " +- 2 sigma / sqrt(N), N = " + (long) width
                        : s.name() + " band " + mean.name() + mean.entryLabel(entries[n]) + (sign > 0 ? " +" : " -");
                series.add(new Pending(name, new Points(x, y, null),
                        COLOURS[n % COLOURS.length], BAND_LINE, null, legend));
            }
        }
    }

    /** The targets y_mu as dashed horizontal lines across the time range, in the colour of f[mu]. */
    private static void addTargets(List<Pending> series, List<RunStyle> styles) {
        double[] y = styles.get(0).run().problem().y();
        if (y.length == 0) {
            return;
        }
        double tMax = 0;
        for (RunStyle s : styles) {
            tMax = Math.max(tMax, s.run().time(Math.max(0, s.run().timePoints() - 1)));
        }
        boolean legendPerEntry = y.length <= MAX_LEGEND_ENTRIES;
        for (int mu = 0; mu < y.length; mu++) {
            String name = legendPerEntry || mu > 0 ? "target y[" + mu + "]" : "targets y (dashed)";
            double target = y[mu];
            Points line = new Points(new double[] {0, tMax}, new double[] {target, target}, null);
            series.add(new Pending(name, line, COLOURS[mu % COLOURS.length], TARGET_LINE, null,
                    legendPerEntry || mu == 0));
        }
    }

    private static Pending pending(RunStyle s, String name, Points points, Color colour, boolean inLegend) {
        return new Pending(name, points, colour, s.line(), s.marker(), inLegend);
    }

    /**
     * Entry k of an observable over time. With a standard error: at most {@value #MAX_ERROR_BAR_POINTS} points,
     * shifted by {@code phase} of their spacing; without: every time point (up to {@value #MAX_LINE_POINTS}).
     */
    private static Points points(Solution run, Observable o, int k, double phase) {
        etaOf(run); // validates that the run has a time axis
        boolean errors = o.hasStderr();
        int[] ts = errors ? evenlySpaced(o.timePoints(), MAX_ERROR_BAR_POINTS, phase)
                : evenlySpaced(o.timePoints(), MAX_LINE_POINTS);
        double[] x = new double[ts.length];
        double[] y = new double[ts.length];
        double[] e = errors ? new double[ts.length] : null;
        for (int n = 0; n < ts.length; n++) {
            x[n] = run.time(ts[n]);
            y[n] = finiteOrNaN(o.value(ts[n], k));
            if (errors) {
                double se = o.stderr(ts[n], k);
                e[n] = Double.isFinite(se) && Double.isFinite(y[n]) ? Math.abs(se) : 0.0;
            }
        }
        return new Points(x, y, e);
    }

    /** The chart of the given series; lines are thinned to what is visible at the chart's axis ranges. */
    private static XYChart render(String title, String yTitle, List<Pending> series, boolean logY) {
        XYChart chart = newChart(title, yTitle);
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (Pending p : series) {
            for (int n = 0; n < p.points().x().length; n++) {
                double y = axisValue(p.points().y()[n], logY);
                xMin = Math.min(xMin, p.points().x()[n]);
                xMax = Math.max(xMax, p.points().x()[n]);
                if (!Double.isNaN(y)) {
                    yMin = Math.min(yMin, y);
                    yMax = Math.max(yMax, y);
                }
            }
        }
        double xRange = xMax > xMin ? xMax - xMin : 1.0;
        double yRange = yMax > yMin ? yMax - yMin : 1.0;
        for (Pending p : series) {
            Points pts = p.marker() == null ? thin(p.points(), xRange, yRange, logY) : p.points();
            XYSeries s = pts.e() != null ? chart.addSeries(p.name(), pts.x(), pts.y(), pts.e())
                    : chart.addSeries(p.name(), pts.x(), pts.y());
            s.setLineColor(p.colour());
            s.setMarkerColor(p.colour());
            s.setShowInLegend(p.inLegend());
            if (p.marker() != null) {
                s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                s.setMarker(p.marker());
            } else {
                s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(p.line());
            }
        }
        if (logY) {
            chart.getStyler().setYAxisLogarithmic(true);
        } else {
            chart.getStyler().setyAxisTickLabelsFormattingFunction(Plotter::tickLabel);
        }
        return chart;
    }

    static double axisValue(double y, boolean log) {
        return log ? (y > 0 ? Math.log10(y) : Double.NaN) : y;
    }

    /** The line without the points that move it by less than {@link #LINE_TOLERANCE} of the axis ranges ({@link LineThinning}). */
    static double[][] thin(double[] x, double[] y, double xRange, double yRange, boolean logY) {
        return LineThinning.thin(x, y, xRange, yRange, logY, LINE_TOLERANCE);
    }

    private static Points thin(Points p, double xRange, double yRange, boolean logY) {
        double[][] xy = thin(p.x(), p.y(), xRange, yRange, logY);
        return new Points(xy[0], xy[1], null);
    }

    private static XYChart newChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("time (eta t)").yAxisTitle(yTitle).build();
        XYStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(Color.GRAY);
        st.setPlotGridLinesColor(new Color(0xe4e4e4));
        st.setPlotGridLinesStroke(new BasicStroke(0.8f)); // solid: dashed grids bloat SVGs (dashes become shapes)
        st.setLegendPosition(LegendPosition.OutsideE);
        st.setLegendLayout(LegendLayout.Vertical);
        st.setLegendBorderColor(Color.GRAY);
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
        return evenlySpaced(tp, max, 0.0);
    }

    /**
     * At most {@code max} increasing time indices evenly spread over 0..tp-1, shifted by {@code phase} (in [0, 1))
     * of their spacing, the last one tp-1. Error-bar series of different entries and runs get different phases, so
     * that their markers sit at different (true) time points instead of on top of each other.
     */
    static int[] evenlySpaced(int tp, int max, double phase) {
        int m = Math.min(tp, max);
        if (m == tp) {
            return IntStream.range(0, tp).toArray();
        }
        double step = (double) (tp - 1) / (m - 1);
        int[] out = new int[m];
        int count = 0;
        for (int n = 0; n < m; n++) {
            int t = n == m - 1 ? tp - 1 : (int) Math.min(tp - 1, Math.round((n + phase) * step));
            if (count == 0 || t > out[count - 1]) {
                out[count++] = t;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    private static double etaOf(Solution tr) {
        return CsvWriter.eta(tr);
    }

    private static Path save(XYChart chart, Path prefix, String what, Format fmt) throws IOException {
        Path file = Path.of(prefix + "_" + what + "." + fmt.extension());
        // the temporary file is new, so XChart's non-truncating PNG stream cannot leave an older tail behind
        if (fmt == Format.PNG) {
            AtomicFiles.write(file, tmp -> BitmapEncoder.saveBitmapWithDPI(chart, tmp.toString(), BitmapFormat.PNG, DPI));
        } else {
            AtomicFiles.write(file, tmp -> VectorGraphicsEncoder.saveVectorGraphic(chart, tmp.toString(), VectorGraphicsFormat.SVG));
        }
        return file;
    }
}
