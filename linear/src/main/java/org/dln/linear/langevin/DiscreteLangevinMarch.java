package org.dln.linear.langevin;

/**
 * The exact infinite-width DMFT of discrete-time Langevin training of a deep linear network, marched in time
 * (theory.md 12.5). Every weight follows theta_{k+1} = rho theta_k + a (-grad E(theta_k)) + s xi_k, theta_0 ~ N(0, sigma0^2):
 * the Gaussian part of each weight matrix has entry autocorrelation c_ts = rho^{|t-s|} m_{min(t,s)}, m_k its variance,
 * and the gradient part enters with Q_ts = beta a rho^{t-1-s} (s &lt; t). With the layer operators (n = M T, i = (t, mu))
 * <pre>
 *   C^l = c o A^{l-1} + (Phi^{l-1} o Q) diag(delta),   D^l = c o B^l + (G^{l+1} o Q) diag(delta),
 *   N_l = (I - gamma0^2 D^l C^l)^{-1},   A^l = C^l N_l,   B^{l-1} = N_l D^l,   Su = c o Phi^{l-1},   Sr = c o G^{l+1},
 *   G^l   = N_l Sr N_l^T + gamma0^2 B^{l-1} Su B^{l-1}^T,
 *   Phi^l = Su + gamma0^2 [C^l (B^{l-1} Su) + (B^{l-1} Su)^T C^l^T + C^l G^l C^l^T],
 *   f(t)  = [Su B^{L-1}^T + C^L G^L]_{(t,mu), t},          delta = s (y - f) on train inputs, 0 on test inputs,
 * </pre>
 * (the Woodbury form of section 3's M_l, N_l). Everything is strictly causal: at time row t the downward chain
 * (D, N, B, G for l = L..1) needs only earlier rows of the upward chain, and the upward chain (C, A, Phi for l = 1..L)
 * then uses row t of the downward one, so the march is explicit, O(M^2 T^3) per layer. rho = 1 - eta lambda, a = eta,
 * s = 0 is gradient descent with weight decay (section 8); rho = e^{-lambda h}, a = (1 - rho) / lambda,
 * s^2 = (T / lambda)(1 - rho^2) is the exponential-Euler Langevin sampler (its continuous limit is section 12).
 */
final class DiscreteLangevinMarch extends LangevinMarchArrays {

    /**
     * @param kJoint    Gram matrix over the M = P + Q inputs (train first)
     * @param y         train targets (P)
     * @param lossScale s (1 or 1/P)
     * @param depth     L
     * @param gamma0    feature-learning strength
     * @param beta      likelihood factor
     * @param tp        number of time points T (t = 0..T-1)
     * @param rho       per-step decay
     * @param a         gradient step
     * @param noiseVar  per-step noise variance s^2
     * @param sigma02   initial variance
     */
    DiscreteLangevinMarch(double[][] kJoint, double[] y, double lossScale, int depth, double gamma0, double beta, int tp,
                          double rho, double a, double noiseVar, double sigma02) {
        super(kJoint, y, lossScale, depth, gamma0, tp);
        double[] var = new double[tp];
        double v = sigma02;
        for (int k = 0; k < tp; k++) {
            var[k] = v;
            v = rho * rho * v + noiseVar;
        }
        for (int t = 0; t < tp; t++) {
            for (int s = 0; s <= t; s++) {
                double c = Math.pow(rho, t - s) * var[s];
                cc[t * tp + s] = c;
                cc[s * tp + t] = c;
                if (s < t) {
                    qq[t * tp + s] = beta * a * Math.pow(rho, t - 1 - s);
                }
            }
        }
    }

    /** Marches all T time rows. */
    void run() {
        for (int t = 0; t < tp; t++) {
            for (int l = depth; l >= 1; l--) {
                downward(l, t);
            }
            for (int l = 1; l <= depth; l++) {
                upward(l, t);
            }
            prediction(t);
        }
    }

