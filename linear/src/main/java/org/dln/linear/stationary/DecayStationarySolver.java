package org.dln.linear.stationary;

import org.dln.linear.problem.ResourceGuard;
import org.dln.numeric.linalg.MemoryGuard;
import java.util.ArrayList;
import java.util.List;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.LinearSolution;
import org.dln.numeric.report.SolverReport;
import org.dln.numeric.solver.ConvergenceChecker;
import org.dln.numeric.solver.NewtonSolver;
import org.dln.numeric.solver.NonlinearSolution;

/**
 * Solves {@link DecayStationaryEquations} (the P x P stationary equations of weight decay) by dense Newton with the
 * analytic Jacobian, from a given initial guess (e.g. the last point of a gradient-descent trajectory) or from the
 * scalar reduction, and checks the result against the scalar reduction's root. The state on test inputs follows
 * explicitly from the train solution ({@link DecayStationaryState#of}).
 */
public final class DecayStationarySolver {
    private final double absTol;

    /** Residual tolerance 1e-13 (max-norm; the equations are O(1) polynomials, rounding ~1e-15 |terms|). */
    public DecayStationarySolver() {
        this(1e-13);
    }

    public DecayStationarySolver(double absTol) {
        this.absTol = absTol;
    }

    /** The Newton initial guess from time point t of a trajectory with decay (train block). */
    public static double[] guessFromTrajectory(LinearSolution s, int t, DecayStationaryEquations eq) {
        Problem p = s.problem();
        int pn = p.trainCount(), depth = p.depth();
        double[][][] phi = new double[depth][pn][pn];
        double[] g = new double[depth];
        double[] d = new double[pn];
        for (int l = 1; l <= depth; l++) {
            for (int i = 0; i < pn; i++) {
                for (int j = 0; j < pn; j++) {
                    phi[l - 1][i][j] = s.phi(l, t, i, j);
                }
            }
            g[l - 1] = s.g(l, t);
        }
        for (int mu = 0; mu < pn; mu++) {
            d[mu] = s.delta(t, mu);
        }
        return eq.pack(phi, g, d);
    }

    /** The equations of a problem with decay lambda. */
    public static DecayStationaryEquations equations(Problem p, double lambda) {
        check(p, lambda);
        return new DecayStationaryEquations(p.kx(), p.y(), p.depth(), p.gamma0(), lambda, p.lossScale());
    }

    /** The exact state from the scalar reduction (no Newton), as an unknown vector of {@code eq}. */
    public static double[] fromScalarReduction(Problem p, double lambda, DecayStationaryEquations eq) {
        DecayScalarReduction red = new DecayScalarReduction(p.kx(), p.y(), p.depth(), p.gamma0(), lambda, p.lossScale());
        double a = red.solve();
        double s = p.lossScale();
        int depth = p.depth(), pn = p.trainCount();
        double[] delta = DecayScalarReduction.delta(p.kx(), p.y(), a);
        double g1 = lambda * a / s;
        double e = g1 * s * s * red.m(a);
        double ke = red.kappa() * e;
        double[] g = new double[depth];
        for (int l = 1; l <= depth; l++) {
            g[l - 1] = Math.pow(ke, depth + 1 - l);
        }
        g[0] = g1;
        DecayStationaryState st = DecayStationaryState.of(p, lambda, g, delta, null);
        double[][][] phi = new double[depth][pn][pn];
        for (int l = 1; l <= depth; l++) {
            for (int i = 0; i < pn; i++) {
                for (int j = 0; j < pn; j++) {
                    phi[l - 1][i][j] = st.phi(l, i, j);
                }
            }
        }
        return eq.pack(phi, g, delta);
    }

