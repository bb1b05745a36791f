package org.dln.linear.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.problem.ResourceGuard;
import org.dln.numeric.linalg.MemoryGuard;
import org.dln.numeric.report.SolverReport;
import org.dln.numeric.time.CollocationGrid;

/**
 * Gradient flow of a deep linear network at infinite width (theory.md sections 3 and 5): the matrix equations with
 * the quadrature of Legendre-Gauss-Lobatto collocation in time elements ({@link CollocationGrid}) in place of eta S,
 * solved element by element by Newton's method ({@link BlockMarchingSolver}).
 *
 * <p>Continuation in gamma0: when gamma0 exceeds {@link Options#directLimit()} (or a direct solve fails), the solve
 * starts from the lazy solution (gamma0 = 0) and steps gamma0 up by factors of at most sqrt 2 from the direct limit,
 * each stage's solution being the Newton guess of the next (a failed stage is retried with halved steps).
 *
 * <p>Defaults: elements graded geometrically from a first length 1 / lambda (lambda = lambda_max(K(0)) times the
 * growth sqrt(1 + gamma0^2 max y^2) of the NTK of one sample at L = 1) to the horizon, 14 nodes per element, Newton
 * tolerance 1e-12 per element; then up to 4 adaptive refinements that split every element whose spectral error
 * indicator (two highest Legendre coefficients of f and K on the element) exceeds 1e-11 (2 when continuation is used).
 */
public final class FlowSolver {

    /**
     * @param tMax        horizon
     * @param elements    number of time elements (0: automatic, graded from 1 / lambda_max so that the interpolation error stays near gridTolerance: {@link #automaticElements})
     * @param nodes       Lobatto nodes per element, including both end points
     * @param firstLength length of the first element (NaN: 1 / lambda_max(K(0)))
     * @param tolerance   Newton tolerance (max-norm of z - F(z)) per element
     * @param directLimit largest gamma0 solved without continuation
     * @param denseLimit  largest element system solved with a dense Jacobian (else Newton-Krylov)
     * @param jacobian    derivatives of the element map: analytic (tangent of the sweep, default) or differences
     */
    public record Options(double tMax, int elements, int nodes, double firstLength, double tolerance, double directLimit,
                          int denseLimit, double gridTolerance, int refinements, BlockMarchingSolver.Jacobian jacobian) {
        public static Options of(double tMax) {
            return new Options(tMax, 0, 14, Double.NaN, 1e-12, 2.0, 60, 1e-11, 0);
        }

        public Options(double tMax, int elements, int nodes, double firstLength, double tolerance, double directLimit, int denseLimit) {
            this(tMax, elements, nodes, firstLength, tolerance, directLimit, denseLimit, 1e-11, 0);
        }

        public Options(double tMax, int elements, int nodes, double firstLength, double tolerance, double directLimit,
                       int denseLimit, double gridTolerance, int refinements) {
            this(tMax, elements, nodes, firstLength, tolerance, directLimit, denseLimit, gridTolerance, refinements,
                    BlockMarchingSolver.Jacobian.ANALYTIC);
        }

        public Options withJacobian(BlockMarchingSolver.Jacobian j) {
            return new Options(tMax, elements, nodes, firstLength, tolerance, directLimit, denseLimit, gridTolerance, refinements, j);
        }

        /** Adaptive refinement: split elements whose spectral indicator exceeds gridTolerance, at most n times. */
        public Options withRefinement(double gridTol, int n) {
            return new Options(tMax, elements, nodes, firstLength, tolerance, directLimit, denseLimit, gridTol, n, jacobian);
        }

        public Options withGrid(int e, int m) {
            return new Options(tMax, e, m, firstLength, tolerance, directLimit, denseLimit, gridTolerance, refinements, jacobian);
        }

        public Options withTolerance(double tol) {
            return new Options(tMax, elements, nodes, firstLength, tol, directLimit, denseLimit, gridTolerance, refinements, jacobian);
        }

        public Options withFirstLength(double h) {
            return new Options(tMax, elements, nodes, h, tolerance, directLimit, denseLimit, gridTolerance, refinements, jacobian);
        }

        public Options withDirectLimit(double g) {
            return new Options(tMax, elements, nodes, firstLength, tolerance, g, denseLimit, gridTolerance, refinements, jacobian);
        }
    }

