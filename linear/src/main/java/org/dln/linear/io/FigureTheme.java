package org.dln.linear.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.XYStyler;

/**
 * The one look of every dln figure (time plots of {@link Plotter}, Bayesian plots of {@link BayesPlot}): white
 * background, light solid grid, matplotlib's tab10 colours, sans-serif fonts sized for a journal column, tick labels
 * written as a person would ({@code 0.05}, {@code −0.2}, {@code 10⁻⁴}), the legend inside the axes when a corner is free
 * ({@link LegendPlacement}), and the three file formats PNG (150 dpi), SVG and PDF.
 */
public final class FigureTheme {
    static {
        // Before any AWT class (java.awt.Color below included) asks whether a display exists.
        System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    static final int DPI = 150;

    /** One colour per entry (matplotlib's tab10), cycled. */
    static final Color[] COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    /** One line style per run: solid, dashed, dash-dot, dotted. */
    static final BasicStroke[] LINES = {
        new BasicStroke(1.8f),
        new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f),
        new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {9f, 3f, 2f, 3f}, 0f),
        new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {1f, 3f}, 0f)};
    /** Reference lines (targets y_μ): thin dashes. */
    static final BasicStroke REFERENCE_LINE =
            new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f);
    /** Opacity of error bands (out of 255). */
    static final int BAND_ALPHA = 60;

    private FigureTheme() {
    }

    /** A figure file format: the ending of {@code --plot} (png, svg or pdf). */
    public enum Format {
        PNG, SVG, PDF;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The format named {@code s} (case-insensitive); IllegalArgumentException naming the three formats otherwise. */
        public static Format parse(String s) {
            if (s != null) {
                for (Format f : values()) {
                    if (f.extension().equalsIgnoreCase(s.trim())) {
                        return f;
                    }
                }
            }
            throw new IllegalArgumentException("unknown figure format '" + s + "' (use png, svg or pdf)");
        }
    }

    /** A chart in the theme's style, with the given title and axis titles; the legend position is set later. */
    static XYChart newChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(Color.GRAY);
        st.setPlotGridLinesColor(new Color(0xe4e4e4));
        st.setPlotGridLinesStroke(new BasicStroke(0.8f)); // solid: dashed grids bloat SVGs (dashes become shapes)
        st.setLegendLayout(LegendLayout.Vertical);
        st.setLegendBorderColor(new Color(0xbbbbbb));
        st.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setLegendSeriesLineLength(26);
        st.setLegendPadding(6);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        st.setChartTitleBoxVisible(false);
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setAxisTickLabelsColor(Color.DARK_GRAY);
        st.setMarkerSize(7);
        st.setErrorBarsColorSeriesColor(true);
        st.setAntiAlias(true);
        st.setChartPadding(14);
        st.setxAxisTickLabelsFormattingFunction(FigureTheme::tickLabel);
        st.setyAxisTickLabelsFormattingFunction(FigureTheme::tickLabel);
        return chart;
    }

    /** A colour of the palette, cycled. */
    static Color colour(int n) {
        return COLOURS[Math.floorMod(n, COLOURS.length)];
    }

    /** A colour with the band opacity. */
    static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), BAND_ALPHA);
    }

    /**
     * A linear axis tick label as written in a paper: at most 6 significant digits, no trailing zeros, a leading zero
     * ({@code 0.05}, never {@code .05}), a true minus sign (U+2212), and for tiny or huge values a power of ten in Unicode ({@code 2.5×10⁷},
     * {@code 10⁻⁵}), never {@code 1E-5}.
     */
    public static String tickLabel(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString().replace('-', '−');
        }
        String[] parts = String.format(Locale.ROOT, "%.5e", v).split("e");
        String mantissa = new BigDecimal(parts[0]).stripTrailingZeros().toPlainString();
        String power = "10" + superscript(Integer.parseInt(parts[1]));
        return switch (mantissa) {
            case "1" -> power;
            case "-1" -> "−" + power;
            default -> mantissa.replace('-', '−') + "×" + power;
        };
    }

    /**
     * The tick label of a logarithmic axis drawn as log10 of the values: {@code 10⁻⁴} at whole decades, else the
     * value itself to 2 significant digits ({@code 0.032}, {@code 3.2×10⁻⁵}).
     */
    public static String logTickLabel(double log10) {
        double k = Math.rint(log10);
        if (Math.abs(log10 - k) < 1e-9) {
            return k == 0 ? "1" : "10" + superscript((int) k);
        }
        double v = new BigDecimal(Math.pow(10, log10)).round(new MathContext(2)).doubleValue();
        return tickLabel(v);
    }

    /** An integer in Unicode superscript digits ({@code -12} → {@code ⁻¹²}). */
    public static String superscript(int n) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder sb = new StringBuilder(n < 0 ? "⁻" : "");
        for (char c : Integer.toString(Math.abs(n)).toCharArray()) {
            sb.append(digits.charAt(c - '0'));
        }
        return sb.toString();
    }

    /** An integer in Unicode subscript digits ({@code 12} → {@code ₁₂}). */
    public static String subscript(int n) {
        String digits = "₀₁₂₃₄₅₆₇₈₉";
        StringBuilder sb = new StringBuilder(n < 0 ? "₋" : "");
        for (char c : Integer.toString(Math.abs(n)).toCharArray()) {
            sb.append(digits.charAt(c - '0'));
        }
        return sb.toString();
    }

    /** A parameter value as in a title: the shortest exact decimal ({@code 1}, {@code 0.05}, {@code 10⁻⁴}). */
    public static String number(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        return tickLabel(v);
    }

    /** Writes the chart to {@code file} in {@code fmt} (atomically: temporary file, then rename). */
    static void save(XYChart chart, Path file, Format fmt) throws IOException {
        // the temporary file is new, so XChart's non-truncating PNG stream cannot leave an older tail behind
        switch (fmt) {
            case PNG -> AtomicFiles.write(file, tmp -> BitmapEncoder.saveBitmapWithDPI(chart, tmp.toString(), BitmapFormat.PNG, DPI));
            case SVG -> AtomicFiles.write(file, tmp -> VectorGraphicsEncoder.saveVectorGraphic(chart, tmp.toString(), VectorGraphicsFormat.SVG));
            case PDF -> AtomicFiles.write(file, tmp -> VectorGraphicsEncoder.saveVectorGraphic(chart, tmp.toString(), VectorGraphicsFormat.PDF));
        }
    }
}
