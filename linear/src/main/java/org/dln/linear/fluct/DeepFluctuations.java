package org.dln.linear.fluct;

import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.ejml.data.DMatrixRMaj;

/**
 * O(1/N) fluctuations of a deep linear network (any L) trained by gradient descent: the linear response of the fixed
 * point of the formal site measures ({@link FormalSites}, docs/theory.md section 11.7),
 * N Cov(o, o') = w_o^T kappa w_o' with w_o = (I - J^T)^{-1} r_o (one adjoint solve per observable o = r_o . dSigma) and
 * the Wick covariance kappa of the site second moments, w^T kappa w' = 2 sum_l tr(w^l Sigma^l w'^l Sigma^l).
 * J^T is applied matrix-free (J dSigma^l = Sigma^l dH^l Sigma^l) and the adjoint system is solved by fixed-point
 * iteration, which the causal structure makes terminate. Dense in the site dimension n = 2 (P + Q + 1) T: cost
 * O(L n^3) per iteration and observable, memory O(L n^2).
 */
final class DeepFluctuations implements FluctuationSolver {
    /** Relative change of the adjoint iterate below which it has converged (rounding level). */
    private static final double ADJOINT_TOL = 1e-14;

    private DeepFluctuations() {
    }

    static FluctuationSolver supporting(Problem p, boolean flow) {
        if (p.conventions().update() != Conventions.Update.EXACT) {
            throw new InvalidInputException(InputError.NOT_WITH, "conventions.update", "--width", "conventions.update = ntk-euler",
                    "the fluctuations are those of real gradient descent; use the exact update");
        }
        if (flow) {
            refuseFlow();
        }
        requireMemory(p);
        return new DeepFluctuations();
    }

    /** For tests: the engine without the checks of {@link #supporting}. */
    static DeepFluctuations unchecked() {
        return new DeepFluctuations();
    }

    @Override
    public String engine() {
        return "formal-site-measures";
    }

    private static void refuseFlow() {
        throw new InvalidInputException(InputError.NOT_WITH, "width", "--width", "gradient flow at depth L >= 2",
                "the deep fluctuation engine is implemented for gradient descent only (docs/theory.md section 11.7); use "
                        + "dln solve (gradient descent, e.g. with a small eta), or L = 1");
    }

    @Override
    public Fluctuations flow(Problem p, double[] times) {
        refuseFlow();
        return null;
    }


    static void requireMemory(Problem p) {
        long n = 2L * (p.trainCount() + p.testCount() + 1) * p.timePoints();
        long bytes = (6L * p.depth() + 8) * n * n * Double.BYTES;
        long heap = Runtime.getRuntime().maxMemory();
        if (n * n > Integer.MAX_VALUE - 8 || bytes > heap / 2) {
            throw new InvalidInputException(InputError.TOO_LARGE, "timePoints", p.timePoints(),
                    "the deep fluctuation engine (site dimension " + n + ")", bytes, "memory", heap,
                    "T or P + Q (the engine is dense in 2 (P + Q + 1) T)");
        }
    }

    @Override
    public Fluctuations descent(Problem pr) {
        requireMemory(pr);
        FormalSites full = FormalSites.solved(pr);
        int tn = full.tn, sn = full.samples, pn = full.train, ln = full.depth;
        double[] times = new double[tn];
        double[][] fMean = new double[tn][sn];
        double[][][] fCov = new double[tn][sn][sn];
        double[][][] ntkMean = new double[tn][pn][pn];
        double[][][] ntkVar = new double[tn][pn][pn];
        double[][][][] phiVar = new double[ln][tn][pn][pn];
        double[][] gVar = new double[ln][tn];
        double[][] snrPhi = new double[ln][tn];
        double[][] snrG = new double[ln][tn];
        for (int t = 0; t < tn; t++) {
            times[t] = pr.eta() * t;
            FormalSites fs = full.truncated(t + 1); // causality: time t needs times <= t only
            SiteResponse rs = new SiteResponse(fs);
            DMatrixRMaj[][] of = new DMatrixRMaj[sn][], xf = new DMatrixRMaj[sn][];
            for (int a = 0; a < sn; a++) {
                fMean[t][a] = fs.f(t, a) - (fs.centred ? fs.f(0, a) : 0);
                of[a] = rs.zero();
                of[a][ln - 1].unsafe_set(fs.h(t, a), fs.g(t), 1 / fs.gamma0);
                if (fs.centred) {
                    of[a][ln - 1].unsafe_set(fs.h(0, a), fs.g(0), of[a][ln - 1].unsafe_get(fs.h(0, a), fs.g(0)) - 1 / fs.gamma0);
                }
                xf[a] = rs.covariance(of[a]);
            }
            for (int a = 0; a < sn; a++) {
                for (int b = 0; b <= a; b++) {
                    fCov[t][a][b] = fCov[t][b][a] = SiteResponse.dot(of[a], xf[b]);
                }
            }
            for (int l = 1; l <= ln; l++) {
                DMatrixRMaj[] o = rs.zero();
                o[l - 1].unsafe_set(fs.g(t), fs.g(t), 1);
                gVar[l - 1][t] = SiteResponse.dot(o, rs.covariance(o));
                snrG[l - 1][t] = fs.sigma[l - 1].unsafe_get(fs.g(t), fs.g(t)) / Math.sqrt(gVar[l - 1][t]);
            }
            double[] phiNorm = new double[ln], phiSum = new double[ln];
            for (int a = 0; a < pn; a++) {
                for (int b = 0; b <= a; b++) {
                    // K_ab(t) = Kx_ab G^1(t,t) + sum_{l=1..L} Phi^l_ab(t,t) G^{l+1}(t,t)
                    DMatrixRMaj[] ok = rs.zero();
                    double k = fs.joint[a][b] * fs.sigma[0].unsafe_get(fs.g(t), fs.g(t));
                    ok[0].unsafe_set(fs.g(t), fs.g(t), fs.joint[a][b]);
                    int mult = a == b ? 1 : 2;
                    for (int l = 1; l <= ln; l++) {
                        double phi = fs.sigma[l - 1].unsafe_get(fs.h(t, a), fs.h(t, b));
                        double gn = fs.gNext(l, t, t);
                        k += phi * gn;
                        ok[l - 1].unsafe_set(fs.h(t, a), fs.h(t, b), ok[l - 1].unsafe_get(fs.h(t, a), fs.h(t, b)) + gn);
                        if (l < ln) {
                            ok[l].unsafe_set(fs.g(t), fs.g(t), ok[l].unsafe_get(fs.g(t), fs.g(t)) + phi);
                        }
                        DMatrixRMaj[] op = rs.zero();
                        op[l - 1].unsafe_set(fs.h(t, a), fs.h(t, b), 1);
                        double v = SiteResponse.dot(op, rs.covariance(op));
                        phiVar[l - 1][t][a][b] = phiVar[l - 1][t][b][a] = v;
                        phiNorm[l - 1] += mult * phi * phi;
                        phiSum[l - 1] += mult * v;
                    }
                    ntkMean[t][a][b] = ntkMean[t][b][a] = k;
                    ntkVar[t][a][b] = ntkVar[t][b][a] = SiteResponse.dot(ok, rs.covariance(ok));
                }
            }
            for (int l = 0; l < ln; l++) {
                snrPhi[l][t] = Math.sqrt(phiNorm[l] / phiSum[l]);
            }
        }
        String unreliable = StabilityCheck.descent(pr, fMean, ntkMean);
        return new Fluctuations(times, fMean, fCov, ntkMean, ntkVar, phiVar, gVar, snrPhi, snrG, unreliable);
    }
}
