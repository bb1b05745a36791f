package org.dln.linear.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import org.dln.linear.adaptive.AdaptiveRow;
import org.dln.linear.adaptive.NonlinearBayesStudy;
import org.dln.linear.adaptive.NonlinearDecayStudy;
import org.dln.linear.adaptive.TheoryVsNetworks;
import org.dln.linear.adaptive.TwoLayerBayesPopulation;
import org.dln.linear.adaptive.TwoLayerLangevin;
import org.dln.linear.adaptive.TwoLayerDecayPopulation;
import org.dln.linear.data.BinaryTask;
import org.dln.linear.data.LabelledData;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.activation.Activations;

/** The nonlinear (two-layer, weight decay) branch of {@code dln adaptive}. */
final class AdaptiveNonlinear {
    private AdaptiveNonlinear() {
    }

    /** Columns of the nonlinear rows' CSV (NaN where a column does not apply, e.g. lambda of a Bayes row). */
    static final String CSV_HEADER = "predictor,activation,P,Q,beta,lambda,gamma0,test_loss,test_error,lazy_test_loss,lazy_test_error,"
            + "network_test_loss,network_test_error,compared,within3,max_abs_z,rms_z,converged,wall_seconds";

    static int run(AdaptiveCommand c, LabelledData[] data, int[] ps, double[] gammas, double[] lambdas, double[] betas, PrintWriter out)
            throws java.io.IOException {
        Activation act;
        try {
            act = Activations.byName(c.activation);
        } catch (RuntimeException e) {
            throw new InvalidInputException(InputError.UNKNOWN_VALUE, "activation", "activation", c.activation, Activations.NAMES);
        }
        if (lambdas.length == 0 && betas.length == 0) {
            throw new InvalidInputException(InputError.MISSING, "weight-decay", "weight-decay",
                    "a nonlinear activation needs --weight-decay LAMBDA and/or an explicit --beta B");
        }
        if (betas.length > 0 && (c.sweeps < 1 || c.burnIn < 0 || !(c.langevinTime > 0))) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "sweeps", "sweeps/burn-in/langevin-time",
                    c.sweeps + "/" + c.burnIn + "/" + c.langevinTime, "need sweeps >= 1, burn-in >= 0, langevin-time > 0");
        }
        if (!(c.eta > 0) || c.samples < 2 || c.replicas < 2 || c.steps < 1 || !(c.stationaryTol > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "eta", "eta/samples/replicas/steps/stationary-tol",
                    c.eta + "/" + c.samples + "/" + c.replicas + "/" + c.steps + "/" + c.stationaryTol,
                    "need eta > 0, samples >= 2, replicas >= 2, steps >= 1, stationary-tol > 0");
        }
        int width = 0, seeds = 0;
        if (c.simulate != null) {
            int[] ns = AdaptiveCommand.ints(c.simulate, "simulate", 2);
            if (ns.length != 2) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "simulate", "simulate", c.simulate, "give N,SEEDS");
            }
            width = ns[0];
            seeds = ns[1];
        }
        if (c.plot != null) {
            throw new InvalidInputException(InputError.NOT_WITH, "plot", "plot", "--activation " + c.activation,
                    "figures are drawn for the deep linear rows only; the nonlinear rows go to stdout and --csv");
        }
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        boolean ok = true;
        out.printf(Locale.ROOT, "# dln adaptive --activation %s: two-layer network (Bayes / weight decay), classes %s, Q = %d, seed = %d%n%n",
                act.name(), c.classes, c.test, c.seed);
        for (int p : ps) {
            BinaryTask task = BinaryTask.parse(c.classes, p, c.test, c.seed, !c.noCentre, c.normalise).pooled(c.pool);
            BinaryTask.Prepared prep = task.prepare(data[0], data[1]);
            double scale = c.loss.equals("mean") ? 1.0 / p : 1.0;
            for (double beta : betas) {
                for (double g : gammas) {
                    if (g == 0) {
                        continue;
                    }
                    TwoLayerBayesPopulation.Settings s = new TwoLayerBayesPopulation.Settings(act, g, beta, c.samples, c.replicas,
                            c.burnIn, c.sweeps, c.seed);
                    TwoLayerLangevin.Settings lv = width > 0 ? new TwoLayerLangevin.Settings(act, g, beta, width, 0.01, 20, c.langevinTime,
                            10, seeds, c.seed) : null;
                    NonlinearBayesStudy r = NonlinearBayesStudy.run(prep, s, lv);
                    out.printf(Locale.ROOT, "## Bayes: %s, beta = %s, gamma0 = %s%n%n%s%n", prep.description(), beta, g, r.summary(prep));
                    csv.append(csvRow("bayes", act, prep, beta, Double.NaN, g, r.theory(), r.theorySe(), r.nngp(), r.network(),
                            r.networkSe(), r.report().converged(), r.report().wallSeconds() + r.networkSeconds()));
                    out.flush();
                    ok &= r.report().converged();
                    for (double v : r.theory()) {
                        ok &= Double.isFinite(v);
                    }
                }
            }
            for (double lambda : lambdas) {
                if (!(c.eta * lambda < 1)) {
                    throw new InvalidInputException(InputError.OUT_OF_RANGE, "eta", "eta", c.eta, "eta lambda must be < 1");
                }
                for (double g : gammas) {
                    if (g == 0) {
                        continue;
                    }
                    TwoLayerDecayPopulation.Settings s = new TwoLayerDecayPopulation.Settings(act, g, lambda, c.eta, scale,
                            c.samples, c.replicas, c.steps, c.stationaryTol, c.seed);
                    NonlinearDecayStudy r = NonlinearDecayStudy.run(prep, s, width, seeds, c.threads);
                    out.printf(Locale.ROOT, "## %s, lambda = %s, gamma0 = %s%n%n%s%n", prep.description(), lambda, g, r.summary(prep));
                    csv.append(csvRow("weight-decay", act, prep, Double.NaN, lambda, g, r.theory(), r.theorySe(), r.lazy(), r.network(),
                            r.networkSe(), r.report().converged(), r.report().wallSeconds() + r.networkSeconds()));
                    out.flush();
                    ok &= r.report().converged();
                    for (double v : r.theory()) {
                        ok &= Double.isFinite(v);
                    }
                }
            }
        }
        if (c.csv != null) {
            AtomicFiles.writeString(c.csv, csv.toString());
            System.err.println("dln: wrote " + c.csv);
        }
        if (!ok) {
            System.err.println("dln: a population did not reach stationarity within --steps (or is not finite)");
        }
        return ok ? DlnCommand.OK : DlnCommand.FAILED;
    }

    /** One CSV row: test loss and error of the theory, the lazy predictor (if any) and the networks (if any), and the z tally. */
    private static String csvRow(String kind, Activation act, BinaryTask.Prepared t, double beta, double lambda, double g, double[] theory,
                                 double[] theorySe, double[] lazy, double[] network, double[] networkSe, boolean converged, double seconds) {
        int p = t.x().length, q = t.xTest().length;
        double[] yt = t.yTest();
        double[] ft = Arrays.copyOfRange(theory, p, p + q);
        double[] fl = lazy == null ? null : Arrays.copyOfRange(lazy, p, p + q);
        double[] fn = network == null ? null : Arrays.copyOfRange(network, p, p + q);
        TheoryVsNetworks cmp = network == null ? null : TheoryVsNetworks.of(theory, theorySe, network, networkSe);
        return String.join(",", kind, act.name(), Integer.toString(p), Integer.toString(q), num(beta), num(lambda), num(g),
                num(AdaptiveRow.loss(ft, yt)), num(AdaptiveRow.error(ft, yt)),
                fl == null ? "" : num(AdaptiveRow.loss(fl, yt)), fl == null ? "" : num(AdaptiveRow.error(fl, yt)),
                fn == null ? "" : num(AdaptiveRow.loss(fn, yt)), fn == null ? "" : num(AdaptiveRow.error(fn, yt)),
                cmp == null ? "" : Integer.toString(cmp.compared()), cmp == null ? "" : Integer.toString(cmp.within3()),
                cmp == null ? "" : num(cmp.maxAbsZ()), cmp == null ? "" : num(cmp.rmsZ()), Boolean.toString(converged), num(seconds)) + "\n";
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
