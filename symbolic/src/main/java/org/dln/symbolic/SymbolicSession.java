package org.dln.symbolic;

import java.io.PrintStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.interfaces.IExpr;

/**
 * The one thread on which all Symja work happens. Expressions go in as strings and come out as immutable strings
 * in Symja's InputForm (fullFormString-safe, no line wrapping), so nothing of Symja's mutable state leaves the
 * thread. Sets up Symja as the project needs it: no JAS worker threads (otherwise the JVM idles 60 s after main),
 * Symja's printing sent to stderr, file system access off.
 */
public final class SymbolicSession implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dln-symja");
        t.setDaemon(true);
        return t;
    });
    private ExprEvaluator evaluator; // touched only on the session thread

    public SymbolicSession() {
        call(() -> {
            Config.JAS_NO_THREADS = true;
            Config.FILESYSTEM_ENABLED = false;
            PrintStream err = System.err;
            Config.PRINT_OUT = e -> err.println(e.toString());
            evaluator = new ExprEvaluator(false, (short) 100);
            return null;
        });
    }

    /** Evaluates an expression (Symja/Mathematica syntax) and returns the result in InputForm. */
    public String evaluate(String expression) {
        return call(() -> {
            IExpr r = evaluator.eval(expression);
            return r.toString().replace("\n", "");
        });
    }

    /**
     * Evaluates an expression and returns its FullForm (heads with bracketed arguments, e.g.
     * {@code Plus[x,Times[2,Power[x,3]]]}), the form that {@code ExpressionCompiler}s parse.
     */
    public String fullForm(String expression) {
        return call(() -> evaluator.eval(expression).fullFormString().replace("\n", ""));
    }

    /** Evaluates an expression to a double (wraps it in N[...]). */
    public double evaluateNumber(String expression) {
        return call(() -> evaluator.eval("N[" + expression + "]").evalf());
    }

    /**
     * Sets a wall-time budget for the evaluations that follow (all of them together), enforced on the session's
     * thread: when it is used up the evaluation is stopped (Symja's stop request, then an interrupt) and
     * {@link BudgetExceededException} is thrown; the session cannot be used afterwards. 0 or less: no budget.
     */
    public void budget(double seconds) {
        deadline = seconds > 0 ? System.nanoTime() + (long) Math.min(seconds * 1e9, 1e18) : Long.MAX_VALUE;
        budgetSeconds = seconds;
    }

    private volatile long deadline = Long.MAX_VALUE;
    private volatile double budgetSeconds;

    /** Thrown when an evaluation outlives the session's {@link #budget(double)}. */
    public static final class BudgetExceededException extends RuntimeException {
        private final double seconds;

        BudgetExceededException(double seconds) {
            super(String.format(java.util.Locale.ROOT, "Symja evaluation stopped after the time budget of %s s", seconds));
            this.seconds = seconds;
        }

        public double seconds() {
            return seconds;
        }
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        Future<T> f = thread.submit(task);
        try {
            if (deadline == Long.MAX_VALUE) {
                return f.get();
            }
            long left = deadline - System.nanoTime();
            try {
                return f.get(Math.max(1, left), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (evaluator != null) {
                    evaluator.getEvalEngine().stopRequest();
                }
                f.cancel(true);
                throw new BudgetExceededException(budgetSeconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Symja failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
