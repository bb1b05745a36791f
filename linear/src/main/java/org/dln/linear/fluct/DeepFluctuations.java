package org.dln.linear.fluct;

import org.dln.linear.dmft.SolveListener;
import org.dln.linear.problem.Conventions;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;

/**
 * O(1/N) fluctuations of a deep linear network (any L) trained by gradient descent: the saddle-point covariance of the
 * formal site measures ({@link FormalSites}, docs/theory.md section 11.7), N Cov(Q) = [(I - J_e)^T kappa^{-1} (I - J_e) - c'']^{-1},
 * applied to one observable at a time by {@link SiteResponse#covariance} (the coupled iteration x = J_e x + kappa y,
 * y = o + J_e^T y + c'' x). Per time t, on the fixed point truncated to times <= t (causality): one solve per f_a,
 * G^l and Phi^l_ab, each read at all the others' entries, so the covariance matrix of that time's observables is exact
 * and the NTK variance is its quadratic form. The products are in the block form of {@link SiteBlocks}; the solves of
 * one time run in parallel. Dense in the site dimension n = 2 (P + Q + 1) T: about 6 L (n/2)^3 multiply-adds per
 * iteration and observable, about 2 L T iterations, memory O(L n^2) per concurrent solve.
 */
final class DeepFluctuations implements FluctuationSolver {
    /** The stage name of the progress reports of the deep engines. */
    static final String STAGE = "fluctuations";

    private DeepFluctuations() {
    }

