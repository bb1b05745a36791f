package org.dln.linear.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.LinearSolution;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.dmft.SamplingOptions;
import org.dln.numeric.dmft.SamplingResult;
import org.dln.numeric.linalg.Kernels;
import org.dln.numeric.report.SolverReport;
import org.dln.numeric.simulation.SimulationEnsemble;
import org.dln.numeric.simulation.SimulationRun;
import org.dln.numeric.solver.SolverException;
import org.dln.numeric.solver.SolverMessage;

/** Builds the {@link Solution} of each kind of raw result: a linear solver's, the sampler's, a simulated ensemble's. */
public final class Solutions {
    private Solutions() {
    }

    /** The solution of a linear DMFT solver (full kernels attached as the {@link LinearSolution} extra). */
    public static Solution of(LinearSolution s) {
        Problem p = s.problem();
        int tp = s.timePoints(), pn = p.trainCount(), q = p.testCount(), depth = p.depth();
        double[][] f = new double[tp][pn];
        double[] loss = new double[tp];
        double[][][] ntk = new double[tp][pn][pn];
        double[][] fTest = new double[tp][q];
        double[][][] ntkTT = new double[tp][q][pn];
        for (int t = 0; t < tp; t++) {
            loss[t] = s.loss(t);
            for (int i = 0; i < pn; i++) {
                f[t][i] = s.f(t, i);
                for (int j = 0; j < pn; j++) {
                    ntk[t][i][j] = s.ntk(t, i, j);
                }
            }
            for (int j = 0; j < q; j++) {
                fTest[t][j] = s.f(t, pn + j);
                for (int i = 0; i < pn; i++) {
                    ntkTT[t][j][i] = s.ntk(t, pn + j, i);
                }
            }
        }
        double[][][][] phi = new double[depth][tp][pn][pn];
        double[][] g = new double[depth][tp];
        for (int l = 1; l <= depth; l++) {
            for (int t = 0; t < tp; t++) {
                g[l - 1][t] = s.g(l, t);
                for (int i = 0; i < pn; i++) {
                    for (int j = 0; j < pn; j++) {
                        phi[l - 1][t][i][j] = s.phi(l, t, i, j);
                    }
                }
            }
        }
        Map<String, Observable> obs = kernelObservables(p.y(), f, null, loss, null, ntk, null, phi, null, g, null);
        if (q > 0) {
            obs.put("f_test", Observable.matrix("f_test", fTest, null));
            obs.put("ntk_test_train", Observable.tensor("ntk_test_train", ntkTT, null));
        }
        Method.Builder m = Method.builder().solver(s.report().solver()).approximation(s.approximation().id());
        if (s.isFlow()) {
            double[] ts = new double[tp];
            for (int t = 0; t < tp; t++) {
                ts[t] = s.time(t);
            }
            m.time(TimeMode.GRADIENT_FLOW).put("times", ts);
        } else {
            m.time(TimeMode.GRADIENT_DESCENT);
        }
        m.put("infinite_width", true);
        return new Solution(Solution.THEORY, p, m.build(), s.report(), obs, s.twoTime()).withExtra(LinearSolution.class, s);
    }