    /**
     * Newton from {@code guess} (null: from the scalar reduction). The report's notes give the initial guess, the
     * distance to the scalar reduction's root and the predictor identity check.
     */
    public DecayStationaryState solve(Problem p, double lambda, double[] guess, String guessName) {
        long start = System.nanoTime();
        DecayStationaryEquations eq = equations(p, lambda);
        double[] reduced = fromScalarReduction(p, lambda, eq);
        double[] x0 = guess != null ? guess : reduced;
        NonlinearSolution sol = NewtonSolver.builder().maxIterations(60)
                .checker(ConvergenceChecker.of(absTol, 1e-15)).build().solve(eq, x0);
        double[] z = sol.x();
        double diff = 0;
        for (int i = 0; i < z.length; i++) {
            diff = Math.max(diff, Math.abs(z[i] - reduced[i]) / Math.max(1, Math.abs(reduced[i])));
        }
        int depth = p.depth(), pn = p.trainCount();
        double[] g = new double[depth];
        double[] d = new double[pn];
        for (int l = 1; l <= depth; l++) {
            g[l - 1] = eq.g(z, l);
        }
        for (int mu = 0; mu < pn; mu++) {
            d[mu] = eq.delta(z, mu);
        }
        SolverReport nr = sol.report();
        List<String> notes = new ArrayList<>(nr.notes());
        notes.add("initial guess: " + (guess != null ? guessName : "scalar reduction"));
        notes.add(String.format(java.util.Locale.ROOT, "unknowns: %d (Phi^l upper triangles, G^l, Delta)", eq.dimension()));
        notes.add(String.format(java.util.Locale.ROOT,
                "max relative difference to the scalar reduction's largest root: %.3e", diff));
        SolverReport rep = new SolverReport("newton (weight-decay stationary state)", nr.iterations(),
                nr.residualHistory(), nr.residual(), nr.converged(), (System.nanoTime() - start) * 1e-9, notes);
        DecayStationaryState st = DecayStationaryState.of(p, lambda, g, d, rep);
        double[] ad = st.adaptivePredictor();
        double id = 0;
        for (int i = 0; i < ad.length; i++) {
            id = Math.max(id, Math.abs(ad[i] - st.f(i)));
        }
        notes.add(String.format(java.util.Locale.ROOT,
                "max |f - K(x,X)[K + c lambda I]^{-1} y| = %.3e with c = %s (adaptive NTK predictor identity)", id,
                st.predictorConstant()));
        notes.add(String.format(java.util.Locale.ROOT, "self-consistent input ridge 1/a = %.6g (f = Kx(x,X)[Kx + I/a]^{-1} y)",
                st.effectiveRidge()));
        rep = new SolverReport(rep.solver(), rep.iterations(), rep.residualHistory(), rep.residual(), rep.converged(),
                rep.wallSeconds(), notes);
        return DecayStationaryState.of(p, lambda, g, d, rep);
    }

    /**
     * Bytes of a Newton solve, in saturating long arithmetic: the dense Jacobian and its factorization, 2 D^2 doubles
     * for D = L P(P+1)/2 + L + P unknowns.
     */
    public static long bytesNeeded(long p, long depth) {
        long unknowns = MemoryGuard.plus(MemoryGuard.times(depth, p, p + 1) / 2, depth, p);
        return MemoryGuard.doubles(MemoryGuard.times(2, unknowns, unknowns));
    }

    static void check(Problem p, double lambda) {
        int pn = p.trainCount();
        ResourceGuard.require("the weight-decay stationary state (dense Newton Jacobian of L P(P+1)/2 + L + P unknowns)",
                "Jacobian", d -> bytesNeeded(d[0], d[1]), d -> {
                    long u = MemoryGuard.plus(MemoryGuard.times(d[1], d[0], d[0] + 1) / 2, d[1], d[0]);
                    return MemoryGuard.times(u, u);
                }, new ResourceGuard.Dim("P", pn, pn, 1), new ResourceGuard.Dim("L", p.depth(), p.depth(), 1));
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "weight-decay", "weight-decay", lambda,
                    "the stationary state needs a finite weight decay lambda > 0");
        }
        if (!(p.gamma0() > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "gamma0", "gamma0", p.gamma0(),
                    "with weight decay and gamma0 = 0 every weight decays to zero; the stationary state needs gamma0 > 0");
        }
    }
}
