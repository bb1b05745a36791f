import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line plot of a whitespace table (header: x name, then series names; NaN entries skipped) with XChart from the dln jar:
 * java -cp dln.jar Plot.java TABLE OUT.png "title" "x label" "y label" logx(0|1) logy(0|1) [markers(0|1)]
 */
public class Plot {
    public static void main(String[] a) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(a[0]));
        String[] head = lines.get(0).trim().split("\\s+");
        List<double[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) {
                continue;
            }
            String[] f = l.trim().split("\\s+");
            double[] r = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                r[i] = Double.parseDouble(f[i]);
            }
            rows.add(r);
        }
        XYChart c = new XYChartBuilder().width(820).height(520).title(a[2]).xAxisTitle(a[3]).yAxisTitle(a[4]).build();
        boolean logx = a[5].equals("1"), logy = a[6].equals("1"), markers = a.length > 7 && a[7].equals("1");
        c.getStyler().setXAxisLogarithmic(logx);
        c.getStyler().setYAxisLogarithmic(logy);
        for (int s = 1; s < head.length; s++) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (double[] r : rows) {
                double x = r[0], y = r[s];
                if (Double.isNaN(y) || (logx && x <= 0) || (logy && y <= 0)) {
                    continue;
                }
                xs.add(x);
                ys.add(y);
            }
            if (!xs.isEmpty()) {
                c.addSeries(head[s], xs, ys).setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            }
        }
        BitmapEncoder.saveBitmap(c, a[1].replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }
}
