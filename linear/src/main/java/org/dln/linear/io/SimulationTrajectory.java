package org.dln.linear.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.numeric.linalg.Kernels;
import org.dln.numeric.report.SolverReport;
import org.dln.numeric.simulation.FiniteWidthSimulator;
import org.dln.numeric.simulation.SimulationDivergedException;
import org.dln.numeric.simulation.SimulationEnsemble;
import org.dln.numeric.simulation.SimulationRun;
import org.dln.numeric.simulation.SimulationSpec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Runs the finite-width simulator on a {@link Problem} and returns its ensemble as a {@link Trajectory} with the
 * same observables as the theory, each as mean and standard error over seeds. When the problem was given as a
 * Gram matrix, inputs with exactly that Gram matrix are built from its eigen-decomposition
 * (X = V sqrt(Lambda) sqrt(D), D = P + Q), which leaves the muP network's statistics unchanged.
 */
public final class SimulationTrajectory {
    private SimulationTrajectory() {
    }

    public static Trajectory simulate(Problem p, int width, int seeds, long seed, int threads, IntConsumer progress) {
        return simulate(p, org.dln.numeric.activation.Activations.IDENTITY, width, seeds, seed, threads, progress, 0.0);
    }

    /** As {@link #simulate(Problem, int, int, long, int, IntConsumer)}, with weight decay lambda (0 = none). */
    public static Trajectory simulate(Problem p, int width, int seeds, long seed, int threads, IntConsumer progress,
                                      double weightDecay) {
        return simulate(p, org.dln.numeric.activation.Activations.IDENTITY, width, seeds, seed, threads, progress, weightDecay);
    }

    /** As above, for a network with activation {@code act} (identity: the deep linear network). */
    public static Trajectory simulate(Problem p, org.dln.numeric.activation.Activation act, int width, int seeds, long seed,
                                      int threads, IntConsumer progress) {
        return simulate(p, act, width, seeds, seed, threads, progress, 0.0);
    }

