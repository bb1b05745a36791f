package org.dln.linear.langevin;

/**
 * The continuous-time Langevin DMFT (12.3) of a deep linear network discretized on the uniform grid t_k = k h by the
 * composite trapezoidal rule in every time integral (theory.md 12.6). Every two-time object is a function on the grid
 * (kernels of operators take their limit from below on the diagonal, Q(t,t) = beta); every integral over [a, b] (grid
 * nodes) has the weights h/2 at a and b and h inside. Since each integrand is smooth on both triangles s &lt; t, s &gt; t
 * and the diagonal kinks lie on grid nodes for every h, the error is a series in h^2 (Euler-Maclaurin cell by cell).
 * <pre>
 *   C^l(t,s) = c A^{l-1} + sum_al Phi^{l-1}(t,(s,al)) Q(t,s) delta_al(s),   D^l(t,(s,al)) = c B^l + G^{l+1} Q delta_al(s),
 *   N_r = g2 (DC + DC N_r),   A^l = C + C N_r,   B^{l-1} = D + N_r D,   X = B^{l-1} (c o Phi^{l-1}),
 *   G^l = (I + N_r)(c o G^{l+1})(I + N_r)^T + g2 X B^{l-1}^T,
 *   Phi^l = c o Phi^{l-1} + g2 [C X + X^T C^T + C G^l C^T],     f(t) = [X^T + C^L G^L]_{(t,mu), t} (at l = L),
 * </pre>
 * with N_r(t,t) = 0, A(t,t) = C(t,t), B(t,(t,al)) = D(t,(t,al)). The trapezoid's end-point weight at s = t makes each
 * time row implicit (row t of the downward chain needs row t of the upward chain through the diagonal terms, and
 * delta(t) needs f(t)): each row is solved by sweeps (downward, upward, prediction) to a change below {@code rowTol},
 * with a quasi-Newton update of delta(t) whose Jacobian is the direct end-point term (h/2) s beta K(t,t). A sweep is a
 * map of the row's state (C^l(t, .), Phi^l(t, .), delta(t)); its fixed point is found by Anderson acceleration of depth
 * {@code anderson} over the sweeps (0: plain sweeps), which changes the path, not the fixed point.
 */
final class TrapezoidLangevinMarch extends LangevinMarchArrays {
    final double h, half;
    private final double beta, rowTol;
    private final int maxSweeps;
    private final Anderson anderson;
    /** Sweeps of a row before Anderson acceleration starts. */
    static final int PLAIN_SWEEPS = Integer.getInteger("dln.langevin.plainSweeps", 3);
    private double change, magnitude;
    /** Total sweeps, the largest sweep count of a row, the largest final row change. */
    long sweeps;
    int maxRowSweeps;
    double maxRowChange;

    /**
     * @param kJoint    Gram matrix over the M = P + Q inputs (train first)
     * @param y         train targets (P)
     * @param lossScale s (1 or 1/P)
     * @param par       the Langevin parameters (lambda, T, beta, sigma0; c(t,s) from them)
     * @param tp        number of time points (t_k = k h, k = 0..tp-1)
     * @param h         step
     * @param rowTol    sweeps stop when the max change of a row's values is below rowTol (times max(1, |values|))
     * @param maxSweeps cap on sweeps per row
     */
    TrapezoidLangevinMarch(double[][] kJoint, double[] y, double lossScale, int depth, double gamma0, LangevinParameters par,
                           int tp, double h, double rowTol, int maxSweeps) {
        this(kJoint, y, lossScale, depth, gamma0, par, tp, h, rowTol, maxSweeps, 0);
    }

    /** As above, with Anderson acceleration of the given depth over each row's sweeps (0: plain sweeps). */
    TrapezoidLangevinMarch(double[][] kJoint, double[] y, double lossScale, int depth, double gamma0, LangevinParameters par,
                           int tp, double h, double rowTol, int maxSweeps, int andersonDepth) {
        super(kJoint, y, lossScale, depth, gamma0, tp);
        this.anderson = andersonDepth > 0 ? new Anderson(andersonDepth, depth * (m + m * m) * tp + p) : null;
        this.beta = par.beta();
        this.h = h;
        this.half = h / 2;
        this.rowTol = rowTol;
        this.maxSweeps = maxSweeps;
        for (int t = 0; t < tp; t++) {
            for (int s = 0; s <= t; s++) {
                double c = par.c(t * h, s * h);
                cc[t * tp + s] = c;
                cc[s * tp + t] = c;
                qq[t * tp + s] = beta * Math.exp(-par.lambda() * (t - s) * h);
            }
        }
    }

