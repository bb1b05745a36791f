package org.dln.linear.adaptive;

/**
 * One line of the adaptive-vs-lazy table of {@code dln adaptive}.
 *
 * @param task          the task description (dataset, classes)
 * @param method        "bayes" (saddle point vs NNGP) or "decay" (weight-decay state vs NTK ridge regression)
 * @param p             training items P
 * @param depth         L
 * @param control       beta (bayes) or lambda (decay)
 * @param gamma0        feature-learning strength
 * @param scalar        r (bayes) or a (decay)
 * @param ridge         ridge of the equivalent kernel ridge regression on Kx (adaptive)
 * @param lazyRidge     ridge of the lazy predictor on Kx
 * @param testLoss      (1/Q) sum (f - y)^2, adaptive
 * @param lazyTestLoss  the same, lazy
 * @param testError     fraction of test items with sign(f) != y, adaptive
 * @param lazyTestError the same, lazy
 * @param trainLoss     (1/P) sum (f - y)^2 on the train items, adaptive
 * @param iterations    Newton steps of the scalar root (0 for bisection)
 * @param rootResidual  |g| at the root
 * @param fullResidual  a-posteriori max-norm residual of the P x P equations (NaN: not evaluated)
 * @param solveSeconds  solve time after the eigen-decomposition
 * @param eigSeconds    time of the eigen-decomposition of Kx (shared by the rows of one P)
 * @param converged     whether the root and the residual check met the tolerance
 * @param history       residual history of the scalar root (|g| after each Newton / bisection step; for decay the
 *                      residual of the scalar reduction)
 */
public record AdaptiveRow(String task, String method, int p, int depth, double control, double gamma0, double scalar,
                          double ridge, double lazyRidge, double testLoss, double lazyTestLoss, double testError,
                          double lazyTestError, double trainLoss, int iterations, double rootResidual, double fullResidual,
                          double solveSeconds, double eigSeconds, boolean converged, double[] history) {

    public static final String CSV_HEADER = "task,method,P,L,beta_or_lambda,gamma0,r_or_a,ridge,lazy_ridge,test_loss,lazy_test_loss,"
            + "test_error,lazy_test_error,train_loss,iterations,root_residual,full_residual,solve_seconds,eig_seconds,converged,"
            + "root_residual_history";

    public String csv() {
        return String.format(java.util.Locale.ROOT, "\"%s\",%s,%d,%d,%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.6f,%.6f,%.17g,%d,%.3e,%.3e,%.4f,%.4f,%s,%s",
                task, method, p, depth, control, gamma0, scalar, ridge, lazyRidge, testLoss, lazyTestLoss, testError,
                lazyTestError, trainLoss, iterations, rootResidual, fullResidual, solveSeconds, eigSeconds, converged, historyText());
    }

    /** The history as e1;e2;... (%.2e each), one CSV field. */
    public String historyText() {
        StringBuilder sb = new StringBuilder();
        for (double h : history) {
            sb.append(sb.length() == 0 ? "" : ";").append(String.format(java.util.Locale.ROOT, "%.2e", h));
        }
        return sb.toString();
    }

    public String markdown() {
        return String.format(java.util.Locale.ROOT, "| %s | %d | %d | %s | %s | %.6g | %.4g | %.5f | %.5f | %.4f | %.4f | %d | %.1e | %.1e | %.3f |",
                method, p, depth, control, gamma0, scalar, ridge, testLoss, lazyTestLoss, testError, lazyTestError, iterations,
                rootResidual, fullResidual, solveSeconds);
    }

    public static final String MARKDOWN_HEADER = "| method | P | L | beta / lambda | gamma0 | r / a | ridge | test loss adaptive | test loss lazy | "
            + "test error adaptive | test error lazy | Newton steps | root residual | P x P residual | solve s |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    /** (1/n) sum (f - y)^2. */
    public static double loss(double[] f, double[] y) {
        double s = 0;
        for (int i = 0; i < f.length; i++) {
            s += (f[i] - y[i]) * (f[i] - y[i]);
        }
        return f.length == 0 ? Double.NaN : s / f.length;
    }

    /** Fraction with sign(f) != sign(y) (f = 0 counts as an error). */
    public static double error(double[] f, double[] y) {
        int e = 0;
        for (int i = 0; i < f.length; i++) {
            if (!(f[i] * y[i] > 0)) {
                e++;
            }
        }
        return f.length == 0 ? Double.NaN : (double) e / f.length;
    }
}
