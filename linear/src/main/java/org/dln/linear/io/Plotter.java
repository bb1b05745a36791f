package org.dln.linear.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.dln.linear.io.FigureTheme.Format;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures of one or more trajectories (docs/formats.md): {@code <prefix>_loss}, {@code <prefix>_predictions} and
 * {@code <prefix>_ntk}, as PNG, SVG or PDF, in the {@link FigureTheme} style, against time: ηt for gradient descent
 * and simulations, t for gradient flow. Each entry (f_μ, K_μν) has its own colour and each run its own line style;
 * observables with a standard error (sampling, simulation ensembles) are drawn as their mean with a shaded band of
 * ± 1 standard error. Lines are thinned to the points that move them by a visible amount. Titles state the problem
 * (L, γ₀, η or "gradient flow", λ, the activation). Works without a display.
 */
public final class Plotter {
    /** Most time points read per line before thinning. */
    static final int MAX_LINE_POINTS = 100_000;
    /** Most time points of an error band. */
    static final int MAX_BAND_POINTS = 2_000;
    /** A line point is dropped when it moves the line by less than this fraction of the axis ranges. */
    static final double LINE_TOLERANCE = 2e-4;
    /** The loss gets a logarithmic axis when its largest value exceeds its smallest by more than this factor. */
    static final double MIN_LOG_RATIO = 100;
    /** Beyond this many entries per run the legend names each run once instead of every entry. */
    static final int MAX_LEGEND_ENTRIES = 10;
    /** Approximate plot area (pixels) of a {@link FigureTheme} chart, for the legend placement. */
    private static final double PLOT_WIDTH = 790;
    private static final double PLOT_HEIGHT = 430;

    private Plotter() {
    }

    /** How one run is drawn: its legend name, its index (line style) and whether it has standard errors. */
    private record RunStyle(Solution run, String name, int index, boolean errors) {
        BasicStroke line() {
            return FigureTheme.LINES[index % FigureTheme.LINES.length];
        }
    }

    /** Points over time: x (time), y (axis values; non-finite ones NaN, drawn as gaps), the standard errors or null. */
    private record Points(double[] x, double[] y, double[] e) {

        /** Whether every value (gaps aside, at least one) is positive, so that a logarithmic axis can show it. */
        boolean allPositive() {
            return Arrays.stream(y).anyMatch(v -> v > 0) && Arrays.stream(y).allMatch(v -> Double.isNaN(v) || v > 0);
        }
    }

    /** A series waiting to be drawn: a line, or a band (polygon of the mean ± the standard error). */
    private record Pending(String name, double[] x, double[] y, Color colour, BasicStroke line, boolean band,
                           boolean inLegend) {
    }

