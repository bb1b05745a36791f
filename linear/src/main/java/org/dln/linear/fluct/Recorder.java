package org.dln.linear.fluct;

import org.dln.linear.problem.Problem;

/** Collects the means and N-scaled covariances of a {@link SingleLayerFluctuations.State} at each time point. */
final class Recorder {
    private final SingleLayerFluctuations.State s;
    private final int p, n;
    final double[][] fMean;
    final double[][][] fCov;
    final double[][][] ntkMean;
    final double[][][] ntkVar;
    final double[][][] phiVar;
    final double[] gVar;
    final double[] snrPhi;
    final double[] snrG;

    Recorder(Problem pr, SingleLayerFluctuations.State s, int tn) {
        this.s = s;
        p = pr.trainCount();
        n = p + pr.testCount();
        fMean = new double[tn][n];
        fCov = new double[tn][n][n];
        ntkMean = new double[tn][p][p];
        ntkVar = new double[tn][p][p];
        phiVar = new double[tn][p][p];
        gVar = new double[tn];
        snrPhi = new double[tn];
        snrG = new double[tn];
    }

    void record(int t) {
        int g = s.g;
        double[][] df = new double[s.dirs][n];
        for (int k = 0; k < s.dirs; k++) {
            for (int a = 0; a < n; a++) {
                df[k][a] = s.df(k, a);
            }
        }
        for (int a = 0; a < n; a++) {
            fMean[t][a] = s.f(a);
            for (int b = 0; b <= a; b++) {
                double acc = 0;
                for (int k = 0; k < s.dirs; k++) {
                    acc += df[k][a] * df[k][b];
                }
                fCov[t][a][b] = acc;
                fCov[t][b][a] = acc;
            }
        }
        double phiNorm = 0, phiVarSum = 0, gv = 0;
        for (int k = 0; k < s.dirs; k++) {
            gv += s.ds[k][g][g] * s.ds[k][g][g];
        }
        for (int mu = 0; mu < p; mu++) {
            for (int nu = 0; nu < p; nu++) {
                ntkMean[t][mu][nu] = s.joint[mu][nu] * s.s[g][g] + s.s[mu][nu];
                double kv = 0, pv = 0;
                for (int k = 0; k < s.dirs; k++) {
                    double dphi = s.ds[k][mu][nu];
                    double dk = s.joint[mu][nu] * s.ds[k][g][g] + dphi;
                    kv += dk * dk;
                    pv += dphi * dphi;
                }
                ntkVar[t][mu][nu] = kv;
                phiVar[t][mu][nu] = pv;
                phiNorm += s.s[mu][nu] * s.s[mu][nu];
                phiVarSum += pv;
            }
        }
        gVar[t] = gv;
        snrPhi[t] = Math.sqrt(phiNorm / phiVarSum);
        snrG[t] = s.s[g][g] / Math.sqrt(gv);
    }

    Fluctuations result(double[] times, String unreliable) {
        return new Fluctuations(times, fMean, fCov, ntkMean, ntkVar, new double[][][][] {phiVar}, new double[][] {gVar},
                new double[][] {snrPhi}, new double[][] {snrG}, unreliable);
    }
}
