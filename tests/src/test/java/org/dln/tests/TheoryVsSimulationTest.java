package org.dln.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dln.linear.io.Comparison;
import org.dln.linear.result.Observable;
import org.dln.linear.simulation.FiniteWidthTraining;
import org.dln.linear.io.SolutionJson;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.SolveOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Theory against trained networks (issue 2, done-when 3). For L = 1..4, P = 4 random inputs (D = 8), gamma0 in
 * {0.5, 1, 2}, eta = 0.02, T = 76 time points (training time 1.5; eta lambda_max(K(t)) stays below 1.4, away
 * from the edge of stability 2, where finite-width corrections are amplified): the exact DMFT and the ensemble of S = 32 networks agree within
 * 3 combined standard errors at N = 4096 for the predictions f, the loss and the NTK at every time point, and the
 * deviation shrinks from N = 1024 to N = 4096 (fluctuations ~ N^{-1/2}, mean bias ~ N^{-1}; the deviation of the
 * ensemble mean is dominated by its standard error ~ (N S)^{-1/2}, expected ratio about 2). A single configuration's
 * deviation is a few coherent random numbers (the initial kernels' fluctuation is carried through the whole
 * trajectory), so its ratio between two widths falls below 1 by chance; "shrinks" is therefore judged by (a) the
 * standard errors, whose median ratio must lie in [1.5, 2.7] in every configuration (expected 2, with ~18% noise
 * from 32 seeds), and (b) the root-mean-square deviation summed over all 12 configurations, whose ratio must exceed
 * 1.4. The table reports the per-configuration maxima and RMS deviations as measured.
 * The gradient independence approximation misses by many standard errors at gamma0 = 1 for L >= 2.
 *
 * <p>"Within 3 standard errors" is judged as statisticians would for ~1600 compared numbers (f, loss and NTK entries at
 * 76 times). With the standard error estimated from 32 seeds, z = dev/SE follows Student's t with 31 degrees of
 * freedom: P(|z| > 3) = 0.5% and P(|z| > 4.5) = 1e-4 per independent number. The numbers are far from independent:
 * a seed ensemble's deviation of one entry is coherent over the whole trajectory (the initial function and the
 * initial kernels' fluctuations are carried through training), so there are ~20 effectively independent numbers per
 * configuration and a single 3-SE event moves up to a fifth of the numbers beyond 3 SE at once. The test therefore
 * requires (a) no number beyond 4.5 SE (chance of a false failure ~0.2% per configuration) and (b) at least 90% of
 * the numbers within 3 SE; the table reports the maximum and the fraction. A wrong theory (GIA) fails both by far.
 * Every configuration and width has its own seeds (first seed 100000 L + 1000 (10 gamma0) + 1 at N = 1024, + 501 at
 * N = 4096): with shared seeds the first-layer weights, drawn first, would be the same in every row, and one unlucky
 * draw would show in all of them.
 * Tagged slow (about 25 minutes on 2 cores): mvn -Pslow verify. Writes target/theory-vs-simulation.md.
 */
@Tag("slow")
class TheoryVsSimulationTest {
    static final int SEEDS = 32;
    static final List<String> JUDGED = List.of("f", "loss", "ntk");