    /**
     * Writes the three figures of {@code runs} (drawn on the same axes, in the given order): the loss (logarithmic
     * axis when all its values are positive and span more than two decades; a band's lower edge is then cut at a tenth of the value), the
     * predictions f_μ with their targets y_μ as thin dashed lines, and the NTK entries K_μν with μ ≤ ν. Missing parent
     * directories of {@code prefix} are created; existing figures are replaced.
     *
     * @param runs   trajectories to draw, at least one
     * @param prefix path prefix; the files are {@code <prefix>_loss.<fmt>}, {@code <prefix>_predictions.<fmt>},
     *               {@code <prefix>_ntk.<fmt>}
     * @param format "png" (150 dpi), "svg" or "pdf", case-insensitive
     * @return the paths of the files written, in the order loss, predictions, ntk
     * @throws IllegalArgumentException if the format is unknown (naming the figure formats) or there are no runs
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(List<Solution> runs, Path prefix, String format) throws IOException {
        Format fmt = Format.parse(format);
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no trajectories");
        }
        List<RunStyle> styles = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Solution r = runs.get(i);
            styles.add(new RunStyle(r, FigureText.runName(r, runs), i, withErrors(r)));
        }
        String params = FigureText.problem(runs);
        String xTitle = FigureText.timeAxis(runs);
        Path parent = prefix.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        List<Path> out = new ArrayList<>();
        out.add(save(lossChart(styles, params, xTitle), prefix, "loss", fmt));
        out.add(save(predictionsChart(styles, params, xTitle), prefix, "predictions", fmt));
        out.add(save(ntkChart(styles, params, xTitle), prefix, "ntk", fmt));
        return out;
    }

    private static boolean withErrors(Solution r) {
        return r.observables().values().stream().anyMatch(Observable::hasStderr);
    }

    private static XYChart lossChart(List<RunStyle> styles, String params, String xTitle) {
        List<Points> pts = new ArrayList<>();
        boolean log = true;
        for (RunStyle s : styles) {
            Observable o = s.run().get("loss");
            Points p = o == null ? null : points(s.run(), o, 0);
            pts.add(p);
            log &= p == null || p.allPositive();
        }
        log &= pts.stream().anyMatch(p -> p != null);
        if (log) { // a logarithmic axis only when the loss spans more than two decades; below that, nice linear ticks read better
            double lo = Double.POSITIVE_INFINITY, hi = 0;
            for (Points p : pts) {
                for (int n = 0; p != null && n < p.y().length; n++) {
                    if (p.y()[n] > 0) {
                        lo = Math.min(lo, p.y()[n]);
                        hi = Math.max(hi, p.y()[n]);
                    }
                }
            }
            log = hi / lo > MIN_LOG_RATIO;
        }
        List<Pending> series = new ArrayList<>();
        boolean cut = false;
        for (int i = 0; i < styles.size(); i++) {
            Points p = pts.get(i);
            if (p == null) {
                continue;
            }
            RunStyle s = styles.get(i);
            Color c = FigureTheme.colour(i);
            if (p.e() != null) {
                cut |= addBand(series, p, c, log, bandLegend(series));
            }
            series.add(new Pending(s.name(), p.x(), log ? log10(p.y()) : p.y(), c, s.line(), false, true));
        }
        if (cut) {
            renameBandLegend(series, " (cut at a tenth of the value)");
        }
        return render("Training loss — " + params, xTitle, "loss", series, log);
    }

    private static XYChart predictionsChart(List<RunStyle> styles, String params, String xTitle) {
        List<Pending> series = new ArrayList<>();
        for (RunStyle s : styles) {
            Observable f = s.run().get("f");
            if (f != null) {
                addEntries(series, s, f, IntStream.range(0, f.width()).toArray(), false);
                addWidthBands(series, s, f, s.run().get("var_f"), IntStream.range(0, f.width()).toArray());
            }
        }
        addTargets(series, styles);
        addRunRows(series, styles);
        return render("Predictions on the training inputs — " + params, xTitle, "prediction f(xμ)", series, false);
    }

    private static XYChart ntkChart(List<RunStyle> styles, String params, String xTitle) {
        List<Pending> series = new ArrayList<>();
        for (RunStyle s : styles) {
            Observable ntk = s.run().get("ntk");
            if (ntk == null || ntk.shape().length != 3) {
                continue;
            }
            int rows = ntk.shape()[1];
            int cols = ntk.shape()[2];
            int[] upper = IntStream.range(0, rows * cols).filter(k -> k / cols <= k % cols).toArray();
            addEntries(series, s, ntk, upper, true);
            addWidthBands(series, s, ntk, s.run().get("var_ntk"), upper);
        }
        addRunRows(series, styles);
        return render("Neural tangent kernel Kμν, μ ≤ ν — " + params, xTitle, "NTK Kμν", series, false);
    }

    /**
     * The series of the given entries of an observable of one run. Legend: with one run, a row per entry ("f₀", in its
     * colour); with several runs, a row per run (its line style, in black) added by {@link #addRunRows} and a row per
     * entry (its colour) for the first run only. With more than {@value #MAX_LEGEND_ENTRIES} entries, one row for all.
     */
    private static void addEntries(List<Pending> series, RunStyle s, Observable o, int[] entries, boolean kernel) {
        boolean legendPerEntry = entries.length <= MAX_LEGEND_ENTRIES;
        for (int n = 0; n < entries.length; n++) {
            Points p = points(s.run(), o, entries[n]);
            Color c = FigureTheme.colour(n);
            if (p.e() != null) {
                addBand(series, p, c, false, bandLegend(series));
            }
            String entry = kernel ? FigureText.kernelEntry(o, entries[n]) : FigureText.vectorEntry("f", entries[n]);
            String name = legendPerEntry ? entry : (kernel ? "K" : "f") + ": " + entries.length + " entries";
            series.add(new Pending(name, p.x(), p.y(), c, s.line(), false,
                    s.index() == 0 && (legendPerEntry || n == 0)));
        }
    }

