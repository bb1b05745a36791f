package org.dln.numeric.activation;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/** The built-in activations: identity, relu, tanh and erf. */
public final class Activations {

    /** phi(x) = x. */
    public static final Activation IDENTITY = new Activation() {
        @Override
        public String name() {
            return "identity";
        }

        @Override
        public double value(double x) {
            return x;
        }

        @Override
        public double derivative(double x) {
            return 1.0;
        }

        @Override
        public boolean isIdentity() {
            return true;
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /** phi(x) = max(x, 0), phi'(x) = 1[x &gt; 0]. */
    public static final Activation RELU = of("relu", x -> x > 0 ? x : 0.0, x -> x > 0 ? 1.0 : 0.0);

    /** phi(x) = tanh(x), phi'(x) = 1 - tanh(x)^2. */
    public static final Activation TANH = of("tanh", Math::tanh, x -> {
        double t = Math.tanh(x);
        return 1.0 - t * t;
    });

    /** phi(x) = erf(x), phi'(x) = 2 exp(-x^2) / sqrt(pi). */
    public static final Activation ERF = of("erf", Erf::erf, x -> Erf.TWO_OVER_SQRT_PI * Math.exp(-x * x));

    /** Names accepted by {@link #byName(String)}. */
    public static final List<String> NAMES = List.of("identity", "linear", "relu", "tanh", "erf");

    private Activations() {
    }

    /**
     * @param name identity (alias linear), relu, tanh or erf, case-insensitive
     * @return the built-in activation, or null if the name is not one of them
     */
    public static Activation byName(String name) {
        if (name == null) {
            return null;
        }
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "identity":
            case "linear":
                return IDENTITY;
            case "relu":
                return RELU;
            case "tanh":
                return TANH;
            case "erf":
                return ERF;
            default:
                return null;
        }
    }

    /** @return an activation from a value function and its derivative (both must be thread-safe) */
    public static Activation of(String name, DoubleUnaryOperator value, DoubleUnaryOperator derivative) {
        return new Activation() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double value(double x) {
                return value.applyAsDouble(x);
            }

            @Override
            public double derivative(double x) {
                return derivative.applyAsDouble(x);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
