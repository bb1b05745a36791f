package org.dln.linear.dmft;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dln.linear.langevin.LangevinEngine;
import org.dln.linear.langevin.LangevinParameters;
import org.dln.linear.langevin.LangevinTrajectory;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Method;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;
import org.dln.linear.result.TimeMode;
import org.dln.numeric.linalg.Kernels;
import org.dln.numeric.report.SolverReport;

/**
 * Family "langevin": Langevin training (weight decay lambda, temperature T, likelihood factor beta, initial scale
 * sigma0) of a deep linear network at infinite width (theory.md section 12), by an adaptive Runge-Kutta integration of
 * a closed ODE system ({@link LangevinEngine}): the neural-dynamical-kernel equation in the kernel regime (gamma0 = 0,
 * any L) and the single-site Lyapunov equation for L = 1 (any gamma0); otherwise (or on request) by the
 * Richardson-extrapolated trapezoid march of theory.md 12.6 (or the discrete march of 12.5). Observables at explicit times (f, loss, ntk,
 * phi&lt;l&gt;, g&lt;l&gt;, alignments, f_test, ntk_test_train); the {@link LangevinTrajectory} (two-time kernels, NDK,
 * time scales) is attached. The problem's eta and T are not used.
 */
public final class LangevinSolver implements DmftSolver {
    private final LangevinParameters parameters;
    private final double[] march;

    /**
     * @param parameters the Langevin parameters
     * @param march      null: the engine's choice; else the options {step h0, levels[, scheme[, sequence[, n0]]]} of the
     *                   extrapolated march ({@link LangevinEngine#solveMarch})
     */
    public LangevinSolver(LangevinParameters parameters, double[] march) {
        this(parameters, march, null);
    }

    /**
     * @param times explicit output times (first 0; with the march, multiples of its step), or null
     */
    public LangevinSolver(LangevinParameters parameters, double[] march, double[] times) {
        this.parameters = parameters;
        this.march = march == null ? null : march.clone();
        this.times = times == null ? null : times.clone();
    }

    private final double[] times;

    @Override
    public String family() {
        return "langevin";
    }

    public LangevinParameters parameters() {
        return parameters;
    }