    /**
     * With several runs, or one that is not the exact DMFT, one legend row per run in its line style (a series of one
     * point: nothing drawn); a single run's row has no line, only its name.
     */
    private static void addRunRows(List<Pending> series, List<RunStyle> styles) {
        if (styles.size() < 2 && styles.get(0).name().equals("DMFT")) {
            return;
        }
        double x = Double.NaN, y = Double.NaN;
        for (Pending p : series) {
            if (!p.band() && p.x().length > 0) {
                x = p.x()[0];
                y = p.y()[0];
                break;
            }
        }
        // one run: its row names what the curves are, with no line (a black line would stand for a curve not drawn)
        Color key = styles.size() == 1 ? new Color(0, 0, 0, 0) : Color.BLACK;
        for (RunStyle s : styles) {
            series.add(new Pending(s.name(), new double[] {x}, new double[] {y}, key, s.line(), false, true));
        }
    }

    /** Whether the next band is the first one (the only one named in the legend). */
    private static boolean bandLegend(List<Pending> series) {
        return series.stream().noneMatch(Pending::band);
    }

    private static void renameBandLegend(List<Pending> series, String suffix) {
        for (int n = 0; n < series.size(); n++) {
            Pending p = series.get(n);
            if (p.band() && p.inLegend()) {
                series.set(n, new Pending(p.name() + suffix, p.x(), p.y(), p.colour(), p.line(), true, true));
            }
        }
    }

    /**
     * The band mean ± standard error as a closed polygon (gaps dropped); on a logarithmic axis a lower edge at or below
     * zero is cut at a tenth of the value. Returns whether any edge was cut.
     */
    private static boolean addBand(List<Pending> series, Points p, Color c, boolean log, boolean inLegend) {
        return addBand(series, p, c, log, inLegend, "shaded: ± 1 standard error");
    }

    /**
     * The finite-width band mean ± 2 sqrt(Var / N) of the given entries (docs/theory.md section 11), drawn like a
     * standard-error band in the entry's colour, when the run carries the variance observable ({@code var_f},
     * {@code var_ntk}: N Var, entry by entry as the mean) and {@code method.fluctuation_width} N.
     */
    private static void addWidthBands(List<Pending> series, RunStyle s, Observable mean, Observable var, int[] entries) {
        double width = s.run().method().number("fluctuation_width", 0);
        if (var == null || !(width > 0) || var.timePoints() != mean.timePoints()) {
            return;
        }
        boolean first = series.stream().noneMatch(p -> p.band() && p.name().startsWith("shaded: ± 2σ"));
        for (int n = 0; n < entries.length; n++) {
            Points m = points(s.run(), mean, entries[n]);
            Points v = points(s.run(), var, entries[n]);
            double[] e = new double[m.y().length];
            for (int t = 0; t < e.length; t++) {
                double sd = 2 * Math.sqrt(Math.max(0, v.y()[t]) / width);
                e[t] = Double.isFinite(sd) ? sd : 0.0;
            }
            addBand(series, new Points(m.x(), m.y(), e), FigureTheme.colour(n), false, first && n == 0,
                    "shaded: ± 2σ/√N, N = " + (long) width + " (finite width)");
        }
    }

    private static boolean addBand(List<Pending> series, Points p, Color c, boolean log, boolean inLegend, String name) {
        int[] idx = evenlySpaced(p.x().length, MAX_BAND_POINTS);
        List<double[]> upper = new ArrayList<>();
        List<double[]> lower = new ArrayList<>();
        boolean cut = false;
        for (int n : idx) {
            double y = p.y()[n], e = p.e()[n], x = p.x()[n];
            if (Double.isNaN(y) || !Double.isFinite(x)) {
                continue;
            }
            double lo = y - e, hi = y + e;
            if (log) {
                if (!(lo > 0)) {
                    lo = y / 10;
                    cut = true;
                }
                lo = Math.log10(lo);
                hi = Math.log10(hi);
            }
            upper.add(new double[] {x, hi});
            lower.add(new double[] {x, lo});
        }
        if (upper.size() < 2) {
            return cut;
        }
        int m = upper.size();
        double[] bx = new double[2 * m];
        double[] by = new double[2 * m];
        for (int n = 0; n < m; n++) {
            bx[n] = upper.get(n)[0];
            by[n] = upper.get(n)[1];
            bx[2 * m - 1 - n] = lower.get(n)[0];
            by[2 * m - 1 - n] = lower.get(n)[1];
        }
        series.add(new Pending(name, bx, by, c, null, true, inLegend));
        return cut;
    }

