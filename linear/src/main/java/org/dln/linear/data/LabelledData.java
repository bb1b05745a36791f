package org.dln.linear.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dln.linear.io.Npy;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * A labelled dataset: {@code n} items of {@code d} features and an integer label each. Features are kept in the
 * storage they came in (unsigned bytes for IDX images, doubles for CSV and .npy) and read one at a time with
 * {@link #feature}, so that a 60000 x 784 image file is not expanded to doubles before subsampling.
 */
public final class LabelledData {
    private final int n;
    private final int d;
    private final byte[] bytes;    // IDX storage, or null
    private final double[] values; // CSV / npy storage, or null
    private final int[] labels;

    private LabelledData(int n, int d, byte[] bytes, double[] values, int[] labels) {
        this.n = n;
        this.d = d;
        this.bytes = bytes;
        this.values = values;
        this.labels = labels;
    }

    public int size() {
        return n;
    }

    public int dimension() {
        return d;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Feature j of item i (IDX bytes as 0..255). */
    public double feature(int i, int j) {
        long k = (long) i * d + j;
        return bytes != null ? bytes[(int) k] & 0xff : values[(int) k];
    }

    /** From an IDX image file (n x rows x cols, or n x d) and an IDX label file (n). */
    public static LabelledData fromIdx(Path images, Path labelFile) {
        IdxFile.Array im = IdxFile.read(images);
        IdxFile.Array lb = IdxFile.read(labelFile);
        if (lb.dims().length != 1) {
            throw new InvalidInputException(InputError.UNREADABLE, "labels", "IDX label file", labelFile,
                    "wrong dimensions " + java.util.Arrays.toString(lb.dims()) + ": a label file has one dimension");
        }
        if (im.dims().length < 2) {
            throw new InvalidInputException(InputError.UNREADABLE, "images", "IDX image file", images,
                    "wrong dimensions " + java.util.Arrays.toString(im.dims()) + ": an image file has at least two (items x features)");
        }
        if (im.dims()[0] != lb.dims()[0]) {
            throw new InvalidInputException(InputError.SIZE_MISMATCH, "labels", "labels", lb.dims()[0],
                    "the image file's item count", im.dims()[0]);
        }
        int[] labels = new int[lb.dims()[0]];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = lb.get(i);
        }
        return new LabelledData(labels.length, im.itemSize(), im.data(), null, labels);
    }

    /** From a 2-d .npy feature array (n x d, float64/float32) and a 1-d .npy label array (integer-valued floats). */
    public static LabelledData fromNpy(Path features, Path labelFile) {
        Npy.Array f = Npy.read(features);
        Npy.Array l = Npy.read(labelFile);
        if (f.shape().length != 2) {
            throw new InvalidInputException(InputError.UNREADABLE, "features", ".npy feature file", features,
                    "shape " + java.util.Arrays.toString(f.shape()) + " is not 2-d (items x features)");
        }
        if (l.shape().length != 1 || l.shape()[0] != f.shape()[0]) {
            throw new InvalidInputException(InputError.UNREADABLE, "labels", ".npy label file", labelFile,
                    "shape " + java.util.Arrays.toString(l.shape()) + " is not (" + f.shape()[0] + ",), one label per item");
        }
        return new LabelledData(f.shape()[0], f.shape()[1], null, finite(features, f.data()), integerLabels(labelFile, l.data()));
    }

    /**
     * From a CSV file: one item per line, the label in the first column, then the features (the layout of the
     * Kaggle MNIST CSVs); a first line that does not parse as numbers is a header and skipped; blank lines are
     * skipped.
     */
    public static LabelledData fromCsv(Path file) {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",");
                double[] v = new double[parts.length];
                try {
                    for (int i = 0; i < parts.length; i++) {
                        v[i] = Double.parseDouble(parts[i].trim());
                    }
                } catch (NumberFormatException e) {
                    if (rows.isEmpty() && lineNo == 1) {
                        continue; // header
                    }
                    throw new InvalidInputException(InputError.UNREADABLE, "dataset", "CSV file", file,
                            "line " + lineNo + " is not a list of numbers (" + e.getMessage() + ")");
                }
                if (v.length < 2) {
                    throw new InvalidInputException(InputError.UNREADABLE, "dataset", "CSV file", file,
                            "line " + lineNo + " has " + v.length + " column: give label,feature1,feature2,...");
                }
                if (!rows.isEmpty() && v.length != rows.get(0).length) {
                    throw new InvalidInputException(InputError.UNREADABLE, "dataset", "CSV file", file,
                            "line " + lineNo + " has " + v.length + " columns but the first row has " + rows.get(0).length);
                }
                rows.add(v);
            }
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "dataset", "CSV file", file, e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(InputError.UNREADABLE, "dataset", "CSV file", file, "no data rows");
        }
        int n = rows.size(), d = rows.get(0).length - 1;
        double[] vals = new double[n * d];
        double[] lab = new double[n];
        for (int i = 0; i < n; i++) {
            lab[i] = rows.get(i)[0];
            System.arraycopy(rows.get(i), 1, vals, i * d, d);
        }
        return new LabelledData(n, d, null, finite(file, vals), integerLabels(file, lab));
    }

    private static double[] finite(Path file, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new InvalidInputException(InputError.UNREADABLE, "features", "feature file", file,
                        "entry " + i + " is " + v[i] + ": every feature must be finite");
            }
        }
        return v;
    }

    private static int[] integerLabels(Path file, double[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > 1e9) {
                throw new InvalidInputException(InputError.UNREADABLE, "labels", "label data", file,
                        "label " + i + " = " + v[i] + " is not an integer class");
            }
            out[i] = (int) v[i];
        }
        return out;
    }
}