    /** Trapezoid weight of node k in the integral over [a, b] (a <= k <= b). */
    private double w(int k, int a, int b) {
        return a == b ? 0 : k == a || k == b ? half : h;
    }

    /** Marches all rows. */
    void run() {
        run(t -> { });
    }

    /** Marches all rows, telling {@code rowDone} after each. */
    void run(java.util.function.IntConsumer rowDone) {
        for (int t = 0; t < tp; t++) {
            solveRow(t);
            rowDone.accept(t);
        }
    }

    private void solveRow(int t) {
        if (t >= 4) {
            for (int al = 0; al < p; al++) {
                dl[t * m + al] = 4 * dl[(t - 1) * m + al] - 6 * dl[(t - 2) * m + al] + 4 * dl[(t - 3) * m + al]
                        - dl[(t - 4) * m + al];
            }
        } else if (t >= 1) {
            System.arraycopy(dl, (t - 1) * m, dl, t * m, p);
        }
        if (t >= 8) {
            guessRow(t);
        }
        int it = 0;
        double scale = 1, prev = Double.NaN, remaining = Double.NaN;
        int size = depth * (m + m * m) * (t + 1) + p;
        boolean mixed = false;
        while (true) {
            // the first PLAIN_SWEEPS sweeps are plain (most rows converge in a few); Anderson takes over after them
            boolean accelerate = anderson != null && it + 1 >= PLAIN_SWEEPS;
            if (accelerate && it + 1 == PLAIN_SWEEPS) {
                anderson.start(size);
                gather(t, anderson.x);
            }
            change = 0;
            magnitude = 0;
            for (int l = depth; l >= 1; l--) {
                downward(l, t);
            }
            for (int l = 1; l <= depth; l++) {
                upward(l, t);
            }
            prediction(t);
            it++;
            // rounding: the tracked values (C, Phi, X rows, delta) and the predictions set the scale of the change
            scale = Math.max(scale, magnitude);
            for (int mu = 0; mu < m; mu++) {
                scale = Math.max(scale, Math.abs(f[t * m + mu]));
            }
            // plain sweeps contract linearly: with rate q = change / prev the remaining error is about change q / (1 - q);
            // once Anderson has mixed the state the ratios say nothing of the sweep's own contraction: the change must be small
            double q = change / prev;
            remaining = q < 1 && !mixed ? change * q / (1 - q) : Double.POSITIVE_INFINITY;
            if (change <= rowTol * scale || remaining <= 0.5 * rowTol * scale || it >= maxSweeps) {
                break;
            }
            prev = change;
            if (accelerate) {
                gather(t, anderson.g);
                anderson.next();
                scatter(t, anderson.x);
                mixed = true;
            }
        }
        sweeps += it;
        maxRowSweeps = Math.max(maxRowSweeps, it);
        maxRowChange = Math.max(maxRowChange, (change <= rowTol * scale ? change : remaining) / scale);
    }

    /** The state of row t: C^l(t, .), Phi^l(t, .) for l = 1..L, then delta(t) on the train inputs. */
    private void gather(int t, double[] v) {
        int k = 0;
        for (int l = 1; l <= depth; l++) {
            double[] c = cm[l], ph = phi[l];
            for (int mu = 0; mu < m; mu++) {
                int i = t * m + mu;
                System.arraycopy(c, i * tp, v, k, t + 1);
                k += t + 1;
                System.arraycopy(ph, i * n, v, k, (t + 1) * m);
                k += (t + 1) * m;
            }
        }
        System.arraycopy(dl, t * m, v, k, p);
    }

    /** Writes the state of row t (Phi^l on both sides of the diagonal). */
    private void scatter(int t, double[] v) {
        int k = 0;
        for (int l = 1; l <= depth; l++) {
            double[] c = cm[l], ph = phi[l];
            for (int mu = 0; mu < m; mu++) {
                int i = t * m + mu;
                System.arraycopy(v, k, c, i * tp, t + 1);
                k += t + 1;
                for (int j = 0; j < (t + 1) * m; j++) {
                    double x = v[k + j];
                    ph[i * n + j] = x;
                    ph[j * n + i] = x;
                }
                k += (t + 1) * m;
            }
        }
        System.arraycopy(v, k, dl, t * m, p);
    }

