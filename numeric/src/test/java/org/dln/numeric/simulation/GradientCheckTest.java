package org.dln.numeric.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks that the simulator's weight update is exactly gradient descent on the loss with learning rate
 * {@code gamma0^2 N eta}, against finite-difference gradients of the naive {@link ReferenceDln}, on a tiny
 * network (N = 5, D = 3, P = 2, L = 3, plus one test input that must not influence training).
 *
 * <p>Tolerance: the loss is quadratic along each coordinate, so central differences are exact up to
 * rounding, ~1e-16 * |loss| / h = 1e-12 absolute for h = 1e-4, against update components of order
 * 1e-2..1e-1; the observed relative error is ~1e-10. We require 1e-6 as in the specification, which any
 * wrong factor (sqrt(N), gamma0, lossScale, a transpose, a missing layer) would violate by orders of
 * magnitude.
 */
class GradientCheckTest {

    static final double[][] X = {{0.9, -0.4, 1.3}, {-0.2, 1.1, 0.5}};
    static final double[] Y = {0.7, -1.2};
    static final double[][] X_TEST = {{0.3, 0.8, -1.0}};
    static final int N = 5;
    static final int DEPTH = 3;
    static final double FD_STEP = 1e-4;

    static SimulationSpec spec(double gamma0, double eta, boolean centred, boolean meanLoss, int timePoints) {
        SimulationSpec.Builder b = SimulationSpec.builder().x(X).y(Y).xTest(X_TEST).depth(DEPTH).width(N)
                .gamma0(gamma0).eta(eta).timePoints(timePoints).centred(centred).seed(11);
        if (meanLoss) {
            b.meanLoss();
        }
        return b.build();
    }

    static double[] params(Network net) {
        int size = net.w0.getNumElements() + (net.depth - 1) * net.n * net.n + net.n;
        double[] theta = new double[size];
        int pos = 0;
        System.arraycopy(net.w0.data, 0, theta, pos, net.w0.getNumElements());
        pos += net.w0.getNumElements();
        for (int l = 1; l < net.depth; l++) {
            System.arraycopy(net.hidden[l].data, 0, theta, pos, net.n * net.n);
            pos += net.n * net.n;
        }
        System.arraycopy(net.wOut.data, 0, theta, pos, net.n);
        return theta;
    }

    @ParameterizedTest(name = "gamma0={0} eta={1} centred={2} meanLoss={3} referenceKernels={4}")
    @CsvSource({
            "0.8, 0.05, false, false, false",
            "0.8, 0.05, false, false, true",
            "1.7, 0.02, true,  true,  false",
            "0.3, 0.10, true,  false, false",
    })
    void updateIsGradientDescentWithStatedLearningRate(double gamma0, double eta, boolean centred,
                                                       boolean meanLoss, boolean referenceKernels) {
        SimulationSpec spec = spec(gamma0, eta, centred, meanLoss, 4);
        Network net = new Network(spec, spec.seed(), referenceKernels);
        ReferenceDln ref = new ReferenceDln(N, X[0].length, DEPTH, gamma0, spec.seed());
        // documented initialisation order: identical Gaussian stream
        assertArrayEquals(ref.theta, params(net), 0.0);

        double lr = eta * gamma0 * spec.lossScale();
        double learningRate = gamma0 * gamma0 * N * eta;
        double[] f0 = null;
        // check three consecutive updates (the later ones with moved weights and a nonzero centring offset)
        for (int step = 0; step < 3; step++) {
            double[] before = params(net);
            System.arraycopy(before, 0, ref.theta, 0, before.length);   // evaluate at the current weights
            net.forward();
            double[] fRaw = ref.outputs(X);
            double[] delta = new double[Y.length];
            for (int mu = 0; mu < Y.length; mu++) {
                assertEquals(fRaw[mu], net.fRaw.get(mu), 1e-13, "forward pass");
                if (step == 0 && centred) {
                    f0 = new double[Y.length];
                    for (int nu = 0; nu < Y.length; nu++) {
                        f0[nu] = net.fRaw.get(nu);
                    }
                }
                delta[mu] = Y[mu] - (net.fRaw.get(mu) - (centred ? f0[mu] : 0.0));
            }
            net.backward(delta, lr);
            double[] after = params(net);

            double[] grad = ref.lossGradient(X, Y, f0, spec.lossScale(), FD_STEP);
            double[] simStep = new double[before.length];
            double[] gdStep = new double[before.length];
            for (int i = 0; i < before.length; i++) {
                simStep[i] = after[i] - before[i];
                gdStep[i] = -learningRate * grad[i];
            }
            double err = relativeError(simStep, gdStep, 0, before.length);
            assertTrue(err < 1e-6, "step " + step + ": relative error of the update " + err);
            // per block, so that a wrong factor on a small block cannot hide behind a large one
            int pos = 0;
            int[] blocks = new int[DEPTH + 1];
            blocks[0] = N * X[0].length;
            for (int l = 1; l < DEPTH; l++) {
                blocks[l] = N * N;
            }
            blocks[DEPTH] = N;
            for (int l = 0; l <= DEPTH; l++) {
                double e = relativeError(simStep, gdStep, pos, pos + blocks[l]);
                assertTrue(e < 1e-6, "step " + step + ", layer " + l + ": relative error " + e);
                pos += blocks[l];
            }
        }
    }

