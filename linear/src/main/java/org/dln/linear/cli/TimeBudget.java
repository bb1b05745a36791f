package org.dln.linear.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.dln.numeric.solver.SolverException;
import org.dln.numeric.solver.SolverMessage;

/**
 * A wall-time budget for a computation that cannot bound itself (the exact series algebra): it runs on a daemon
 * thread; when the budget is used up the thread is interrupted (the algebra stops at its next checkpoint) and a
 * {@link SolverException} ({@link SolverMessage#BUDGET_EXCEEDED}, exit 1) says what was done.
 */
final class TimeBudget {
    /** The default of every --time-budget option, in seconds. */
    static final String DEFAULT_SECONDS = "600";

    private TimeBudget() {
    }

    /** Checks a --time-budget value: a finite number of seconds > 0. */
    static double check(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new org.dln.linear.problem.InvalidInputException(org.dln.linear.problem.InputError.OUT_OF_RANGE,
                    "time-budget", "time-budget", seconds, "must be a finite number of seconds > 0");
        }
        return seconds;
    }

    /**
     * Runs the task within the budget.
     *
     * @param what     what runs ("dln series")
     * @param seconds  the budget
     * @param progress what was done so far, read when the budget is used up
     * @param task     the computation
     */
    static <T> T run(String what, double seconds, Supplier<String> progress, Callable<T> task) {
        return run(what, seconds, seconds, progress, task);
    }

    /** As above, with what is left of a command's budget: the message names the whole budget. */
    static <T> T run(String what, double seconds, double wholeBudget, Supplier<String> progress, Callable<T> task) {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dln-budget");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        try {
            Future<T> f = ex.submit(task);
            try {
                return f.get((long) Math.min(seconds * 1e9, 1e18), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw exceeded(what, wholeBudget, seconds == wholeBudget ? String.format(Locale.ROOT, "%s; stopped after %.1f s",
                        progress.get(), (System.nanoTime() - start) * 1e-9) : progress.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                throw new IllegalStateException("interrupted", e);
            }
        } finally {
            ex.shutdownNow();
        }
    }

    /** The exit-1 failure of a used-up budget. */
    static SolverException exceeded(String what, double seconds, String done) {
        return new SolverException(SolverMessage.BUDGET_EXCEEDED, what, fmt(seconds), done,
                "raise --time-budget or ask for less (a lower --order, fewer depths)");
    }

    static String fmt(double seconds) {
        return seconds == Math.rint(seconds) && seconds < 1e15 ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