    /** The targets y_μ as thin dashed horizontal lines across the time range, in the colour of f_μ. */
    private static void addTargets(List<Pending> series, List<RunStyle> styles) {
        double[] y = styles.get(0).run().problem().y();
        double tMax = 0;
        for (RunStyle s : styles) {
            double t = s.run().time(Math.max(0, s.run().timePoints() - 1));
            if (Double.isFinite(t)) {
                tMax = Math.max(tMax, t);
            }
        }
        for (int mu = 0; mu < y.length; mu++) {
            series.add(new Pending("targets yμ (thin dashes)", new double[] {0, tMax}, new double[] {y[mu], y[mu]},
                    FigureTheme.colour(mu), FigureTheme.REFERENCE_LINE, false, mu == 0));
        }
    }

    /** Entry k of an observable over time (up to {@value #MAX_LINE_POINTS} points), with its standard errors if any. */
    private static Points points(Solution run, Observable o, int k) {
        boolean errors = o.hasStderr();
        int[] ts = evenlySpaced(o.timePoints(), MAX_LINE_POINTS);
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

    private static double[] log10(double[] y) {
        return Arrays.stream(y).map(v -> axisValue(v, true)).toArray();
    }

    /**
     * The chart of the given series (y already in axis units: log10 of the values on a logarithmic axis); lines are
     * thinned to what is visible at the chart's axis ranges and the legend is put in a free corner if there is one.
     */
    private static XYChart render(String title, String xTitle, String yTitle, List<Pending> series, boolean logY) {
        XYChart chart = FigureTheme.newChart(title, xTitle, yTitle);
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (Pending p : series) {
            for (int n = 0; n < p.x().length; n++) {
                if (Double.isFinite(p.x()[n]) && !Double.isNaN(p.y()[n])) {
                    xMin = Math.min(xMin, p.x()[n]);
                    xMax = Math.max(xMax, p.x()[n]);
                    yMin = Math.min(yMin, p.y()[n]);
                    yMax = Math.max(yMax, p.y()[n]);
                }
            }
        }
        if (!(xMax >= xMin)) { // nothing finite to draw
            xMin = 0;
            xMax = 1;
            yMin = 0;
            yMax = 1;
        }
        double xRange = xMax > xMin ? xMax - xMin : 1.0;
        double yRange = yMax > yMin ? yMax - yMin : Math.max(1.0, Math.abs(yMax));
        double y0 = yMin - 0.04 * yRange, y1 = yMax + 0.04 * yRange;
        double x0 = xMax > xMin ? xMin : xMin - 0.5, x1 = xMax > xMin ? xMax : xMax + 0.5;
        chart.getStyler().setXAxisMin(x0).setXAxisMax(x1).setYAxisMin(y0).setYAxisMax(y1);
        if (logY) {
            chart.getStyler().setyAxisTickLabelsFormattingFunction(FigureTheme::logTickLabel);
            // whole decades between ticks once the axis spans more than two decades
            double decades = y1 - y0;
            if (decades > 2) {
                chart.getStyler().setYAxisTickMarkSpacingHint((int) Math.ceil(PLOT_HEIGHT / Math.min(decades, 8) + 1));
            }
        }
        List<LegendPlacement.Curve> curves = new ArrayList<>();
        int rows = 0;
        int longest = 0;
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Pending p : series) {
            double[] x = p.x(), y = p.y();
            if (!p.band()) {
                double[][] xy = LineThinning.thin(x, y, xRange, yRange, false, LINE_TOLERANCE);
                x = xy[0];
                y = xy[1];
            }
            // XChart wants unique names; only legend rows are seen, and those are distinct
            String name = used.add(p.name()) ? p.name() : p.name() + " #" + used.size();
            used.add(name);
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(p.inLegend());
            if (p.band()) {
                s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
                s.setFillColor(FigureTheme.translucent(p.colour()));
                s.setLineColor(FigureTheme.translucent(p.colour()));
                s.setLineStyle(new BasicStroke(0.5f));
            } else {
                s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                s.setLineColor(p.colour());
                s.setLineStyle(p.line());
            }
            if (p.inLegend()) {
                rows++;
                longest = Math.max(longest, p.name().length());
            }
            curves.add(new LegendPlacement.Curve(fractions(x, x0, x1), fractions(y, y0, y1)));
        }
        org.knowm.xchart.style.Styler.LegendPosition pos = LegendPlacement.place(curves, rows, longest, PLOT_WIDTH, PLOT_HEIGHT);
        if (pos == org.knowm.xchart.style.Styler.LegendPosition.OutsideE) {
            // no corner is free: raise the top of the axes (at most 35 %) if that frees an upper corner
            double e = LegendPlacement.headroom(curves, rows, longest, PLOT_WIDTH, PLOT_HEIGHT);
            if (!Double.isNaN(e)) {
                double y1e = y0 + (y1 - y0) * (1 + e);
                chart.getStyler().setYAxisMax(y1e);
                List<LegendPlacement.Curve> raised = new ArrayList<>();
                for (LegendPlacement.Curve c : curves) {
                    raised.add(new LegendPlacement.Curve(c.x(), Arrays.stream(c.y()).map(v -> v / (1 + e)).toArray()));
                }
                pos = LegendPlacement.place(raised, rows, longest, PLOT_WIDTH, PLOT_HEIGHT);
            }
        }
        chart.getStyler().setLegendPosition(pos);
        // XChart puts a tick at (a subset of) the x values when every series' x values are equally spaced (bands of a
        // sampled run at t = 0, 0.05, ..): 40 overlapping labels on a 0..3.95 axis. One invisible point off that grid
        // (a line of one point draws nothing) keeps its ordinary spacing of round numbers.
        if (!Double.isNaN(yFirst(series))) {
            XYSeries off = chart.addSeries(" ", new double[] {x0 + (x1 - x0) / Math.PI}, new double[] {yFirst(series)});
            off.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            off.setMarker(SeriesMarkers.NONE);
            off.setLineColor(new Color(0, 0, 0, 0));
            off.setShowInLegend(false);
        }
        return chart;
    }

