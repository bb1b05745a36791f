package org.dln.symbolic.series;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An exact finite sum of terms c * t^a * s^b * exp(-(p t + r s)) with rational c, integer powers a, b >= 0 and integer
 * rates p, r (of any sign). A function of one time (t) has only terms with b = 0 and r = 0. Immutable; built
 * with {@link Builder}. This is the class of functions in which the perturbation series of a deep linear
 * network with one sample lives: every time integral of such a term is again a finite sum of such terms
 * (see {@link ExpPolyOps}).
 */
public final class ExpPoly {
    /** The monomial t^a s^b exp(-(p t + r s)). */
    public record Mono(int a, int b, long p, long r) {
        static final Comparator<Mono> ORDER = Comparator.comparingLong(Mono::p).thenComparingLong(Mono::r)
                .thenComparingInt(Mono::a).thenComparingInt(Mono::b);
    }

    public static final ExpPoly ZERO = new ExpPoly(Map.of());
    public static final ExpPoly ONE = constant(Rational.ONE);

    private final Map<Mono, Rational> terms;

    private ExpPoly(Map<Mono, Rational> terms) {
        this.terms = terms;
    }

    public static ExpPoly constant(Rational c) {
        return c.isZero() ? ZERO : new ExpPoly(Map.of(new Mono(0, 0, 0, 0), c));
    }

    /** The single term c t^a s^b exp(-(p t + r s)). */
    public static ExpPoly term(Rational c, int a, int b, long p, long r) {
        return c.isZero() ? ZERO : new ExpPoly(Map.of(new Mono(a, b, p, r), c));
    }

    /** The terms (unmodifiable). */
    public Map<Mono, Rational> terms() { return Collections.unmodifiableMap(terms); }

    /** The terms in a canonical order (by rates, then powers). */
    public List<Map.Entry<Mono, Rational>> sortedTerms() {
        List<Map.Entry<Mono, Rational>> l = new ArrayList<>(terms.entrySet());
        l.sort(Map.Entry.comparingByKey(Mono.ORDER));
        return l;
    }

    public int size() { return terms.size(); }

    public boolean isZero() { return terms.isEmpty(); }

    /** True if no term depends on s. */
    public boolean isOneTime() {
        for (Mono m : terms.keySet()) {
            if (m.b() != 0 || m.r() != 0) {
                return false;
            }
        }
        return true;
    }

    public ExpPoly add(ExpPoly o) {
        if (o.isZero()) {
            return this;
        }
        if (isZero()) {
            return o;
        }
        Builder b = new Builder();
        b.add(this);
        b.add(o);
        return b.build();
    }

    public ExpPoly subtract(ExpPoly o) { return add(o.scale(Rational.ONE.negate())); }

    public ExpPoly scale(Rational c) {
        if (c.isZero()) {
            return ZERO;
        }
        Map<Mono, Rational> m = new HashMap<>(terms.size() * 2);
        terms.forEach((k, v) -> m.put(k, v.multiply(c)));
        return new ExpPoly(m);
    }

    /** Pointwise product of two functions of (t, s). */
    public ExpPoly multiply(ExpPoly o) {
        Builder b = new Builder();
        for (Map.Entry<Mono, Rational> x : terms.entrySet()) {
            PerturbationSeries.checkInterrupted();
            Mono m = x.getKey();
            for (Map.Entry<Mono, Rational> y : o.terms.entrySet()) {
                Mono n = y.getKey();
                b.add(new Mono(m.a() + n.a(), m.b() + n.b(), m.p() + n.p(), m.r() + n.r()), x.getValue().multiply(y.getValue()));
            }
        }
        return b.build();
    }

    /** A one-time function d(t) read as a function of s: d(s). */
    public ExpPoly inS() {
        requireOneTime("inS");
        Map<Mono, Rational> m = new HashMap<>(terms.size() * 2);
        terms.forEach((k, v) -> m.put(new Mono(0, k.a(), 0, k.p()), v));
        return new ExpPoly(m);
    }

