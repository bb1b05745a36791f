package org.dln.symbolic.series;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dln.symbolic.series.ExpPoly.Mono;

/**
 * Exact integrals and kernel products in the {@link ExpPoly} class. Kernels are functions X(t, s) of two times of two
 * kinds (theory.md section 3 in continuous time, one sample):
 * <ul>
 * <li>Volterra kernels (C, D, A, B, M - I, N - I): the formula holds for s &lt; t; the kernel vanishes for s &gt; t;</li>
 * <li>full kernels (Phi, G): one formula for all t, s.</li>
 * </ul>
 * Operator products (X Y)(t, s) = Int X(t, u) Y(u, s) du then restrict the range of u:
 * Volterra x Volterra: u in [s, t] (Volterra); Volterra x full: u in [0, t] (full); full x Volterra^T: u in [0, s] (full).
 */
public final class ExpPolyOps {
    private ExpPolyOps() { }

    /** One term d u^e of an antiderivative d u^e exp(-k u). */
    record AntiTerm(Rational d, int e) { }

    private record AntiKey(int n, long k) { }

    private static final Map<AntiKey, List<AntiTerm>> CACHE = new ConcurrentHashMap<>();

    /**
     * An antiderivative of u^n exp(-k u), as the list of d_j u^{e_j} whose sum times exp(-k u) it is.
     * k = 0: u^{n+1}/(n+1). k != 0: -exp(-k u) sum_{j=0..n} n!/(n-j)! u^{n-j} / k^{j+1}.
     */
    static List<AntiTerm> antiderivative(int n, long k) {
        return CACHE.computeIfAbsent(new AntiKey(n, k), key -> {
            if (k == 0) {
                return List.of(new AntiTerm(Rational.of(1, n + 1), n + 1));
            }
            AntiTerm[] out = new AntiTerm[n + 1];
            Rational falling = Rational.ONE; // n!/(n-j)!
            Rational kk = Rational.of(k);
            Rational kpow = kk; // k^{j+1}
            for (int j = 0; j <= n; j++) {
                out[j] = new AntiTerm(falling.divide(kpow).negate(), n - j);
                falling = falling.multiply(n - j);
                kpow = kpow.multiply(kk);
            }
            return List.of(out);
        });
    }

    /** Int_lo^hi u^n exp(-k u) du as an ExpPoly in t, for lo = 0 and hi = t. */
    public static ExpPoly integralFromZero(int n, long k) {
        ExpPoly.Builder b = new ExpPoly.Builder();
        for (AntiTerm a : antiderivative(n, k)) {
            b.add(new Mono(a.e(), 0, k, 0), a.d());
            if (a.e() == 0) {
                b.add(new Mono(0, 0, 0, 0), a.d().negate());
            }
        }
        return b.build();
    }

    /** Int_0^t x(u) du of a one-time function. */
    public static ExpPoly integrate(ExpPoly x) {
        ExpPoly.Builder b = new ExpPoly.Builder();
        x.terms().forEach((m, c) -> b.add(integralFromZero(m.a(), m.p()), c));
        return b.build();
    }

    /**
     * The solution of x' = -lambda x + h(t), x(0) = x0: x(t) = x0 e^{-lambda t} + Int_0^t e^{-lambda (t - s)} h(s) ds.
     */
    public static ExpPoly solveLinearOde(long lambda, ExpPoly h, Rational x0) {
        ExpPoly.Builder b = new ExpPoly.Builder();
        b.add(new Mono(0, 0, lambda, 0), x0);
        h.terms().forEach((m, c) -> {
            // e^{-lambda t} Int_0^t s^a e^{-(p - lambda) s} ds
            ExpPoly i = integralFromZero(m.a(), m.p() - lambda);
            i.terms().forEach((mi, ci) -> b.add(new Mono(mi.a(), 0, mi.p() + lambda, 0), ci.multiply(c)));
        });
        return b.build();
    }

    /** X(t, s) d(s) for a kernel X and a one-time function d. */
    public static ExpPoly timesOfS(ExpPoly x, ExpPoly d) {
        return x.multiply(d.inS());
    }

    /** (X Y)(t, s) = Int_s^t X(t, u) Y(u, s) du for two Volterra kernels. */
    public static ExpPoly volterraVolterra(ExpPoly x, ExpPoly y) {
        ExpPoly.Builder b = new ExpPoly.Builder();
        for (Map.Entry<Mono, Rational> ex : x.terms().entrySet()) {
            PerturbationSeries.checkInterrupted();
            Mono m1 = ex.getKey();
            for (Map.Entry<Mono, Rational> ey : y.terms().entrySet()) {
                Mono m2 = ey.getKey();
                Rational c = ex.getValue().multiply(ey.getValue());
                long k = m1.r() + m2.p();
                for (AntiTerm a : antiderivative(m1.b() + m2.a(), k)) {
                    Rational cd = c.multiply(a.d());
                    b.add(new Mono(m1.a() + a.e(), m2.b(), m1.p() + k, m2.r()), cd);
                    b.add(new Mono(m1.a(), m2.b() + a.e(), m1.p(), m2.r() + k), cd.negate());
                }
            }
        }
        return b.build();
    }

    /** (X F)(t, s) = Int_0^t X(t, u) F(u, s) du for a Volterra kernel X and a full kernel F. */
    public static ExpPoly volterraFull(ExpPoly x, ExpPoly f) {
        ExpPoly.Builder b = new ExpPoly.Builder();
        for (Map.Entry<Mono, Rational> ex : x.terms().entrySet()) {
            PerturbationSeries.checkInterrupted();
            Mono m1 = ex.getKey();
            for (Map.Entry<Mono, Rational> ef : f.terms().entrySet()) {
                Mono m2 = ef.getKey();
                Rational c = ex.getValue().multiply(ef.getValue());
                long k = m1.r() + m2.p();
                for (AntiTerm a : antiderivative(m1.b() + m2.a(), k)) {
                    Rational cd = c.multiply(a.d());
                    b.add(new Mono(m1.a() + a.e(), m2.b(), m1.p() + k, m2.r()), cd);
                    if (a.e() == 0) {
                        b.add(new Mono(m1.a(), m2.b(), m1.p(), m2.r()), cd.negate());
                    }
                }
            }
        }
        return b.build();
    }

    /** (F X^T)(t, s) = Int_0^s F(t, v) X(s, v) dv for a full kernel F and a Volterra kernel X. */
    public static ExpPoly fullVolterraT(ExpPoly f, ExpPoly x) {
        ExpPoly.Builder b = new ExpPoly.Builder();
        for (Map.Entry<Mono, Rational> ef : f.terms().entrySet()) {
            PerturbationSeries.checkInterrupted();
            Mono m1 = ef.getKey();
            for (Map.Entry<Mono, Rational> ex : x.terms().entrySet()) {
                Mono m2 = ex.getKey();
                Rational c = ef.getValue().multiply(ex.getValue());
                long k = m1.r() + m2.r();
                for (AntiTerm a : antiderivative(m1.b() + m2.b(), k)) {
                    Rational cd = c.multiply(a.d());
                    b.add(new Mono(m1.a(), m2.a() + a.e(), m1.p(), m2.p() + k), cd);
                    if (a.e() == 0) {
                        b.add(new Mono(m1.a(), m2.a(), m1.p(), m2.p()), cd.negate());
                    }
                }
            }
        }
        return b.build();
    }
}