    /** The collocation grid these options give for problem p. */
    public static CollocationGrid grid(Problem p, Options o) {
        if (!(o.tMax() > 0) || !Double.isFinite(o.tMax())) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "t-max", "t-max", o.tMax(), "must be a finite time > 0");
        }
        if (o.nodes() < 3 || o.nodes() > 40) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "nodes", "nodes", o.nodes(), "nodes per element must be in 3..40");
        }
        if (o.elements() < 0 || o.elements() > 2000) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "elements", "elements", o.elements(), "must be in 1..2000 (0: automatic)");
        }
        // the NTK grows with feature learning: by sqrt(1 + gamma0^2 y^2) for one sample at L = 1 (theory.md section 4);
        // the same factor with the largest |y_mu| sizes the first element for any data
        double ymax = 0;
        for (int mu = 0; mu < p.trainCount(); mu++) {
            ymax = Math.max(ymax, Math.abs(p.y(mu)));
        }
        double growth = Math.sqrt(1 + p.gamma0() * p.gamma0() * ymax * ymax);
        double lam = Math.max(1e-12, p.initialNtkMaxEigenvalue() * p.lossScale() * growth);
        double h0 = Double.isNaN(o.firstLength()) ? 1.0 / lam : o.firstLength();
        int e = o.elements() > 0 ? o.elements() : automaticElements(o.tMax(), h0, o.nodes(), o.gridTolerance());
        return CollocationGrid.graded(o.tMax(), e, o.nodes(), Math.min(h0, o.tMax() / e));
    }

    /**
     * Bytes of the arrays of a solve on this grid, in saturating long arithmetic: the element equations (a sweep
     * workspace, {@link LayerSweep#bytes}) and their tangent ((L - 1) n^2 + 5 L n T + 3 L T^2 doubles, n = S T), plus
     * a second workspace when the solve continues in gamma0 (the previous stage's solution is the next one's guess).
     */
    static long bytesNeeded(long S, long T, long L, boolean continuation) {
        long n = MemoryGuard.times(S, T);
        long sweep = LayerSweep.bytes(S, T, L);
        long tangent = MemoryGuard.doubles(MemoryGuard.plus(MemoryGuard.times(L - 1, n, n), MemoryGuard.times(5, L, n, T),
                MemoryGuard.times(3, L, T, T)));
        return MemoryGuard.plus(sweep, tangent, continuation ? sweep : 0);
    }

    /**
     * Refuses at once (exit 2) a problem whose grid makes the kernels too large for the heap, naming what makes it
     * large: P, L, or, for the number of nodes, the tuned grid or whichever of t-max, gamma0 and Kx (through
     * lambda_max) stretches the automatic grid most.
     */
    static void checkMemory(Problem p, Options o, CollocationGrid grid) {
        int P = p.trainCount(), Q = p.testCount(), m = o.nodes();
        boolean continuation = p.gamma0() > o.directLimit();
        ResourceGuard.Dim nodes;
        if (o.elements() > 0) {
            nodes = new ResourceGuard.Dim("elements", o.elements(), grid.size(), m);
        } else {
            double ymax = 0;
            for (int mu = 0; mu < P; mu++) {
                ymax = Math.max(ymax, Math.abs(p.y(mu)));
            }
            double horizon = Math.log10(Math.max(1, o.tMax() / 10));
            double growth = Math.log10(Math.sqrt(1 + p.gamma0() * p.gamma0() * ymax * ymax));
            double lamKx = p.initialNtkMaxEigenvalue() * p.lossScale();
            double kernel = Math.log10(Math.max(1, lamKx));
            nodes = horizon >= growth && horizon >= kernel ? new ResourceGuard.Dim("t-max", o.tMax(), grid.size(), m)
                    : growth >= kernel ? new ResourceGuard.Dim("gamma0", p.gamma0(), grid.size(), m)
                    : new ResourceGuard.Dim("Kx", String.format(Locale.ROOT, "a Gram matrix with lambda_max(K(0)) = %.3g", lamKx),
                    grid.size(), m);
        }
        String who = String.format(Locale.ROOT, "gradient flow on a grid of %d nodes (%d elements x %d nodes, L = %d, %d samples)",
                grid.size(), grid.elements(), m, p.depth(), P + Q);
        ResourceGuard.require(who, "kernels", d -> bytesNeeded(d[0] + Q, d[1], d[2], continuation),
                d -> LayerSweep.largestArray(d[0] + Q, d[1]),
                new ResourceGuard.Dim("P", P, P, 1), nodes, new ResourceGuard.Dim("L", p.depth(), p.depth(), 1));
    }

    /**
     * The number of graded elements for a given first element h0: the smallest for which the growth ratio r of the
     * element lengths is at most 1 + 4 tol^{1/(m-1)}. Reason: a mode exp(-lambda t) interpolated on an element [t, t + h]
     * by the degree m-1 Lobatto polynomial has error about e^{-lambda t} 2 (lambda h / 4)^m / m!, largest at
     * lambda = m / t, where it is about (h / (4 t))^m; with h = (r - 1) t on a geometric grid, (r - 1) / 4 &lt;=
     * tol^{1/(m-1)} keeps the interpolation error between nodes near tol (the nodal values are more accurate still:
     * Lobatto collocation is superconvergent at the element ends). The first element h0 = 1 / lambda_max resolves the
     * fastest initial mode.
     */
    static int automaticElements(double tMax, double h0, int m, double tol) {
        double r = Math.min(3.0, Math.max(1.15, 1 + 4 * Math.pow(Math.max(tol, 1e-16), 1.0 / (m - 1))));
        if (h0 >= tMax) {
            return 2;
        }
        int e = (int) Math.ceil(Math.log(1 + tMax * (r - 1) / h0) / Math.log(r));
        return Math.max(2, Math.min(2000, e));
    }

    /** Solves gradient flow on [0, tMax]. */
    public FlowSolution solve(Problem p, Options o, IntConsumer progress) {
        return solve(p, o, progress, Double.POSITIVE_INFINITY, note -> { });
    }

    /**
     * Solves gradient flow on [0, tMax] within a wall-time budget: no element or continuation stage is started after
     * budgetSeconds; the solve then stops with a not-converged report saying how far it got (the continuation's gamma0,
     * the element reached, the residual). Notes on long phases (continuation stages, refinement) go to {@code note}.
     */
    public FlowSolution solve(Problem p, Options o, IntConsumer progress, double budgetSeconds,
                              java.util.function.Consumer<String> note) {
        if (p.conventions().update() != org.dln.linear.problem.Conventions.Update.EXACT) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "update", "update", p.conventions().update().name().toLowerCase(Locale.ROOT),
                    "gradient flow has no NTK-Euler variant; use --update exact");
        }
        long start = System.nanoTime();
        CollocationGrid grid = grid(p, o);
        checkMemory(p, o, grid);
        BlockMarchingSolver march = new BlockMarchingSolver(o.tolerance(), o.denseLimit(), 30, o.jacobian());
        if (budgetSeconds < Double.POSITIVE_INFINITY) {
            march = march.withDeadline(start + (long) Math.min(budgetSeconds * 1e9, 1e18));
        }
        this.note = note;
        this.budgetSeconds = budgetSeconds;
        List<String> notes = new ArrayList<>();
        List<Double> path = new ArrayList<>();
        BlockMarchingSolver.Result res = null;
        for (int pass = 0; ; pass++) {
            res = solveOnGrid(p, o, grid, march, path, notes, progress);
            if (!res.converged() || pass >= (path.size() > 1 ? Math.min(2, o.refinements()) : o.refinements())) {
                break;
            }
            if (march.pastDeadline()) {
                notes.add(String.format(Locale.ROOT, "time budget of %s s used up after %d refinement pass(es); the last grid's "
                        + "solution is returned", budgetSeconds, pass));
                break;
            }
            boolean[] split = elementsToSplit(res, grid, o, pass, notes);
            if (split == null) {
                break;
            }
            note.accept(notes.get(notes.size() - 1));
            grid = grid.refine(split);
        }
        if (res.converged()) {
            double worst = 0;
            for (int e = 0; e < grid.elements(); e++) {
                worst = Math.max(worst, indicator(res.equations(), grid, e));
            }
            notes.add(String.format(Locale.ROOT, "spectral error indicator of the final grid (max over elements of the two highest "
                    + "Legendre coefficients of f and K, an estimate of the interpolation error between nodes): %.1e", worst));
        }
        if (!res.converged() && march.pastDeadline()) {
            String msg = budgetMessage(res, notes, budgetSeconds, start);
            notes.add(msg);
            note.accept(msg);
        }
        notes.add(0, "grid: " + grid.describe() + ", " + grid.size() + " nodes");
        if (path.size() > 1) {
            notes.add("continuation in gamma0: " + path);
        }
        return new FlowSolution(p, grid, res.equations(), report(res, o, notes, start));
    }

    /** One solve on a grid: directly at gamma0 when it is small enough (and converges), else by continuation. */
    private BlockMarchingSolver.Result solveOnGrid(Problem p, Options o, CollocationGrid grid, BlockMarchingSolver march,
                                                   List<Double> path, List<String> notes, IntConsumer progress) {
        double gamma = p.gamma0();
        path.clear();
        BlockMarchingSolver.Result res = null;
        if (gamma <= o.directLimit()) {
            res = march.solve(p, grid, gamma, null, progress);
            path.add(gamma);
            if (!res.converged() && !march.pastDeadline()) {
                notes.add("direct solve at gamma0 = " + gamma + " failed (" + res.notes() + "); continuing from the lazy solution");
                res = null;
            }
        }
        return res != null ? res : continuation(p, grid, march, gamma, Math.min(o.directLimit(), gamma / 2), path, notes, progress);
    }

    /** The elements whose spectral indicator exceeds the grid tolerance (a note says which), or null if none does. */
    private static boolean[] elementsToSplit(BlockMarchingSolver.Result res, CollocationGrid grid, Options o, int pass,
                                             List<String> notes) {
        boolean[] split = new boolean[grid.elements()];
        int flagged = 0;
        double worst = 0;
        for (int e = 0; e < grid.elements(); e++) {
            double ind = indicator(res.equations(), grid, e);
            worst = Math.max(worst, ind);
            if (ind > o.gridTolerance()) {
                split[e] = true;
                flagged++;
            }
        }
        if (flagged == 0) {
            notes.add(String.format(Locale.ROOT, "spectral error indicator (max over elements of the two highest Legendre "
                    + "coefficients of f and K): %.1e <= %.0e", worst, o.gridTolerance()));
            return null;
        }
        notes.add(String.format(Locale.ROOT, "refinement %d: split %d of %d elements (indicator up to %.1e > %.0e)", pass + 1,
                flagged, grid.elements(), worst, o.gridTolerance()));
        return split;
    }

    /** What a solve stopped by the time budget says: where it was and the last residual. */
    private static String budgetMessage(BlockMarchingSolver.Result res, List<String> notes, double budgetSeconds, long start) {
        String where = "";
        for (List<String> ns : List.of(notes, res.notes())) {
            for (String n : ns) {
                if (n.contains("time budget")) {
                    where = n;
                }
            }
        }
        return String.format(Locale.ROOT, "stopped by the time budget of %s s after %.1f s (%s); residual of the last "
                + "solved element %.2e; raise --time-budget or ask for less (a smaller t-max or gamma0)", budgetSeconds,
                (System.nanoTime() - start) * 1e-9, where, res.maxResidual());
    }

    /** The report of the final stage: Newton residual histories per element, counts of sweeps and products. */
    private static SolverReport report(BlockMarchingSolver.Result res, Options o, List<String> notes, long start) {
        notes.addAll(res.notes());
        List<Double> hist = new ArrayList<>();
        int block = 0;
        StringBuilder perBlock = new StringBuilder("Newton residual history per element (final stage):");
        for (double[] h : res.residualHistories()) {
            perBlock.append(String.format(Locale.ROOT, " e%d[", block++));
            for (int i = 0; i < h.length; i++) {
                hist.add(h[i]);
                perBlock.append(String.format(Locale.ROOT, i == 0 ? "%.1e" : " %.1e", h[i]));
            }
            perBlock.append(']');
        }
        notes.add(perBlock.toString());
        notes.add(o.jacobian() == BlockMarchingSolver.Jacobian.ANALYTIC
                ? String.format(Locale.ROOT, "%d Newton iterations, %d sweeps of the element equations and %d analytic "
                        + "Jacobian-vector products (tangent sweeps) (final stage)", res.newtonIterations(), res.sweeps(), res.products())
                : String.format(Locale.ROOT, "%d Newton iterations, %d sweeps of the element equations, derivatives by forward "
                        + "differences (final stage)", res.newtonIterations(), res.sweeps()));
        double seconds = (System.nanoTime() - start) * 1e-9;
        return new SolverReport("collocation-newton", res.newtonIterations(),
                hist.stream().mapToDouble(Double::doubleValue).toArray(), res.maxResidual(), res.converged(), seconds, notes);
    }

    /** The spectral indicator of element e: max over the predictions and the NTK entries of the train samples. */
    private static double indicator(BlockEquations eq, CollocationGrid grid, int e) {
        double[] v = new double[grid.size()];
        double worst = 0;
        for (int i = 0; i < eq.S; i++) {
            for (int t = 0; t < grid.size(); t++) {
                v[t] = eq.f[t * eq.S + i];
            }
            worst = Math.max(worst, grid.errorIndicator(e, v));
            for (int j = 0; j <= i; j++) {
                for (int t = 0; t < grid.size(); t++) {
                    v[t] = eq.ntk(t, i, j);
                }
                worst = Math.max(worst, grid.errorIndicator(e, v));
            }
        }
        return worst;
    }

    private java.util.function.Consumer<String> note = n -> { };
    private double budgetSeconds = Double.POSITIVE_INFINITY;

    private BlockMarchingSolver.Result continuation(Problem p, CollocationGrid grid, BlockMarchingSolver march, double gamma,
                                                    double from, List<Double> path, List<String> notes, IntConsumer progress) {
        path.clear();
        BlockMarchingSolver.Result prev = march.solve(p, grid, 0.0, null, k -> { });
        path.add(0.0);
        if (!prev.converged()) {
            if (march.pastDeadline()) {
                notes.add(String.format(Locale.ROOT, "continuation in gamma0 (to %s) stopped by the time budget of %s s during its first "
                        + "stage, the lazy solution (gamma0 = 0)", gamma, budgetSeconds));
            }
            return prev;
        }
        List<Double> targets = new ArrayList<>();
        double g = from;
        while (g < gamma) {
            targets.add(g);
            g *= Math.sqrt(2);
        }
        targets.add(gamma);
        double last = 0.0;
        int i = 0;
        int halvings = 0;
        long t0 = System.nanoTime();
        while (i < targets.size()) {
            double target = targets.get(i);
            if (march.pastDeadline()) {
                notes.add(String.format(Locale.ROOT, "continuation in gamma0 stopped by the time budget of %s s: reached gamma0 = %.6g "
                        + "of %s in %d stages (next target %.6g)", budgetSeconds, last, gamma, path.size() - 1, target));
                note.accept(notes.get(notes.size() - 1));
                return new BlockMarchingSolver.Result(prev.equations(), false, prev.newtonIterations(), prev.sweeps(),
                        prev.products(), prev.maxResidual(), prev.residualHistories(), prev.notes(), prev.seconds());
            }
            BlockMarchingSolver.Result r = march.solve(p, grid, target, prev.equations(),
                    target == gamma ? progress : k -> { });
            if (r.converged()) {
                path.add(target);
                prev = r;
                last = target;
                i++;
                note.accept(String.format(Locale.ROOT, "continuation in gamma0: stage %d reached gamma0 = %.6g of %s (%.1f s)",
                        path.size() - 1, target, gamma, (System.nanoTime() - t0) * 1e-9));
                continue;
            }
            if (march.pastDeadline()) {
                continue; // reported at the top of the loop
            }
            if (++halvings > 8) {
                notes.add(String.format(Locale.ROOT, "continuation stalled at gamma0 = %.6g after %d halvings of the step "
                        + "(reached gamma0 = %.6g of %s, residual %.2e)", target, halvings - 1, last, gamma, r.maxResidual()));
                return r;
            }
            note.accept(String.format(Locale.ROOT, "continuation in gamma0: the stage to %.6g failed (residual %.2e); halving the step",
                    target, r.maxResidual()));
            targets.add(i, 0.5 * (last + target));
        }
        return prev;
    }
}
