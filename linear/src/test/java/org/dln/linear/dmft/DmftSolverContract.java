package org.dln.linear.dmft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dln.linear.cli.DlnCommand;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;
import org.dln.numeric.report.SolverReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract every {@link DmftSolver} family keeps, in the manner of EJML's {@code GenericLinearSolverChecks}: one
 * subclass per family supplies the solver, a tiny problem suited to it and the family's lazy (gamma0 -> 0) reference
 * computed in closed form by the test itself ({@link LazyClosedForm}, not by dln code); the checks live here.
 *
 * <ol>
 *   <li>{@link #lazyLimitMatchesClosedForm()}: the solution of {@link #lazyProblem()} equals {@link #lazyReference}
 *       within the tolerance each reference entry states (rounding for exact solvers, standard errors for sampling);</li>
 *   <li>{@link #testInputEqualToTrainInputZeroBehavesLikeIt()}: a test input that is an exact copy of train input 0
 *       has the same prediction and NTK row as train sample 0 (theory.md section 7: test inputs are samples whose
 *       Delta is zero; sample 0 enters the equations through the same Gram row), to 1e-12 relative;</li>
 *   <li>{@link #reportIsFilled()}: solver name, iterations, wall time, convergence, a residual history for iterative
 *       families, every observable finite;</li>
 *   <li>{@link #rerunIsBitIdentical()}: the same solver instance solving the same problem twice gives bit-identical
 *       observables (values and standard errors);</li>
 *   <li>{@link #badInputIsRefusedWithTheNamedField()} and {@link #commandLineRefusesBadValueWithExitTwo()}: one bad
 *       input of the family is refused by an {@link InvalidInputException} naming the field, and the family's command
 *       exits 2 with "dln: error: '&lt;field&gt;'..." on stderr and no stack trace;</li>
 *   <li>{@link #listenerHearsTheSolve()}: a recording listener hears progress or notes (where the family reports them)
 *       with progress never beyond its total and never negative, and listening does not change the result.</li>
 * </ol>
 * The solution of {@link #contractProblem()} is computed once per class (PER_CLASS lifecycle) with a recording
 * listener and reused by checks 2, 3, 4 and 6; a second solve by the same instance without a listener ({@link #rerun()})
 * serves checks 4 and 6.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DmftSolverContract {

    /** Relative rounding tolerance of two evaluations of the same equations (different rows, same arithmetic). */
    protected static final double ROUNDING = 1e-12;

    /** One expected observable of the lazy reference: |value - expected| &lt;= absTol + seMultiple * stderr entrywise. */
    protected record Expected(String name, double[] value, double absTol, double seMultiple) {
        public static Expected exact(String name, double[] value, double absTol) {
            return new Expected(name, value, absTol, 0);
        }
    }

    /** A bad input of the family: the action must throw {@link InvalidInputException} with this field. */
    protected record BadInput(String field, Executable action) {
    }

    /** A command line of the family with one bad value: exit 2 and stderr naming the field. */
    protected record BadCommand(String field, List<String> args) {
    }

    // ---- what a family supplies -----------------------------------------------------------------------------------

    private final DmftSolver solver;
    private final Problem contractProblem;
    private final Problem lazyProblem;

    /**
     * @param solver          the solver under test (immutable, reused for every solve)
     * @param contractProblem a tiny problem suited to the family (P = 2..3, T &lt;= 20, L = 1..2) on which the solver
     *                        converges; where the family supports test inputs it carries one test input equal to train
     *                        input 0
     * @param lazyProblem     the problem of the lazy check (gamma0 = 0, or small where the family needs gamma0 &gt; 0)
     */
    protected DmftSolverContract(DmftSolver solver, Problem contractProblem, Problem lazyProblem) {
        this.solver = solver;
        this.contractProblem = contractProblem;
        this.lazyProblem = lazyProblem;
    }

    protected final DmftSolver solver() {
        return solver;
    }

    protected final Problem contractProblem() {
        return contractProblem;
    }

    protected final Problem lazyProblem() {
        return lazyProblem;
    }

    /**
     * The family's independent lazy reference for {@code p}, computed in closed form by the test (the solution is
     * given only for its time axis, e.g. gradient flow's nodes); each entry states its tolerance and where it comes from.
     */
    protected abstract List<Expected> lazyReference(Problem p, Solution solution);

    /** Whether the family iterates to convergence (its report then carries a residual history); default no. */
    protected boolean iterative() {
        return false;
    }

    /** Whether the family reports progress or notes to the listener; default yes. */
    protected boolean reportsToListener() {
        return true;
    }

    /** The lazy reference of gradient descent: the recursion Delta(t+1) = (I - eta s K0) Delta(t) with test rows. */
    protected static List<Expected> descentReference(Problem p, double absTol) {
        return trajectoryReference(p, LazyClosedForm.descent(jointGram(p), p.y(), p.depth(), p.lossScale(), p.eta(),
                p.timePoints()), absTol);
    }

    /** One bad input of the family. */
    protected abstract BadInput badInput();

    /** The family's command with one bad value, or null where the family has no command. */
    protected abstract BadCommand badCommand();

    // ---- shared data ----------------------------------------------------------------------------------------------

    /** Three raw inputs (D = 3, Kx = X X^T / 3 positive definite) and targets. */
    protected static final double[][] X = {{1, 0.2, -0.3}, {0.1, 1, 0.4}, {-0.5, 0.3, 1}};
    protected static final double[] Y = {1, -0.5, 0.3};

    /** The first p inputs of {@link #X}. */
    protected static double[][] inputs(int p) {
        return Arrays.copyOf(X, p);
    }

    /** The first p targets of {@link #Y}. */
    protected static double[] targets(int p) {
        return Arrays.copyOf(Y, p);
    }

    /** A problem of the first p inputs with one test input that is an exact copy of train input 0. */
    protected static Problem.Builder withTestCopy(int p) {
        return new Problem.Builder().inputs(inputs(p)).testInputs(new double[][] {X[0].clone()}).y(targets(p));
    }

    /**
     * The lazy reference of a trajectory family: f, loss, the NTK (L+1) Kx, Phi^l = Kx and G^l = 1 at every time point,
     * and, with test inputs, f_test and ntk_test_train; every entry within {@code absTol}.
     */
    protected static List<Expected> trajectoryReference(Problem p, LazyClosedForm.Trajectory tr, double absTol) {
        int tp = tr.loss().length, pn = p.trainCount();
        List<Expected> out = new ArrayList<>();
        out.add(Expected.exact("f", LazyClosedForm.flat(tr.f()), absTol));
        out.add(Expected.exact("loss", tr.loss(), absTol));
        out.add(Expected.exact("ntk", LazyClosedForm.flat(tr.ntk()), absTol));
        double[][] kx = LazyClosedForm.block(LazyClosedForm.gram(p.x(), p.xTest()), 0, pn, 0, pn);
        for (int l = 1; l <= p.depth(); l++) {
            out.add(Expected.exact("phi" + l, LazyClosedForm.flat(LazyClosedForm.repeat(kx, tp)), absTol));
            out.add(Expected.exact("g" + l, LazyClosedForm.constant(tp, 1.0), absTol));
        }
        if (p.testCount() > 0) {
            out.add(Expected.exact("f_test", LazyClosedForm.flat(tr.fTest()), absTol));
            out.add(Expected.exact("ntk_test_train", LazyClosedForm.flat(tr.ntkTestTrain()), absTol));
        }
        return out;
    }

    /** The joint Gram matrix of a problem given by raw inputs, computed by the test. */
    protected static double[][] jointGram(Problem p) {
        return LazyClosedForm.gram(p.x(), p.xTest());
    }

    // ---- the solution of the contract problem, computed once --------------------------------------------------------

    /** What a recording listener heard. */
    protected static final class Recorder implements SolveListener {
        final List<long[]> progress = new ArrayList<>();
        final List<String> stages = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        @Override
        public synchronized void progress(String stage, long done, long total) {
            stages.add(stage);
            progress.add(new long[] {done, total});
        }

        @Override
        public synchronized void note(String message) {
            notes.add(message);
        }
    }

    private Solution solution;
    private Solution rerun;
    private final Recorder recorder = new Recorder();

    /** The solution of {@link #contractProblem()}, solved once with a recording listener. */
    protected final synchronized Solution solution() {
        if (solution == null) {
            solution = solver().solve(contractProblem(), recorder);
        }
        return solution;
    }

    /** The contract problem solved a second time by the same solver instance, without a listener. */
    protected final synchronized Solution rerun() {
        if (rerun == null) {
            rerun = solver().solve(contractProblem());
        }
        return rerun;
    }

    // ---- 1. the lazy limit ------------------------------------------------------------------------------------------

    @Test
    void lazyLimitMatchesClosedForm() {
        Problem p = lazyProblem();
        Solution s = solver().solve(p);
        List<Expected> ref = lazyReference(p, s);
        assertFalse(ref.isEmpty(), "the lazy reference must compare something");
        double worstAbs = 0;
        double worstSe = 0;
        for (Expected e : ref) {
            Observable o = s.get(e.name());
            assertNotNull(o, "observable " + e.name() + " missing from " + s.observables().keySet());
            assertEquals(e.value().length, o.value().length, e.name() + ": number of entries");
            for (int k = 0; k < e.value().length; k++) {
                double se = e.seMultiple() == 0 ? 0 : o.stderr()[k];
                double tol = e.absTol() + e.seMultiple() * se;
                double dev = Math.abs(o.value()[k] - e.value()[k]);
                worstAbs = Math.max(worstAbs, dev);
                worstSe = se > 0 ? Math.max(worstSe, dev / se) : worstSe;
                int w = o.width();
                int kk = k;
                assertTrue(dev <= tol, () -> String.format(java.util.Locale.ROOT,
                        "%s: %s[t=%d]%s = %.17g, closed form %.17g, |difference| %.3e > tolerance %.3e (abs %.1e + %.2f SE %.3e)",
                        solver().family(), e.name(), kk / w, o.entryLabel(kk % w), o.value()[kk], e.value()[kk], dev, tol,
                        e.absTol(), e.seMultiple(), se));
            }
        }
        System.err.printf(java.util.Locale.ROOT, "contract %s: lazy check, largest |difference| %.2e%s%n", solver().family(),
                worstAbs, worstSe > 0 ? String.format(java.util.Locale.ROOT, ", largest %.2f SE", worstSe) : "");
    }

    // ---- 2. test inputs = training-free samples ----------------------------------------------------------------------

    @Test
    void testInputEqualToTrainInputZeroBehavesLikeIt() {
        Problem p = contractProblem();
        assertEquals(1, p.testCount(), "the contract problem carries one test input (a copy of train input 0)");
        Solution s = solution();
        Observable f = s.get("f");
        Observable fTest = s.get("f_test");
        assertNotNull(fTest, "f_test missing: " + s.observables().keySet());
        assertEquals(f.timePoints(), fTest.timePoints());
        for (int t = 0; t < f.timePoints(); t++) {
            assertClose(f.value(t, 0), fTest.value(t, 0), "f_test[" + t + "][0] vs f[" + t + "][0]");
        }
        Observable ntk = s.get("ntk");
        if (ntk != null) {
            Observable ntt = s.get("ntk_test_train");
            assertNotNull(ntt, "a solution with an NTK and test inputs must carry ntk_test_train");
            int pn = p.trainCount();
            for (int t = 0; t < ntk.timePoints(); t++) {
                for (int nu = 0; nu < pn; nu++) {
                    assertClose(ntk.value(t, nu), ntt.value(t, nu), "ntk_test_train[" + t + "][0][" + nu + "] vs ntk[" + t + "][0][" + nu + "]");
                }
            }
        }
    }

    /** |a - b| &lt;= {@link #ROUNDING} max(1, |a|, |b|). */
    protected static void assertClose(double a, double b, String what) {
        double scale = Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
        assertTrue(Math.abs(a - b) <= ROUNDING * scale, what + ": " + a + " vs " + b + " (difference " + Math.abs(a - b) + ")");
    }

    // ---- 3. the report ---------------------------------------------------------------------------------------------

    @Test
    void reportIsFilled() {
        Solution s = solution();
        SolverReport r = s.report();
        assertNotNull(r, "report");
        assertFalse(r.solver() == null || r.solver().isBlank(), "report.solver empty");
        assertTrue(r.iterations() >= 0, "iterations " + r.iterations());
        assertTrue(r.wallSeconds() >= 0 && Double.isFinite(r.wallSeconds()), "wallSeconds " + r.wallSeconds());
        assertTrue(r.converged(), "not converged on the contract problem: " + r);
        if (iterative()) {
            assertTrue(r.residualHistory().length > 0, "an iterative family reports its residual history: " + r);
            for (double h : r.residualHistory()) {
                assertFalse(Double.isNaN(h), "NaN in the residual history: " + r);
            }
        }
        assertTrue(s.observables().containsKey("f") && s.observables().containsKey("loss"), s.observables().keySet().toString());
        for (Map.Entry<String, Observable> e : s.observables().entrySet()) {
            double[] v = e.getValue().value();
            for (int k = 0; k < v.length; k++) {
                assertTrue(Double.isFinite(v[k]), e.getKey() + " entry " + k + " = " + v[k]);
            }
            double[] se = e.getValue().stderr();
            if (se != null) {
                for (int k = 0; k < se.length; k++) {
                    assertTrue(Double.isFinite(se[k]) && se[k] >= 0, e.getKey() + " stderr " + k + " = " + se[k]);
                }
            }
        }
    }

    // ---- 4. reruns ---------------------------------------------------------------------------------------------------

    @Test
    void rerunIsBitIdentical() {
        Solution first = solution();
        Solution again = rerun();
        assertEquals(first.observables().keySet(), again.observables().keySet());
        for (String name : first.observables().keySet()) {
            Observable a = first.get(name);
            Observable b = again.get(name);
            assertArrayEquals(a.shape(), b.shape(), name + " shape");
            assertArrayEquals(a.value(), b.value(), name + " values differ between two solves");
            assertArrayEquals(a.stderr(), b.stderr(), name + " standard errors differ between two solves");
        }
    }

    // ---- 5. bad input ------------------------------------------------------------------------------------------------

    @Test
    void badInputIsRefusedWithTheNamedField() {
        BadInput bad = badInput();
        InvalidInputException e = assertThrows(InvalidInputException.class, bad.action());
        assertEquals(bad.field(), e.field(), "field of: " + e.getMessage());
        assertTrue(e.getMessage() != null && e.getMessage().contains(bad.field()), "the message names the field "
                + bad.field() + ": " + e.getMessage());
    }

    @Test
    void commandLineRefusesBadValueWithExitTwo() throws IOException {
        BadCommand bad = badCommand();
        assertNotNull(bad, "a family without a command overrides this check and says so");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>();
        for (String a : bad.args()) {
            args.add(a.equals("@problem") ? problemFile().toString() : a);
        }
        int code = DlnCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(new String[0]));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, "exit code of dln " + args + "; stderr: " + e);
        assertTrue(e.startsWith("dln: error: '" + bad.field() + "'"), "stderr must start with dln: error: '" + bad.field() + "': " + e);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), "no stack trace: " + e);
    }

    /** A valid small problem file for the command-line check (referred to as "@problem" in {@link BadCommand#args}). */
    private Path problemFile() throws IOException {
        Path f = Files.createTempFile("dln-contract", ".json");
        f.toFile().deleteOnExit();
        Files.writeString(f, "{\"Kx\": [[1, 0.2], [0.2, 1]], \"y\": [1, -0.5], \"L\": 1, \"gamma0\": 0.5, \"eta\": 0.1, \"T\": 4}");
        return f;
    }

    // ---- 6. the listener ---------------------------------------------------------------------------------------------

    @Test
    void listenerHearsTheSolve() {
        solution();
        if (reportsToListener()) {
            assertTrue(!recorder.progress.isEmpty() || !recorder.notes.isEmpty(), "the listener heard nothing");
        }
        for (int i = 0; i < recorder.progress.size(); i++) {
            long[] pr = recorder.progress.get(i);
            assertTrue(pr[0] >= 0 && pr[1] > 0 && pr[0] <= pr[1], "progress " + recorder.stages.get(i) + " " + pr[0] + " / " + pr[1]);
        }
        for (String n : recorder.notes) {
            assertFalse(n == null || n.isBlank(), "empty note");
        }
        // listening must not change the result: the same problem solved without a listener
        Solution quiet = rerun();
        for (String name : solution().observables().keySet()) {
            assertArrayEquals(solution().get(name).value(), quiet.get(name).value(), name + " depends on the listener");
        }
    }
}