    /**
     * Quartic extrapolation of the row-t values the downward chain reads before the upward chain writes them (C^l, Phi^l,
     * X^l(t,t)): along the columns for s <= t - 4 and along the diagonals s - t = const next to the diagonal (each
     * stencil stays on one triangle, where the values are smooth).
     * Only the start of the sweeps: the fixed point does not depend on it.
     */
    private void guessRow(int t) {
        for (int l = 1; l <= depth; l++) {
            double[] c = cm[l], ph = phi[l], x = xm[l];
            for (int mu = 0; mu < m; mu++) {
                for (int s = 0; s <= t; s++) {
                    int d = s > t - 4 ? 1 : 0;
                    int ci = (t * m + mu) * tp + s, cs = m * tp + d;
                    c[ci] = extrapolate(c, ci, cs);
                    for (int nu = 0; nu < m; nu++) {
                        int pi = (t * m + mu) * n + s * m + nu;
                        ph[pi] = extrapolate(ph, pi, m * n + d * m);
                    }
                }
                int xi = t * n + t * m + mu;
                x[xi] = extrapolate(x, xi, n + m);
            }
        }
    }

    /** The quartic extrapolation of a[i] from a[i - k stride], k = 1..4. */
    private static double extrapolate(double[] a, int i, int stride) {
        return 4 * a[i - stride] - 6 * a[i - 2 * stride] + 4 * a[i - 3 * stride] - a[i - 4 * stride];
    }

    private void track(double oldV, double newV) {
        double d = Math.abs(newV - oldV);
        if (d > change) {
            change = d;
        }
        double a = Math.abs(newV);
        if (a > magnitude) {
            magnitude = a;
        }
    }

    /** Row t of D^l, DC, N_r, B^{l-1}, X (earlier columns), Z, G^l. */
    private void downward(int l, int t) {
        double[] d = dm[l], b = bm[l], nl = nm[l], z = zm[l], g = gk[l], gUp = gk[l + 1], x = xm[l], dcl = dc[l], c = cm[l];
        double[] bUp = l < depth ? bm[l + 1] : null;
        int row = t * n;
        for (int k = 0; k <= t; k++) {
            double ct = cc[t * tp + k], q = qq[t * tp + k] * gUp[t * tp + k];
            for (int al = 0; al < m; al++) {
                int j = k * m + al;
                d[row + j] = (bUp == null ? 0 : ct * bUp[row + j]) + q * dl[k * m + al];
            }
        }
        // DC(t,s) = int_s^t D(t,k) C(k,s) dk, s < t (rows of C; row t from the upward chain of the last sweep)
        java.util.Arrays.fill(dcl, t * tp, t * tp + tp, 0.0);
        for (int k = 0; k <= t; k++) {
            for (int al = 0; al < m; al++) {
                double v = d[row + k * m + al];
                if (v != 0) {
                    int cr = (k * m + al) * tp, r0 = t * tp;
                    if (k < t) {
                        double vh = h * v;
                        for (int s = 0; s < k; s++) {
                            dcl[r0 + s] += vh * c[cr + s];
                        }
                        dcl[r0 + k] += half * v * c[cr + k];
                    } else {
                        double vh = half * v;
                        for (int s = 0; s < t; s++) {
                            dcl[r0 + s] += vh * c[cr + s];
                        }
                    }
                }
            }
        }
        // N_r(t,s) = g2 [DC(t,s) + int_s^t DC(t,k) N_r(k,s) dk] (end points vanish: N_r(s,s) = DC(t,t) = 0)
        nl[t * tp + t] = 0.0;
        for (int s = 0; s < t; s++) {
            double acc = 0;
            for (int k = s + 1; k < t; k++) {
                acc += dcl[t * tp + k] * nl[k * tp + s];
            }
            nl[t * tp + s] = g2 * (dcl[t * tp + s] + h * acc);
        }
        // B(t,(s,al)) = D(t,(s,al)) + int_s^t N_r(t,k) D(k,(s,al)) dk
        System.arraycopy(d, row, b, row, (t + 1) * m);
        for (int a2 = 0; a2 < t; a2++) {
            double v = nl[t * tp + a2];
            if (v != 0) {
                int dr = a2 * n;
                for (int s = 0; s <= a2; s++) {
                    double wv = (s == a2 ? half : h) * v;
                    for (int al = 0; al < m; al++) {
                        b[row + s * m + al] += wv * d[dr + s * m + al];
                    }
                }
            }
        }
        java.util.Arrays.fill(b, row + (t + 1) * m, row + n, 0.0);
        // X(t,(j,al)) = int_0^t B(t,i) c(i,j) Phi^{l-1}(i,(j,al)) di, j < t (row t of Phi^{l-1}: last sweep)
        java.util.Arrays.fill(x, row, row + t * m, 0.0);
        for (int i = 0; i <= t; i++) {
            java.util.Arrays.fill(rowBuf, 0, t * m, 0.0);
            boolean any = false;
            double wi = w(i, 0, t);
            for (int be = 0; be < m; be++) {
                double bv = b[row + i * m + be];
                if (bv != 0) {
                    any = true;
                    addPhiRow(l - 1, i, be, wi * bv, t, rowBuf);
                }
            }
            if (any) {
                for (int j = 0; j < t; j++) {
                    double cij = cc[i * tp + j];
                    for (int al = 0; al < m; al++) {
                        x[row + j * m + al] += cij * rowBuf[j * m + al];
                    }
                }
            }
        }
        // X(t,(t,nu)) with this sweep's B row (the upward chain recomputes it with the new row t of Phi^{l-1})
        for (int nu = 0; nu < m; nu++) {
            double acc = 0;
            for (int i = 0; i <= t; i++) {
                double wi = w(i, 0, t) * cc[i * tp + t];
                if (wi != 0) {
                    double part = 0;
                    for (int be = 0; be < m; be++) {
                        part += b[row + i * m + be] * phiAt(l - 1, t, nu, i, be);
                    }
                    acc += wi * part;
                }
            }
            x[row + t * m + nu] = acc;
        }
        // Z(a,s) = Sr(a,s) + int_0^s Sr(a,b) N_r(s,b) db, Sr = c o G^{l+1}: Z(t, s <= t) and Z(a < t, t)
        for (int s = 0; s <= t; s++) {
            double acc = 0;
            for (int b2 = 0; b2 < s; b2++) {
                acc += w(b2, 0, s) * cc[t * tp + b2] * gUp[t * tp + b2] * nl[s * tp + b2];
            }
            z[t * tp + s] = cc[t * tp + s] * gUp[t * tp + s] + acc;
        }
        for (int a2 = 0; a2 < t; a2++) {
            double acc = 0;
            for (int b2 = 0; b2 < t; b2++) {
                acc += w(b2, 0, t) * cc[a2 * tp + b2] * gUp[a2 * tp + b2] * nl[t * tp + b2];
            }
            z[a2 * tp + t] = cc[a2 * tp + t] * gUp[a2 * tp + t] + acc;
        }
        // G(t,s) = Z(t,s) + int_0^t N_r(t,a) Z(a,s) da + g2 int_0^s X(t,j) B(s,j) dj, s <= t
        for (int s = 0; s <= t; s++) {
            double acc = z[t * tp + s];
            for (int a2 = 0; a2 < t; a2++) {
                acc += w(a2, 0, t) * nl[t * tp + a2] * z[a2 * tp + s];
            }
            double acc2 = 0;
            for (int j = 0; j <= s; j++) {
                double wj = w(j, 0, s);
                if (wj != 0) {
                    double part = 0;
                    for (int al = 0; al < m; al++) {
                        part += x[row + j * m + al] * b[s * n + j * m + al];
                    }
                    acc2 += wj * part;
                }
            }
            double gv = acc + g2 * acc2;
            g[t * tp + s] = gv;
            g[s * tp + t] = gv;
        }
    }

