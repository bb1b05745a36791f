package org.dln.numeric.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.dln.numeric.linalg.MemoryGuard;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Finite-width simulator of deep linear networks trained by full-batch gradient descent, in the
 * mean-field / muP parameterisation described in {@link SimulationSpec}.
 *
 * <h2>Dynamics</h2>
 * With errors {@code Delta_mu = y_mu - f_mu} (centred outputs if the spec is centred), backward signal
 * {@code g^L = w^L}, {@code g^l = W^l^T g^{l+1} / sqrt(N)} (identical for all samples in a linear
 * network) and {@code c = lossScale}, gradient descent on the loss with learning rate
 * {@code gamma0^2 N eta} is, for all layers simultaneously,
 * <pre>
 *   w^L += eta gamma0 c sum_mu Delta_mu h^L_mu
 *   W^l += eta gamma0 c sum_mu Delta_mu g^{l+1} (h^l_mu)^T / sqrt(N)      l = 1 .. L-1
 *   W^0 += eta gamma0 c sum_mu Delta_mu g^1 x_mu^T / sqrt(D)
 * </pre>
 * (from {@code df/dw^L = h^L/(gamma0 N)}, {@code df/dW^l = g^{l+1} h^l^T / (gamma0 N sqrt(N))},
 * {@code df/dW^0 = g^1 x^T / (gamma0 N sqrt(D))}). With weight decay {@code lambda} every weight is
 * then multiplied by {@code 1 - eta lambda} (the gradient is taken at the weights before the step).
 *
 * <h2>Recorded observables</h2>
 * At each time point {@code t = 0 .. T-1}, before the update at {@code t}: outputs, loss, feature kernels
 * {@code Phi^l = h^l_mu . h^l_nu / N}, gradient kernels {@code G^l = g^l . g^l / N} ({@code l = 1..L}) and
 * the neural tangent kernel
 * <pre>
 *   K_{mu nu} = sum_{l=0..L} G^{l+1} Phi^l_{mu nu},    Phi^0 = Kx = X X^T / D,  G^{L+1} = 1,
 * </pre>
 * which equals the finite-width NTK {@code gamma0^2 N sum_theta (df_mu/dtheta)(df_nu/dtheta)} exactly.
 * For test inputs the predictions and the test-train block of {@code K} are recorded the same way.
 * See {@link SimulationRun} for the layouts. If any recorded value is not finite the run stops with a
 * {@link SimulationDivergedException}.
 *
 * <h2>Randomness and cost</h2>
 * All initial weights of a run come from {@code new java.util.SplittableRandom(seed).nextGaussian()}, in
 * the order {@code W^0}, {@code W^1 .. W^{L-1}} (each row-major), {@code w^L}; a run is a deterministic
 * function of {@code (spec, seed)}. Workspaces are allocated once per run. One time step costs
 * {@code O((L-1) N^2 (P + Q + 1))} flops: per {@code N x N} layer one read of {@code W^l} for the forward
 * pass of all samples at once and one read-modify-write sweep fusing the backward pass with the rank-one
 * update. Memory is about {@code 8 (L-1) N^2} bytes per concurrently running seed.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class FiniteWidthSimulator {

    private final boolean referenceKernels;

    /** Creates a simulator using the fast fused kernels. */
    public FiniteWidthSimulator() {
        this(false);
    }

    /** @param referenceKernels use plain {@code CommonOps_DDRM} for the hidden layers (cross-checks) */
    FiniteWidthSimulator(boolean referenceKernels) {
        this.referenceKernels = referenceKernels;
    }

    /**
     * Trains one network with weights drawn from {@code spec.seed()}; see {@link #run(SimulationSpec, long)}.
     *
     * @param spec experiment description
     * @return the recorded observables at {@code t = 0 .. T-1}
     */
    public SimulationRun run(SimulationSpec spec) {
        return run(spec, requireSpec(spec).seed());
    }

    /**
     * Trains one network.
     *
     * @param spec experiment description
     * @param seed seed of the Gaussian stream of initial weights ({@code spec.seed()} is ignored)
     * @return the recorded observables at {@code t = 0 .. T-1}
     * @throws SimulationDivergedException if a recorded observable becomes non-finite
     */
    public SimulationRun run(SimulationSpec spec, long seed) {
        return run(requireSpec(spec), seed, new AtomicBoolean());
    }

    /**
     * Trains {@code seeds} independent networks with seeds {@code spec.seed() + s}, {@code s = 0..seeds-1},
     * on up to {@code threads} threads, and returns mean and standard error of every observable. The result
     * is bit-for-bit independent of {@code threads}. If runs diverge, the remaining runs are cancelled and
     * the {@link SimulationDivergedException} of the lowest diverging seed is rethrown.
     *
     * @param spec     experiment description; {@code spec.seed()} is the first seed
     * @param seeds    number of runs {@code S >= 2}
     * @param threads  number of worker threads {@code >= 1} (each holds one network in memory)
     * @param progress called with the number of completed runs after each run (calls are serialised);
     *                 may be null
     * @return mean and standard error over the seeds
     * @throws SimulationDivergedException if any run diverges
     */
    /**
     * Bytes of an ensemble, in saturating long arithmetic: min(threads, seeds) networks in flight, each with its weights
     * and workspaces ((L - 1) N^2 + N D + (L + 1) (P + Q) N + (P + Q) D doubles), and the recorded trajectories of every
     * seed plus the mean and standard error (seeds + 2 records of T ((L + 1) P^2 + (Q + 1) P + Q + L + 1) doubles).
     */
    public static long bytesNeeded(long p, long q, long d, long width, long depth, long timePoints, long seeds, long threads) {
        long m = p + q;
        long network = MemoryGuard.plus(MemoryGuard.times(depth - 1, width, width), MemoryGuard.times(width, d),
                MemoryGuard.times(depth + 1, m, width), MemoryGuard.times(m, d));
        long record = MemoryGuard.times(timePoints, MemoryGuard.plus(MemoryGuard.times(depth + 1, p, p),
                MemoryGuard.times(q + 1, p), q, depth, 1));
        return MemoryGuard.doubles(MemoryGuard.plus(MemoryGuard.times(Math.max(1, Math.min(threads, seeds)), network),
                MemoryGuard.times(seeds + 2, record)));
    }

    /** Entries of the largest array: a hidden weight matrix N x N, the input layer N x D or a kernel record. */
    public static long largestArray(long p, long q, long d, long width, long depth, long timePoints) {
        long m = p + q;
        return Math.max(Math.max(MemoryGuard.times(width, width), MemoryGuard.times(width, d)),
                Math.max(MemoryGuard.times(m, width), MemoryGuard.times(timePoints, p, p)));
    }

    public SimulationEnsemble runEnsemble(SimulationSpec spec, int seeds, int threads, IntConsumer progress) {
        requireSpec(spec);
        long need = bytesNeeded(spec.numTrain(), spec.numTest(), spec.inputDim(), spec.width(), spec.depth(), spec.timePoints(),
                seeds, threads);
        if (need > MemoryGuard.maxHeap() || largestArray(spec.numTrain(), spec.numTest(), spec.inputDim(), spec.width(),
                spec.depth(), spec.timePoints()) > MemoryGuard.MAX_ARRAY) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "width N = %d, L = %d, T = %d, %d seeds: the simulation needs %s bytes, the heap has %s; reduce the width, L, T or the seeds",
                    spec.width(), spec.depth(), spec.timePoints(), seeds, MemoryGuard.format(need), MemoryGuard.format(MemoryGuard.maxHeap())));
        }
        if (seeds < 2) {
            throw new IllegalArgumentException("seeds must be >= 2 for a standard error, got " + seeds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        final long start = System.nanoTime();
        final SimulationRun[] runs = new SimulationRun[seeds];
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AtomicInteger done = new AtomicInteger();
        final Object progressLock = new Object();
        final int nThreads = Math.min(threads, seeds);

        if (nThreads == 1) {
            for (int s = 0; s < seeds; s++) {
                runs[s] = run(spec, spec.seed() + s, cancelled);
                report(progress, progressLock, done);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(nThreads, daemonFactory());
            try {
                List<Future<?>> futures = new ArrayList<>(seeds);
                for (int s = 0; s < seeds; s++) {
                    final int index = s;
                    futures.add(pool.submit(() -> {
                        runs[index] = run(spec, spec.seed() + index, cancelled);
                        report(progress, progressLock, done);
                    }));
                }
                for (Future<?> future : futures) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        cancelled.set(true);
                        Throwable cause = e.getCause();
                        if (cause instanceof RuntimeException) {
                            throw (RuntimeException) cause;
                        }
                        if (cause instanceof Error) {
                            throw (Error) cause;
                        }
                        throw new IllegalStateException(cause);
                    } catch (InterruptedException e) {
                        cancelled.set(true);
                        Thread.currentThread().interrupt();
                        throw new CancellationException("interrupted while waiting for the ensemble");
                    }
                }
            } finally {
                cancelled.set(true);
                pool.shutdownNow();
            }
        }
        return SimulationEnsemble.of(spec, Arrays.asList(runs), System.nanoTime() - start);
    }

    private static void report(IntConsumer progress, Object lock, AtomicInteger done) {
        synchronized (lock) {
            int count = done.incrementAndGet();
            if (progress != null) {
                progress.accept(count);
            }
        }
    }

    private static ThreadFactory daemonFactory() {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "dln-sim-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static SimulationSpec requireSpec(SimulationSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        return spec;
    }

    /** The training loop; stops with a {@link CancellationException} once {@code cancelled} is set. */
    SimulationRun run(SimulationSpec spec, long seed, AtomicBoolean cancelled) {
        SimulatedNetwork net = spec.activation().isIdentity() ? new Network(spec, seed, referenceKernels)
                : new NonlinearNetwork(spec, seed);
        return train(spec, seed, cancelled, net);
    }

    /**
     * Records every time point of one network and updates it in between. For a nonlinear network ({@link NonlinearNetwork})
     * G^l is a P x P matrix per time; the recorded g^l is then its mean diagonal (1/P) sum_mu G^l_{mu mu}(t,t).
     */
    private static SimulationRun train(SimulationSpec spec, long seed, AtomicBoolean cancelled, SimulatedNetwork net) {
        final int timePoints = spec.timePoints();
        final int p = spec.numTrain();
        final int m = p + spec.numTest();
        final int depth = spec.depth();
        final double lossScale = spec.lossScale();
        final double lr = spec.eta() * spec.gamma0() * lossScale;
        final double rho = 1.0 - spec.eta() * spec.weightDecay();
        final SimulationRun run = new SimulationRun(timePoints, p, spec.numTest(), depth);
        // Phi^0 between all samples and the training samples (M x P)
        final DMatrixRMaj kx = new DMatrixRMaj(m, p);
        CommonOps_DDRM.multTransB(1.0 / spec.inputDim(), net.xAll, net.xTrain, kx);
        final DMatrixRMaj[] phi = new DMatrixRMaj[depth + 1];
        for (int l = 1; l <= depth; l++) {
            phi[l] = new DMatrixRMaj(m, p);
        }
        final DMatrixRMaj ntk = new DMatrixRMaj(m, p);
        final double[] f0 = new double[m];
        final double[] f = new double[m];
        final double[] delta = new double[p];
        final double[] gKernel = new double[depth + 2];
        final double[] y = spec.y();
        for (int t = 0; t < timePoints; t++) {
            if (cancelled.get()) {
                throw new CancellationException("simulation cancelled at time step " + t);
            }
            net.forward();
            final double loss = predictionsAndLoss(net.fRaw.data, t == 0, spec.centred(), f0, f, y, delta, lossScale);
            for (int l = 1; l <= depth; l++) {
                net.featureKernel(l, phi[l]);
            }
            // backward pass at time t (weights before the update), fused with the update unless last point
            final boolean update = t < timePoints - 1 && lr != 0.0;
            net.step(update ? delta : null, lr, rho);
            net.tangentKernel(kx, phi, gKernel, ntk);
            record(run, t, seed, f, loss, phi, gKernel, ntk);
        }
        return run;
    }

    private static void record(SimulationRun run, int t, long seed, double[] f, double loss, DMatrixRMaj[] phi,
                               double[] gKernel, DMatrixRMaj ntk) {
        final int p = run.numTrain();
        final int q = run.numTest();
        final int depth = run.depth();
        double[] fRow = run.fRef()[t];
        System.arraycopy(f, 0, fRow, 0, p);
        checkFinite(fRow, t, seed, "f");
        run.lossRef()[t] = loss;
        if (!Double.isFinite(loss)) {
            throw new SimulationDivergedException(t, seed, "loss");
        }
        double[] fTestRow = run.fTestRef()[t];
        System.arraycopy(f, p, fTestRow, 0, q);
        checkFinite(fTestRow, t, seed, "fTest");
        for (int l = 1; l <= depth; l++) {
            copyRows(phi[l], 0, run.phiRef()[l - 1][t], t, seed, "Phi^" + l);
            run.gRef()[l - 1][t] = gKernel[l];
            if (!Double.isFinite(gKernel[l])) {
                throw new SimulationDivergedException(t, seed, "G^" + l);
            }
        }
        copyRows(ntk, 0, run.ntkRef()[t], t, seed, "ntk");
        copyRows(ntk, p, run.ntkTestTrainRef()[t], t, seed, "ntkTestTrain");
    }

    private static void copyRows(DMatrixRMaj src, int firstRow, double[][] dst, int t, long seed, String name) {
        int cols = src.numCols;
        for (int i = 0; i < dst.length; i++) {
            System.arraycopy(src.data, (firstRow + i) * cols, dst[i], 0, cols);
            checkFinite(dst[i], t, seed, name);
        }
    }

    private static void checkFinite(double[] values, int t, long seed, String name) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new SimulationDivergedException(t, seed, name);
            }
        }
    }

    /**
     * Predictions f (minus f(0) when centred; f0 is recorded at the first time point), errors Delta = y - f on the
     * train samples (the first delta.length entries) and the loss lossScale/2 sum Delta^2, from the raw outputs.
     */
    private static double predictionsAndLoss(double[] raw, boolean first, boolean centred, double[] f0, double[] f, double[] y,
                                             double[] delta, double lossScale) {
        for (int mu = 0; mu < f.length; mu++) {
            if (first) {
                f0[mu] = raw[mu];
            }
            f[mu] = centred ? raw[mu] - f0[mu] : raw[mu];
        }
        double sq = 0;
        for (int mu = 0; mu < delta.length; mu++) {
            delta[mu] = y[mu] - f[mu];
            sq += delta[mu] * delta[mu];
        }
        return 0.5 * lossScale * sq;
    }
}
