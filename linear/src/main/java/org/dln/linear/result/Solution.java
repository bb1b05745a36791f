package org.dln.linear.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.TwoTimeKernels;
import org.dln.numeric.report.SolverReport;

/**
 * What every solver family returns, and what every writer writes: the problem, how it was solved ({@link Method}),
 * the solver's report, and named observables over time (time first), each with a standard error where it is sampled.
 * The observables of a dln-trajectory document (schema version 1): {@code f} [T][P], {@code loss} [T], {@code ntk}
 * [T][P][P], {@code phi<l>} [T][P][P] and {@code g<l>} [T] for l = 1..L (equal-time kernels Phi^l(t,t), G^l(t,t)),
 * {@code align_phi<l>} and {@code align_ntk} [T] (kernel-target alignment y'Ky / (|y|^2 |K|_F)), with test inputs
 * {@code f_test} [T][Q] and {@code ntk_test_train} [T][Q][P]; sampled nonlinear networks add {@code gram_g<l>}.
 * A stationary state has one point (T = 1).
 *
 * <p>Besides the observables a solution may carry the two-time kernels and typed family-specific attachments
 * ({@link #extra(Class)}: e.g. the full {@code LinearSolution} of a linear solver, a Bayesian saddle point) that
 * writers of that family use. Immutable.
 */
public final class Solution {
    /** Kind of a solution computed by a theory solver. */
    public static final String THEORY = "theory";
    /** Kind of a finite-width simulation's ensemble. */
    public static final String SIMULATION = "simulation";

    private final String kind;
    private final Problem problem;
    private final Method method;
    private final SolverReport report;
    private final Map<String, Observable> observables;
    private final TwoTimeKernels twoTime;
    private final Map<Class<?>, Object> extras;

    public Solution(String kind, Problem problem, Method method, SolverReport report, Map<String, Observable> observables,
                    TwoTimeKernels twoTime) {
        this(kind, problem, method, report, observables, twoTime, Map.of());
    }

    private Solution(String kind, Problem problem, Method method, SolverReport report, Map<String, Observable> observables,
                     TwoTimeKernels twoTime, Map<Class<?>, Object> extras) {
        if (!observables.containsKey("loss")) {
            throw new IllegalArgumentException("a solution needs the observable 'loss'");
        }
        this.kind = kind;
        this.problem = problem;
        this.method = method;
        this.report = report;
        this.observables = Collections.unmodifiableMap(new LinkedHashMap<>(observables));
        this.twoTime = twoTime;
        this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** The same solution with a typed attachment (replacing one of the same type). */
    public <T> Solution withExtra(Class<T> type, T value) {
        Map<Class<?>, Object> e = new LinkedHashMap<>(extras);
        e.put(type, type.cast(value));
        return new Solution(kind, problem, method, report, observables, twoTime, e);
    }

    /** The attachment of the given type, if the solver left one. */
    public <T> Optional<T> extra(Class<T> type) {
        return Optional.ofNullable(type.cast(extras.get(type)));
    }

    public Solution withReport(SolverReport r) {
        return new Solution(kind, problem, method, r, observables, twoTime, extras);
    }

    public Solution withMethod(Method m) {
        return new Solution(kind, problem, m, report, observables, twoTime, extras);
    }

    /** The same solution with more observables appended (replacing any of the same name). */
    public Solution withObservables(Map<String, Observable> more) {
        Map<String, Observable> o = new LinkedHashMap<>(observables);
        o.putAll(more);
        return new Solution(kind, problem, method, report, o, twoTime, extras);
    }

    /** The same solution without the two-time kernels. */
    public Solution withoutTwoTime() {
        return twoTime == null ? this : new Solution(kind, problem, method, report, observables, null, extras);
    }

    /** The same solution with the gradient-flow long-time state recorded in {@code method.long_time}. */
    public Solution withLongTime(LongTime longTime) {
        return withMethod(method.toBuilder().put("long_time", longTime).build());
    }

    /** {@link #THEORY} or {@link #SIMULATION}. */
    public String kind() { return kind; }

    public Problem problem() { return problem; }

    public Method method() { return method; }

    public SolverReport report() { return report; }

    /** The observables in document order. */
    public Map<String, Observable> observables() { return observables; }

    /** The observable of that name, or null. */
    public Observable get(String name) { return observables.get(name); }

    /** The two-time kernels (theory.md section 3), or null. */
    public TwoTimeKernels twoTime() { return twoTime; }

    /** Time points t = 0..T-1. */
    public int timePoints() { return observables.get("loss").timePoints(); }

    /** The time of point t: the explicit time (gradient flow), else eta t (gradient descent, simulations). */
    public double time(int t) {
        double[] ts = method.times();
        if (ts != null) {
            return ts[t];
        }
        if (method.time() == TimeMode.STATIONARY) {
            return Double.POSITIVE_INFINITY;
        }
        return problem == null ? t : problem.eta() * t;
    }

    /** Prediction f_mu(t) on train sample mu. */
    public double f(int t, int mu) { return observables.get("f").value(t, mu); }

    /** The loss at point t. */
    public double loss(int t) { return observables.get("loss").value(t, 0); }

    /** NTK K_{mu nu}(t) on train samples. */
    public double ntk(int t, int mu, int nu) {
        Observable k = observables.get("ntk");
        return k.value(t, mu * k.shape()[2] + nu);
    }

    /** A short label for plots and tables. */
    public String label() {
        if (SIMULATION.equals(kind)) {
            return "simulation N=" + (int) method.number("width", 0) + " (" + (int) method.number("seeds", 0) + " seeds)";
        }
        return "theory (" + method.approximation() + ")";
    }

    /** A deep copy of a matrix (null stays null). */
    public static double[][] copy(double[][] m) {
        if (m == null) {
            return null;
        }
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