    /** Row t of C^l, A^l, the column t of X, Phi^l. */
    private void upward(int l, int t) {
        double[] c = cm[l], a = am[l], nl = nm[l], x = xm[l], b = bm[l], g = gk[l], ph = phi[l];
        for (int mu = 0; mu < m; mu++) {
            int i = t * m + mu;
            for (int s = 0; s <= t; s++) {
                double acc = cEntry(l, t, mu, s);
                track(c[i * tp + s], acc);
                c[i * tp + s] = acc;
            }
            // A(t,s) = C(t,s) + int_s^t C(t,k) N_r(k,s) dk (N_r(s,s) = 0)
            System.arraycopy(c, i * tp, a, i * tp, t + 1);
            for (int k = 1; k <= t; k++) {
                double v = c[i * tp + k] * (k == t ? half : h);
                if (v != 0) {
                    for (int s = 0; s < k; s++) {
                        a[i * tp + s] += v * nl[k * tp + s];
                    }
                }
            }
        }
        // X(k,(t,nu)) = int_0^k B(k,i) c(i,t) Phi^{l-1}((t,nu), i) di, k <= t
        for (int nu = 0; nu < m; nu++) {
            java.util.Arrays.fill(rowBuf, 0, (t + 1) * m, 0.0);
            addPhiRow(l - 1, t, nu, 1.0, t + 1, rowBuf);
            for (int j = 0; j <= t; j++) {
                double cjt = cc[j * tp + t];
                for (int al = 0; al < m; al++) {
                    rowBuf[j * m + al] *= cjt;
                }
            }
            for (int k = 0; k <= t; k++) {
                double acc = 0;
                int br = k * n;
                for (int j = 0; j <= k; j++) {
                    double wj = w(j, 0, k);
                    if (wj != 0) {
                        double part = 0;
                        for (int al = 0; al < m; al++) {
                            part += b[br + j * m + al] * rowBuf[j * m + al];
                        }
                        acc += wj * part;
                    }
                }
                if (k == t) {
                    track(x[k * n + t * m + nu], acc);
                }
                x[k * n + t * m + nu] = acc;
            }
        }
        // Phi^l((t,mu),(s,nu)), s <= t
        int cols = (t + 1) * m;
        for (int mu = 0; mu < m; mu++) {
            int i = t * m + mu;
            java.util.Arrays.fill(yRow, 0, t + 1, 0.0);
            java.util.Arrays.fill(rowBuf, 0, cols, 0.0);
            for (int k = 0; k <= t; k++) {
                double v = c[i * tp + k] * w(k, 0, t);
                if (v != 0) {
                    for (int k2 = 0; k2 <= t; k2++) {
                        yRow[k2] += v * g[k * tp + k2];
                    }
                    int xr = k * n;
                    for (int j = 0; j < cols; j++) {
                        rowBuf[j] += v * x[xr + j];
                    }
                }
            }
            for (int k = 0; k <= t; k++) {
                uRow[k] = x[k * n + i] + yRow[k];
            }
            for (int s = 0; s <= t; s++) {
                for (int nu = 0; nu < m; nu++) {
                    int j = s * m + nu;
                    double acc = rowBuf[j];
                    if (s > 0) {
                        int cr = j * tp;
                        double sum = 0;
                        for (int k = 1; k < s; k++) {
                            sum += uRow[k] * c[cr + k];
                        }
                        acc += h * sum + half * (uRow[0] * c[cr] + uRow[s] * c[cr + s]);
                    }
                    double v = cc[t * tp + s] * phiAt(l - 1, t, mu, s, nu) + g2 * acc;
                    track(ph[i * n + j], v);
                    ph[i * n + j] = v;
                    ph[j * n + i] = v;
                }
            }
        }
    }

