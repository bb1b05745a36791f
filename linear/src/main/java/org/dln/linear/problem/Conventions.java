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
 * </ul>
 */
public record Conventions(Loss loss, Output output) {

    public enum Loss { SUM, MEAN }

    public enum Output { UNCENTRED, CENTRED }

    public static final Conventions DEFAULT = new Conventions(Loss.SUM, Output.UNCENTRED);

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
