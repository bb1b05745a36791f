package org.dln.linear.simulation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.problem.ResourceGuard;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
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
 * Runs the finite-width simulator on a {@link Problem} and returns its ensemble as a {@link Solution} with the
 * same observables as the theory, each as mean and standard error over seeds. When the problem was given as a
 * Gram matrix, inputs with exactly that Gram matrix are built from its eigen-decomposition
 * (X = V sqrt(Lambda) sqrt(D), D = P + Q), which leaves the muP network's statistics unchanged.
 */
public final class FiniteWidthTraining {
    private FiniteWidthTraining() {
    }

    /** Refuses at once (exit 2, naming width, seeds, T, L or P) an ensemble whose networks and records do not fit. */
    static void checkMemory(Problem p, int width, int seeds, int threads) {
        int pn = p.trainCount(), q = p.testCount();
        long d = p.x() != null ? p.x()[0].length : pn + q; // a Gram matrix is realised with D = P + Q inputs
        ResourceGuard.require("the finite-width simulation", "weights and trajectories",
                v -> FiniteWidthSimulator.bytesNeeded(v[0], q, d, v[1], v[2], v[3], v[4], threads),
                v -> FiniteWidthSimulator.largestArray(v[0], q, d, v[1], v[2], v[3]),
                new ResourceGuard.Dim("P", pn, pn, 1), new ResourceGuard.Dim("width", width, width, 1),
                new ResourceGuard.Dim("L", p.depth(), p.depth(), 1), new ResourceGuard.Dim("T", p.timePoints(), p.timePoints(), 1),
                new ResourceGuard.Dim("seeds", seeds, seeds, 2));
    }

    public static Solution simulate(Problem p, int width, int seeds, long seed, int threads, IntConsumer progress) {
        return simulate(p, org.dln.numeric.activation.Activations.IDENTITY, width, seeds, seed, threads, progress, 0.0);
    }

    /** As {@link #simulate(Problem, int, int, long, int, IntConsumer)}, with weight decay lambda (0 = none). */
    public static Solution simulate(Problem p, int width, int seeds, long seed, int threads, IntConsumer progress,
                                      double weightDecay) {
        return simulate(p, org.dln.numeric.activation.Activations.IDENTITY, width, seeds, seed, threads, progress, weightDecay);
    }

    /** As above, for a network with activation {@code act} (identity: the deep linear network). */
    public static Solution simulate(Problem p, org.dln.numeric.activation.Activation act, int width, int seeds, long seed,
                                      int threads, IntConsumer progress) {
        return simulate(p, act, width, seeds, seed, threads, progress, 0.0);
    }

    /** With activation {@code act} and weight decay lambda (0 = none; decay is implemented for linear networks). */
    public static Solution simulate(Problem p, org.dln.numeric.activation.Activation act, int width, int seeds, long seed,
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
        checkMemory(p, width, seeds, threads);
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
        return Solutions.simulated(p, ens, act, width, seeds, seed);
    }

    /** Raw train and test inputs: the given ones, or inputs reproducing the given Gram matrices exactly. */
    public static double[][][] inputsOf(Problem p) {
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
