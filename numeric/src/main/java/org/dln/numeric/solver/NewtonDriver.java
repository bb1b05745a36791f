package org.dln.numeric.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.dln.numeric.report.SolverReport;

/**
 * The outer (globalised) Newton iteration shared by {@link NewtonSolver} and {@link NewtonKrylovSolver};
 * they differ only in how the direction {@code dx ~ -J^-1 F} is computed ({@link DirectionFinder}).
 *
 * <p>Line search: backtracking on the merit function {@code phi = |F|_2^2 / 2}, halving from {@code 1} down
 * to {@code 2^-20}, with the Armijo condition {@code phi(x + t dx) <= (1 - 2 alpha t (1 - eta)) phi(x)},
 * {@code alpha = 1e-4}, where {@code eta} is the relative residual of the linear solve ({@code 0} for an
 * exact Newton step). Since {@code grad phi . dx = F^T J dx <= -(1 - eta) |F|^2}, this is the Armijo
 * condition with the guaranteed slope. A non-finite trial residual counts as "no decrease".
 *
 * <p>If no step qualifies, the iterate may already be at rounding level, where the residual cannot decrease
 * although the Newton correction still reduces the error: the full step is then taken if, and only if, the
 * convergence checker accepts the resulting point (with the full step's norm); otherwise the solve ends
 * unconverged with {@link SolverMessage#LINE_SEARCH_FAILED}. With the line search off every full step is
 * taken, and a non-finite residual there throws {@link SolverException}.
 */
final class NewtonDriver {

    static final double ARMIJO = 1e-4;
    static final double MIN_STEP = 0x1p-20;

    /** Computes a Newton direction; one instance (with its workspaces) per solve. */
    interface DirectionFinder {
        /**
         * @param iteration the 1-based step number
         * @param x         current iterate (read only)
         * @param f         residual at x (read only)
         * @param dx        receives the direction
         * @return the relative linear residual achieved ({@code 0} for exact), or a failure
         */
        Direction find(int iteration, double[] x, double[] f, double[] dx);

        /** Notes to append to the report (linear-solver statistics). */
        void addNotes(List<String> notes);
    }

    /** A computed direction: its relative linear residual, or a failure message (then not usable). */
    record Direction(double linearResidual, String failure) {
        static Direction ok(double eta) {
            return new Direction(eta, null);
        }

        static Direction failed(String message) {
            return new Direction(Double.NaN, message);
        }
    }

    private NewtonDriver() {
    }

    /**
     * One solve: checks the guess, builds the direction finder and runs the iteration. The report's first notes say
     * how the derivative is obtained ({@code derivative}: "analytic" or "forward differences") and whether the
     * steps are backtracked, then {@code extraNotes}.
     */
    static NonlinearSolution solve(String name, NewtonSettings settings, NonlinearSystem system, double[] guess,
                                   String derivative, boolean analytic, List<String> extraNotes,
                                   Supplier<DirectionFinder> finder) {
        long start = System.nanoTime();
        checkGuess(system, guess);
        DirectionFinder directions = finder.get();
        List<String> header = new ArrayList<>();
        header.add(derivative + ": " + (analytic ? "analytic" : "forward differences"));
        header.add(settings.lineSearchNote());
        header.addAll(extraNotes);
        return new Run(name, system, guess, settings, directions, header, start).run();
    }

    /** The state of one Newton iteration: the iterate and residual, a trial pair, and the report's records. */
    private static final class Run {
        private final String name;
        private final NonlinearSystem system;
        private final ConvergenceChecker checker;
        private final boolean lineSearch;
        private final int maxIterations;
        private final DirectionFinder finder;
        private final long startNanos;
        private final int n;
        private double[] x;
        private double[] f;
        private final double[] dx;
        private double[] xTrial;
        private double[] fTrial;
        private final List<Double> history = new ArrayList<>();
        private final List<Double> steps = new ArrayList<>();
        private final List<String> notes;
        private String failure;
        private boolean converged;
        private int iteration;
        private double rNorm;

        Run(String name, NonlinearSystem system, double[] guess, NewtonSettings settings, DirectionFinder finder,
            List<String> headerNotes, long startNanos) {
            this.name = name;
            this.system = system;
            this.checker = settings.checker();
            this.lineSearch = settings.lineSearch();
            this.maxIterations = settings.maxIterations();
            this.finder = finder;
            this.startNanos = startNanos;
            this.n = system.dimension();
            this.x = guess.clone();
            this.f = new double[n];
            this.dx = new double[n];
            this.xTrial = new double[n];
            this.fTrial = new double[n];
            this.notes = new ArrayList<>(headerNotes);
        }

        NonlinearSolution run() {
            try {
                system.residual(x, f);
                checkResidual(f, 0);
                rNorm = Vectors.maxNorm(f);
                history.add(rNorm);
                converged = checker.converged(0, rNorm, Double.POSITIVE_INFINITY, x);
                while (!converged && iteration < maxIterations && step(iteration + 1)) {
                    // step() advanced the iterate
                }
            } catch (SolverException e) {
                finishNotes(notes, steps, finder);
                throw e.withReport(report(name, iteration, history, false, notes, startNanos));
            }
            finishNotes(notes, steps, finder);
            if (failure != null) {
                notes.add(failure);
            } else if (!converged) {
                notes.add(SolverMessage.NOT_CONVERGED.format(name, iteration, history.get(history.size() - 1),
                        formatHistory(history)));
            }
            return new NonlinearSolution(x, report(name, iteration, history, converged, notes, startNanos));
        }

