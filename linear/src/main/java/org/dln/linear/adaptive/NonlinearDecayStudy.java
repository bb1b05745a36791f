package org.dln.linear.adaptive;

import java.util.Locale;
import org.dln.linear.data.BinaryTask;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.simulation.FiniteWidthSimulator;
import org.dln.numeric.simulation.SimulationEnsemble;
import org.dln.numeric.simulation.SimulationSpec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Two-layer nonlinear network with weight decay on a prepared real-data task: the infinite-width stationary state
 * ({@link TwoLayerDecayPopulation}), optionally trained finite networks ({@code dln simulate}'s simulator, the same
 * gradient descent with decay at width N over several seeds), and, for ReLU, the lazy predictor: NTK ridge regression
 * f = K0(x, X) [K0 + (2 lambda / s) I]^{-1} y with the arc-cosine NTK K0 (the ridge 2 lambda / s because f is
 * 2-homogeneous in the weights of a ReLU network, so that lambda sum theta df/dtheta = 2 lambda f = s K delta at a
 * stationary point; for tanh the lazy column is the same formula with the ReLU ridge and is omitted).
 *
 * @param theory     population mean over replicas, train then test
 * @param theorySe   its standard error
 * @param network    mean of the trained networks (null without simulation)
 * @param networkSe  standard error over seeds
 * @param lazy       lazy ReLU NTK ridge predictor (null for other activations), train then test
 * @param report     the population's report
 * @param networkSeconds wall time of the simulations
 */
public record NonlinearDecayStudy(double[] theory, double[] theorySe, double[] network, double[] networkSe, double[] lazy,
                                  org.dln.numeric.report.SolverReport report, double networkSeconds) {

    /**
     * @param width  N of the simulated networks (0: no simulation)
     * @param seeds  number of networks
     */
    public static NonlinearDecayStudy run(BinaryTask.Prepared t, TwoLayerDecayPopulation.Settings s, int width, int seeds,
                                          int threads) {
        double[][] kAll = org.dln.linear.data.Grams.joint(t);
        int p = t.x().length, m = kAll.length;
        TwoLayerDecayPopulation.Result th = TwoLayerDecayPopulation.run(kAll, p, t.y(), s);
        double[] lazy = s.activation().name().equals("relu") ? lazyRelu(kAll, p, t.y(), 2 * s.lambda() / s.scale()) : null;
        double[] net = null, netSe = null;
        double secs = 0;
        if (width > 0) {
            int steps = th.report().iterations();
            SimulationSpec spec = SimulationSpec.builder().activation(s.activation()).x(t.x()).y(t.y()).xTest(t.xTest())
                    .depth(1).width(width).gamma0(s.gamma0()).eta(s.eta()).weightDecay(s.lambda()).lossScale(s.scale())
                    .timePoints(steps + 1).seed(s.seed()).build();
            SimulationEnsemble e = new FiniteWidthSimulator().runEnsemble(spec, seeds, threads, null);
            secs = e.wallTimeSeconds();
            net = new double[m];
            netSe = new double[m];
            for (int i = 0; i < m; i++) {
                net[i] = i < p ? e.mean().f(steps, i) : e.mean().fTest(steps, i - p);
                netSe[i] = i < p ? e.stdErr().f(steps, i) : e.stdErr().fTest(steps, i - p);
            }
        }
        return new NonlinearDecayStudy(th.f(), th.se(), net, netSe, lazy, th.report(), secs);
    }

    /** K0(all, X) [K0 + ridge I]^{-1} y with the arc-cosine NTK. */
    static double[] lazyRelu(double[][] kAll, int p, double[] y, double ridge) {
        int m = kAll.length;
        DMatrixRMaj kk = new DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                kk.set(i, j, ReluKernels.ntk(kAll[i][i], kAll[i][j], kAll[j][j]) + (i == j ? ridge : 0));
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.solve(kk, new DMatrixRMaj(p, 1, true, y), a);
        double[] f = new double[m];
        for (int i = 0; i < m; i++) {
            double acc = 0;
            for (int j = 0; j < p; j++) {
                acc += ReluKernels.ntk(kAll[i][i], kAll[i][j], kAll[j][j]) * a.get(j);
            }
            f[i] = acc;
        }
        return f;
    }

    /** Markdown summary: test losses, the theory-vs-network comparison by z = diff / sqrt(se_t^2 + se_n^2). */
    public String summary(BinaryTask.Prepared t) {
        int p = t.x().length, q = t.xTest().length;
        double[] yt = t.yTest();
        double[] ft = java.util.Arrays.copyOfRange(theory, p, p + q);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "theory (population): test loss %.5f, test error %.4f; %s%n",
                AdaptiveRow.loss(ft, yt), AdaptiveRow.error(ft, yt), report));
        if (lazy != null) {
            double[] fl = java.util.Arrays.copyOfRange(lazy, p, p + q);
            sb.append(String.format(Locale.ROOT, "lazy ReLU NTK ridge: test loss %.5f, test error %.4f%n", AdaptiveRow.loss(fl, yt),
                    AdaptiveRow.error(fl, yt)));
        }
        if (network != null) {
            double[] fn = java.util.Arrays.copyOfRange(network, p, p + q);
            TheoryVsNetworks c = TheoryVsNetworks.of(theory, theorySe, network, networkSe);
            sb.append(String.format(Locale.ROOT, "networks: test loss %.5f, test error %.4f, %.1f s; theory vs networks on all %d "
                    + "train and test inputs: %d within 3 SE, max |z| = %.2f, rms z = %.2f%n", AdaptiveRow.loss(fn, yt),
                    AdaptiveRow.error(fn, yt), networkSeconds, p + q, c.within3(), c.maxAbsZ(), c.rmsZ()));
        }
        return sb.toString();
    }
}
