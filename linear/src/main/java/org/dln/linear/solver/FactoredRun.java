package org.dln.linear.solver;

import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.numeric.report.SolverReport;

/** A solve of {@link CausalMarchingSolver} on {@link FactoredMarch}: the steps, the trajectory, the solution (no two-time kernels). */
final class FactoredRun implements CausalMarchingSolver.March {
    final MarchTrajectory tr;
    final FactoredMarch fm;
    final double[][][][] phiEq; // [l - 1][t][i][j]: Phi^l(t, t)
    final double[][] gEq;       // [l - 1][t]: G^l(t, t)

    FactoredRun(Problem p, Approximation approx, double lambda) {
        tr = new MarchTrajectory(p, approx, lambda);
        phiEq = new double[tr.L][tr.T][tr.S][tr.S];
        gEq = new double[tr.L][tr.T];
        fm = new FactoredMarch(p.trainCount(), p.jointGram(), p.timePoints(), p.depth(),
                approx == Approximation.LAZY ? 0.0 : p.gamma0(),
                CausalMarchingSolver.decayQuadrature(p.timePoints(), p.eta(), tr.rho),
                CausalMarchingSolver.sourceScale(p.timePoints(), tr.rho), approx != Approximation.GIA);
    }

    /** Refuses at once (exit 2, the field named) a problem whose arrays do not fit in the heap or in a Java array. */
    static void checkMemory(Problem p) {
        CausalMarchingSolver.requireFits(p, FactoredMarch::bytesNeeded, FactoredMarch::largestArray);
    }

    @Override
    public MarchTrajectory trajectory() {
        return tr;
    }

    @Override
    public void usePool(SweepPool pool) {
        fm.pool = pool;
    }

    @Override
    public void step(int t) {
        fm.kernels(t);
        final int S = tr.S;
        for (int i = 0; i < S; i++) {
            for (int j = 0; j < S; j++) {
                double acc = 0;
                for (int l = 0; l <= tr.L; l++) {
                    acc += fm.gAt(l + 1, t) * fm.phiTT[l][i * S + j]; // G^{L+1} = 1
                }
                tr.ntk[t][i][j] = acc;
            }
        }
        if (tr.ntkEuler) {
            tr.eulerPredict(t, fm.dw);
        } else {
            fm.predictRow(t, tr.f[t]);
        }
        tr.closeStep(t, fm.dw);
        fm.closeStep(t);
        // the step's Phi^l(t, t) and G^l(t, t), kept for the solution
        for (int l = 1; l <= tr.L; l++) {
            gEq[l - 1][t] = fm.gAt(l, t);
            for (int i = 0; i < S; i++) {
                System.arraycopy(fm.phiTT[l], i * S, phiEq[l - 1][t][i], 0, S);
            }
        }
    }

    @Override
    public LinearSolution toSolution(Problem p, SolveOptions o, SolverReport report) {
        return new LinearSolution(p, o.approximation(), tr.f, tr.ntk, phiEq, gEq, null, report);
    }
}
