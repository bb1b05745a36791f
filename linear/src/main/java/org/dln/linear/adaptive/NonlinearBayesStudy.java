package org.dln.linear.adaptive;

import java.util.Arrays;
import java.util.Locale;
import org.dln.linear.data.BinaryTask;
import org.dln.numeric.report.SolverReport;

/**
 * The Bayesian predictor of a two-layer nonlinear network on a prepared real-data task: the infinite-width saddle
 * point ({@link TwoLayerBayesPopulation}), the lazy NNGP predictor (gamma0 = 0: arc-cosine kernel for ReLU, quadrature
 * otherwise, {@link PairAverages}) and optionally finite networks sampled from the posterior by Langevin dynamics
 * ({@link TwoLayerLangevin}).
 *
 * @param theory    population mean over replicas, train then test
 * @param theorySe  its standard error
 * @param nngp      NNGP predictor, train then test
 * @param network   Langevin networks' posterior mean (null without simulation)
 * @param networkSe standard error over chains
 * @param report    the population's report
 * @param networkSeconds wall time of the Langevin chains
 */
public record NonlinearBayesStudy(double[] theory, double[] theorySe, double[] nngp, double[] network, double[] networkSe,
                                  SolverReport report, double networkSeconds) {

    /** @param langevin settings of the finite networks (null: none) */
    public static NonlinearBayesStudy run(BinaryTask.Prepared t, TwoLayerBayesPopulation.Settings s, TwoLayerLangevin.Settings langevin) {
        int p = t.x().length;
        double[][] k = org.dln.linear.data.Grams.joint(t);
        TwoLayerBayesPopulation.Result th = TwoLayerBayesPopulation.run(k, p, t.y(), s);
        double[] nngp = PairAverages.predictor(PairAverages.nngp(s.activation(), k), p, t.y(), s.beta());
        double[] net = null, netSe = null;
        double secs = 0;
        if (langevin != null) {
            long start = System.nanoTime();
            TwoLayerLangevin.Result r = TwoLayerLangevin.run(t.x(), t.xTest(), t.y(), langevin);
            secs = (System.nanoTime() - start) * 1e-9;
            net = r.f();
            netSe = r.se();
        }
        return new NonlinearBayesStudy(th.f(), th.se(), nngp, net, netSe, th.report(), secs);
    }

    /** Markdown summary: test losses and errors, theory vs networks by z = diff / sqrt(se_t^2 + se_n^2). */
    public String summary(BinaryTask.Prepared t) {
        int p = t.x().length, q = t.xTest().length;
        double[] yt = t.yTest();
        double[] ft = Arrays.copyOfRange(theory, p, p + q), fl = Arrays.copyOfRange(nngp, p, p + q);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Bayes saddle point (population): test loss %.5f, test error %.4f; %s%n",
                AdaptiveRow.loss(ft, yt), AdaptiveRow.error(ft, yt), report));
        sb.append(String.format(Locale.ROOT, "lazy NNGP: test loss %.5f, test error %.4f%n", AdaptiveRow.loss(fl, yt), AdaptiveRow.error(fl, yt)));
        if (network != null) {
            double[] fn = Arrays.copyOfRange(network, p, p + q);
            TheoryVsNetworks c = TheoryVsNetworks.of(theory, theorySe, network, networkSe);
            sb.append(String.format(Locale.ROOT, "Langevin networks: test loss %.5f, test error %.4f, %.1f s; theory vs networks on all %d "
                    + "train and test inputs: %d within 3 SE, max |z| = %.2f, rms z = %.2f%n", AdaptiveRow.loss(fn, yt),
                    AdaptiveRow.error(fn, yt), networkSeconds, p + q, c.within3(), c.maxAbsZ(), c.rmsZ()));
        }
        return sb.toString();
    }
}
