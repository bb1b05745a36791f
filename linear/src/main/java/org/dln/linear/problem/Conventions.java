package org.dln.linear.problem;

import java.util.Locale;

/**
 * Conventions that research codes differ on. The defaults are those of theory.md:
 * loss 1/2 sum_mu (f_mu - y_mu)^2 and uncentred output.
 *
 * <ul>
 * <li>{@code loss = SUM}: loss 1/2 sum_mu (f - y)^2; {@code MEAN}: 1/(2P) sum_mu (f - y)^2, so every Delta
 * term of the equations carries a factor 1/P (equivalently eta -> eta/P).</li>
 * <li>{@code output = UNCENTRED}: the network output f; {@code CENTRED}: f - f(0), the initial function
 * subtracted. At infinite width f(0) = 0 (its variance is Phi^L(0,0)/(gamma0^2 N)), so the DMFT is the same
 * in both; at finite width ({@code dln simulate}) centring removes the initial-function fluctuations.</li>
 * <li>{@code update = EXACT}: predictions of exact gradient descent (the cross-covariance formula of theory.md
 * section 3); {@code NTK_EULER}: f(t+1) = f(t) + eta K(t) Delta(t) with the exact kernels, as some research codes do
 * (theory.md section 5): it differs from gradient descent at O(eta) and is offered only to reproduce such codes.
 * Finite-width simulations always train by real gradient descent.</li>
 * </ul>
 */
public record Conventions(Loss loss, Output output, Update update) {

    public enum Loss { SUM, MEAN }

    public enum Output { UNCENTRED, CENTRED }

    public enum Update { EXACT, NTK_EULER }

    public static final Conventions DEFAULT = new Conventions(Loss.SUM, Output.UNCENTRED, Update.EXACT);

    /** Loss and output conventions with exact gradient-descent predictions. */
    public Conventions(Loss loss, Output output) {
        this(loss, output, Update.EXACT);
    }

    public static Update parseUpdate(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "exact" -> Update.EXACT;
            case "ntk-euler" -> Update.NTK_EULER;
            default -> throw new InvalidInputException(InputError.UNKNOWN_VALUE, "conventions.update",
                    "conventions.update", s, "exact, ntk-euler");
        };
    }

    /** The convention names as written in JSON: sum|mean, uncentred|centred, exact|ntk-euler. */
    public String[] ids() {
        return new String[] {loss.name().toLowerCase(Locale.ROOT), output.name().toLowerCase(Locale.ROOT),
                update.name().toLowerCase(Locale.ROOT).replace('_', '-')};
    }

    /** The factor every Delta carries in the equations: 1 for SUM, 1/P for MEAN. */
    public double lossScale(int trainSamples) {
        return loss == Loss.SUM ? 1.0 : 1.0 / trainSamples;
    }

    public static Loss parseLoss(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "sum" -> Loss.SUM;
            case "mean" -> Loss.MEAN;
            default -> throw new InvalidInputException(InputError.UNKNOWN_VALUE, "conventions.loss",
                    "conventions.loss", s, "sum, mean");
        };
    }

    public static Output parseOutput(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "uncentred", "uncentered" -> Output.UNCENTRED;
            case "centred", "centered" -> Output.CENTRED;
            default -> throw new InvalidInputException(InputError.UNKNOWN_VALUE, "conventions.output",
                    "conventions.output", s, "uncentred, centred");
        };
    }
}
