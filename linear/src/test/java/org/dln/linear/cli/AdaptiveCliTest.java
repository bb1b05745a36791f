package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dln adaptive on the shipped tiny IDX files: table and CSV, malformed files and bad options refused with exit 2. */
class AdaptiveCliTest {
    @TempDir
    Path dir;

    static String res(String name) throws Exception {
        return Path.of(AdaptiveCliTest.class.getResource("/data/" + name).toURI()).toString();
    }

    @Test
    void tinyIdxTaskRunsAndWritesCsv() throws Exception {
        Path csv = dir.resolve("rows.csv");
        Outcome o = Outcome.run("adaptive", "--images", res("tiny-images-idx3-ubyte"), "--labels", res("tiny-labels-idx1-ubyte.gz"),
                "--classes", "parity", "--train", "8,12", "--test", "6", "-L", "1,2", "--gamma0-list", "0,1", "--beta", "2",
                "--weight-decay", "0.05", "--csv", csv.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("| bayes | 12 | 2 |"), o.out());
        List<String> lines = Files.readAllLines(csv);
        // 2 P x 2 L x (2 gamma0 Bayes + 1 gamma0 > 0 decay) rows
        assertEquals(1 + 2 * 2 * 3, lines.size(), String.join("\n", lines));
        int conv = List.of(lines.get(0).split(",")).indexOf("converged");
        assertTrue(conv > 0, lines.get(0));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.replaceFirst("^\"[^\"]*\"", "task").split(",", -1);
            assertEquals("true", f[conv], l);
            // the root's residual history: one entry per Newton step (none at gamma0 = 0 for Bayes)
            assertEquals(Integer.parseInt(f[conv - 5]) == 0 && l.contains(",bayes,") ? "" : "x",
                    f[conv + 1].isEmpty() ? "" : "x", l);
        }
    }

    @Test
    void nonlinearBayesRowsRun() throws Exception {
        // two-layer tanh Bayes saddle point (tiny population) beside the NNGP; no --beta and no --weight-decay: exit 2
        Outcome o = Outcome.run("adaptive", "--images", res("tiny-images-idx3-ubyte"), "--labels", res("tiny-labels-idx1-ubyte.gz"),
                "--classes", "parity", "--train", "8", "--test", "6", "--activation", "tanh", "--beta", "2", "--gamma0-list", "1",
                "--samples", "64", "--replicas", "2", "--sweeps", "20", "--burn-in", "10", "--csv", dir.resolve("nl.csv").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("## Bayes:") && o.out().contains("Bayes saddle point (population): test loss")
                && o.out().contains("lazy NNGP: test loss"), o.out());
        // the CSV row holds the printed test losses (printed to 5 decimals)
        java.util.List<String> lines = Files.readAllLines(dir.resolve("nl.csv"));
        assertEquals(AdaptiveNonlinear.CSV_HEADER, lines.get(0));
        assertEquals(2, lines.size(), lines.toString());
        String[] f = lines.get(1).split(",", -1);
        assertEquals("bayes", f[0]);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("population\\): test loss ([0-9.]+)").matcher(o.out());
        assertTrue(m.find(), o.out());
        assertEquals(Double.parseDouble(m.group(1)), Double.parseDouble(f[7]), 5e-6);
        m = java.util.regex.Pattern.compile("lazy NNGP: test loss ([0-9.]+)").matcher(o.out());
        assertTrue(m.find(), o.out());
        assertEquals(Double.parseDouble(m.group(1)), Double.parseDouble(f[9]), 5e-6);
        Outcome plot = Outcome.run("adaptive", "--images", res("tiny-images-idx3-ubyte"), "--labels", res("tiny-labels-idx1-ubyte.gz"),
                "--classes", "parity", "--train", "8", "--test", "6", "--activation", "tanh", "--beta", "2", "--gamma0-list", "1",
                "--plot", dir.resolve("fig").toString());
        assertEquals(2, plot.code(), plot.err());
        assertTrue(plot.err().startsWith("dln: error: 'plot'"), plot.err());
        Outcome bad = Outcome.run("adaptive", "--images", res("tiny-images-idx3-ubyte"), "--labels", res("tiny-labels-idx1-ubyte.gz"),
                "--classes", "parity", "--train", "8", "--test", "6", "--activation", "relu", "--gamma0-list", "1");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--beta"), bad.err());
    }

    @Test
    void malformedIdxIsRefusedWithExit2() throws Exception {
        byte[] good = Files.readAllBytes(Path.of(res("tiny-images-idx3-ubyte")));
        Path bad = dir.resolve("bad-magic");
        byte[] b = good.clone();
        b[1] = 7;
        Files.write(bad, b);
        Path cut = dir.resolve("cut");
        Files.write(cut, Arrays.copyOf(good, good.length - 1));
        for (Path f : new Path[] {bad, cut}) {
            Outcome o = Outcome.run("adaptive", "--images", f.toString(), "--labels", res("tiny-labels-idx1-ubyte.gz"),
                    "--classes", "1,2");
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains("cannot read IDX file"), o.err());
            assertFalse(o.err().contains("Exception"), o.err());
        }
    }

    @Test
    void badOptionsAreNamed() throws Exception {
        Outcome o = Outcome.run("adaptive", "--images", res("tiny-images-idx3-ubyte"), "--labels", res("tiny-labels-idx1-ubyte.gz"),
                "--classes", "1,2", "--train", "20");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("lower P or Q"), o.err());
        Outcome b = Outcome.run("adaptive", "--images", res("tiny-images-idx3-ubyte"), "--labels", res("tiny-labels-idx1-ubyte.gz"),
                "--classes", "parity", "--train", "8", "--test", "4", "--beta", "inf");
        assertEquals(2, b.code(), b.err());
        Outcome m = Outcome.run("adaptive", "--classes", "1,2");
        assertEquals(2, m.code(), m.err());
        assertTrue(m.err().contains("--dataset"), m.err());
    }

    @Test
    void bayesLowRankMatchesDense() {
        Outcome d = Outcome.run("bayes", "--teacher-student", "8,3,20,1.0,0.1", "-L", "2", "-g", "1.2", "--beta", "5");
        Outcome l = Outcome.run("bayes", "--low-rank", "--teacher-student", "8,3,20,1.0,0.1", "-L", "2", "-g", "1.2", "--beta", "5");
        assertEquals(0, d.code(), d.err());
        assertEquals(0, l.code(), l.err());
        // the tables of kernels and predictions (6 decimals) are identical; only the Newton line differs
        String td = d.out().substring(d.out().indexOf("| layer l"));
        String tl = l.out().substring(l.out().indexOf("| layer l"));
        assertEquals(td, tl);
    }
}