    /** With activation {@code act} and weight decay lambda (0 = none; decay is implemented for linear networks). */
    public static Trajectory simulate(Problem p, org.dln.numeric.activation.Activation act, int width, int seeds, long seed,
                                      int threads, IntConsumer progress, double weightDecay) {
        if (!(weightDecay >= 0) || !(p.eta() * weightDecay < 1)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "weight-decay", "weight-decay", weightDecay,
                    "must be a finite number >= 0 with eta * lambda < 1 (each step multiplies the weights by 1 - eta lambda)");
        }
        if (weightDecay != 0 && !act.isIdentity()) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "weight-decay", "weight-decay", weightDecay,
                    "weight decay is simulated for linear networks only; drop --activation or --weight-decay");
        }
        if (width < 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "width", "width", width, "the width N must be a positive integer");
        }
        if (seeds < 2) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "seeds", "seeds", seeds,
                    "at least 2 seeds are needed for a standard error");
        }
        if (!(p.gamma0() > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "gamma0", "gamma0", p.gamma0(),
                    "a finite-width network needs gamma0 > 0 (its output is w.h/(gamma0 N)); simulate a small gamma0 for the lazy regime");
        }
        double[][][] xs = inputsOf(p);
        SimulationSpec spec = SimulationSpec.builder().x(xs[0]).y(p.y()).xTest(xs[1]).depth(p.depth()).width(width)
                .gamma0(p.gamma0()).eta(p.eta()).timePoints(p.timePoints()).lossScale(p.lossScale())
                .centred(p.conventions().output() == Conventions.Output.CENTRED).seed(seed).weightDecay(weightDecay).activation(act).build();
        SimulationEnsemble ens;
        try {
            ens = new FiniteWidthSimulator().runEnsemble(spec, seeds, threads, progress);
        } catch (SimulationDivergedException e) {
            throw new InvalidInputException(InputError.SIM_DIVERGED, "eta", e.timeStep(), e.seed(), e.quantity(), p.eta());
        }
        Trajectory tr = toTrajectory(p, ens, width, seeds, seed);
        if (!act.isIdentity()) {
            tr.method().put("activation", act.name());
            tr.method().put("g", "g<l> is the mean diagonal (1/P) sum_mu G^l_{mu mu}(t,t)");
        }
        return tr;
    }

    static Trajectory toTrajectory(Problem p, SimulationEnsemble ens, int width, int seeds, long seed) {
        SimulationRun m = ens.mean();
        SimulationRun se = ens.stdErr();
        Map<String, Observable> obs = new LinkedHashMap<>();
        obs.put("f", Observable.matrix("f", m.f(), se.f()));
        obs.put("loss", Observable.series("loss", m.loss(), se.loss()));
        obs.put("ntk", Observable.tensor("ntk", m.ntk(), se.ntk()));
        int depth = p.depth();
        for (int l = 1; l <= depth; l++) {
            obs.put("phi" + l, Observable.tensor("phi" + l, m.phi()[l - 1], se.phi()[l - 1]));
            obs.put("g" + l, Observable.series("g" + l, m.g()[l - 1], se.g()[l - 1]));
        }
        double[] y = p.y();
        for (int l = 1; l <= depth; l++) {
            obs.put("align_phi" + l, Observable.series("align_phi" + l, alignment(m.phi()[l - 1], y), null));
        }
        obs.put("align_ntk", Observable.series("align_ntk", alignment(m.ntk(), y), null));
        if (p.testCount() > 0) {
            obs.put("f_test", Observable.matrix("f_test", m.fTest(), se.fTest()));
            obs.put("ntk_test_train", Observable.tensor("ntk_test_train", m.ntkTestTrain(), se.ntkTestTrain()));
        }
        ObjectNode method = ProblemJson.MAPPER.createObjectNode();
        method.put("solver", "finite-width-simulation");
        method.put("width", width);
        method.put("seeds", seeds);
        method.put("first_seed", seed);
        method.put("time", "gradient-descent");
        if (ens.spec().weightDecay() != 0) {
            method.put("weight_decay", ens.spec().weightDecay());
        }
        method.put("stderr", "sample standard deviation over seeds / sqrt(seeds); alignments are of the mean kernels (no stderr)");
        SolverReport rep = new SolverReport("finite-width-simulation", p.timePoints(), new double[0], Double.NaN, true,
                ens.wallTimeSeconds(), List.of(seeds + " networks of width " + width));
        return new Trajectory("simulation", ProblemJson.toJson(p), method, Trajectory.reportJson(rep), obs, null);
    }

    private static double[] alignment(double[][][] k, double[] y) {
        double[] out = new double[k.length];
        for (int t = 0; t < k.length; t++) {
            out[t] = Kernels.alignment(k[t], y);
        }
        return out;
    }

    /** Raw train and test inputs: the given ones, or inputs reproducing the given Gram matrices exactly. */
    static double[][][] inputsOf(Problem p) {
        if (p.x() != null) {
            return new double[][][] {p.x(), p.xTest() == null ? new double[0][p.x()[0].length] : p.xTest()};
        }
        double[][] k = p.jointGram();
        int s = k.length;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s, true, true);
        if (!eig.decompose(new DMatrixRMaj(k))) {
            throw new IllegalStateException("eigen-decomposition of the Gram matrix failed");
        }
        double[][] x = new double[s][s];
        for (int c = 0; c < s; c++) {
            double lam = Math.max(0, eig.getEigenvalue(c).getReal());
            DMatrixRMaj v = eig.getEigenVector(c);
            for (int i = 0; i < s; i++) {
                x[i][c] = v.get(i) * Math.sqrt(lam * s);
            }
        }
        int pn = p.trainCount();
        double[][] train = java.util.Arrays.copyOfRange(x, 0, pn);
        double[][] test = java.util.Arrays.copyOfRange(x, pn, s);
        return new double[][][] {train, test};
    }
}
