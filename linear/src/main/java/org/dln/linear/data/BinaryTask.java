package org.dln.linear.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * A binary regression task cut from a labelled dataset: targets +1 / -1 for a class pair ({@code a} -> +1,
 * {@code b} -> -1) or for odd / even labels (odd -> +1), P training and Q test items drawn without replacement with a
 * seed (from one set, split, or from a separate test set), inputs centred by the training mean (optional) and
 * normalised. Normalisation {@code sample}: every input scaled to |x|^2 = D, so Kx(x, x) = 1; {@code global}: one scale
 * so that the training mean of |x|^2 / D is 1; {@code none}. Kx = x . x' / D as everywhere in dln.
 *
 * @param positive   label mapped to +1 (or -1 for parity)
 * @param negative   label mapped to -1 (ignored for parity)
 * @param parity     odd (+1) vs even (-1) labels instead of a pair
 * @param train      P
 * @param test       Q
 * @param seed       subsampling seed
 * @param centre     subtract the training mean
 * @param normalise  "sample", "global" or "none"
 */
public record BinaryTask(int positive, int negative, boolean parity, int train, int test, long seed, boolean centre,
                         String normalise, int poolSize) {

    public BinaryTask(int positive, int negative, boolean parity, int train, int test, long seed, boolean centre, String normalise) {
        this(positive, negative, parity, train, test, seed, centre, normalise, 1);
    }

    /** The same task with k x k average pooling of square images. */
    public BinaryTask pooled(int k) {
        if (k < 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "pool", "pool", k, "must be >= 1");
        }
        return new BinaryTask(positive, negative, parity, train, test, seed, centre, normalise, k);
    }

    public BinaryTask {
        if (train < 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "P", "P", train, "the number of training items must be >= 1");
        }
        if (test < 0) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "Q", "Q", test, "the number of test items must be >= 0");
        }
        if (!parity && positive == negative) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "classes", "classes", positive + "," + negative,
                    "give two different labels");
        }
        if (!List.of("sample", "global", "none").contains(normalise)) {
            throw new InvalidInputException(InputError.UNKNOWN_VALUE, "normalise", "normalise", normalise, "sample, global, none");
        }
    }

    /** Parses "a,b" (a class pair) or "parity". */
    public static BinaryTask parse(String classes, int train, int test, long seed, boolean centre, String normalise) {
        if (classes.trim().equalsIgnoreCase("parity") || classes.trim().equalsIgnoreCase("odd-even")) {
            return new BinaryTask(1, 0, true, train, test, seed, centre, normalise);
        }
        String[] a = classes.split(",");
        try {
            if (a.length != 2) {
                throw new NumberFormatException();
            }
            return new BinaryTask(Integer.parseInt(a[0].trim()), Integer.parseInt(a[1].trim()), false, train, test, seed,
                    centre, normalise);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "classes", "classes", classes,
                    "give two labels a,b (a -> +1, b -> -1), e.g. 0,6 for T-shirt vs shirt, or 'parity'");
        }
    }

    /** The prepared task: inputs (P x D, Q x D) after centring and normalisation and the +-1 targets. */
    public record Prepared(double[][] x, double[] y, double[][] xTest, double[] yTest, String description) {
        public int dimension() {
            return x[0].length;
        }
    }

    /**
     * Average-pools square images (D = side^2) in k x k blocks before centring and normalisation (k = 1: unchanged);
     * the side must be a multiple of k.
     */
    public static double[][] pool(double[][] x, int k) {
        if (k == 1 || x.length == 0) {
            return x;
        }
        int d = x[0].length, side = (int) Math.round(Math.sqrt(d));
        if (side * side != d || side % k != 0) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "pool", "pool", k,
                    "pooling needs square images whose side (" + Math.sqrt(d) + ") is a multiple of k");
        }
        int s = side / k;
        double[][] out = new double[x.length][s * s];
        for (int n = 0; n < x.length; n++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    out[n][(i / k) * s + j / k] += x[n][i * side + j] / (k * k);
                }
            }
        }
        return out;
    }

    /** Draws from one set and splits it: the first P of a seeded shuffle train, the next Q test. */
    public Prepared prepare(LabelledData data) {
        return prepare(data, null);
    }

    /** Train items from {@code data}, test items from {@code testData} (null: split {@code data}). */
    public Prepared prepare(LabelledData data, LabelledData testData) {
        Random rng = new Random(seed);
        List<Integer> pool = pool(data);
        shuffle(pool, rng);
        List<Integer> testPool;
        if (testData == null) {
            testPool = pool.subList(Math.min(train, pool.size()), pool.size());
        } else {
            if (testData.dimension() != data.dimension()) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, "test-images", "test items' features",
                        testData.dimension(), "the training items' features", data.dimension());
            }
            testPool = pool(testData);
            shuffle(testPool, rng);
        }
        if (pool.size() < train || (testData == null && pool.size() < train + test) || testPool.size() < test) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "P", "P + Q", train + test,
                    "the task " + label() + " has " + pool.size() + " items" + (testData == null ? "" : " to train on and "
                            + testPool.size() + " test items") + "; lower P or Q");
        }
        LabelledData td = testData == null ? data : testData;
        double[][] x = pool(rows(data, pool.subList(0, train)), poolSize);
        double[][] xt = pool(rows(td, testPool.subList(0, test)), poolSize);
        double[] y = targets(data, pool.subList(0, train));
        double[] yt = targets(td, testPool.subList(0, test));
        int d = x[0].length;
        if (centre) {
            double[] mean = new double[d];
            for (double[] r : x) {
                for (int j = 0; j < d; j++) {
                    mean[j] += r[j] / train;
                }
            }
            for (double[][] set : new double[][][] {x, xt}) {
                for (double[] r : set) {
                    for (int j = 0; j < d; j++) {
                        r[j] -= mean[j];
                    }
                }
            }
        }
        if (normalise.equals("sample")) {
            for (double[][] set : new double[][][] {x, xt}) {
                for (double[] r : set) {
                    double n2 = 0;
                    for (double v : r) {
                        n2 += v * v;
                    }
                    if (n2 > 0) {
                        double s = Math.sqrt(d / n2);
                        for (int j = 0; j < d; j++) {
                            r[j] *= s;
                        }
                    }
                }
            }
        } else if (normalise.equals("global")) {
            double n2 = 0;
            for (double[] r : x) {
                for (double v : r) {
                    n2 += v * v;
                }
            }
            double s = n2 > 0 ? Math.sqrt((double) d * train / n2) : 1;
            for (double[][] set : new double[][][] {x, xt}) {
                for (double[] r : set) {
                    for (int j = 0; j < d; j++) {
                        r[j] *= s;
                    }
                }
            }
        }
        String desc = String.format(Locale.ROOT, "%s, P = %d, Q = %d, D = %d%s, seed = %d, %s, normalise = %s", label(), train,
                test, d, poolSize > 1 ? " (" + poolSize + "x" + poolSize + " average pooling)" : "", seed,
                centre ? "centred" : "not centred", normalise);
        return new Prepared(x, y, xt, yt, desc);
    }

    /** "labels a (+1) vs b (-1)" or "odd (+1) vs even (-1) labels". */
    public String label() {
        return parity ? "odd (+1) vs even (-1) labels" : "label " + positive + " (+1) vs " + negative + " (-1)";
    }

    private List<Integer> pool(LabelledData data) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            int l = data.label(i);
            if (parity || l == positive || l == negative) {
                idx.add(i);
            }
        }
        return idx;
    }

    /** Fisher-Yates with java.util.Random (reproducible across JVMs). */
    private static void shuffle(List<Integer> a, Random rng) {
        for (int i = a.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = a.get(i);
            a.set(i, a.get(j));
            a.set(j, t);
        }
    }

    private double[] targets(LabelledData data, List<Integer> idx) {
        double[] y = new double[idx.size()];
        for (int k = 0; k < y.length; k++) {
            int l = data.label(idx.get(k));
            y[k] = parity ? (Math.floorMod(l, 2) == 1 ? 1 : -1) : (l == positive ? 1 : -1);
        }
        return y;
    }

    private static double[][] rows(LabelledData data, List<Integer> idx) {
        int d = data.dimension();
        double[][] x = new double[idx.size()][d];
        for (int k = 0; k < x.length; k++) {
            int i = idx.get(k);
            for (int j = 0; j < d; j++) {
                x[k][j] = data.feature(i, j);
            }
        }
        return x;
    }
}
