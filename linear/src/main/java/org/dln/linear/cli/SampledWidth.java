package org.dln.linear.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dln.linear.fluct.SampledFluctuations;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.report.SolverReport;

/**
 * {@code dln sample --width N}: the sampled O(1/N) prediction variances of a network with one hidden layer and any
 * activation ({@link SampledFluctuations}, docs/theory.md section 11.8) attached to the sampled DMFT solution as
 * {@code var_f} [T][P] and {@code var_f_test} [T][Q] with their Monte Carlo standard errors, with
 * {@code method.fluctuation_width} N for the band that plots draw.
 */
final class SampledWidth {
    /** Replicas of the sampled linear response (standard errors from their spread). */
    static final int REPLICAS = 8;

    private SampledWidth() {
    }

    /** Refuses an unsupported request before any sampling (exit 2). */
    static void check(Integer width, Problem p, long samples, double curvature) {
        if (width == null) {
            return;
        }
        WidthOption.requirePositive(width);
        if (p.depth() != 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "width", "width", width,
                    "with depth L = " + p.depth() + ": sampled finite-width variances are implemented for one hidden layer: use -L 1 "
                            + "(deep linear networks: dln solve --width)");
        }
        if (samples < 2 || samples > Integer.MAX_VALUE) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "samples", "samples", samples,
                    "--width needs at least 2 sites per replica");
        }
        if (!(curvature > 0) || !Double.isFinite(curvature)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "tune.curvature-width", "curvature-width", curvature,
                    "use a finite half-width > 0, e.g. 0.05 for relu");
        }
    }

    static Solution attach(Solution s, Activation phi, int width, int sites, long seed, double curvature) {
        Problem p = s.problem();
        long start = System.nanoTime();
        SampledFluctuations.Result r = SampledFluctuations.descent(p, phi, sites, REPLICAS, seed, curvature);
        double seconds = (System.nanoTime() - start) * 1e-9;
        int np = p.trainCount(), nq = p.testCount();
        Map<String, Observable> out = new LinkedHashMap<>();
        out.put("var_f", Observable.matrix("var_f", columns(r.fVar(), 0, np), columns(r.fVarStderr(), 0, np)));
        if (nq > 0) {
            out.put("var_f_test", Observable.matrix("var_f_test", columns(r.fVar(), np, nq), columns(r.fVarStderr(), np, nq)));
        }
        for (Observable o : out.values()) {
            Solutions.requireFinite(o, s); // no non-finite variance leaves with exit 0
        }
        List<String> notes = new ArrayList<>(s.report().notes());
        notes.add(String.format(Locale.ROOT, "fluctuations: sampled O(1/N) prediction variances, %d sites x %d replicas, "
                + "phi'' half-width %.3g, in %.3f s", sites, REPLICAS, curvature, seconds));
        SolverReport rep = s.report();
        SolverReport report = new SolverReport(rep.solver(), rep.iterations(), rep.residualHistory(), rep.residual(), rep.converged(),
                rep.wallSeconds() + seconds, notes);
        var method = s.method().toBuilder().put("fluctuation_width", width).put("fluctuations", "sampled-linear-response");
        return s.withObservables(out).withMethod(method.build()).withReport(report);
    }

    private static double[][] columns(double[][] v, int from, int count) {
        double[][] out = new double[v.length][count];
        for (int t = 0; t < v.length; t++) {
            System.arraycopy(v[t], from, out[t], 0, count);
        }
        return out;
    }
}
