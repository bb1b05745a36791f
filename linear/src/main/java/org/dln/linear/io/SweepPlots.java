package org.dln.linear.io;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.sweep.Regime;
import org.dln.linear.sweep.TableData;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures of a sweep table (PNG): a phase diagram (the regime of each point by colour over two parameter axes), a heat
 * map of one observable over two axes, and line plots of an observable against one axis with one line per value of
 * another (error bars from its {@code _se} column when there is one).
 */
public final class SweepPlots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 700;
    /** The colour of each regime in a phase diagram. */
    static final Map<Regime, Color> COLOURS = Map.of(Regime.CONVERGED, new Color(0x2c7bb6), Regime.UNFINISHED, new Color(0xabd9e9),
            Regime.EDGE, new Color(0xfdae61), Regime.DIVERGED, new Color(0xd7191c), Regime.NOT_CONVERGED, new Color(0x999999),
            Regime.FAILED, Color.BLACK);

    private SweepPlots() {
    }

    /** The regime of each point over columns x and y. */
    public static Path phase(TableData t, String x, String y, boolean logX, boolean logY, Path file) throws IOException {
        int cx = t.column(x, "phase"), cy = t.column(y, "phase"), cr = t.column("regime", "phase");
        requireUnique(t, cx, cy, "phase");
        XYChart chart = FigureTheme.newChart("Regime over (" + symbol(x) + ", " + symbol(y) + ")", symbol(x), symbol(y));
        logAxes(chart, logX, logY);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter).setMarkerSize(14);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        for (Regime r : Regime.values()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (List<String> row : t.rows()) {
                if (row.get(cr).equals(r.id())) {
                    xs.add(axis(TableData.number(row, cx), logX));
                    ys.add(axis(TableData.number(row, cy), logY));
                }
            }
            if (!xs.isEmpty()) {
                XYSeries s = chart.addSeries(r.id() + " (" + xs.size() + ")", xs, ys);
                s.setMarker(SeriesMarkers.SQUARE).setMarkerColor(COLOURS.get(r));
            }
        }
        FigureTheme.save(chart, file, FigureTheme.Format.PNG);
        return file;
    }

    /** A heat map of column {@code value} (its log10 with {@code logValue}) over columns x and y (empty cells: no colour). */
    public static Path heat(TableData t, String x, String y, String value, boolean logValue, Path file) throws IOException {
        int cx = t.column(x, "heat"), cy = t.column(y, "heat"), cv = t.column(value, "heat");
        requireUnique(t, cx, cy, "heat");
        TreeSet<Double> xs = new TreeSet<>(), ys = new TreeSet<>();
        for (List<String> row : t.rows()) {
            xs.add(TableData.number(row, cx));
            ys.add(TableData.number(row, cy));
        }
        List<Double> xl = new ArrayList<>(xs), yl = new ArrayList<>(ys);
        List<Number[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (List<String> row : t.rows()) {
            double v = TableData.number(row, cv);
            v = logValue ? (v > 0 ? Math.log10(v) : Double.NaN) : v;
            if (Double.isFinite(v)) {
                cells.add(new Number[] {xl.indexOf(TableData.number(row, cx)), yl.indexOf(TableData.number(row, cy)), v});
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (cells.isEmpty()) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "heat", "heat", value, "the column has no finite value to draw");
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title((logValue ? "log10 " : "") + value + " over (" + x + ", " + y + ")  [blank: no value]")
                .xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setShowValue(false).setRangeColors(new Color[] {new Color(0x313695), new Color(0x74add1), new Color(0xfee090),
                new Color(0xf46d43), new Color(0xa50026)}).setMin(min).setMax(max == min ? min + 1 : max)
                .setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.4g", v)).setHeatMapValueDecimalPattern("0.###");
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.addSeries((logValue ? "log10 " : "") + value, labels(xl), labels(yl), cells);
        return save(chart, file);
    }

    /** Column {@code value} against column {@code x}, one line per value of column {@code by} (null: one line). */
    public static Path lines(TableData t, String x, String value, String by, boolean logX, boolean logY, Path file) throws IOException {
        int cx = t.column(x, "lines"), cv = t.column(value, "lines"), cb = by == null ? -1 : t.column(by, "lines");
        int cse = t.header().indexOf(value + "_se");
        Map<String, TreeMap<Double, double[]>> lines = new LinkedHashMap<>();
        for (List<String> row : t.rows()) {
            String key = cb < 0 ? value : row.get(cb);
            double v = TableData.number(row, cv);
            if (Double.isFinite(v)) {
                lines.computeIfAbsent(key, k -> new TreeMap<>()).put(TableData.number(row, cx), new double[] {v, cse < 0 ? Double.NaN : TableData.number(row, cse)});
            }
        }
        XYChart chart = FigureTheme.newChart(value + " against " + symbol(x) + (by == null ? "" : ", one line per " + symbol(by)),
                symbol(x), value);
        logAxes(chart, logX, logY);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        List<String> order = new ArrayList<>(lines.keySet());
        if (order.stream().noneMatch(k -> Double.isNaN(TableData.number(List.of(k), 0)))) {
            order.sort((a, b) -> Double.compare(TableData.number(List.of(a), 0), TableData.number(List.of(b), 0)));
        }
        for (String key : order) {
            TreeMap<Double, double[]> pts = lines.get(key);
            if (pts == null) {
                continue;
            }
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), es = new ArrayList<>();
            boolean errors = false;
            for (Map.Entry<Double, double[]> e : pts.entrySet()) {
                if (logY && !(e.getValue()[0] > 0)) {
                    continue;
                }
                xs.add(axis(e.getKey(), logX));
                ys.add(axis(e.getValue()[0], logY));
                es.add(Double.isFinite(e.getValue()[1]) ? e.getValue()[1] : 0.0);
                errors |= Double.isFinite(e.getValue()[1]) && !logY;
            }
            if (xs.isEmpty()) {
                continue;
            }
            String label = by == null ? value : symbol(by) + " = " + (Double.isNaN(TableData.number(List.of(key), 0)) ? key
                    : FigureTheme.number(Double.parseDouble(String.format(Locale.ROOT, "%.4g", TableData.number(List.of(key), 0)))));
            XYSeries s = errors ? chart.addSeries(label, xs, ys, es) : chart.addSeries(label, xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            Color colour = FigureTheme.colour(chart.getSeriesMap().size() - 1);
            s.setLineColor(colour);
            s.setMarkerColor(colour);
        }
        FigureTheme.save(chart, file, FigureTheme.Format.PNG);
        return file;
    }

    /** The symbol of a grid axis in titles (gamma0 -> γ₀, eta -> η, lambda -> λ, beta -> β), other names as they are. */
    static String symbol(String column) {
        return switch (column) {
            case "gamma0" -> "γ₀";
            case "eta" -> "η";
            case "lambda", "weight_decay" -> "λ";
            case "beta" -> "β";
            default -> column;
        };
    }

    /** A logarithmic axis is drawn as log10 of the values with the theme's decade labels (as Plotter does). */
    private static void logAxes(XYChart chart, boolean logX, boolean logY) {
        if (logX) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(FigureTheme::logTickLabel);
        }
        if (logY) {
            chart.getStyler().setyAxisTickLabelsFormattingFunction(FigureTheme::logTickLabel);
        }
    }

    private static double axis(double v, boolean log) {
        return !log ? v : v > 0 ? Math.log10(v) : Double.NaN;
    }

    private static List<String> labels(List<Double> values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(String.format(Locale.ROOT, "%.3g", v));
        }
        return out;
    }

    /** Each (x, y) pair once: other varying columns must be fixed with --where. */
    private static void requireUnique(TableData t, int cx, int cy, String option) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (List<String> row : t.rows()) {
            if (!seen.add(row.get(cx) + "," + row.get(cy))) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, option, option, t.header().get(cx) + "," + t.header().get(cy),
                        "several rows share the point (" + row.get(cx) + ", " + row.get(cy) + "): select one value of the other parameters with --where COLUMN=VALUE");
            }
        }
        if (t.rows().isEmpty()) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, option, option, "the table", "no row to draw (check --where)");
        }
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapFormat.PNG));
        return file;
    }
}