    /**
     * f(t, mu) = int_0^t c(t,j) Phi^{L-1}((t,mu), j) B^{L-1}(t, j) dj + int_0^t C^L((t,mu),k) G^L(k,t) dk, then the
     * quasi-Newton update of delta(t) = s (y - f(t)) with the Jacobian of the end-point terms.
     */
    private void prediction(int t) {
        int l = depth;
        double[] b = bm[l], c = cm[l], g = gk[l];
        double[] r = new double[p];
        for (int mu = 0; mu < m; mu++) {
            int i = t * m + mu;
            double acc = 0;
            for (int j = 0; j <= t; j++) {
                double wj = w(j, 0, t) * cc[t * tp + j];
                if (wj != 0) {
                    double part = 0;
                    for (int al = 0; al < m; al++) {
                        part += phiAt(l - 1, t, mu, j, al) * b[t * n + j * m + al];
                    }
                    acc += wj * part;
                }
            }
            for (int k = 0; k <= t; k++) {
                acc += w(k, 0, t) * c[i * tp + k] * g[k * tp + t];
            }
            f[t * m + mu] = acc;
            if (mu < p) {
                r[mu] = lossScale * (y[mu] - acc) - dl[t * m + mu];
            }
        }
        if (t == 0) {
            for (int mu = 0; mu < p; mu++) {
                track(0, r[mu]);
                dl[mu] += r[mu];
            }
            return;
        }
        // J = s (h/2) beta [c Phi^{L-1}(t,t) + G^L(t,t) sum_{j<L} c^{L-1-j} Phi^j(t,t)] on train x train
        double ctt = cc[t * tp + t], gl = g[t * tp + t];
        double[][] jac = new double[p][p + 1];
        for (int mu = 0; mu < p; mu++) {
            for (int al = 0; al < p; al++) {
                double sum = 0, pw = 1;
                for (int j = depth - 1; j >= 0; j--) {
                    sum += pw * phiAt(j, t, mu, t, al);
                    pw *= ctt;
                }
                double v = ctt * phiAt(depth - 1, t, mu, t, al) + gl * sum;
                jac[mu][al] = (mu == al ? 1 : 0) + lossScale * half * beta * v;
            }
            jac[mu][p] = r[mu];
        }
        double[] step = SmallSystems.solveAugmented(jac, p);
        for (int mu = 0; mu < p; mu++) {
            track(0, step[mu]);
            dl[t * m + mu] += step[mu];
        }
    }
}
