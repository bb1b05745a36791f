package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14: sizes that cannot fit are refused at once (exit 2, the field named, before any allocation), and runs that
 * would not end within their budget stop with exit 1 saying what was done. No stack traces.
 */
class ResourceGuardCliTest {
    @TempDir
    Path dir;

    private static void assertClean(Outcome o) {
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
        assertFalse(o.err().contains("OutOfMemoryError"), o.err());
    }

    @ParameterizedTest(name = "{0}")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @CsvSource(delimiter = '|', value = {
        "solve -T 1e9           | solve -T 1000000000                      | 'T' = 1000000000: the causal march needs",
        "solve -L 2^31-1        | solve -L 2147483647                      | 'L' = 2147483647: the causal march needs",
        "solve --verify         | solve -T 20000 --verify                  | 'T' = 20000: the dense fixed-point equations",
        "flow -L 1e9            | flow -L 1000000000                       | 'L' = 1000000000: gradient flow on a grid",
        "flow -g 1e100          | flow -g 1e100                            | 'gamma0' = 1.0E100: gradient flow on a grid",
        "bench --sizes -4x50    | bench --sizes -4x50                      | 'sizes' = -4x50 is out of range",
        "bench --sizes 4x       | bench --sizes 4x                         | 'sizes' = 4x is out of range",
        "bench --sizes 4x50000  | bench --sizes 4x50000                    | 'sizes' = 4x50000 (T): the causal march",
        "sample relu -T 1e9     | sample --activation relu -T 1000000000   | 'T' = 1000000000: the sampler needs",
        "sample relu -L 2^31-1  | sample --activation relu -L 2147483647   | 'L' = 2147483647: the sampler needs",
        "decay -L 2^31-1        | decay --lambda 0.1 -L 2147483647         | 'L' = 2147483647: the causal march needs",
        "bayes -L 2^31-1        | bayes -L 2147483647                      | 'L' = 2147483647: the Bayes saddle point",
        "simulate --width 1e6   | simulate --width 1000000                 | 'width' = 1000000: the finite-width simulation needs",
        "flow --time-budget 0   | flow --time-budget 0                     | 'time-budget' = 0.0 is out of range",
        "series --time-budget -1| series --time-budget -1                  | 'time-budget' = -1.0 is out of range",
    })
    void tooLargeIsRefusedAtOnceNamingTheField(String name, String args, String expected) {
        long t0 = System.nanoTime();
        Outcome o = Outcome.run(args.trim().split("\\s+"));
        assertEquals(DlnCommand.BAD_INPUT, o.code(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertClean(o);
        assertTrue((System.nanoTime() - t0) * 1e-9 < 5, "refused at once");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void flowWithHugeGramBlamesKx() throws Exception {
        Path kx = dir.resolve("kx.json");
        Files.writeString(kx, "[[1e300, 0], [0, 1e300]]");
        Outcome o = Outcome.run("flow", "--kx", kx.toString(), "--y", "1,1");
        assertEquals(DlnCommand.BAD_INPUT, o.code(), o.err());
        assertTrue(o.err().contains("'Kx' = a Gram matrix with lambda_max(K(0)) = 3.00e+300"), o.err());
        assertClean(o);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void libraryRefusesBeforeAllocating() {
        Problem p = new Problem.Builder().gram(new double[][] {{1, 0.2}, {0.2, 1}}).y(new double[] {1, -1}).depth(2)
                .gamma0(1).eta(0.1).timePoints(1_000_000_000).build();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Solvers.gradientDescent(
                org.dln.linear.problem.Approximation.FULL, false, 0).solve(p));
        assertEquals(InputError.TOO_LARGE, e.kind());
        assertEquals("T", e.field());
        InvalidInputException s = assertThrows(InvalidInputException.class, () -> Solvers.sampling(
                org.dln.numeric.activation.Activations.IDENTITY, org.dln.numeric.dmft.SamplingOptions.defaults(1000, 1, 1), true, 0)
                .solve(p));
        assertEquals("T", s.field());
        Problem deep = p.toBuilder().depth(Integer.MAX_VALUE).timePoints(2).build();
        InvalidInputException b = assertThrows(InvalidInputException.class, () -> Solvers.bayes(1.0, 1e-12).solve(deep));
        assertEquals("L", b.field());
        InvalidInputException d = assertThrows(InvalidInputException.class, () -> Solvers.weightDecayStationary(0.1).solve(deep));
        assertEquals(InputError.TOO_LARGE, d.kind());
        assertEquals("L", d.field());
    }

    @ParameterizedTest(name = "{0}")
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    @CsvSource(delimiter = '|', value = {
        "flow -g 30 (continuation) | flow -g 30 --time-budget 1          | stopped by the time budget of 1.0 s",
        "flow -g 50 (continuation) | flow -g 50 --time-budget 1          | stopped by the time budget of 1.0 s",
        "flow --t-max 1e12         | flow --t-max 1e12 --time-budget 1   | stopped by the time budget of 1.0 s",
        "series --order 12         | series --order 12 --time-budget 1   | dln series stopped: the time budget of 1 s was used up",
    })
    void longRunsStopWithinTheirBudget(String name, String args, String expected) {
        long t0 = System.nanoTime();
        Outcome o = Outcome.run(args.trim().split("\\s+"));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        assertEquals(DlnCommand.FAILED, o.code(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertClean(o);
        assertTrue(seconds < 5, "stopped after " + seconds + " s");
    }

    /** Loads Symja once (its start-up takes seconds on a loaded machine), so that the closed-form case times its budget. */
    @org.junit.jupiter.api.BeforeAll
    static void warmUpSymja() {
        try (org.dln.symbolic.SymbolicSession s = new org.dln.symbolic.SymbolicSession()) {
            s.evaluate("1+1");
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void closedFormStopsWithinItsBudget() {
        Outcome o = Outcome.run("closed-form", "Exp[Exp[Exp[Exp[g]]]]", "--time-budget", "1", "--no-numeric");
        assertEquals(DlnCommand.FAILED, o.code(), o.err());
        assertTrue(o.err().contains("dln closed-form stopped: the time budget of 1 s was used up"), o.err());
        assertClean(o);
    }
}
