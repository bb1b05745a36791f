package org.dln.numeric.simulation;

import org.ejml.data.DMatrixRMaj;

/**
 * A finite-width network as the training loop of {@link FiniteWidthSimulator} drives it, linear ({@link Network}) or
 * not ({@link NonlinearNetwork}): its shape, its inputs (train rows, then test rows) and the weights drawn from one seed
 * ({@link InitialState}), its raw outputs, and the steps of one recorded time point (forward pass, feature kernels,
 * backward pass fused with the update, gradient kernels and NTK). Workspaces are allocated once, by the subclasses.
 */
abstract class SimulatedNetwork {
    final int n;
    final int d;
    final int depth;
    final int p;
    final int m;
    final double gamma0;
    final double invSqrtN;
    final double invSqrtD;

    /** All inputs, train rows then test rows, {@code M x D}. */
    final DMatrixRMaj xAll;
    /** View of the first {@code P} rows of {@link #xAll} (training inputs), sharing storage. */
    final DMatrixRMaj xTrain;
    /** {@code W^0}, {@code N x D}. */
    final DMatrixRMaj w0;
    /** {@code hidden[l] = W^l} ({@code N x N}) for {@code l = 1 .. L-1}; {@code hidden[0]} is null. */
    final DMatrixRMaj[] hidden;
    /** Readout {@code w^L}, {@code N x 1}. */
    final DMatrixRMaj wOut;
    /** Raw (uncentred) outputs of all {@code M} samples. */
    final DMatrixRMaj fRaw;

    SimulatedNetwork(SimulationSpec spec, long seed) {
        this.n = spec.width();
        this.d = spec.inputDim();
        this.depth = spec.depth();
        this.p = spec.numTrain();
        this.m = p + spec.numTest();
        this.gamma0 = spec.gamma0();
        this.invSqrtN = 1.0 / Math.sqrt(n);
        this.invSqrtD = 1.0 / Math.sqrt(d);
        xAll = InitialState.inputs(spec);
        xTrain = DMatrixRMaj.wrap(p, d, xAll.data);
        InitialState.Weights weights = InitialState.Weights.draw(spec, seed);
        w0 = weights.w0();
        hidden = weights.hidden();
        wOut = weights.wOut();
        fRaw = new DMatrixRMaj(m, 1);
    }

    /** Forward pass of every sample: the hidden fields and {@link #fRaw}. */
    abstract void forward();

    /** Equal-time feature kernel of layer l between all samples and the training samples (M x P). */
    abstract void featureKernel(int l, DMatrixRMaj out);

    /**
     * Backward pass from the current weights (after {@link #forward()}) and, if {@code delta != null}, one
     * gradient-descent update with learning rate {@code lr} and weight-decay factor {@code rho}.
     */
    abstract void step(double[] delta, double lr, double rho);

    /**
     * The gradient kernels G^l of the last {@link #step} summarised in {@code gKernel[1..L]} and the NTK between all
     * samples and the training samples (M x P) from the input kernel {@code kx} and the feature kernels {@code phi}.
     */
    abstract void tangentKernel(DMatrixRMaj kx, DMatrixRMaj[] phi, double[] gKernel, DMatrixRMaj ntk);
}
