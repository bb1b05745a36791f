package org.dln.linear.io;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;
import org.dln.linear.result.TimeMode;

/**
 * The words of a figure, in the notation of docs/theory.md with Unicode symbols: the problem in a title
 * ({@code L = 2, γ₀ = 1, η = 0.05}, or {@code gradient flow}, with λ and the activation when they apply), the time
 * axis (ηt or t), run names ({@code DMFT}, {@code DMFT, Monte Carlo (S = 4000)}, {@code simulation, N = 256 (8 seeds)})
 * and entry names ({@code f₀}, {@code K₀₁}).
 */
public final class FigureText {
    private FigureText() {
    }

    /** The problem of the runs: "L = 2, γ₀ = 1, η = 0.05", or the distinct descriptions joined by " | ". */
    public static String problem(List<Solution> runs) {
        Set<String> distinct = new LinkedHashSet<>();
        for (Solution r : runs) {
            distinct.add(problem(r));
        }
        return String.join(" | ", distinct);
    }

    /** One run's problem: activation (if not linear), L, γ₀, then η or "gradient flow", then λ (weight decay). */
    public static String problem(Solution r) {
        Problem p = r.problem();
        StringBuilder sb = new StringBuilder();
        String act = r.method().string("activation", "");
        if (!act.isEmpty() && !act.equals("linear") && !act.equals("identity")) {
            sb.append(activation(act)).append(", ");
        }
        sb.append("L = ").append(p.depth()).append(", γ₀ = ").append(FigureTheme.number(p.gamma0()));
        TimeMode mode = r.method().time();
        if (mode == TimeMode.GRADIENT_FLOW) {
            sb.append(", gradient flow");
        } else if (mode == TimeMode.GRADIENT_DESCENT) {
            sb.append(", η = ").append(FigureTheme.number(p.eta()));
        }
        double lambda = r.method().number("weight_decay", 0);
        if (lambda != 0) {
            sb.append(", λ = ").append(FigureTheme.number(lambda));
        }
        return sb.toString();
    }

    /** An activation's name as written in a paper (ReLU, tanh, erf; expressions as given). */
    static String activation(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relu" -> "ReLU";
            case "tanh" -> "tanh";
            case "erf" -> "erf";
            default -> "φ(h) = " + name;
        };
    }

    /** The time axis: "time ηt" (gradient descent, simulations), "time t" (gradient flow), both if mixed. */
    public static String timeAxis(List<Solution> runs) {
        boolean flow = runs.stream().anyMatch(r -> r.method().time() == TimeMode.GRADIENT_FLOW);
        boolean descent = runs.stream().anyMatch(r -> r.method().time() != TimeMode.GRADIENT_FLOW);
        if (flow && descent) {
            return "time t (ηt for gradient descent)";
        }
        return flow ? "time t" : "time ηt";
    }

    /** The legend name of a run; several runs of the same name are numbered. */
    public static String runName(Solution r, List<Solution> runs) {
        String name = runName(r);
        long same = runs.stream().filter(o -> runName(o).equals(name)).count();
        return same > 1 ? "run " + (runs.indexOf(r) + 1) + ": " + name : name;
    }

    /** "DMFT" (exact), "DMFT (lazy)", "DMFT, Monte Carlo (S = 4000)", "simulation, N = 256 (8 seeds)". */
    static String runName(Solution r) {
        if (Solution.SIMULATION.equals(r.kind())) {
            return String.format(Locale.ROOT, "simulation, N = %d (%d seeds)", (int) r.method().number("width", 0),
                    (int) r.method().number("seeds", 0));
        }
        String approx = r.method().approximation();
        String base = approx == null || approx.equals("full") ? "DMFT" : "DMFT (" + approx + ")";
        double samples = r.method().number("samples", Double.NaN);
        if (!Double.isNaN(samples)) {
            return base + String.format(Locale.ROOT, ", Monte Carlo (S = %d)", (long) samples);
        }
        return base;
    }

    /** "f₀" for entry mu of a vector observable. */
    static String vectorEntry(String symbol, int mu) {
        return symbol + FigureTheme.subscript(mu);
    }

    /** "K₀₁" for entry k of a P x P kernel observable (with a comma once indices reach 10: "K₁,₁₀"). */
    static String kernelEntry(Observable o, int k) {
        int cols = o.shape()[2];
        int mu = k / cols, nu = k % cols;
        String sep = cols > 10 ? "," : "";
        return "K" + FigureTheme.subscript(mu) + sep + FigureTheme.subscript(nu);
    }
}
