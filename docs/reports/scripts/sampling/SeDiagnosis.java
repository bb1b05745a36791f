import java.io.PrintWriter;
import java.nio.file.Path;
import org.dln.linear.io.ProblemJson;
import org.dln.linear.problem.Approximation;
import org.dln.linear.problem.Problem;
import org.dln.linear.sampling.SamplingSolve;
import org.dln.linear.solver.CausalMarchingSolver;
import org.dln.linear.solver.LinearSolution;
import org.dln.linear.solver.SolveOptions;
import org.dln.numeric.activation.Activations;
import org.dln.numeric.dmft.SamplingOptions;
import org.dln.numeric.dmft.SamplingResult;

/**
 * Standard-error diagnosis of docs/reports/sampling-report.md (single-file program, one thread; run by se_diagnosis.sh).
 * Identity activation, docs/reports/scripts/sampling/problem_P4.json with T = 10. Arguments: L gamma0 S runs R biasCorrection(0|1)
 * firstSeed out.csv. Each run is one sampler solve with S draws in R replicas (R = 1: one replica of S draws, i.e. the
 * replica-level distribution); seeds firstSeed, firstSeed + 1, .... CSV rows: "0,exact,..." then per run
 * "seed,mean,..." and "seed,se,...", values f(t = 1..9, mu) then ntk(t = 1..9, mu, nu).
 */
public class SeDiagnosis {
    public static void main(String[] a) throws Exception {
        int depth = Integer.parseInt(a[0]);
        double g = Double.parseDouble(a[1]);
        long s = Long.parseLong(a[2]);
        int runs = Integer.parseInt(a[3]);
        int r = Integer.parseInt(a[4]);
        boolean bc = !"0".equals(a[5]);
        long first = Long.parseLong(a[6]);
        Problem p = ProblemJson.read(Path.of("docs/reports/scripts/sampling/problem_P4.json")).depth(depth).gamma0(g).timePoints(10).build();
        LinearSolution ex = new CausalMarchingSolver().solve(p, SolveOptions.of(Approximation.FULL));
        int tp = 10, np = p.trainCount();
        try (PrintWriter w = new PrintWriter(a[7])) {
            StringBuilder sb = new StringBuilder("0,exact");
            for (int t = 1; t < tp; t++) for (int m = 0; m < np; m++) sb.append(',').append(ex.f(t, m));
            for (int t = 1; t < tp; t++) for (int m = 0; m < np; m++) for (int n = 0; n < np; n++) sb.append(',').append(ex.ntk(t, m, n));
            w.println(sb);
            for (int k = 0; k < runs; k++) {
                SamplingOptions o = new SamplingOptions(s, r, 1, first + k, 0.8, 100, 3, 0.2, 1e-4, 16, 5,
                        SamplingOptions.Method.MARCH, bc);
                SamplingResult res = SamplingSolve.run(p, Activations.IDENTITY, Approximation.FULL, o, null);
                StringBuilder v = new StringBuilder((first + k) + ",mean"), e = new StringBuilder((first + k) + ",se");
                for (int t = 1; t < tp; t++) for (int m = 0; m < np; m++) {
                    v.append(',').append(res.f()[t][m]);
                    e.append(',').append(res.fSe()[t][m]);
                }
                for (int t = 1; t < tp; t++) for (int m = 0; m < np; m++) for (int n = 0; n < np; n++) {
                    v.append(',').append(res.ntk()[t][m][n]);
                    e.append(',').append(res.ntkSe()[t][m][n]);
                }
                w.println(v);
                w.println(e);
            }
        }
    }
}
