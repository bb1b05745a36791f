package org.dln.linear.adaptive;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dln.linear.data.BinaryTask;
import org.dln.linear.data.Grams;
import org.dln.linear.data.LabelledData;

/**
 * The adaptive-vs-lazy sweep on a real-data task: for every P (a seeded draw of P train items and Q test items; with
 * a separate test file the Q test items are the same for every P, since they are drawn with their own shuffle), one
 * eigen-decomposition of Kx, then for every depth L, beta (Bayes saddle point vs NNGP) or lambda (weight-decay state
 * vs NTK ridge regression) and gamma0 one row. Deep linear networks: every predictor is kernel ridge regression on Kx
 * with its own ridge (docs/theory.md section 13).
 */
public final class AdaptiveStudy {
    private final LabelledData train;
    private final LabelledData test;   // null: split train
    private final String classes;
    private final int q;
    private final long seed;
    private final boolean centre;
    private final String normalise;
    private final boolean meanLoss;
    private final double tol;
    private final int checkLimit;
    private int pool = 1;

    /** k x k average pooling of square images (default 1). */
    public AdaptiveStudy pool(int k) {
        this.pool = k;
        return this;
    }

    public AdaptiveStudy(LabelledData train, LabelledData test, String classes, int q, long seed, boolean centre,
                         String normalise, boolean meanLoss, double tol, int checkLimit) {
        this.train = train;
        this.test = test;
        this.classes = classes;
        this.q = q;
        this.seed = seed;
        this.centre = centre;
        this.normalise = normalise;
        this.meanLoss = meanLoss;
        this.tol = tol;
        this.checkLimit = checkLimit;
    }

    /**
     * Acceptance bound of the a-posteriori P x P residual: rounding (1e-13, i.e. ~1e-16 times a P-sized sum) times the
     * condition number 1 + lambda_max / ridge of the ridge regression that the state solves; the root itself is solved
     * to |g| <= tol independently of it.
     */
    static double rounding(KernelSpectrum spec, double ridge) {
        return 1e-13 * (1 + spec.largest() / ridge);
    }

    /** Runs the sweep, handing every row to {@code sink} as soon as it is computed. */
    public List<AdaptiveRow> run(int[] ps, int[] depths, double[] betas, double[] lambdas, double[] gammas,
                                 Consumer<AdaptiveRow> sink, Consumer<String> log) {
        List<AdaptiveRow> rows = new ArrayList<>();
        for (int p : ps) {
            BinaryTask task = BinaryTask.parse(classes, p, q, seed, centre, normalise).pooled(pool);
            BinaryTask.Prepared prep = task.prepare(train, test);
            Grams g = Grams.of(prep);
            long t0 = System.nanoTime();
            KernelSpectrum spec = prep.dimension() < p ? KernelSpectrum.ofFeatures(prep.x(), prep.y())
                    : new KernelSpectrum(g.train(), prep.y());
            double eig = (System.nanoTime() - t0) * 1e-9;
            log.accept(String.format(java.util.Locale.ROOT, "%s: %s eigen-decomposition of Kx %.2f s, %d eigenpairs, eigenvalues %.3g .. %.3g",
                    prep.description(), spec.thin() ? "thin (X^T X / D)" : "full", eig, spec.size(), spec.smallest(), spec.largest()));
            double scale = meanLoss ? 1.0 / p : 1.0;
            for (int depth : depths) {
                for (double beta : betas) {
                    for (double gamma0 : gammas) {
                        long t1 = System.nanoTime();
                        LowRankBayesSolution s = new LowRankBayes(tol).solve(spec, g.testTrain(), depth, gamma0, 1 / beta);
                        double full = p <= checkLimit ? s.fullResidual(g.train(), prep.y()) : Double.NaN;
                        double sec = (System.nanoTime() - t1) * 1e-9;
                        boolean ok = s.converged() && (Double.isNaN(full) || full < rounding(spec, s.ridge()));
                        AdaptiveRow row = new AdaptiveRow(task.label(), "bayes", p, depth, beta, gamma0, s.r(), s.ridge(), 1 / beta,
                                AdaptiveRow.loss(s.fTest(), prep.yTest()), AdaptiveRow.loss(s.nngpTest(), prep.yTest()),
                                AdaptiveRow.error(s.fTest(), prep.yTest()), AdaptiveRow.error(s.nngpTest(), prep.yTest()),
                                AdaptiveRow.loss(s.fTrain(), prep.y()), s.report().iterations(), s.report().residual(), full, sec,
                                eig, ok, s.report().residualHistory());
                        rows.add(row);
                        sink.accept(row);
                    }
                }
                for (double lambda : lambdas) {
                    for (double gamma0 : gammas) {
                        if (gamma0 == 0) {
                            continue; // no nontrivial stationary state without feature learning
                        }
                        long t1 = System.nanoTime();
                        SpectralDecay d;
                        try {
                            d = SpectralDecay.solve(spec, g.train(), g.testTrain(), depth, gamma0, lambda, scale, checkLimit);
                        } catch (org.dln.linear.problem.InvalidInputException e) {
                            log.accept("decay lambda = " + lambda + ", gamma0 = " + gamma0 + ", L = " + depth + ": " + e.getMessage());
                            continue;
                        }
                        double sec = (System.nanoTime() - t1) * 1e-9;
                        double[] lazy = d.lazyTest();
                        boolean ok = d.report().converged() && (Double.isNaN(d.residual()) || d.residual() < rounding(spec, 1 / d.a()));
                        AdaptiveRow row = new AdaptiveRow(task.label(), "decay", p, depth, lambda, gamma0, d.a(), 1 / d.a(),
                                lambda / scale, AdaptiveRow.loss(d.fTest(), prep.yTest()), AdaptiveRow.loss(lazy, prep.yTest()),
                                AdaptiveRow.error(d.fTest(), prep.yTest()), AdaptiveRow.error(lazy, prep.yTest()),
                                AdaptiveRow.loss(d.fTrain(), prep.y()), 0, d.report().residualHistory()[0], d.residual(), sec, eig, ok,
                                d.report().residualHistory());
                        rows.add(row);
                        sink.accept(row);
                    }
                }
            }
        }
        return rows;
    }
}