        /** Newton step k; false (with {@link #failure} set) when the solve must end. */
        private boolean step(int k) {
            Direction d = finder.find(k, x, f, dx);
            if (d.failure() != null) {
                failure = d.failure();
                return false;
            }
            double t = backtrack(k, d.linearResidual());
            String stallNote = null;
            if (Double.isNaN(t)) {
                if (!fullStepAtRoundingLevel(k)) {
                    failure = SolverMessage.LINE_SEARCH_FAILED.format(k, rNorm);
                    return false;
                }
                t = 1.0;
                stallNote = String.format(java.util.Locale.ROOT,
                        "step %d: no sufficient decrease (rounding level); full step accepted by the checker", k);
            }
            acceptTrial(k, t);
            double stepNorm = t * Vectors.maxNorm(dx);
            converged = stallNote != null || checker.converged(k, rNorm, stepNorm, x);
            if (stallNote != null) {
                notes.add(stallNote);
            }
            return true;
        }

        /**
         * Halves t from 1 until the Armijo condition holds at x + t dx (left in the trial pair); NaN when no step
         * down to {@link #MIN_STEP} does. Without line search the full step is taken.
         */
        private double backtrack(int k, double linearResidual) {
            double f2 = square(Vectors.norm2(f));
            double t = 1.0;
            while (true) {
                trial(t);
                if (!lineSearch) {
                    checkResidual(fTrial, k);
                    return t;
                }
                if (Vectors.firstNonFinite(fTrial) < 0) {
                    double ft2 = square(Vectors.norm2(fTrial));
                    if (ft2 <= (1.0 - 2.0 * ARMIJO * t * (1.0 - linearResidual)) * f2) {
                        return t;
                    }
                }
                if (t <= MIN_STEP) {
                    return Double.NaN;
                }
                t *= 0.5;
            }
        }

        /**
         * At rounding level the residual cannot decrease any more although the Newton correction still reduces the
         * error: the full step (left in the trial pair) is acceptable if the checker accepts the resulting point
         * (it judges the residual there and the step length); otherwise the solve fails honestly.
         */
        private boolean fullStepAtRoundingLevel(int k) {
            for (int i = 0; i < n; i++) {
                xTrial[i] = x[i] + dx[i];
            }
            system.residual(xTrial, fTrial);
            double rFull = Vectors.maxNorm(fTrial);
            return Vectors.firstNonFinite(fTrial) < 0 && checker.converged(k, rFull, Vectors.maxNorm(dx), xTrial);
        }

        /** The trial pair x + t dx, F(x + t dx). */
        private void trial(double t) {
            for (int i = 0; i < n; i++) {
                xTrial[i] = x[i] + t * dx[i];
            }
            system.residual(xTrial, fTrial);
        }

        /** The trial pair becomes the iterate (step k of length t). */
        private void acceptTrial(int k, double t) {
            double[] tmp = x;
            x = xTrial;
            xTrial = tmp;
            tmp = f;
            f = fTrial;
            fTrial = tmp;
            iteration = k;
            steps.add(t);
            rNorm = Vectors.maxNorm(f);
            history.add(rNorm);
        }
    }

    private static void finishNotes(List<String> notes, List<Double> steps, DirectionFinder finder) {
        StringBuilder sb = new StringBuilder("line-search step lengths: [");
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            double t = steps.get(i);
            sb.append(t == 1.0 ? "1" : "2^" + Math.getExponent(t));
        }
        notes.add(sb.append(']').toString());
        finder.addNotes(notes);
    }

    private static SolverReport report(String name, int iterations, List<Double> history, boolean converged,
                                       List<String> notes, long startNanos) {
        double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
        double last = h.length > 0 ? h[h.length - 1] : Double.NaN;
        return new SolverReport(name, iterations, h, last, converged, (System.nanoTime() - startNanos) * 1e-9,
                notes);
    }

    static String formatHistory(List<Double> history) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < history.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(String.format(java.util.Locale.ROOT, "%.2e", history.get(i)));
        }
        return sb.append(']').toString();
    }

    static String formatList(String label, List<? extends Number> values, String format) {
        StringBuilder sb = new StringBuilder(label).append(": [");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(String.format(java.util.Locale.ROOT, format, values.get(i)));
        }
        return sb.append(']').toString();
    }

    private static void checkResidual(double[] f, int iteration) {
        int bad = Vectors.firstNonFinite(f);
        if (bad >= 0) {
            throw new SolverException(SolverMessage.NON_FINITE_RESIDUAL, iteration, bad, f[bad]);
        }
    }

    static void checkGuess(NonlinearSystem system, double[] guess) {
        Vectors.checkLength("initial guess", guess, system.dimension());
        int bad = Vectors.firstNonFinite(guess);
        if (bad >= 0) {
            throw new IllegalArgumentException(SolverMessage.NON_FINITE_GUESS.format(bad, guess[bad]));
        }
    }

    private static double square(double v) {
        return v * v;
    }
}