    /** The engine for gradient descent, or for gradient flow its extrapolation in eta ({@link FlowByExtrapolation}). */
    static FluctuationSolver supporting(Problem p, boolean flow, double flowTolerance) {
        if (p.conventions().update() != Conventions.Update.EXACT) {
            throw new InvalidInputException(InputError.NOT_WITH, "conventions.update", "--width", "conventions.update = ntk-euler",
                    "the fluctuations are those of real gradient descent; use the exact update");
        }
        if (flow) {
            return new FlowByExtrapolation(flowTolerance, new DeepFluctuations());
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

    /** Gradient flow: extrapolated from descent with the default tolerance ({@link FlowByExtrapolation}). */
    @Override
    public Fluctuations flow(Problem p, double[] times) {
        return new FlowByExtrapolation(FLOW_TOLERANCE, this).flow(p, times);
    }


    /**
     * Refuses (exit 2) a problem whose site measures do not fit in half the heap: the fixed point and its truncation
     * with their blocks (about 3 L n^2 doubles) and, per concurrent solve, the weight, the iterates with their next values
     * and the temporaries of a sweep ({@link SiteResponse.Work}: about (7 L + 3) n^2, counted as (8 L + 6) n^2).
     */
    static void requireMemory(Problem p) {
        long n = 2L * (p.trainCount() + p.testCount() + 1) * p.timePoints();
        long bytes = (3L * p.depth() + workers() * (8L * p.depth() + 6)) * n * n * Double.BYTES;
        long heap = Runtime.getRuntime().maxMemory();
        if (n * n > Integer.MAX_VALUE - 8 || bytes > heap / 2) {
            throw new InvalidInputException(InputError.TOO_LARGE, "timePoints", p.timePoints(),
                    "the deep fluctuation engine (site dimension " + n + ")", bytes, "memory", heap,
                    "T or P + Q (the engine is dense in 2 (P + Q + 1) T)");
        }
    }

    /** The solves running at once: the common fork-join pool's workers and the calling thread. */
    static int workers() {
        return ForkJoinPool.getCommonPoolParallelism() + 1;
    }

    /**
     * cov[i][j] = o_i . N Cov o_j: one solve per observable, each solution read at the others' entries and dropped, so
     * the memory stays that of one solve per worker. The solves are independent and run on the common fork-join pool
     * (as many workers as cores); each column is computed by one worker alone, so the result does not depend on the
     * number of workers.
     */
    static double[][] crossCovariance(SiteResponse rs, SiteObservable[] obs) {
        double[][] columns = IntStream.range(0, obs.length).parallel().mapToObj(j -> {
            DMatrixRMaj[] x = rs.covariance(obs[j].weights(rs));
            double[] col = new double[obs.length];
            for (int i = 0; i < obs.length; i++) {
                col[i] = obs[i].dot(x);
            }
            return col;
        }).toArray(double[][]::new);
        double[][] cov = new double[obs.length][obs.length];
        for (int j = 0; j < obs.length; j++) {
            for (int i = 0; i < obs.length; i++) {
                cov[i][j] = columns[j][i];
            }
        }
        return cov;
    }

    /**
     * The fluctuations of one time point t of gradient descent, read from the fixed point of the whole horizon (or any
     * longer one) truncated to times <= t: f_a (train then test), N Cov f, the NTK and its variance, N Var Phi^l_ab(t,t),
     * N Var G^l(t,t) and the signal-to-noise ratios.
     */
    record TimePoint(double[] fMean, double[][] fCov, double[][] ntkMean, double[][] ntkVar, double[][][] phiVar,
                     double[] gVar, double[] snrPhi, double[] snrG) {
    }

    @Override
    public Fluctuations descent(Problem pr) {
        return descent(pr, SolveListener.NONE);
    }

    /** Time t's solves weigh about (t + 1)^4 (size (t + 1)^3, sweeps growing with the horizon): the progress reports. */
    @Override
    public Fluctuations descent(Problem pr, SolveListener listener) {
        requireMemory(pr);
        FormalSites full = FormalSites.solved(pr);
        int tn = full.tn;
        double[] times = new double[tn];
        TimePoint[] pts = new TimePoint[tn];
        long total = 0, done = 0;
        for (int t = 1; t <= tn; t++) {
            total += (long) t * t * t * t;
        }
        for (int t = 0; t < tn; t++) {
            times[t] = pr.eta() * t;
            pts[t] = point(full, t);
            done += (long) (t + 1) * (t + 1) * (t + 1) * (t + 1);
            listener.progress(STAGE, done, total);
        }
        Fluctuations fl = TimePoints.assemble(times, pts, null);
        return fl.withUnreliable(StabilityCheck.descent(pr, fl.fMean(), fl.ntkMean()));
    }

    /** The fluctuations at the last step of gradient descent on this problem only (t = T - 1). */
    TimePoint last(Problem pr) {
        requireMemory(pr);
        return point(FormalSites.solved(pr), pr.timePoints() - 1);
    }

    /** The fluctuations of time t, on the fixed point {@code full} truncated to times <= t (causality). */
    static TimePoint point(FormalSites full, int t) {
        int sn = full.samples, pn = full.train, ln = full.depth;
        double[] fMean = new double[sn];
        double[][] fCov = new double[sn][sn];
        double[][] ntkMean = new double[pn][pn];
        double[][] ntkVar = new double[pn][pn];
        double[][][] phiVar = new double[ln][pn][pn];
        double[] gVar = new double[ln], snrPhi = new double[ln], snrG = new double[ln];
        FormalSites fs = full.truncated(t + 1); // causality: time t needs times <= t only
        SiteResponse rs = new SiteResponse(fs);
        SiteObservable[] of = new SiteObservable[sn];
        for (int a = 0; a < sn; a++) {
            fMean[a] = fs.f(t, a) - (fs.centred ? fs.f(0, a) : 0);
            of[a] = new SiteObservable().add(ln, fs.h(t, a), fs.g(t), 1 / fs.gamma0);
            if (fs.centred) {
                of[a].add(ln, fs.h(0, a), fs.g(0), -1 / fs.gamma0);
            }
        }
        double[][] cf = crossCovariance(rs, of);
        for (int a = 0; a < sn; a++) {
            for (int b = 0; b <= a; b++) {
                fCov[a][b] = fCov[b][a] = 0.5 * (cf[a][b] + cf[b][a]);
            }
        }
        // the kernel observables of time t: G^l(t,t) (index l - 1) and Phi^l_ab(t,t) (index ln + (l - 1) npair + pair);
        // the NTK K_ab = Kx_ab G^1 + sum_l Phi^l_ab G^{l+1} is a linear combination of them, so its variance is the
        // quadratic form of their covariance matrix, with no solve of its own
        int npair = pn * (pn + 1) / 2;
        SiteObservable[] ob = new SiteObservable[ln + ln * npair];
        int[] ia = new int[npair], ib = new int[npair];
        for (int a = 0, k = 0; a < pn; a++) {
            for (int b = 0; b <= a; b++, k++) {
                ia[k] = a;
                ib[k] = b;
            }
        }
        for (int l = 1; l <= ln; l++) {
            ob[l - 1] = new SiteObservable().add(l, fs.g(t), fs.g(t), 1);
            for (int k = 0; k < npair; k++) {
                ob[ln + (l - 1) * npair + k] = new SiteObservable().add(l, fs.h(t, ia[k]), fs.h(t, ib[k]), 1);
            }
        }
        double[][] cov = crossCovariance(rs, ob);
        for (int l = 1; l <= ln; l++) {
            gVar[l - 1] = cov[l - 1][l - 1];
            snrG[l - 1] = fs.sigma[l - 1].unsafe_get(fs.g(t), fs.g(t)) / Math.sqrt(gVar[l - 1]);
        }
        double[] phiNorm = new double[ln], phiSum = new double[ln];
        int[] basis = new int[2 * ln];
        double[] w = new double[2 * ln];
        for (int k = 0; k < npair; k++) {
            int a = ia[k], b = ib[k], mult = a == b ? 1 : 2;
            double kmean = fs.joint[a][b] * fs.sigma[0].unsafe_get(fs.g(t), fs.g(t));
            w[0] = fs.joint[a][b];
            for (int l = 1; l <= ln; l++) {
                int i = ln + (l - 1) * npair + k;
                double phi = fs.sigma[l - 1].unsafe_get(fs.h(t, a), fs.h(t, b)), gn = fs.gNext(l, t, t);
                kmean += phi * gn;
                basis[l - 1] = l - 1;
                basis[ln + l - 1] = i;
                w[ln + l - 1] = gn;
                if (l < ln) {
                    w[l] = phi; // the weight of G^{l+1}
                }
                double v = cov[i][i];
                phiVar[l - 1][a][b] = phiVar[l - 1][b][a] = v;
                phiNorm[l - 1] += mult * phi * phi;
                phiSum[l - 1] += mult * v;
            }
            double kv = 0;
            for (int i = 0; i < basis.length; i++) {
                for (int j = 0; j < basis.length; j++) {
                    kv += w[i] * w[j] * cov[basis[i]][basis[j]];
                }
            }
            ntkMean[a][b] = ntkMean[b][a] = kmean;
            ntkVar[a][b] = ntkVar[b][a] = kv;
        }
        for (int l = 0; l < ln; l++) {
            snrPhi[l] = Math.sqrt(phiNorm[l] / phiSum[l]);
        }
        return new TimePoint(fMean, fCov, ntkMean, ntkVar, phiVar, gVar, snrPhi, snrG);
    }
}
