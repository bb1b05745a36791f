package org.dln.linear.langevin;

import org.dln.linear.problem.Problem;

/**
 * The continuous-time Langevin DMFT for any depth and gamma0 (theory.md 12.5, 12.6) on the steps h0 / n_i for a
 * sequence of subdivisions n_1 &lt; n_2 &lt; ... (halving: 1, 2, 4, ...; harmonic: n0, n0 + 1, n0 + 2, ...), extrapolated to
 * zero step at the common times k h0 by polynomial (Neville) extrapolation in x = h^p: either the exact DMFT of the
 * exponential-Euler sampler ({@link DiscreteLangevinMarch}, error a series in powers of h: p = 1) or the trapezoidal
 * discretization of the continuous equations ({@link TrapezoidLangevinMarch}, error a series in h^2: p = 2). With the
 * halving sequence this is the classical Richardson table. The work of a level grows as n_i^3 (rows times the history
 * of each row), which favours the harmonic sequence: the same number of eliminated orders with a far smaller finest
 * level (theory.md 12.6). The error estimate is the max-norm change of the predictions made by the last column.
 */
final class MarchExtrapolation {

    /**
     * Base step h0 (the spacing of the common times), the subdivisions n_i of the levels (strictly increasing, >= 1;
     * one level: no extrapolation), and the scheme (trapezoid: second order in h).
     */
    record Options(double h0, int[] steps, boolean trapezoid) {
        Options {
            steps = steps.clone();
            for (int i = 0; i < steps.length; i++) {
                if (steps[i] < 1 || (i > 0 && steps[i] <= steps[i - 1])) {
                    throw new IllegalArgumentException("the subdivisions must increase from 1: " + java.util.Arrays.toString(steps));
                }
            }
        }

        /** Halving: n_i = 2^i, i = 0..levels-1. */
        static Options halving(double h0, int levels, boolean trapezoid) {
            int[] n = new int[levels];
            for (int i = 0; i < levels; i++) {
                n[i] = 1 << i;
            }
            return new Options(h0, n, trapezoid);
        }

        /** Harmonic: n_i = n0 + i, i = 0..levels-1. */
        static Options harmonic(double h0, int levels, int n0, boolean trapezoid) {
            int[] n = new int[levels];
            for (int i = 0; i < levels; i++) {
                n[i] = n0 + i;
            }
            return new Options(h0, n, trapezoid);
        }

        int levels() {
            return steps.length;
        }
    }

    /**
     * Extrapolated trajectory on t_k = k h0, k = 0..K; for the trapezoid scheme also the row solves' total sweeps,
     * largest sweep count of one row and largest final relative row change over all levels.
     */
    record Result(double[] times, double[][] f, double[][][][] phi, double[][] g, double[][][][][] phiTwo, double[][][] gTwo,
                  int[] twoIndex, double errorEstimate, int finestPoints, long sweeps, int maxRowSweeps,
                  double maxRowChange, double[] levelErrors) {
    }

    /** Relative change below which a trapezoid row's sweeps stop, and their cap. */
    static final double ROW_TOLERANCE = 1e-14;
    static final int MAX_SWEEPS = 2000;
    /** Depth of the Anderson acceleration of the trapezoid rows' sweeps (0: plain sweeps; a system property for tests). */
    static final int ANDERSON = Integer.getInteger("dln.langevin.anderson", 5);

    private MarchExtrapolation() {
    }

    static Result solve(Problem p, LangevinParameters par, Options o) {
        return solve(p, par, o, (done, total) -> { });
    }

    /** Work done and total in units of one row-history element: row t of a level weighs (t + 1)^2 (its cost). */
    interface Progress {
        void work(long done, long total);
    }

    /** Sum of (t + 1)^2 over t = 0..n-1. */
    private static long rowWork(long n) {
        return n * (n + 1) * (2 * n + 1) / 6;
    }