    /**
     * Whole trajectory of the public simulator against the reference trained with finite-difference
     * gradient descent (T = 6). The two weight trajectories agree to ~1e-11, so every recorded observable
     * agrees to ~1e-10 relative; tolerance 1e-7.
     */
    @ParameterizedTest(name = "centred={0} meanLoss={1}")
    @CsvSource({"false, false", "true, true"})
    void fullRunMatchesFiniteDifferenceGradientDescent(boolean centred, boolean meanLoss) {
        double gamma0 = 0.6;
        double eta = 0.08;
        int timePoints = 6;
        SimulationSpec spec = spec(gamma0, eta, centred, meanLoss, timePoints);
        SimulationRun run = new FiniteWidthSimulator().run(spec);
        ReferenceDln ref = new ReferenceDln(N, X[0].length, DEPTH, gamma0, spec.seed());
        double[] f0 = centred ? ref.outputs(X) : null;
        double[] f0Test = ref.outputs(X_TEST);
        double tol = 1e-7;
        for (int t = 0; t < timePoints; t++) {
            double[] f = ref.outputs(X);
            double loss = ref.loss(X, Y, f0, spec.lossScale());
            for (int mu = 0; mu < X.length; mu++) {
                assertEquals(f[mu] - (centred ? f0[mu] : 0), run.f(t, mu), tol, "f t=" + t);
            }
            assertEquals(loss, run.loss(t), tol * Math.max(1, loss), "loss t=" + t);
            assertEquals(ref.output(X_TEST[0]) - (centred ? f0Test[0] : 0), run.fTest(t, 0), tol, "fTest");
            for (int l = 1; l <= DEPTH; l++) {
                double[] gl = ref.backward(l);
                assertEquals(ReferenceDln.dot(gl, gl) / N, run.g(l, t), tol, "G^" + l + " t=" + t);
                for (int mu = 0; mu < X.length; mu++) {
                    for (int nu = 0; nu < X.length; nu++) {
                        double phi = ReferenceDln.dot(ref.hidden(l, X[mu]), ref.hidden(l, X[nu])) / N;
                        assertEquals(phi, run.phi(l, t, mu, nu), tol, "Phi^" + l + " t=" + t);
                    }
                }
            }
            ref.gradientStep(X, Y, f0, spec.lossScale(), eta, FD_STEP);
        }
        assertTrue(run.loss(timePoints - 1) < run.loss(0), "training must reduce the loss");
    }

    static double relativeError(double[] a, double[] b, int from, int to) {
        double num = 0;
        double den = 0;
        for (int i = from; i < to; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }
}