    /** The solution of the sampling solver, with Monte Carlo standard errors ({@code gram_g<l>} added per layer). */
    public static Solution sampled(Problem p, Activation act, SamplingOptions requested, SamplingResult r) {
        SamplingOptions o = requested.resolved(p.trainCount() * p.timePoints()); // the replica count the solver used
        Map<String, Observable> obs = kernelObservables(p.y(), r.f(), r.fSe(), r.loss(), r.lossSe(), r.ntk(), r.ntkSe(),
                r.phi(), r.phiSe(), r.g(), r.gSe());
        Map<String, Observable> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, Observable> e : obs.entrySet()) {
            ordered.put(e.getKey(), e.getValue());
            if (e.getKey().startsWith("g") && !e.getKey().startsWith("gram")) {
                int l = Integer.parseInt(e.getKey().substring(1));
                ordered.put("gram_g" + l, Observable.tensor("gram_g" + l, r.gram()[l - 1], r.gramSe()[l - 1]));
            }
        }
        boolean march = o.method() == SamplingOptions.Method.MARCH;
        Method.Builder m = Method.builder().solver(march ? "monte-carlo-causal-march" : "alternating-monte-carlo")
                .approximation("full").put("activation", act.name()).time(TimeMode.GRADIENT_DESCENT)
                .put("samples", o.draws()).put("replicas", o.replicas()).put("seed", o.seed())
                .put("pivot_tolerance", o.pivotTolerance());
        if (!march) {
            m.put("damping", o.damping()).put("window", o.window()).put("noise_factor", o.noiseFactor());
        }
        m.put("stderr_dof", Math.max(0, o.replicas() - 1));
        m.put("bias_correction", march && o.biasCorrection() ? "split-half jackknife per replica" : "none");
        m.put("stderr", o.replicas() > 1
                ? "Monte Carlo: standard deviation over independent replicas / sqrt(replicas) (value - exact) / stderr is Student-t"
                        + " with stderr_dof = replicas - 1 degrees of freedom; alignments of the mean kernels (no stderr)"
                : (march ? "Monte Carlo: batch means over the blocks of draws (one replica)"
                        : "Monte Carlo: batch means of the last iteration of each window (one replica)"));
        return new Solution(Solution.THEORY, p, m.build(), r.report(), ordered, null);
    }

    /** The ensemble of a finite-width simulation: every observable as mean and standard error over seeds. */
    public static Solution simulated(Problem p, SimulationEnsemble ens, Activation act, int width, int seeds, long seed) {
        SimulationRun m = ens.mean();
        SimulationRun se = ens.stdErr();
        Map<String, Observable> obs = kernelObservables(p.y(), m.f(), se.f(), m.loss(), se.loss(), m.ntk(), se.ntk(),
                m.phi(), se.phi(), m.g(), se.g());
        if (p.testCount() > 0) {
            obs.put("f_test", Observable.matrix("f_test", m.fTest(), se.fTest()));
            obs.put("ntk_test_train", Observable.tensor("ntk_test_train", m.ntkTestTrain(), se.ntkTestTrain()));
        }
        Method.Builder method = Method.builder().solver("finite-width-simulation").put("width", width).put("seeds", seeds)
                .put("first_seed", seed).time(TimeMode.GRADIENT_DESCENT);
        if (ens.spec().weightDecay() != 0) {
            method.put("weight_decay", ens.spec().weightDecay());
        }
        method.put("stderr", "sample standard deviation over seeds / sqrt(seeds); alignments are of the mean kernels (no stderr)");
        if (!act.isIdentity()) {
            method.put("activation", act.name());
            method.put("g", "g<l> is the mean diagonal (1/P) sum_mu G^l_{mu mu}(t,t)");
        }
        SolverReport rep = new SolverReport("finite-width-simulation", p.timePoints(), new double[0], Double.NaN, true,
                ens.wallTimeSeconds(), List.of(seeds + " networks of width " + width));
        return new Solution(Solution.SIMULATION, p, method.build(), rep, obs, null);
    }

    /**
     * A stationary state (one point, t = infinity): train predictions {@code f} [P], test predictions {@code fTest} [Q],
     * the NTK {@code ntk} [P+Q][P+Q] over train then test samples (null where the family has none), per-layer kernels
     * {@code phi} [L][P][P] and {@code g} [L] (null where the family has none).
     */
    public static Solution stationary(Problem p, Method method, SolverReport report, double[] f, double[] fTest,
                                      double[][] ntk, double[][][] phi, double[] g) {
        int pn = p.trainCount(), q = p.testCount();
        double loss = 0;
        for (int mu = 0; mu < pn; mu++) {
            double d = p.y(mu) - f[mu];
            loss += d * d;
        }
        Map<String, Observable> obs = new LinkedHashMap<>();
        obs.put("f", Observable.matrix("f", new double[][] {f.clone()}, null));
        obs.put("loss", Observable.series("loss", new double[] {0.5 * p.lossScale() * loss}, null));
        if (ntk != null) {
            obs.put("ntk", Observable.tensor("ntk", new double[][][] {block(ntk, 0, pn, 0, pn)}, null));
        }
        for (int l = 1; l <= phi.length; l++) {
            obs.put("phi" + l, Observable.tensor("phi" + l, new double[][][] {block(phi[l - 1], 0, pn, 0, pn)}, null));
            if (g != null) {
                obs.put("g" + l, Observable.series("g" + l, new double[] {g[l - 1]}, null));
            }
        }
        for (int l = 1; l <= phi.length; l++) {
            obs.put("align_phi" + l, Observable.series("align_phi" + l,
                    new double[] {Kernels.alignment(phi[l - 1], p.y())}, null));
        }
        if (ntk != null) {
            obs.put("align_ntk", Observable.series("align_ntk", new double[] {Kernels.alignment(ntk, p.y())}, null));
        }
        if (q > 0) {
            obs.put("f_test", Observable.matrix("f_test", new double[][] {fTest.clone()}, null));
            if (ntk != null) {
                obs.put("ntk_test_train", Observable.tensor("ntk_test_train", new double[][][] {block(ntk, pn, pn + q, 0, pn)}, null));
            }
        }
        return new Solution(Solution.THEORY, p, method.toBuilder().time(TimeMode.STATIONARY).build(), report, obs, null);
    }

    /** Whether the observable is a kernel-target alignment ({@code align_phi<l>}, {@code align_ntk}), undefined when y = 0 or K = 0. */
    public static boolean isAlignment(String name) {
        return name.equals("align_ntk") || name.matches("align_phi\\d+");
    }

    /**
     * The check at the seam between solvers and writers: every value and standard error of every observable must be
     * finite, except an alignment at a time point where it is undefined (y = 0 or its kernel is 0 there: NaN, written
     * as null); such time points are listed in a note of the returned solution's report. Other non-finite numbers
     * throw a {@link SolverException} ({@link SolverMessage#NON_FINITE_RESULT}) naming the observable, the entry and
     * the time point. Kernels are checked before the alignments computed from them.
     */
    public static Solution requireFinite(Solution s) {
        List<String> notes = new ArrayList<>();
        for (Observable o : s.observables().values()) {
            if (!isAlignment(o.name())) {
                requireFinite(o, s);
            }
        }
        for (Observable o : s.observables().values()) {
            if (!isAlignment(o.name())) {
                continue;
            }
            Observable kernel = s.get(o.name().equals("align_ntk") ? "ntk" : o.name().substring("align_".length()));
            List<Integer> undefined = new ArrayList<>();
            for (int t = 0; t < o.timePoints(); t++) {
                double v = o.value(t, 0);
                if (Double.isNaN(v) && undefinedAlignment(s, kernel, t)) {
                    undefined.add(t);
                } else {
                    requireFiniteEntry(o, s, t, 0, v, "value");
                }
                if (o.hasStderr()) {
                    requireFiniteEntry(o, s, t, 0, o.stderr(t, 0), "standard error");
                }
            }
            if (!undefined.isEmpty()) {
                notes.add(o.name() + " undefined at " + timeList(s, undefined) + " (|y| = 0 or |K|_F = 0): written as null");
            }
        }
        if (notes.isEmpty()) {
            return s;
        }
        SolverReport r = s.report();
        List<String> all = new ArrayList<>(r.notes());
        all.addAll(notes);
        return s.withReport(new SolverReport(r.solver(), r.iterations(), r.residualHistory(), r.residual(), r.converged(),
                r.wallSeconds(), all));
    }

    /** Every value and standard error of {@code o} is finite, else a {@link SolverException} saying where and when. */
    public static void requireFinite(Observable o, Solution context) {
        for (int t = 0; t < o.timePoints(); t++) {
            for (int k = 0; k < o.width(); k++) {
                requireFiniteEntry(o, context, t, k, o.value(t, k), "value");
                if (o.hasStderr()) {
                    requireFiniteEntry(o, context, t, k, o.stderr(t, k), "standard error");
                }
            }
        }
    }

    private static void requireFiniteEntry(Observable o, Solution context, int t, int k, double v, String what) {
        if (!Double.isFinite(v)) {
            String time = context == null ? "-" : context.method().time() == TimeMode.STATIONARY ? "infinity (stationary)"
                    : String.format(Locale.ROOT, "%.6g", context.time(t));
            throw new SolverException(SolverMessage.NON_FINITE_RESULT, what, o.name(), o.entryLabel(k), t, time, v);
        }
    }

    /** The alignment at t is undefined: the targets are all zero or the kernel's train block is zero at t. */
    private static boolean undefinedAlignment(Solution s, Observable kernel, int t) {
        double[] y = s.problem() == null ? null : s.problem().y();
        if (y != null) {
            boolean zero = true;
            for (double v : y) {
                zero &= v == 0;
            }
            if (zero) {
                return true;
            }
        }
        if (kernel == null) {
            return false;
        }
        for (int k = 0; k < kernel.width(); k++) {
            if (kernel.value(t, k) != 0) {
                return false;
            }
        }
        return true;
    }

    /** "t = 3" or "t = 0..4" or "t = 0, 2, 5" (first ten), with times for gradient flow. */
    private static String timeList(Solution s, List<Integer> ts) {
        boolean contiguous = ts.get(ts.size() - 1) - ts.get(0) == ts.size() - 1;
        if (ts.size() == 1) {
            return "t = " + ts.get(0);
        }
        if (contiguous) {
            return "t = " + ts.get(0) + ".." + ts.get(ts.size() - 1);
        }
        StringBuilder b = new StringBuilder("t = ");
        for (int i = 0; i < Math.min(10, ts.size()); i++) {
            b.append(i == 0 ? "" : ", ").append(ts.get(i));
        }
        return b.append(ts.size() > 10 ? ", ... (" + ts.size() + " time points)" : "").toString();
    }

    /**
     * For documents that are not trajectories (a stationary state, a posterior): every entry of {@code values} (a
     * double, or nested double arrays) is finite, else a {@link SolverException} ({@link SolverMessage#NON_FINITE_RESULT})
     * naming {@code what} ("value", "standard error", ...) of {@code name}, the entry, and {@code time}.
     */
    public static void requireFinite(String what, String name, Object values, String time) {
        requireFiniteNested(what, name, values, "", time);
    }

    private static void requireFiniteNested(String what, String name, Object values, String label, String time) {
        if (values == null) {
            return;
        }
        if (values instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new SolverException(SolverMessage.NON_FINITE_RESULT, what, name, label, 0, time, d);
            }
        } else if (values instanceof double[] a) {
            for (int i = 0; i < a.length; i++) {
                if (!Double.isFinite(a[i])) {
                    throw new SolverException(SolverMessage.NON_FINITE_RESULT, what, name, label + "[" + i + "]", 0, time, a[i]);
                }
            }
        } else if (values instanceof Object[] a) {
            for (int i = 0; i < a.length; i++) {
                requireFiniteNested(what, name, a[i], label + "[" + i + "]", time);
            }
        } else {
            throw new IllegalArgumentException("not a double array: " + values.getClass());
        }
    }

    private static double[][] block(double[][] m, int r0, int r1, int c0, int c1) {
        double[][] b = new double[r1 - r0][c1 - c0];
        for (int i = r0; i < r1; i++) {
            System.arraycopy(m[i], c0, b[i - r0], 0, c1 - c0);
        }
        return b;
    }

    /**
     * f, loss, ntk, then phi<l> and g<l> per layer, then the alignments of the (mean) kernels with y, in document order;
     * standard errors may be null.
     */
    static Map<String, Observable> kernelObservables(double[] y, double[][] f, double[][] fSe, double[] loss, double[] lossSe,
                                                     double[][][] ntk, double[][][] ntkSe, double[][][][] phi,
                                                     double[][][][] phiSe, double[][] g, double[][] gSe) {
        Map<String, Observable> obs = new LinkedHashMap<>();
        obs.put("f", Observable.matrix("f", f, fSe));
        obs.put("loss", Observable.series("loss", loss, lossSe));
        obs.put("ntk", Observable.tensor("ntk", ntk, ntkSe));
        int depth = phi.length;
        for (int l = 1; l <= depth; l++) {
            obs.put("phi" + l, Observable.tensor("phi" + l, phi[l - 1], phiSe == null ? null : phiSe[l - 1]));
            obs.put("g" + l, Observable.series("g" + l, g[l - 1], gSe == null ? null : gSe[l - 1]));
        }
        for (int l = 1; l <= depth; l++) {
            obs.put("align_phi" + l, Observable.series("align_phi" + l, alignment(phi[l - 1], y), null));
        }
        obs.put("align_ntk", Observable.series("align_ntk", alignment(ntk, y), null));
        return obs;
    }

    /** Kernel-target alignment y'K(t)y / (|y|^2 |K(t)|_F) at every time point. */
    static double[] alignment(double[][][] k, double[] y) {
        double[] out = new double[k.length];
        for (int t = 0; t < k.length; t++) {
            out[t] = Kernels.alignment(k[t], y);
        }
        return out;
    }
}
