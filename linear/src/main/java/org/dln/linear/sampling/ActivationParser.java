package org.dln.linear.sampling;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.activation.Activations;
import org.dln.symbolic.SymbolicSession;

/**
 * Turns the {@code --activation} value into an {@link Activation}: a built-in name (identity, relu, tanh, erf), or an
 * expression in x in Symja (Mathematica) syntax, e.g. {@code "x + x^3/10"} or {@code "Tanh[x] + 0.1*x"}. An expression is
 * parsed and differentiated by Symja ({@code D[expr, x]}) on the SymbolicSession thread, and both the function and its
 * derivative are compiled into pure-Java lambda trees ({@link ExpressionCompiler}).
 */
public final class ActivationParser {
    private ActivationParser() {
    }

    /** @throws InvalidInputException (field "activation") if the name is unknown or the expression does not parse */
    public static Activation parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException(InputError.UNKNOWN_VALUE, "activation", "activation", String.valueOf(spec),
                    "identity, relu, tanh, erf, or an expression in x such as \"x + x^3/10\"");
        }
        Activation builtIn = Activations.byName(spec);
        if (builtIn != null) {
            return builtIn;
        }
        if (!spec.contains("x")) {
            throw bad(spec, "it is neither a built-in activation (identity, relu, tanh, erf) nor an expression in x");
        }
        String value;
        String derivative;
        try (SymbolicSession s = new SymbolicSession()) {
            value = s.fullForm(spec);
            derivative = s.fullForm("D[" + spec + ", x]");
        } catch (RuntimeException e) {
            throw bad(spec, "Symja cannot parse it (" + e.getMessage() + "); use Mathematica syntax, e.g. \"Tanh[x] + x^3/10\"");
        }
        DoubleUnaryOperator f;
        DoubleUnaryOperator df;
        try {
            f = ExpressionCompiler.compile(value);
            df = ExpressionCompiler.compile(derivative);
        } catch (IllegalArgumentException e) {
            throw bad(spec, e.getMessage() + " [Symja read it as " + value + "]");
        }
        for (double x : new double[] {-1.3, 0.0, 0.7}) {
            if (!Double.isFinite(f.applyAsDouble(x)) || !Double.isFinite(df.applyAsDouble(x))) {
                throw bad(spec, String.format(Locale.ROOT, "it or its derivative %s is not finite at x = %s", derivative, x));
            }
        }
        String name = spec.trim();
        return Activations.of(name, f, df);
    }

    private static InvalidInputException bad(String spec, String why) {
        return new InvalidInputException(InputError.BAD_ACTIVATION, "activation", spec, why);
    }
}