    /** The diagonal X(t, t) as a one-time function. */
    public ExpPoly diagonal() {
        Builder b = new Builder();
        terms.forEach((k, v) -> b.add(new Mono(k.a() + k.b(), 0, k.p() + k.r(), 0), v));
        return b.build();
    }

    /** d/dt of a one-time function. */
    public ExpPoly derivative() {
        requireOneTime("derivative");
        Builder b = new Builder();
        terms.forEach((k, v) -> {
            if (k.a() > 0) {
                b.add(new Mono(k.a() - 1, 0, k.p(), 0), v.multiply(k.a()));
            }
            if (k.p() != 0) {
                b.add(k, v.multiply(-k.p()));
            }
        });
        return b.build();
    }

    /** Value at t = 0 of a one-time function. */
    public Rational atZero() {
        requireOneTime("atZero");
        Rational c = Rational.ZERO;
        for (Map.Entry<Mono, Rational> e : terms.entrySet()) {
            if (e.getKey().a() == 0) {
                c = c.add(e.getValue());
            }
        }
        return c;
    }

    /**
     * The limit t -> infinity of a one-time function: the constant term. Throws if a term grows or does not
     * decay (positive power with zero rate, or a negative rate).
     */
    public Rational limitAtInfinity() {
        requireOneTime("limitAtInfinity");
        Rational c = Rational.ZERO;
        for (Map.Entry<Mono, Rational> e : terms.entrySet()) {
            Mono m = e.getKey();
            if (m.p() < 0 || (m.p() == 0 && m.a() > 0)) {
                throw new ArithmeticException("no finite limit at t -> infinity: term " + e.getValue() + " t^" + m.a() + " exp(" + (-m.p()) + " t)");
            }
            if (m.p() == 0) {
                c = c.add(e.getValue());
            }
        }
        return c;
    }

    /** Numerical value at (t, s). */
    public double value(double t, double s) {
        double v = 0;
        for (Map.Entry<Mono, Rational> e : terms.entrySet()) {
            Mono m = e.getKey();
            v += e.getValue().doubleValue() * Math.pow(t, m.a()) * Math.pow(s, m.b()) * Math.exp(-(m.p() * t + m.r() * s));
        }
        return v;
    }

    /** Numerical value at t of a one-time function. */
    public double value(double t) { return value(t, 0); }

    /** Largest power of t or s in any term. */
    public int maxPower() {
        int d = 0;
        for (Mono m : terms.keySet()) {
            d = Math.max(d, Math.max(m.a(), m.b()));
        }
        return d;
    }

    private void requireOneTime(String op) {
        if (!isOneTime()) {
            throw new IllegalStateException(op + " needs a function of t alone");
        }
    }

    @Override
    public boolean equals(Object o) { return o instanceof ExpPoly e && e.terms.equals(terms); }

    @Override
    public int hashCode() { return terms.hashCode(); }

    /** Symja / Mathematica input form in the variables t and s, e.g. "1/2*t^2*E^(-2*t)". */
    @Override
    public String toString() { return ExpressionFormat.symja(this); }

    /** Accumulates terms; not thread-safe. */
    public static final class Builder {
        private final HashMap<Mono, Rational> m = new HashMap<>();

        public Builder add(Mono k, Rational c) {
            if (!c.isZero()) {
                Rational old = m.get(k);
                Rational n = old == null ? c : old.add(c);
                if (n.isZero()) {
                    m.remove(k);
                } else {
                    m.put(k, n);
                }
            }
            return this;
        }

        public Builder add(ExpPoly e) {
            e.terms.forEach(this::add);
            return this;
        }

        public Builder add(ExpPoly e, Rational c) {
            if (!c.isZero()) {
                e.terms.forEach((k, v) -> add(k, v.multiply(c)));
            }
            return this;
        }

        public ExpPoly build() { return m.isEmpty() ? ZERO : new ExpPoly(new HashMap<>(m)); }
    }
}
