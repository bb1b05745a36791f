package org.dln.linear.cli;

import org.dln.linear.fluct.FiniteWidthBand;
import org.dln.linear.fluct.FluctuationSolver;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import picocli.CommandLine.Option;

/** {@code --width N}: the O(1/N) fluctuations of the theory and the finite-width band mean +- 2 sigma / sqrt(N). */
final class WidthOption {
    @Option(names = "--width", paramLabel = "N", description = {
            "Also compute the O(1/N) fluctuations around the infinite-width trajectory (exact for one hidden layer; for L >= 2 exact for gradient descent, dense in 2 (P + Q + 1) T, "
                    + "and for gradient flow extrapolated from descent to eta = 0, at a cost growing as (rate t)^4: use --resample for few times): "
                    + "N Var f, N Cov f, N Var of the NTK entries, Phi^l, G^l and their signal-to-noise ratios are written as "
                    + "var_* / cov_* / snr_* observables, and plots draw the band mean +- 2 sqrt(Var / N) (docs/theory.md section 11)."})
    Integer width;

    @Option(names = "--width-tolerance", paramLabel = "TOL", defaultValue = "1e-8", description = {
            "Gradient flow at depth L >= 2 with --width: target relative error of the fluctuations extrapolated in eta (default ${DEFAULT-VALUE}); "
                    + "missed: exit 1 with the error reached (written as err_fluct and method.fluctuations_error)."})
    double tolerance;

    /** Refuses a bad width or an unsupported problem before any solving (exit 2). */
    void check(Problem p, String approx, boolean flow) {
        if (width == null) {
            return;
        }
        requirePositive(width);
        if (!"full".equals(approx)) {
            throw new InvalidInputException(InputError.NOT_WITH, "width", "--width", "--approx " + approx,
                    "finite-width fluctuations are computed around the full (exact) DMFT; drop --approx");
        }
        FluctuationSolver.forProblem(p, flow, tolerance);
    }

    /** Refuses a width below 1 (exit 2). */
    static void requirePositive(int width) {
        if (width < 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "width", "width", width,
                    "the width N of the finite-width band must be a positive integer");
        }
    }

    /** The solution with its fluctuations attached, or unchanged without --width. */
    Solution apply(Solution s, java.io.PrintWriter err) {
        if (width == null) {
            return s;
        }
        Solution out = FiniteWidthBand.attach(s, width, tolerance, new Progress("fluctuations"));
        String why = out.method().string("fluctuations_unreliable", null);
        if (why != null) {
            err.println("dln: WARNING: " + why);
            err.flush();
        }
        return out;
    }
}
