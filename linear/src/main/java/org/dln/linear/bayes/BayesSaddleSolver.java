package org.dln.linear.bayes;

import org.dln.linear.problem.ResourceGuard;
import org.dln.numeric.linalg.MemoryGuard;
import java.util.ArrayList;
import java.util.List;
import org.dln.numeric.report.SolverReport;
import org.dln.numeric.solver.ConvergenceChecker;
import org.dln.numeric.solver.NewtonSolver;
import org.dln.numeric.solver.NonlinearSolution;
import org.dln.numeric.solver.SolverException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Solves the saddle-point equations of {@link BayesSaddleEquations} by dense Newton with its exact Jacobian, by
 * continuation from the lazy NNGP solution (Phi^l = Kx, Phihat^l = 0, exact at gamma0 = 0 for every beta) along the
 * path s in [0, 1]: gamma0(s) = s gamma0, 1/beta(s) = 1/beta + (1 - s) * {@value #BETA_PATH} (a larger noise along the
 * way, which keeps Phi^L + I/beta well conditioned; at s = 1 both reach their targets). The path starts with
 * {@value #INITIAL_STEPS} equal steps; a step whose Newton solve fails is halved (down to 1/4096). Every point is
 * solved to the same tolerance, so the final point does not depend on the path unless the saddle point is not unique
 * (then this is the branch connected to the NNGP).
 *
 * <p>Test inputs (docs/theory.md section 9): they are extra inputs without a loss term, so Phihat^l vanishes on their rows
 * and columns and their kernel rows follow layer by layer from the train saddle point:
 * <pre>
 *   Phi^l(x, X)  = Phi^{l-1}(x, X) (I + Phihat^l Phi^{l-1})^{-1}
 *   Phi^l(x, x') = Phi^{l-1}(x, x') - Phi^{l-1}(x, X) Phihat^l (I + Phi^{l-1} Phihat^l)^{-1} Phi^{l-1}(X, x')
 * </pre>
 */
public final class BayesSaddleSolver {
    static final double BETA_PATH = 1.0;
    static final int INITIAL_STEPS = 4;

    private final double absTol;

    public BayesSaddleSolver() {
        this(1e-13);
    }

    /** @param absTol max-norm residual tolerance of every Newton solve */
    public BayesSaddleSolver(double absTol) {
        this.absTol = absTol;
    }

    /**
     * Bytes of a solve, in saturating long arithmetic: Newton's dense Jacobian and its factorization, 2 D^2 doubles for
     * D = 2 L P(P+1)/2 unknowns (Phi^l and its conjugate, packed upper triangles), plus the L (P + Q)^2 kernels.
     */
    public static long bytesNeeded(long p, long q, long depth) {
        long unknowns = MemoryGuard.times(depth, p, p + 1);
        return MemoryGuard.doubles(MemoryGuard.plus(MemoryGuard.times(2, unknowns, unknowns),
                MemoryGuard.times(depth, p + q, p + q)));
    }

    /** Refuses at once (exit 2, naming P or L) a saddle point whose dense Jacobian does not fit. */
    static void checkMemory(int p, int q, int depth) {
        ResourceGuard.require("the Bayes saddle point (dense Newton Jacobian of 2 L P(P+1)/2 unknowns)", "Jacobian",
                d -> bytesNeeded(d[0], q, d[1]), d -> {
                    long u = MemoryGuard.times(d[1], d[0], d[0] + 1);
                    return MemoryGuard.times(u, u);
                }, new ResourceGuard.Dim("P", p, p, 1), new ResourceGuard.Dim("L", depth, depth, 1));
    }

    /**
     * @param kx           train Gram matrix (P x P)
     * @param y            targets
     * @param kxTestTrain  Q x P (may have Q = 0 rows)
     * @param kxTestTest   Q x Q
     * @param depth        L
     * @param gamma0       target gamma0 >= 0
     * @param invBeta      1/beta >= 0
     */
    public BayesSolution solve(double[][] kx, double[] y, double[][] kxTestTrain, double[][] kxTestTest, int depth,
                               double gamma0, double invBeta) {
        long start = System.nanoTime();
        checkMemory(kx.length, kxTestTrain.length, depth);
        NewtonSolver newton = NewtonSolver.builder().maxIterations(60).checker(ConvergenceChecker.of(absTol, 1e-15))
                .build();
        BayesSaddleEquations lazy = new BayesSaddleEquations(kx, y, depth, 0.0, invBeta);
        double[] x = lazy.lazyGuess();
        List<Double> path = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double s = 0;
        double ds = 1.0 / INITIAL_STEPS;
        NonlinearSolution last = null;
        int totalIterations = 0;
        if (gamma0 == 0) {
            last = newton.solve(lazy, x);
            x = last.x();
            path.add(0.0);
        }
        while (s < 1.0 && gamma0 != 0) {
            double sNext = Math.min(1.0, s + ds);
            BayesSaddleEquations eq = new BayesSaddleEquations(kx, y, depth, sNext * gamma0,
                    invBeta + (1 - sNext) * BETA_PATH);
            NonlinearSolution sol;
            try {
                sol = newton.solve(eq, x);
            } catch (SolverException | ArithmeticException e) {
                sol = null;
            }
            if (sol != null && sol.converged()) {
                s = sNext;
                x = sol.x();
                last = sol;
                totalIterations += sol.report().iterations();
                path.add(s * gamma0);
                if (sol.report().iterations() <= 5) {
                    ds = Math.min(2 * ds, 0.5);
                }
            } else {
                ds /= 2;
                if (ds < 1.0 / 4096) {
                    SolverReport r = sol != null ? sol.report() : new SolverReport("newton", 0, new double[0],
                            Double.NaN, false, 0, List.of());
                    notes.add("continuation failed at gamma0 = " + (s * gamma0) + ": Newton did not converge for the next step");
                    last = new NonlinearSolution(x, r);
                    break;
                }
            }
        }
        SolverReport nr = last.report();
        notes.add(0, "continuation from the NNGP solution: gamma0 path " + format(path) + ", "
                + totalIterations + " Newton steps in all; residual history below is the final point's");
        notes.addAll(nr.notes());
        SolverReport report = new SolverReport("newton-continuation", nr.iterations(), nr.residualHistory(),
                nr.residual(), nr.converged() && (gamma0 == 0 || s >= 1.0), (System.nanoTime() - start) * 1e-9, notes);
        BayesSaddleEquations target = new BayesSaddleEquations(kx, y, depth, gamma0, invBeta);
        return assemble(target, x, y, kxTestTrain, kxTestTest, invBeta, report, path);
    }

    static BayesSolution assemble(BayesSaddleEquations eq, double[] x, double[] y, double[][] kxTestTrain,
                                  double[][] kxTestTest, double invBeta, SolverReport report, List<Double> path) {
        int depth = eq.depth();
        int p = eq.trainCount();
        int q = kxTestTrain.length;
        DMatrixRMaj[] m = eq.unpack(x);
        double[][][] phi = new double[depth + 1][][];
        double[][][] phiHat = new double[depth + 1][][];
        double[][][] tt = new double[depth + 1][][];
        double[][][] ts = new double[depth + 1][][];
        DMatrixRMaj rowPrev = q == 0 ? new DMatrixRMaj(0, p) : new DMatrixRMaj(kxTestTrain);
        DMatrixRMaj blockPrev = q == 0 ? new DMatrixRMaj(0, 0) : new DMatrixRMaj(kxTestTest);
        phi[0] = toArray(m[0]);
        tt[0] = toArray(rowPrev);
        ts[0] = toArray(blockPrev);
        for (int l = 1; l <= depth; l++) {
            phi[l] = toArray(m[l]);
            phiHat[l] = toArray(m[depth + l]);
            DMatrixRMaj hat = m[depth + l];
            // K = (I + Phihat Phi^{l-1})^{-1}
            DMatrixRMaj t = new DMatrixRMaj(p, p);
            CommonOps_DDRM.mult(hat, m[l - 1], t);
            for (int i = 0; i < p; i++) {
                t.add(i, i, 1.0);
            }
            DMatrixRMaj kInv = new DMatrixRMaj(p, p);
            CommonOps_DDRM.invert(t, kInv);
            DMatrixRMaj row = new DMatrixRMaj(q, p);
            CommonOps_DDRM.mult(rowPrev, kInv, row);
            // block = blockPrev - rowPrev Phihat (I + Phi^{l-1} Phihat)^{-1} rowPrev^T = blockPrev - rowPrev (kInv Phihat)^T...
            // Phihat (I + Phi Phihat)^{-1} = (I + Phihat Phi)^{-1} Phihat = kInv Phihat
            DMatrixRMaj kh = new DMatrixRMaj(p, p);
            CommonOps_DDRM.mult(kInv, hat, kh);
            DMatrixRMaj tmp = new DMatrixRMaj(q, p);
            CommonOps_DDRM.mult(rowPrev, kh, tmp);
            DMatrixRMaj block = blockPrev.copy();
            if (q > 0) {
                CommonOps_DDRM.multAddTransB(-1.0, tmp, rowPrev, block);
            }
            tt[l] = toArray(row);
            ts[l] = toArray(block);
            rowPrev = row;
            blockPrev = block;
        }
        double[] fTrain = predict(m[depth], m[depth], y, invBeta);
        double[] fTest = predict(rowPrev, m[depth], y, invBeta);
        double[] nTrain = predict(m[0], m[0], y, invBeta);
        double[] nTest = predict(q == 0 ? new DMatrixRMaj(0, p) : new DMatrixRMaj(kxTestTrain), m[0], y, invBeta);
        double action = eq.action(x);
        return new BayesSolution(phi, phiHat, tt, ts, fTrain, fTest, nTrain, nTest, action, report, List.copyOf(path));
    }

    /** rows [K + I/beta]^{-1} y. */
    static double[] predict(DMatrixRMaj rows, DMatrixRMaj k, double[] y, double invBeta) {
        int p = y.length;
        DMatrixRMaj r = k.copy();
        for (int i = 0; i < p; i++) {
            r.add(i, i, invBeta);
        }
        DMatrixRMaj a = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.solve(r, new DMatrixRMaj(p, 1, true, y), a);
        DMatrixRMaj f = new DMatrixRMaj(rows.numRows, 1);
        CommonOps_DDRM.mult(rows, a, f);
        return f.data.clone();
    }

    static double[][] toArray(DMatrixRMaj a) {
        double[][] r = new double[a.numRows][a.numCols];
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                r[i][j] = a.get(i, j);
            }
        }
        return r;
    }

    private static String format(List<Double> path) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(String.format(java.util.Locale.ROOT, "%.4g", path.get(i)));
        }
        return sb.append(']').toString();
    }
}
