package org.dln.linear.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.adaptive.AdaptiveRow;
import org.dln.linear.adaptive.AdaptiveStudy;
import org.dln.linear.data.LabelledData;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln adaptive}: adaptive (Bayes saddle point, weight-decay state) vs lazy predictors on a real-data task. */
@Command(name = "adaptive", description = {"Adaptive kernel predictors of deep linear networks on a real-data binary task (class pair "
        + "or odd/even labels as +-1 targets), for P up to thousands (low-rank / spectral solvers, docs/theory.md section 13): "
        + "test loss and test error of the Bayesian saddle point vs the NNGP (--beta) and of the weight-decay stationary state "
        + "vs NTK ridge regression (--weight-decay), over gamma0, beta / lambda, L and P. Markdown table to stdout, rows as CSV "
        + "(--csv), figures PREFIX_*_loss / _error (--plot). Data: --dataset fashion-mnist (scripts/install-datasets.sh), IDX "
        + "files (--images/--labels, optionally --test-images/--test-labels; .gz read), --features-csv, or --features-npy."})
final class AdaptiveCommand implements Callable<Integer> {
    static final String FASHION = "/usr/share/datasets/fashion-mnist/";

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist: the IDX files of the Debian package dataset-fashion-mnist "
            + "(train from train-*, test from t10k-*).")
    String dataset;

    @Option(names = "--images", paramLabel = "FILE", description = "IDX image file (items x rows x cols, unsigned bytes; .gz allowed).")
    Path images;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX label file matching --images.")
    Path labels;

    @Option(names = "--test-images", paramLabel = "FILE", description = "IDX test image file (default: split the training file).")
    Path testImages;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX test label file.")
    Path testLabels;

    @Option(names = "--features-csv", paramLabel = "FILE", description = "CSV: label,feature1,feature2,... per line (a header line is skipped).")
    Path csvFeatures;

    @Option(names = "--features-npy", paramLabel = "X.npy,Y.npy", description = "2-d float feature array and 1-d label array (.npy).")
    String npyFeatures;

    @Option(names = "--classes", required = true, paramLabel = "A,B|parity",
            description = "Labels A (+1) and B (-1), e.g. 0,6 (Fashion-MNIST T-shirt vs shirt) or 5,7 (sandal vs sneaker); or parity (odd +1, even -1).")
    String classes;

    @Option(names = "--train", paramLabel = "P1,P2,...", defaultValue = "250", description = "Training set sizes P (default 250).")
    String train;

    @Option(names = "--test", paramLabel = "Q", defaultValue = "1000", description = "Test items Q (default 1000).")
    int test;

    @Option(names = {"-L", "--depth"}, paramLabel = "L1,L2,...", defaultValue = "1", description = "Depths L (default 1).")
    String depths;

    @Option(names = "--gamma0-list", paramLabel = "G1,G2,...", defaultValue = "0,0.5,1,2,4", description = "Values of gamma0 (default 0,0.5,1,2,4).")
    String gammas;

    @Option(names = "--beta", paramLabel = "B1,B2,...", defaultValue = "10",
            description = "Inverse temperatures beta of the Bayesian predictor (default 10; none: no Bayes rows).")
    String betas;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA1,...", description = "Weight decays lambda of the stationary-state predictor (default: no decay rows).")
    String lambdas;

    @Option(names = "--loss", defaultValue = "sum", description = "Loss convention of the weight-decay rows: sum (s = 1) or mean (s = 1/P) (default sum).")
    String loss;

    @Option(names = "--seed", defaultValue = "1", description = "Subsampling seed (default 1).")
    long seed;

    @Option(names = "--no-centre", description = "Do not subtract the training mean.")
    boolean noCentre;

    @Option(names = "--normalise", defaultValue = "sample", description = "sample (|x|^2 = D each), global (mean |x|^2 = D) or none (default sample).")
    String normalise;

    @Option(names = "--pool", defaultValue = "1", description = "Average-pool square images in k x k blocks first (default 1: none).")
    int pool;

    @Option(names = "--tol", defaultValue = "1e-14", description = "Tolerance of the scalar root |g(ln r)| (default 1e-14).")
    double tol;

    @Option(names = "--check-limit", defaultValue = "4000",
            description = "Largest P whose P x P saddle / stationary residual is evaluated a posteriori (O(L P^2); default 4000).")
    int checkLimit;

    @Option(names = "--activation", defaultValue = "identity",
            description = "identity (deep linear, default) or relu / tanh / erf: a two-layer network with weight decay (--weight-decay), "
                    + "its infinite-width stationary state by a population of single-site draws, the lazy ReLU NTK ridge predictor, and "
                    + "with --simulate trained networks; with an explicit --beta also the Bayesian saddle point (tilted single-site "
                    + "measure sampled by elliptical slice sampling, docs/theory.md section 14.1) beside the NNGP, and with --simulate "
                    + "finite networks sampled by Langevin dynamics.")
    String activation;

    @Option(names = "--samples", defaultValue = "4096", description = "Nonlinear: draws S per replica (default 4096).")
    int samples;

    @Option(names = "--replicas", defaultValue = "8", description = "Nonlinear: independent replicas R for standard errors (default 8).")
    int replicas;

    @Option(names = "--eta", defaultValue = "0.05", description = "Nonlinear: gradient-descent step eta (default 0.05; eta lambda < 1).")
    double eta;

    @Option(names = "--steps", defaultValue = "20000", description = "Nonlinear: step limit (default 20000).")
    int steps;

    @Option(names = "--stationary-tol", defaultValue = "1e-6",
            description = "Nonlinear: stop when no prediction moves by more than this over 100 steps (default 1e-6).")
    double stationaryTol;

    @Option(names = "--sweeps", defaultValue = "400", description = "Nonlinear Bayes: measured sweeps per replica (default 400).")
    int sweeps;

    @Option(names = "--burn-in", defaultValue = "200", description = "Nonlinear Bayes: burn-in sweeps per replica (default 200).")
    int burnIn;

    @Option(names = "--langevin-time", defaultValue = "100",
            description = "Nonlinear Bayes with --simulate: recorded Langevin time per chain (dt = 0.01, burn-in 20; default 100).")
    double langevinTime;

    @Option(names = "--simulate", paramLabel = "N,SEEDS", description = "Nonlinear: also train SEEDS networks of width N for as many steps.")
    String simulate;

    @Option(names = "--threads", defaultValue = "1", description = "Nonlinear: threads of the network simulations (default 1).")
    int threads;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the rows as CSV (nonlinear rows: test loss and error of the "
            + "theory, the lazy predictor and the networks, and the theory-vs-networks z tally).")
    Path csv;

    @Option(names = "--plot", paramLabel = "PREFIX[.png|.svg]", description = "Figures PREFIX_bayes_betaB_loss.png etc. (deep linear rows).")
    Path plot;

    @Override
    public Integer call() throws Exception {
        OutputOptions.checkFile(csv, "csv");
        int[] ps = ints(train, "train", 1);
        int[] ls = ints(depths, "depth", 1);
        double[] g = ProblemOptions.parseVector(gammas, "gamma0-list");
        for (double v : g) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "gamma0-list", "gamma0-list", v, "every gamma0 must be finite and >= 0");
            }
        }
        double[] bs = betas.equalsIgnoreCase("none") ? new double[0] : parsePositive(betas, "beta");
        double[] lams = lambdas == null ? new double[0] : parsePositive(lambdas, "weight-decay");
        if (!loss.equals("sum") && !loss.equals("mean")) {
            throw new InvalidInputException(InputError.UNKNOWN_VALUE, "loss", "loss", loss, "sum, mean");
        }
        if (!(tol > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "tol", "tol", tol, "must be > 0");
        }
        LabelledData[] data = load();
        PrintWriter out = spec.commandLine().getOut();
        if (!activation.equals("identity") && !activation.equals("linear")) {
            boolean bayes = spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption("--beta");
            return AdaptiveNonlinear.run(this, data, ps, g, lams, bayes ? bs : new double[0], out);
        }
        String task = (dataset != null ? dataset : "data") + ", classes " + classes;
        out.printf(Locale.ROOT, "# dln adaptive: %s, Q = %d, seed = %d, %s, normalise = %s%n%n", task, test, seed,
                noCentre ? "not centred" : "centred", normalise);
        out.println(AdaptiveRow.MARKDOWN_HEADER);
        out.flush();
        List<AdaptiveRow> rows = new ArrayList<>();
        AdaptiveStudy study = new AdaptiveStudy(data[0], data[1], classes, test, seed, !noCentre, normalise, loss.equals("mean"),
                tol, checkLimit).pool(pool);
        study.run(ps, ls, bs, lams, g, r -> {
            out.println(r.markdown());
            out.flush();
            rows.add(r);
        }, msg -> System.err.println("dln: " + msg));
        if (csv != null) {
            StringBuilder sb = new StringBuilder(AdaptiveRow.CSV_HEADER).append('\n');
            for (AdaptiveRow r : rows) {
                sb.append(r.csv()).append('\n');
            }
            AtomicFiles.writeString(csv, sb.toString());
            System.err.println("dln: wrote " + csv);
        }
        if (plot != null && !rows.isEmpty()) {
            for (Path f : org.dln.linear.io.AdaptivePlot.write(rows, OutputOptions.plotPrefix(plot), OutputOptions.plotFormat(plot))) {
                System.err.println("dln: wrote " + f);
            }
        }
        boolean ok = rows.stream().allMatch(AdaptiveRow::converged);
        for (AdaptiveRow r : rows) {
            if (!Double.isFinite(r.testLoss()) || !Double.isFinite(r.lazyTestLoss())) {
                ok = false;
            }
        }
        if (!ok) {
            System.err.println("dln: some rows did not converge or are not finite (see the residual columns)");
        }
        return ok ? DlnCommand.OK : DlnCommand.FAILED;
    }

    private LabelledData[] load() {
        int given = (dataset != null ? 1 : 0) + (images != null ? 1 : 0) + (csvFeatures != null ? 1 : 0) + (npyFeatures != null ? 1 : 0);
        if (given != 1) {
            throw new InvalidInputException(InputError.MISSING, "dataset", "dataset", "give exactly one of --dataset, --images/--labels, --features-csv, --features-npy");
        }
        if (dataset != null) {
            if (!dataset.equals("fashion-mnist")) {
                throw new InvalidInputException(InputError.UNKNOWN_VALUE, "dataset", "dataset", dataset, "fashion-mnist");
            }
            Path dir = Path.of(System.getProperty("dln.fashion", FASHION));
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw new InvalidInputException(InputError.UNREADABLE, "dataset", "dataset directory", dir,
                        "Fashion-MNIST is not installed: run scripts/install-datasets.sh (Debian package dataset-fashion-mnist)");
            }
            return new LabelledData[] {LabelledData.fromIdx(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz")),
                    LabelledData.fromIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"))};
        }
        if (images != null) {
            if (labels == null) {
                throw new InvalidInputException(InputError.MISSING, "labels", "labels", "--images needs --labels");
            }
            if ((testImages == null) != (testLabels == null)) {
                throw new InvalidInputException(InputError.MISSING, "test-labels", "test-labels", "give both --test-images and --test-labels, or neither");
            }
            return new LabelledData[] {LabelledData.fromIdx(images, labels),
                    testImages == null ? null : LabelledData.fromIdx(testImages, testLabels)};
        }
        if (csvFeatures != null) {
            return new LabelledData[] {LabelledData.fromCsv(csvFeatures), null};
        }
        String[] f = npyFeatures.split(",");
        if (f.length != 2) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "features-npy", "features-npy", npyFeatures, "give X.npy,Y.npy");
        }
        return new LabelledData[] {LabelledData.fromNpy(Path.of(f[0].trim()), Path.of(f[1].trim())), null};
    }

    static int[] ints(String s, String field, int min) {
        String[] a = s.split(",");
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            try {
                out[i] = Integer.parseInt(a[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, s, "give a comma-separated list of integers");
            }
            if (out[i] < min) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, out[i], "must be >= " + min);
            }
        }
        return out;
    }

    static double[] parsePositive(String s, String field) {
        double[] v = ProblemOptions.parseVector(s, field);
        for (double x : v) {
            if (!(x > 0) || Double.isInfinite(x)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, x, "every value must be finite and > 0");
            }
        }
        return v;
    }
}