    @Override
    public Solution solve(Problem p, SolveListener listener) {
        LangevinTrajectory tr;
        LangevinEngine.MarchRun run = null;
        boolean ode = march == null && LangevinEngine.supports(p.depth(), p.gamma0());
        if (ode) {
            tr = times == null ? LangevinEngine.solve(p, parameters) : LangevinEngine.solve(p, parameters, times);
        } else {
            double[] opt = march != null ? march : LangevinEngine.defaultMarch(p, parameters);
            run = LangevinEngine.runMarch(p, parameters, opt, (done, total) -> listener.progress("langevin", done, total));
            tr = run.trajectory();
            if (times != null) {
                tr = LangevinEngine.select(tr, times);
            }
        }
        int n = tr.timePoints(), pn = p.trainCount(), q = p.testCount(), m = pn + q, L = p.depth();
        double[][] f = new double[n][pn], fTest = new double[n][q];
        double[][][] ntk = new double[n][pn][pn], ntkTT = new double[n][q][pn];
        double[] alignNtk = new double[n];
        double[][] kx = p.jointGram();
        for (int t = 0; t < n; t++) {
            System.arraycopy(tr.f()[t], 0, f[t], 0, pn);
            System.arraycopy(tr.f()[t], pn, fTest[t], 0, q);
            // NTK(t) = sum_l G^{l+1}(t,t) Phi^l(t,t), Phi^0 = Kx, G^{L+1} = 1
            double[][] k = new double[m][m];
            for (int l = 0; l <= L; l++) {
                double gl = l == L ? 1.0 : tr.g()[l][t];
                double[][] ph = l == 0 ? kx : tr.phi()[l - 1][t];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        k[i][j] += gl * ph[i][j];
                    }
                }
            }
            for (int i = 0; i < pn; i++) {
                System.arraycopy(k[i], 0, ntk[t][i], 0, pn);
            }
            for (int i = 0; i < q; i++) {
                System.arraycopy(k[pn + i], 0, ntkTT[t][i], 0, pn);
            }
            alignNtk[t] = Kernels.alignment(ntk[t], p.y());
        }
        Map<String, Observable> obs = new LinkedHashMap<>();
        obs.put("f", Observable.matrix("f", f, null));
        obs.put("loss", Observable.series("loss", tr.loss(), null));
        obs.put("ntk", Observable.tensor("ntk", ntk, null));
        for (int l = 1; l <= L; l++) {
            double[][][] ph = new double[n][pn][pn];
            double[] al = new double[n];
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < pn; i++) {
                    System.arraycopy(tr.phi()[l - 1][t][i], 0, ph[t][i], 0, pn);
                }
                al[t] = Kernels.alignment(ph[t], p.y());
            }
            obs.put("phi" + l, Observable.tensor("phi" + l, ph, null));
            obs.put("g" + l, Observable.series("g" + l, tr.g()[l - 1], null));
        }
        for (int l = 1; l <= L; l++) {
            double[] al = new double[n];
            for (int t = 0; t < n; t++) {
                double[][] ph = new double[pn][pn];
                for (int i = 0; i < pn; i++) {
                    System.arraycopy(tr.phi()[l - 1][t][i], 0, ph[i], 0, pn);
                }
                al[t] = Kernels.alignment(ph, p.y());
            }
            obs.put("align_phi" + l, Observable.series("align_phi" + l, al, null));
        }
        obs.put("align_ntk", Observable.series("align_ntk", alignNtk, null));
        if (q > 0) {
            obs.put("f_test", Observable.matrix("f_test", fTest, null));
            obs.put("ntk_test_train", Observable.tensor("ntk_test_train", ntkTT, null));
        }
        LangevinParameters par = tr.parameters();
        Method m0 = Method.builder().solver("langevin-" + tr.model() + "-rk4").approximation(p.gamma0() == 0 ? "lazy" : "full")
                .time(TimeMode.GRADIENT_FLOW).put("times", tr.times()).put("dynamics", "langevin")
                .put("weight_decay", par.lambda()).put("temperature", par.temperature()).put("beta", par.beta())
                .put("sigma0", par.sigma0()).put("infinite_width", true).build();
        String note = String.format(java.util.Locale.ROOT,
                "fast time %.4g (predicted %.4g), slow time %.4g (predicted %.4g), %d steps",
                tr.fastTime(), tr.fastPredicted(), tr.slowTime(), tr.slowPredicted(), tr.steps());
        listener.note(note);
        SolverReport rep;
        if (run == null) {
            rep = new SolverReport("langevin-" + tr.model() + "-rk4", (int) Math.min(Integer.MAX_VALUE, tr.steps()),
                    new double[0], Double.NaN, true, tr.wallSeconds(), List.of(note));
        } else {
            // iterations: the row sweeps of all levels (trapezoid) or the finest level's points (discrete march);
            // residual history: the change of the predictions made by each Richardson column (the last: the estimate)
            double[] cols = run.columnChanges().length > 1
                    ? java.util.Arrays.copyOfRange(run.columnChanges(), 1, run.columnChanges().length) : new double[0];
            String rows = String.format(java.util.Locale.ROOT, "; base step %.6g, levels with steps h0/n for n = %s",
                    run.h0(), java.util.Arrays.toString(run.steps())) + (run.trapezoid() ? String.format(java.util.Locale.ROOT,
                    "; row solves: %d sweeps in all, at most %d for one row, largest remaining relative row change %.2e",
                    run.sweeps(), run.maxRowSweeps(), run.maxRowChange()) : "");
            rep = new SolverReport("langevin-" + tr.model(), (int) Math.min(Integer.MAX_VALUE, run.trapezoid() ? run.sweeps()
                    : tr.steps()), cols, tr.errorEstimate(), true, tr.wallSeconds(), List.of(note + rows));
        }
        return new Solution(Solution.THEORY, p, m0, rep, obs, null).withExtra(LangevinTrajectory.class, tr);
    }
}
