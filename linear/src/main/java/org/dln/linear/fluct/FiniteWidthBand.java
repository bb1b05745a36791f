package org.dln.linear.fluct;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dln.linear.dmft.SolveListener;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.result.TimeMode;
import org.dln.numeric.report.SolverReport;

/**
 * Attaches the O(1/N) fluctuations to an infinite-width {@link Solution} (a post-processor of the solver seam): the
 * observables of {@link Fluctuations#observables()}, {@code method.fluctuation_width} (the N of the band
 * mean +- 2 sqrt(var / N) that plots draw), {@code method.fluctuations} (the engine) and, beyond the edge of
 * stability, {@code method.fluctuations_unreliable}; the report gains the wall time and a note.
 */
public final class FiniteWidthBand {
    /** The fluctuation engine's own mean trajectory must agree with the solution's to this (it is a check of both). */
    private static final double MEAN_AGREEMENT = 1e-6;

    private FiniteWidthBand() {
    }

    public static Solution attach(Solution s, int width) {
        return attach(s, width, FluctuationSolver.FLOW_TOLERANCE, SolveListener.NONE);
    }

    /**
     * The solution with its fluctuations; {@code flowTolerance} is the target relative error of the extrapolated flow
     * fluctuations at depth L >= 2 (unused otherwise); the deep engines tell their progress to {@code listener}. When that target is missed the solution's report says so and is
     * not converged (exit 1), with the error reached.
     */
    public static Solution attach(Solution s, int width, double flowTolerance, SolveListener listener) {
        if (width < 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "width", "width", width,
                    "the width N of the finite-width band must be a positive integer");
        }
        String approx = s.method().approximation();
        if (approx != null && !Approximation.FULL.id().equals(approx)) {
            throw new InvalidInputException(InputError.NOT_WITH, "width", "--width", "--approx " + approx,
                    "finite-width fluctuations are computed around the full (exact) DMFT; drop --approx");
        }
        Problem p = s.problem();
        FluctuationSolver solver = FluctuationSolver.forProblem(p, s.method().time() == TimeMode.GRADIENT_FLOW, flowTolerance);
        long start = System.nanoTime();
        int tn = s.timePoints();
        Fluctuations fl;
        if (s.method().time() == TimeMode.GRADIENT_FLOW) {
            double[] times = new double[tn];
            for (int t = 0; t < tn; t++) {
                times[t] = s.time(t);
            }
            fl = solver.flow(p, times, listener);
        } else {
            fl = solver.descent(p, listener);
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        double dev = 0;
        for (int t = 0; t < tn; t++) {
            for (int mu = 0; mu < p.trainCount(); mu++) {
                dev = Math.max(dev, Math.abs(fl.fMean()[t][mu] - s.f(t, mu)));
            }
        }
        // an extrapolated engine's mean is as good as its estimate (the covariances' relative error bounds the means' too)
        double allowed = Math.max(MEAN_AGREEMENT, 100 * fl.maxError()) * Math.max(1, maxAbs(p.y()));
        if (!(dev <= allowed)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "the fluctuation engine's mean trajectory differs from the solution by %.3e", dev));
        }
        List<String> notes = new ArrayList<>(s.report().notes());
        notes.add(String.format(Locale.ROOT, "fluctuations: O(1/N) covariances (%s) in %.3f s; "
                + "their mean trajectory agrees with the solution's f to %.1e", solver.engine(), seconds, dev));
        if (fl.unreliable() != null) {
            notes.add("fluctuations UNRELIABLE: " + fl.unreliable());
        }
        boolean reached = true;
        if (fl.error() != null) {
            reached = fl.maxError() <= flowTolerance;
            notes.add(String.format(Locale.ROOT, "fluctuations: gradient flow extrapolated from gradient descent to eta = 0; "
                    + "estimated relative error %.1e (target %.1e)%s", fl.maxError(), flowTolerance,
                    reached ? "" : ": NOT reached (the finest level was not fine enough, or rounding amplified by the "
                            + "table took over; shorten --t-max or loosen --width-tolerance)"));
        }
        SolverReport r = s.report();
        SolverReport report = new SolverReport(r.solver(), r.iterations(), r.residualHistory(), r.residual(),
                r.converged() && reached, r.wallSeconds() + seconds, notes);
        var method = s.method().toBuilder().put("fluctuation_width", width).put("fluctuations", solver.engine());
        if (fl.error() != null) {
            method.put("fluctuations_error", fl.maxError()).put("fluctuations_tolerance", flowTolerance);
        }
        if (fl.unreliable() != null) {
            method.put("fluctuations_unreliable", fl.unreliable());
        }
        return s.withObservables(fl.observables()).withMethod(method.build()).withReport(report).withExtra(Fluctuations.class, fl);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