    /** Row t of D^l, D^l C^l, N_l, B^{l-1} = N D, the row of B Su for earlier columns, Z = Sr N^T, G^l. */
    private void downward(int l, int t) {
        double[] d = dm[l], b = bm[l], nl = nm[l], z = zm[l], g = gk[l], gUp = gk[l + 1], x = xm[l], dcl = dc[l], c = cm[l];
        double[] bUp = l < depth ? bm[l + 1] : null;
        int row = t * n;
        for (int k = 0; k < t; k++) {
            double ct = cc[t * tp + k], q = qq[t * tp + k] * gUp[t * tp + k];
            for (int al = 0; al < m; al++) {
                int j = k * m + al;
                d[row + j] = (bUp == null ? 0 : ct * bUp[row + j]) + q * dl[k * m + al];
            }
        }
        // (D C)(t, s) = sum_{(k, al)} D(t, (k, al)) C((k, al), s), s < k < t (rows of C, contiguous)
        java.util.Arrays.fill(dcl, t * tp, t * tp + tp, 0.0);
        for (int k = 1; k < t; k++) {
            for (int al = 0; al < m; al++) {
                double w = d[row + k * m + al];
                if (w != 0) {
                    int cr = (k * m + al) * tp;
                    for (int s = 0; s < k; s++) {
                        dcl[t * tp + s] += w * c[cr + s];
                    }
                }
            }
        }
        // N(t, s) = [s == t] + g2 sum_{s <= k < t} DC(t,k) N(k,s)
        nl[t * tp + t] = 1.0;
        for (int s = 0; s < t; s++) {
            double acc = 0;
            for (int k = s; k < t; k++) {
                acc += dcl[t * tp + k] * nl[k * tp + s];
            }
            nl[t * tp + s] = g2 * acc;
        }
        // B(t, j) = sum_{a <= t} N(t,a) D(a, j)   (D(a, j) = 0 unless time(j) < a; rows of D, contiguous)
        java.util.Arrays.fill(b, row, row + n, 0.0);
        for (int a2 = 1; a2 <= t; a2++) {
            double w = nl[t * tp + a2];
            if (w != 0) {
                int dr = a2 * n;
                for (int j = 0; j < a2 * m; j++) {
                    b[row + j] += w * d[dr + j];
                }
            }
        }
        // X(t, (j, al)) = sum_{(i, be), i < t} B(t, (i, be)) c_ij Phi^{l-1}((i, be), (j, al)), for j < t
        java.util.Arrays.fill(x, row, row + n, 0.0);
        for (int i = 0; i < t; i++) {
            java.util.Arrays.fill(rowBuf, 0, t * m, 0.0);
            boolean any = false;
            for (int be = 0; be < m; be++) {
                double bv = b[row + i * m + be];
                if (bv != 0) {
                    any = true;
                    addPhiRow(l - 1, i, be, bv, t, rowBuf);
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
        // Z(a, s) = sum_{b <= s} Sr(a, b) N(s, b): new entries Z(t, s <= t) and Z(a < t, t); Sr = c o G^{l+1}
        for (int s = 0; s <= t; s++) {
            double acc = 0;
            for (int b2 = 0; b2 <= s; b2++) {
                acc += cc[t * tp + b2] * gUp[t * tp + b2] * nl[s * tp + b2];
            }
            z[t * tp + s] = acc;
        }
        for (int a2 = 0; a2 < t; a2++) {
            double acc = 0;
            for (int b2 = 0; b2 <= t; b2++) {
                acc += cc[a2 * tp + b2] * gUp[a2 * tp + b2] * nl[t * tp + b2];
            }
            z[a2 * tp + t] = acc;
        }
        // G(t, s) = sum_{a <= t} N(t,a) Z(a,s) + g2 sum_j X(t, j) B(s, j), s <= t
        for (int s = 0; s <= t; s++) {
            double acc = 0;
            for (int a2 = 0; a2 <= t; a2++) {
                acc += nl[t * tp + a2] * z[a2 * tp + s];
            }
            double acc2 = 0;
            for (int j = 0; j < s * m; j++) {
                acc2 += x[row + j] * b[s * n + j];
            }
            double gv = acc + g2 * acc2;
            g[t * tp + s] = gv;
            g[s * tp + t] = gv;
        }
    }

    /** Row t of C^l, A^l = C N, the column t of B Su, Phi^l. */
    private void upward(int l, int t) {
        double[] c = cm[l], a = am[l], nl = nm[l], x = xm[l], b = bm[l], g = gk[l], ph = phi[l];
        for (int mu = 0; mu < m; mu++) {
            int i = t * m + mu;
            for (int s = 0; s < t; s++) {
                double acc = cEntry(l, t, mu, s);
                c[i * tp + s] = acc;
            }
            java.util.Arrays.fill(a, i * tp, i * tp + tp, 0.0);
            for (int k = 0; k < t; k++) {
                double w = c[i * tp + k];
                if (w != 0) {
                    for (int s = 0; s <= k; s++) {
                        a[i * tp + s] += w * nl[k * tp + s];
                    }
                }
            }
        }
        // X(k, (t, nu)) for k <= t: sum_{(j, al), j < k} B(k, (j, al)) c_jt Phi^{l-1}((t, nu), (j, al)) (rows of B)
        for (int nu = 0; nu < m; nu++) {
            java.util.Arrays.fill(rowBuf, 0, t * m, 0.0);
            addPhiRow(l - 1, t, nu, 1.0, t, rowBuf);
            for (int j = 0; j < t; j++) {
                double cjt = cc[j * tp + t];
                for (int al = 0; al < m; al++) {
                    rowBuf[j * m + al] *= cjt;
                }
            }
            for (int k = 0; k <= t; k++) {
                double acc = 0;
                int br = k * n;
                for (int j = 0; j < k * m; j++) {
                    acc += b[br + j] * rowBuf[j];
                }
                x[k * n + t * m + nu] = acc;
            }
        }
        // Phi^l((t, mu), (s, nu)), s <= t
        int cols = (t + 1) * m;
        for (int mu = 0; mu < m; mu++) {
            int i = t * m + mu;
            java.util.Arrays.fill(yRow, 0.0);
            java.util.Arrays.fill(rowBuf, 0, cols, 0.0);
            for (int k = 0; k < t; k++) {
                double w = c[i * tp + k];
                if (w != 0) {
                    for (int k2 = 0; k2 < t; k2++) {
                        yRow[k2] += w * g[k * tp + k2];
                    }
                    int xr = k * n;
                    for (int j = 0; j < cols; j++) {
                        rowBuf[j] += w * x[xr + j];
                    }
                }
            }
            for (int k = 0; k < t; k++) {
                uRow[k] = x[k * n + i] + yRow[k];
            }
            for (int s = 0; s <= t; s++) {
                for (int nu = 0; nu < m; nu++) {
                    int j = s * m + nu;
                    double acc = rowBuf[j];
                    int cr = j * tp;
                    for (int k = 0; k < s; k++) {
                        acc += uRow[k] * c[cr + k];
                    }
                    double v = cc[t * tp + s] * phiAt(l - 1, t, mu, s, nu) + g2 * acc;
                    ph[i * n + j] = v;
                    ph[j * n + i] = v;
                }
            }
        }
    }

    /** f(t, mu) = sum_j Su((t,mu), j) B^{L-1}(t, j) + sum_k C^L((t,mu), k) G^L(k, t); delta(t). */
    private void prediction(int t) {
        int l = depth;
        double[] b = bm[l], c = cm[l], g = gk[l];
        for (int mu = 0; mu < m; mu++) {
            int i = t * m + mu;
            double acc = 0;
            for (int j = 0; j < t; j++) {
                double ctj = cc[t * tp + j];
                for (int al = 0; al < m; al++) {
                    acc += ctj * phiAt(l - 1, t, mu, j, al) * b[t * n + j * m + al];
                }
            }
            for (int k = 0; k < t; k++) {
                acc += c[i * tp + k] * g[k * tp + t];
            }
            f[t * m + mu] = acc;
            dl[t * m + mu] = mu < p ? lossScale * (y[mu] - acc) : 0.0;
        }
    }
}
