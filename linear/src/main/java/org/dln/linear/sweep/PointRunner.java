package org.dln.linear.sweep;

import java.util.Map;
import org.dln.linear.dmft.DmftSolver;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.linear.sampling.ActivationParser;
import org.dln.linear.simulation.FiniteWidthTraining;
import org.dln.linear.solver.FlowSolver;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.dmft.SamplingOptions;
import org.dln.numeric.solver.SolverException;

/**
 * Runs one sweep point through dln's solver seam ({@link Solvers}; {@code simulate} through
 * {@link FiniteWidthTraining}), single-threaded inside the point (the sweep runs points in parallel), and classifies it.
 * Stateless: the thread pool and the Spark executors call the same {@link #run}.
 */
public final class PointRunner {
    private PointRunner() {
    }

    /** Checks a point before anything runs (exit 2 naming the point and the field); returns its problem. */
    static Problem check(SweepGrid grid, SweepPoint pt) {
        try {
            ProblemData.Data d = ProblemData.of(grid, pt);
            String c = (String) pt.get(Parameter.COMMAND);
            Approximation.parse((String) pt.get(Parameter.APPROX));
            Activation act = ActivationParser.parse((String) pt.get(Parameter.ACTIVATION));
            if (!act.isIdentity() && !c.equals("sample") && !c.equals("simulate")) {
                throw new InvalidInputException(InputError.NOT_WITH, "activation", "activation", "command " + c,
                        "nonlinear networks run with the commands sample and simulate");
            }
            if (c.equals("sample") && act.isIdentity()) {
                throw new InvalidInputException(InputError.MISSING, "activation", "activation", "the command sample needs a nonlinear activation (relu, tanh, erf, ...)");
            }
            if (c.equals("bayes") && pt.get(Parameter.BETA) == null) {
                throw new InvalidInputException(InputError.MISSING, "beta", "beta", "the command bayes needs the inverse temperature beta (fixed or an axis)");
            }
            if (c.equals("simulate")) {
                int n = (Integer) pt.get(Parameter.N), s = (Integer) pt.get(Parameter.SEEDS);
                if (n < 1 || s < 2 || !(d.problem().gamma0() > 0)) {
                    throw new InvalidInputException(InputError.OUT_OF_RANGE, "N", "N, seeds, gamma0", n + ", " + s + ", " + d.problem().gamma0(),
                            "simulate needs N >= 1, seeds >= 2 and gamma0 > 0");
                }
            }
            double wd = (Double) pt.get(Parameter.WEIGHT_DECAY);
            if (!(wd >= 0) || Double.isInfinite(wd) || (c.equals("decay") && !(wd > 0))) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "weight_decay", "weight_decay", wd,
                        "must be a finite number >= 0 (> 0 for the command decay)");
            }
            if (!((Double) pt.get(Parameter.T_MAX) > 0) || (Integer) pt.get(Parameter.SAMPLES) < 1) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "t_max", "t_max, samples", pt.get(Parameter.T_MAX) + ", " + pt.get(Parameter.SAMPLES),
                        "t_max must be > 0 and samples >= 1");
            }
            return d.problem();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(InputError.SWEEP_POINT, e.field(), pt.index(), pt.describe(), e.getMessage());
        }
    }

    /** Runs the point single-threaded; every outcome (including divergence and failure) is a result, never an exception. */
    public static PointResult run(SweepGrid grid, SweepPoint pt) {
        return run(grid, pt, 1);
    }

    /**
     * Runs the point with {@code threads} threads inside it (the simulator's ensemble and the sampler; their results
     * depend on the seed only, so the row does not depend on it).
     */
    public static PointResult run(SweepGrid grid, SweepPoint pt, int threads) {
        long start = System.nanoTime();
        ProblemData.Data d = ProblemData.of(grid, pt);
        Problem p = d.problem();
        String command = (String) pt.get(Parameter.COMMAND);
        boolean stochastic = grid.stochastic();
        try {
            Solution s = solve(command, p, pt, Math.max(1, threads));
            s = Solutions.requireFinite(s);
            Solution theory = null;
            if (command.equals("simulate") && (grid.observables().contains("dev_loss_final") || grid.observables().contains("dev_ntk_final"))
                    && ActivationParser.parse((String) pt.get(Parameter.ACTIVATION)).isIdentity()) {
                theory = Solvers.gradientDescent(Approximation.FULL, false, (Double) pt.get(Parameter.WEIGHT_DECAY)).solve(p);
            }
            Map<String, Double> values = SweepObservables.values(grid.observables(), s, d.yTest(), theory, stochastic);
            Regime r = Regime.classify(s, SweepObservables.sharpnessMax(s), grid.lossTolerance());
            return new PointResult(pt, r, s.report().converged(), s.report().iterations(), s.report().residual(), values, "",
                    seconds(start), s);
        } catch (InvalidInputException e) {
            Regime r = e.kind() == InputError.DIVERGED || e.kind() == InputError.SIM_DIVERGED ? Regime.DIVERGED : Regime.FAILED;
            return new PointResult(pt, r, false, 0, Double.NaN, Map.of(), e.getMessage(), seconds(start), null);
        } catch (SolverException e) {
            return new PointResult(pt, Regime.FAILED, false, 0, Double.NaN, Map.of(), e.getMessage(), seconds(start), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new PointResult(pt, Regime.FAILED, false, 0, Double.NaN, Map.of(), String.valueOf(e), seconds(start), null);
        }
    }

    private static Solution solve(String command, Problem p, SweepPoint pt, int threads) {
        Approximation a = Approximation.parse((String) pt.get(Parameter.APPROX));
        int seed = (Integer) pt.get(Parameter.SEED);
        double wd = (Double) pt.get(Parameter.WEIGHT_DECAY);
        DmftSolver solver = switch (command) {
            case "solve" -> Solvers.gradientDescent(a, false, 0);
            case "decay" -> Solvers.gradientDescent(a, false, wd);
            case "flow" -> Solvers.gradientFlow(a, FlowSolver.Options.of((Double) pt.get(Parameter.T_MAX)), false, 0, 1e-8);
            case "sample" -> Solvers.sampling(ActivationParser.parse((String) pt.get(Parameter.ACTIVATION)),
                    SamplingOptions.defaults((Integer) pt.get(Parameter.SAMPLES), threads, seed), true, 0);
            case "bayes" -> Solvers.bayes((Double) pt.get(Parameter.BETA), 1e-13);
            case "simulate" -> null;
            default -> throw new IllegalStateException("unknown command " + command);
        };
        if (solver == null) {
            return FiniteWidthTraining.simulate(p, ActivationParser.parse((String) pt.get(Parameter.ACTIVATION)), (Integer) pt.get(Parameter.N),
                    (Integer) pt.get(Parameter.SEEDS), seed, threads, i -> { }, wd);
        }
        return solver.solve(p);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) * 1e-9;
    }
}
