import java.util.SplittableRandom;
import org.dln.linear.bayes.BayesSaddleSolver;
import org.dln.linear.bayes.BayesSolution;
import org.dln.linear.langevin.LangevinEngine;
import org.dln.linear.langevin.LangevinParameters;
import org.dln.linear.langevin.LangevinTrajectory;
import org.dln.linear.problem.Problem;
import org.dln.linear.stationary.DecayStationarySolver;
import org.dln.linear.stationary.DecayStationaryState;

/**
 * The trapezoid-march runs of docs/reports/langevin-report.md on the problem of LangevinLimitsTest with Kx / 2:
 *   java -cp linear/target/dln.jar:linear/target/lib/* docs/reports/scripts/langevin/TrapezoidRuns.java KIND L gamma0 lambda T tmax h0 levels [n0]
 * (with n0: the harmonic sequence, steps h0/n0 .. h0/(n0+levels-1); without: halving, steps h0 .. h0/2^(levels-1))
 * KIND: flow (lambda = T = 0 against dln flow at 13 times), decay (T = 0: the state at tmax against the weight-decay
 * stationary state), bayes (beta = 1: the state at tmax against dln bayes at 1 / beta' = T, sigma^2 = T / lambda = 1).
 */
public class TrapezoidRuns {
    static final double[] Y = {1.0, -0.5, 0.3, 0.8};

    static Problem scaled(int depth, double gamma0, double factor) {
        SplittableRandom r = new SplittableRandom(17);
        double[][] x = new double[4][3], xt = new double[2][3];
        for (double[] row : x) for (int k = 0; k < 3; k++) row[k] = r.nextGaussian();
        for (double[] row : xt) for (int k = 0; k < 3; k++) row[k] = r.nextGaussian();
        double[][] k = new Problem.Builder().inputs(x).testInputs(xt).y(Y).depth(depth).gamma0(gamma0).checkStability(false).build().jointGram();
        double[][] kt = new double[4][4], ktt = new double[2][4], kq = new double[2][2];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) {
            double v = factor * k[i][j];
            if (i < 4 && j < 4) kt[i][j] = v; else if (i >= 4 && j < 4) ktt[i - 4][j] = v; else if (i >= 4) kq[i - 4][j - 4] = v;
        }
        return new Problem.Builder().gram(kt).testGram(ktt, kq).y(Y).depth(depth).gamma0(gamma0).checkStability(false).build();
    }

    public static void main(String[] a) {
        String kind = a[0];
        int L = Integer.parseInt(a[1]);
        double g = Double.parseDouble(a[2]), lam = Double.parseDouble(a[3]), temp = Double.parseDouble(a[4]);
        double tmax = Double.parseDouble(a[5]), h0 = Double.parseDouble(a[6]);
        int levels = Integer.parseInt(a[7]);
        double[] options = a.length > 8
                ? new double[] {h0, levels, LangevinEngine.TRAPEZOID, LangevinEngine.HARMONIC, Integer.parseInt(a[8])}
                : new double[] {h0, levels, LangevinEngine.TRAPEZOID};
        Problem p = scaled(L, g, 0.5);
        double[] ref = new double[6];
        if (kind.equals("flow")) {
            org.dln.linear.result.Solution flow = org.dln.linear.dmft.Solvers.gradientFlow(org.dln.linear.problem.Approximation.FULL,
                    org.dln.linear.solver.FlowSolver.Options.of(tmax), false, 13, 1e-8).solve(p);
            double[] times = flow.method().times();
            LangevinParameters par = new LangevinParameters(0, 0, 1, 1, tmax, times.length, 0, 1e-12);
            long t0 = System.nanoTime();
            LangevinEngine.MarchRun run = LangevinEngine.runMarch(p, par, options);
            double secs = (System.nanoTime() - t0) * 1e-9;
            LangevinTrajectory tr = LangevinEngine.select(run.trajectory(), times);
            double worst = 0;
            for (int t = 0; t < times.length; t++) {
                for (int mu = 0; mu < 4; mu++) worst = Math.max(worst, Math.abs(flow.f(t, mu) - tr.f()[t][mu]));
                for (int q = 0; q < 2; q++) worst = Math.max(worst, Math.abs(flow.get("f_test").value(t, q) - tr.f()[t][4 + q]));
            }
            System.out.printf("flow L=%d gamma0=%s t=%s h0=%s levels=%d: max|f - f_flow| over 13 times = %.3e estimate %.3e columns %s sweeps %d max/row %d row change %.1e seconds %.1f%n",
                    L, g, tmax, h0, levels, worst, tr.errorEstimate(), java.util.Arrays.toString(run.columnChanges()), run.sweeps(),
                    run.maxRowSweeps(), run.maxRowChange(), secs);
            return;
        }
        if (kind.equals("decay")) {
            DecayStationaryState st = new DecayStationarySolver().solve(p, lam, null, null);
            for (int i = 0; i < 6; i++) ref[i] = st.f(i);
        } else {
            BayesSolution b = new BayesSaddleSolver(1e-13).solve(p.kx(), Y, p.kxTestTrain(), p.kxTestTest(), L, g, temp / 1.0);
            System.arraycopy(b.fTrain(), 0, ref, 0, 4);
            System.arraycopy(b.fTest(), 0, ref, 4, 2);
        }
        LangevinParameters par = new LangevinParameters(lam, temp, 1, 1, tmax, 10, 0, 1e-12);
        long t0 = System.nanoTime();
        LangevinEngine.MarchRun run = LangevinEngine.runMarch(p, par, options);
        LangevinTrajectory tr = run.trajectory();
        double d = 0;
        for (int i = 0; i < 6; i++) d = Math.max(d, Math.abs(ref[i] - tr.finalPredictions()[i]));
        System.out.printf("%s L=%d gamma0=%s lambda=%s T=%s t=%s h0=%s levels=%d: max|f - f_ref| = %.3e estimate %.3e columns %s sweeps %d max/row %d row change %.1e seconds %.1f%n",
                kind, L, g, lam, temp, tmax, h0, levels, d, tr.errorEstimate(), java.util.Arrays.toString(run.columnChanges()),
                run.sweeps(), run.maxRowSweeps(), run.maxRowChange(), (System.nanoTime() - t0) * 1e-9);
    }
}