    static Result solve(Problem p, LangevinParameters par, Options o, Progress progress) {
        int k = (int) Math.round(par.tMax() / o.h0());
        double h0 = par.tMax() / k;
        int levels = o.levels();
        int m = p.trainCount() + p.testCount(), L = p.depth();
        int[] two = LangevinEngine.twoTimeIndices(k + 1, Math.min(k + 1, par.twoTimePoints()));
        // per level: values at the common times, flattened [time][entries]
        int per = m + L * m * m + L;
        int perTwo = L * m * m + L;
        double[][][] vals = new double[levels][][];
        double[][][][] twoVals = new double[levels][][][];
        int finest = 0;
        long sweeps = 0;
        int maxRowSweeps = 0;
        double maxRowChange = 0;
        int[] steps = o.steps();
        long total = 0;
        for (int s : steps) {
            total += rowWork((long) k * s + 1);
        }
        final long all = total;
        long[] done = {0};
        for (int lev = 0; lev < levels; lev++) {
            int r = steps[lev];
            double h = h0 / r;
            int tp = k * r + 1;
            finest = tp;
            double lam = par.lambda();
            double rho = Math.exp(-lam * h);
            double a = lam == 0 ? h : -Math.expm1(-lam * h) / lam;
            double noise = lam == 0 ? 2 * par.temperature() * h : par.temperature() / lam * (-Math.expm1(-2 * lam * h));
            LangevinMarchArrays mr;
            if (o.trapezoid()) {
                TrapezoidLangevinMarch tm = new TrapezoidLangevinMarch(p.jointGram(), p.y(), p.lossScale(), L, p.gamma0(),
                        par, tp, h, ROW_TOLERANCE, MAX_SWEEPS, ANDERSON);
                tm.run(t -> {
                    done[0] += (long) (t + 1) * (t + 1);
                    progress.work(done[0], all);
                });
                sweeps += tm.sweeps;
                maxRowSweeps = Math.max(maxRowSweeps, tm.maxRowSweeps);
                maxRowChange = Math.max(maxRowChange, tm.maxRowChange);
                mr = tm;
            } else {
                DiscreteLangevinMarch dm = new DiscreteLangevinMarch(p.jointGram(), p.y(), p.lossScale(), L, p.gamma0(),
                        par.beta(), tp, rho, a, noise, par.sigma0() * par.sigma0());
                dm.run();
                done[0] += rowWork(tp);
                progress.work(done[0], all);
                mr = dm;
            }
            double[][] v = new double[k + 1][per];
            for (int c = 0; c <= k; c++) {
                int t = c * r;
                int o2 = 0;
                for (int mu = 0; mu < m; mu++) {
                    v[c][o2++] = mr.f[t * m + mu];
                }
                for (int l = 1; l <= L; l++) {
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < m; j++) {
                            v[c][o2++] = mr.phiAt(l, t, i, t, j);
                        }
                    }
                }
                for (int l = 1; l <= L; l++) {
                    v[c][o2++] = mr.gk[l][t * tp + t];
                }
            }
            vals[lev] = v;
            double[][][] tv = new double[two.length][two.length][perTwo];
            for (int a1 = 0; a1 < two.length; a1++) {
                for (int b1 = 0; b1 < two.length; b1++) {
                    int t = two[a1] * r, s = two[b1] * r;
                    int o2 = 0;
                    for (int l = 1; l <= L; l++) {
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < m; j++) {
                                tv[a1][b1][o2++] = mr.phiAt(l, t, i, s, j);
                            }
                        }
                    }
                    for (int l = 1; l <= L; l++) {
                        tv[a1][b1][o2++] = mr.gk[l][t * tp + s];
                    }
                }
            }
            twoVals[lev] = tv;
        }
        // Neville's table over levels in x = h^p (p = 2 for the trapezoid), in place: column j removes the x^j term;
        // fac = x_{lev-j} / x_lev - 1 (for halving 4^j - 1 or 2^j - 1, exact)
        double err = 0;
        double[] levelErrors = new double[levels];
        for (int j = 1; j < levels; j++) {
            for (int lev = levels - 1; lev >= j; lev--) {
                double ratio = (double) steps[lev] / steps[lev - j];
                double fac = (o.trapezoid() ? ratio * ratio : ratio) - 1;
                for (int c = 0; c <= k; c++) {
                    for (int e = 0; e < per; e++) {
                        double d = (vals[lev][c][e] - vals[lev - 1][c][e]) / fac;
                        if (lev == levels - 1 && e < m) {
                            levelErrors[j] = Math.max(levelErrors[j], Math.abs(d));
                            if (j == levels - 1) {
                                err = Math.max(err, Math.abs(d));
                            }
                        }
                        vals[lev][c][e] += d;
                    }
                }
                for (int a1 = 0; a1 < two.length; a1++) {
                    for (int b1 = 0; b1 < two.length; b1++) {
                        for (int e = 0; e < perTwo; e++) {
                            twoVals[lev][a1][b1][e] += (twoVals[lev][a1][b1][e] - twoVals[lev - 1][a1][b1][e]) / fac;
                        }
                    }
                }
            }
        }
        if (levels == 1) {
            err = Double.NaN;
        }
        double[][] best = vals[levels - 1];
        double[] times = new double[k + 1];
        double[][] f = new double[k + 1][m];
        double[][][][] phi = new double[L][k + 1][m][m];
        double[][] g = new double[L][k + 1];
        for (int c = 0; c <= k; c++) {
            times[c] = c * h0;
            int o2 = 0;
            for (int mu = 0; mu < m; mu++) {
                f[c][mu] = best[c][o2++];
            }
            for (int l = 0; l < L; l++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        phi[l][c][i][j] = best[c][o2++];
                    }
                }
            }
            for (int l = 0; l < L; l++) {
                g[l][c] = best[c][o2++];
            }
        }
        times[k] = par.tMax();
        double[][][][][] phiTwo = two.length == 0 ? null : new double[L][two.length][two.length][m][m];
        double[][][] gTwo = two.length == 0 ? null : new double[L][two.length][two.length];
        for (int a1 = 0; a1 < two.length; a1++) {
            for (int b1 = 0; b1 < two.length; b1++) {
                double[] tv = twoVals[levels - 1][a1][b1];
                int o2 = 0;
                for (int l = 0; l < L; l++) {
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < m; j++) {
                            phiTwo[l][a1][b1][i][j] = tv[o2++];
                        }
                    }
                }
                for (int l = 0; l < L; l++) {
                    gTwo[l][a1][b1] = tv[o2++];
                }
            }
        }
        return new Result(times, f, phi, g, phiTwo, gTwo, two, err, finest, sweeps, maxRowSweeps, maxRowChange, levelErrors);
    }
}
