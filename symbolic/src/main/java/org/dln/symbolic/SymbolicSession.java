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

    private <T> T call(java.util.concurrent.Callable<T> task) {
        Future<T> f = thread.submit(task);
        try {
            return f.get();
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
