package org.dln.symbolic.series;

import java.math.BigInteger;

/**
 * An exact rational number num/den with BigInteger parts, always in lowest terms with den > 0. Immutable.
 */
public final class Rational implements Comparable<Rational> {
    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    private final BigInteger num;
    private final BigInteger den;

    private Rational(BigInteger num, BigInteger den) {
        this.num = num;
        this.den = den;
    }

    /** num/den reduced to lowest terms; den must not be zero. */
    public static Rational of(BigInteger num, BigInteger den) {
        if (den.signum() == 0) {
            throw new ArithmeticException("zero denominator");
        }
        if (num.signum() == 0) {
            return ZERO;
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (!g.equals(BigInteger.ONE)) {
            num = num.divide(g);
            den = den.divide(g);
        }
        return new Rational(num, den);
    }

    public static Rational of(long num, long den) {
        return of(BigInteger.valueOf(num), BigInteger.valueOf(den));
    }

    public static Rational of(long n) {
        return n == 0 ? ZERO : n == 1 ? ONE : new Rational(BigInteger.valueOf(n), BigInteger.ONE);
    }

    /** Parses "p/q" or "p". */
    public static Rational parse(String s) {
        int i = s.indexOf('/');
        return i < 0 ? of(new BigInteger(s.trim()), BigInteger.ONE)
                : of(new BigInteger(s.substring(0, i).trim()), new BigInteger(s.substring(i + 1).trim()));
    }

    public BigInteger numerator() { return num; }

    public BigInteger denominator() { return den; }

    public int signum() { return num.signum(); }

    public boolean isZero() { return num.signum() == 0; }

    public Rational add(Rational o) {
        if (o.isZero()) {
            return this;
        }
        if (isZero()) {
            return o;
        }
        if (den.equals(o.den)) {
            return of(num.add(o.num), den);
        }
        return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    public Rational subtract(Rational o) { return add(o.negate()); }

    public Rational negate() { return isZero() ? this : new Rational(num.negate(), den); }

    public Rational multiply(Rational o) {
        if (isZero() || o.isZero()) {
            return ZERO;
        }
        return of(num.multiply(o.num), den.multiply(o.den));
    }

    public Rational multiply(long k) { return multiply(of(k)); }

    public Rational divide(Rational o) {
        if (o.isZero()) {
            throw new ArithmeticException("division by zero");
        }
        return of(num.multiply(o.den), den.multiply(o.num));
    }

    public Rational divide(long k) { return divide(of(k)); }

    public Rational pow(int e) {
        if (e < 0) {
            return ONE.divide(this).pow(-e);
        }
        return of(num.pow(e), den.pow(e));
    }

    public double doubleValue() {
        // exact enough for reporting: BigDecimal division to 20 digits
        return new java.math.BigDecimal(num).divide(new java.math.BigDecimal(den), java.math.MathContext.DECIMAL64).doubleValue();
    }

    public boolean isInteger() { return den.equals(BigInteger.ONE); }

    @Override
    public int compareTo(Rational o) { return num.multiply(o.den).compareTo(o.num.multiply(den)); }

    @Override
    public boolean equals(Object o) { return o instanceof Rational r && r.num.equals(num) && r.den.equals(den); }

    @Override
    public int hashCode() { return num.hashCode() * 31 + den.hashCode(); }

    /** "p/q" or "p" (Symja and Mathematica read this form). */
    @Override
    public String toString() { return isInteger() ? num.toString() : num + "/" + den; }
}