    static Problem problem(int depth, double gamma0) {
        SplittableRandom rnd = new SplittableRandom(2024);
        int p = 4, d = 8;
        double[][] x = new double[p][d];
        double[] y = {1.0, -0.8, 0.5, -0.3};
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextGaussian();
            }
        }
        return new Problem.Builder().inputs(x).y(y).depth(depth).gamma0(gamma0).eta(0.02).timePoints(76).build();
    }

    /** {max z, max abs deviation, fraction within 3 SE, root-mean-square deviation} over the judged observables. */
    static double[] worst(Solution a, Solution b) {
        return worst(a, b, JUDGED);
    }

    /** As {@link #worst(Solution, Solution)} over the given observables. */
    static double[] worst(Solution a, Solution b, List<String> judged) {
        double z = 0, abs = 0, sq = 0;
        int n = 0, within = 0;
        for (Comparison.Row r : Comparison.compare(a, b)) {
            if (judged.contains(r.name())) {
                z = Math.max(z, r.maxSigma());
                abs = Math.max(abs, r.maxAbs());
                n += r.compared();
                within += r.within3();
                Observable oa = a.get(r.name());
                Observable ob = b.get(r.name());
                for (int i = 0; i < oa.value().length; i++) {
                    double d = oa.value()[i] - ob.value()[i];
                    sq += d * d;
                }
            }
        }
        return new double[] {z, abs, (double) within / n, Math.sqrt(sq / n)};
    }

    /** Median over the judged numbers of se(a) / se(b): the standard errors shrink like N^{-1/2}, ratio 2 for N x 4. */
    static double medianStderrRatio(Solution a, Solution b) {
        java.util.List<Double> r = new java.util.ArrayList<>();
        for (String name : JUDGED) {
            Observable oa = a.get(name);
            Observable ob = b.get(name);
            for (int i = 0; i < oa.value().length; i++) {
                double x = oa.stderr()[i], y = ob.stderr()[i];
                if (x > 0 && y > 0) {
                    r.add(x / y);
                }
            }
        }
        java.util.Collections.sort(r);
        return r.get(r.size() / 2);
    }

    @Test
    void theoryAgreesWithTrainedNetworks() throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("| L | gamma0 | max dev/SE N=1024 | within 3 SE N=1024 | max abs dev N=1024 | RMS dev N=1024 | max dev/SE N=4096 | within 3 SE N=4096 | max abs dev N=4096 | RMS dev N=4096 | RMS ratio 1024/4096 | SE ratio 1024/4096 | GIA max dev/SE N=4096 | GIA within 3 SE | GIA max abs dev |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        double rms1 = 0, rms4 = 0;
        boolean ok = true;
        StringBuilder failures = new StringBuilder();
        for (int depth = 1; depth <= 4; depth++) {
            for (double gamma0 : new double[] {0.5, 1.0, 2.0}) {
                Problem p = problem(depth, gamma0);
                Solution theory = Solutions.of(new CausalMarchingSolver().solve(p, SolveOptions.DEFAULT));
                Solution gia = Solutions.of(new CausalMarchingSolver().solve(p, SolveOptions.of(Approximation.GIA)));
                // independent seeds for every configuration and width (no common random numbers between rows)
                long base = 100_000L * depth + 1_000L * Math.round(10 * gamma0);
                Solution s1 = FiniteWidthTraining.simulate(p, 1024, SEEDS, base + 1, 2, k -> { });
                Solution s4 = FiniteWidthTraining.simulate(p, 4096, SEEDS, base + 501, 2, k -> { });
                double[] w1 = worst(theory, s1), w4 = worst(theory, s4), wg = worst(gia, s4);
                double seRatio = medianStderrRatio(s1, s4);
                String row = String.format(Locale.ROOT, "| %d | %.1f | %.2f | %.1f%% | %.2e | %.2e | %.2f | %.1f%% | %.2e | %.2e | %.2f | %.2f | %.1f | %.1f%% | %.2e |",
                        depth, gamma0, w1[0], 100 * w1[2], w1[1], w1[3], w4[0], 100 * w4[2], w4[1], w4[3], w1[3] / w4[3], seRatio, wg[0],
                        100 * wg[2], wg[1]);
                rms1 += w1[3];
                rms4 += w4[3];
                System.err.println(row);
                md.append(row).append('\n');
                if (!(w4[2] >= 0.90 && w4[0] <= 4.5)) {
                    ok = false;
                    failures.append(row).append(" N=4096: theory and simulation disagree\n");
                }
                if (!(seRatio > 1.5 && seRatio < 2.7)) {
                    ok = false;
                    failures.append(row).append(" fluctuations do not scale like N^{-1/2}\n");
                }
                if (depth >= 2 && gamma0 == 1.0 && !(wg[0] > 10 && wg[2] < 0.97)) {
                    ok = false;
                    failures.append(row).append(" GIA not distinguishable\n");
                }
            }
        }
        String total = String.format(Locale.ROOT, "%nSum over the 12 configurations of the RMS deviation: N = 1024: %.3e, N = 4096: %.3e, ratio %.2f%n",
                rms1, rms4, rms1 / rms4);
        System.err.print(total);
        md.append(total);
        if (!(rms1 / rms4 > 1.4)) {
            ok = false;
            failures.append(total).append(" the deviation did not shrink with N\n");
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/theory-vs-simulation.md"), md.toString());
        assertTrue(ok, failures.toString());
    }
}