    /** The first finite y value of the series drawn (NaN if none). */
    private static double yFirst(List<Pending> series) {
        for (Pending p : series) {
            for (int n = 0; n < p.y().length; n++) {
                if (Double.isFinite(p.y()[n]) && Double.isFinite(p.x()[n])) {
                    return p.y()[n];
                }
            }
        }
        return Double.NaN;
    }

    private static double[] fractions(double[] v, double lo, double hi) {
        return Arrays.stream(v).map(a -> (a - lo) / (hi - lo)).toArray();
    }

    static double axisValue(double y, boolean log) {
        return log ? (y > 0 ? Math.log10(y) : Double.NaN) : y;
    }

    /** The line without the points that move it by less than {@link #LINE_TOLERANCE} of the axis ranges ({@link LineThinning}). */
    static double[][] thin(double[] x, double[] y, double xRange, double yRange, boolean logY) {
        return LineThinning.thin(x, y, xRange, yRange, logY, LINE_TOLERANCE);
    }

    /** A linear axis tick label (see {@link FigureTheme#tickLabel}). */
    static String tickLabel(double v) {
        return FigureTheme.tickLabel(v);
    }

    /** At most {@code max} time indices evenly spread over 0..tp-1, first and last included. */
    static int[] evenlySpaced(int tp, int max) {
        int m = Math.min(tp, max);
        if (m == tp) {
            return IntStream.range(0, tp).toArray();
        }
        double step = (double) (tp - 1) / (m - 1);
        int[] out = new int[m];
        int count = 0;
        for (int n = 0; n < m; n++) {
            int t = n == m - 1 ? tp - 1 : (int) Math.min(tp - 1, Math.round(n * step));
            if (count == 0 || t > out[count - 1]) {
                out[count++] = t;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    private static Path save(XYChart chart, Path prefix, String what, Format fmt) throws IOException {
        Path file = Path.of(prefix + "_" + what + "." + fmt.extension());
        FigureTheme.save(chart, file, fmt);
        return file;
    }
}
