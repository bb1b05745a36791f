package org.dln.linear.langevin;

import org.dln.linear.bayes.BayesSaddleSolver;
import org.dln.linear.bayes.BayesSolution;
import org.dln.linear.problem.Problem;

/** Exploration: the march's state at t = 50 / lambda against the Bayesian saddle point (args L gamma0 lambda T h0 levels). */
class MarchExplore {
    public static void main(String[] a) {
        int L = Integer.parseInt(a[0]);
        double g = Double.parseDouble(a[1]), lam = Double.parseDouble(a[2]), temp = Double.parseDouble(a[3]);
        double h0 = Double.parseDouble(a[4]);
        int lev = Integer.parseInt(a[5]);
        double kxScale = a.length > 6 ? Double.parseDouble(a[6]) : 1;
        Problem p0 = LangevinLimitsTest.problem(L, g, LangevinLimitsTest.Y);
        double[][] k = p0.jointGram();
        double[][] kt = new double[4][4], ktt = new double[2][4], kq = new double[2][2];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double v = kxScale * k[i][j];
                if (i < 4 && j < 4) kt[i][j] = v;
                else if (i >= 4 && j < 4) ktt[i - 4][j] = v;
                else if (i >= 4 && j >= 4) kq[i - 4][j - 4] = v;
            }
        }
        Problem p = new Problem.Builder().gram(kt).testGram(ktt, kq).y(LangevinLimitsTest.Y).depth(L).gamma0(g).checkStability(false).build();
        double beta = 1.0, sigma0 = 1.0;
        LangevinParameters par = new LangevinParameters(lam, temp, beta, sigma0, 50 / lam, 30, 0, 1e-12);
        long t0 = System.nanoTime();
        LangevinTrajectory tr = LangevinEngine.solveMarch(p, par, new double[] {h0, lev});
        double s2 = temp / lam, sl = Math.pow(s2, (L + 1) / 2.0);
        double[] yp = new double[4];
        for (int i = 0; i < 4; i++) yp[i] = LangevinLimitsTest.Y[i] / sl;
        BayesSolution b = new BayesSaddleSolver(1e-13).solve(p.kx(), yp, p.kxTestTrain(), p.kxTestTest(), L, g,
                temp / (beta * Math.pow(s2, L + 1)));
        double[] fin = tr.finalPredictions();
        double d = 0;
        for (int i = 0; i < 4; i++) d = Math.max(d, Math.abs(fin[i] - sl * b.fTrain()[i]));
        for (int q = 0; q < 2; q++) d = Math.max(d, Math.abs(fin[4 + q] - sl * b.fTest()[q]));
        System.out.printf("L=%d g=%s lam=%s T=%s h0=%s levels=%d finest=%d: |f - bayes| = %.3e, richardson estimate %.3e, %.1f s%n",
                L, g, lam, temp, h0, lev, tr.steps(), d, tr.errorEstimate(), (System.nanoTime() - t0) * 1e-9);
    }
}
