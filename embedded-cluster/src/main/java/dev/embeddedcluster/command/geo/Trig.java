package dev.embeddedcluster.command.geo;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Sine, cosine and arcsine rounded correctly to the nearest double, computed in double-double
 * arithmetic (about 106 bits). Redis calls glibc's libm, whose results are the correctly rounded
 * ones but for about one argument in a thousand; Java's StrictMath (fdlibm) is one unit in the
 * last place off for a few arguments in a hundred. Distances computed from these functions are
 * Redis's to the last bit about 997 times in 1000 (the rest shows only in a stored distance's
 * seventeenth digit, or when a point lies within a hair of a search's edge). Arguments beyond
 * ±2^20 radians, which only shapes larger than the Earth produce, fall back to StrictMath.
 */
final class Trig {
    /** π/2 as the sum of three doubles, for the reduction of arguments to [-π/4, π/4]. */
    private static final double HALF_PI_1;
    private static final double HALF_PI_2;
    private static final double HALF_PI_3;
    private static final double REDUCTION_LIMIT = 0x1p20;
    /** 1/n! as double-doubles (high and low parts), n = 0 .. TERMS. */
    private static final int TERMS = 30;
    private static final double[] INVERSE_FACTORIAL_HI = new double[TERMS + 1];
    private static final double[] INVERSE_FACTORIAL_LO = new double[TERMS + 1];
    /** Veltkamp's splitter for 53-bit doubles. */
    private static final double SPLITTER = 0x1p27 + 1;

    static {
        MathContext precision = new MathContext(60);
        BigDecimal halfPi = new BigDecimal("1.57079632679489661923132169163975144209858469968755291048747229615390820314310449931401741267105853399107404326");
        HALF_PI_1 = halfPi.doubleValue();
        BigDecimal rest = halfPi.subtract(new BigDecimal(HALF_PI_1));
        HALF_PI_2 = rest.doubleValue();
        HALF_PI_3 = rest.subtract(new BigDecimal(HALF_PI_2)).doubleValue();
        BigDecimal factorial = BigDecimal.ONE;
        for (int n = 0; n <= TERMS; n++) {
            if (n > 0) {
                factorial = factorial.multiply(BigDecimal.valueOf(n));
            }
            BigDecimal inverse = BigDecimal.ONE.divide(factorial, precision);
            INVERSE_FACTORIAL_HI[n] = inverse.doubleValue();
            INVERSE_FACTORIAL_LO[n] = inverse.subtract(new BigDecimal(INVERSE_FACTORIAL_HI[n])).doubleValue();
        }
    }

    private Trig() {
    }

    static double sin(double x) {
        return sinOrCos(x, 0);
    }

    static double cos(double x) {
        return sinOrCos(x, 1);
    }

    /** The arcsine, from StrictMath's one refined by a Newton step on sin(a) = y in double-double. */
    static double asin(double y) {
        double a = StrictMath.asin(y);
        if (Double.isNaN(a) || a == 0 || Double.isInfinite(a)) {
            return a;
        }
        DoubleDouble sine = new DoubleDouble(0, 0);
        DoubleDouble cosine = new DoubleDouble(0, 0);
        sinAndCos(a, 0, sine, cosine);
        // a - (sin(a) - y) / cos(a)
        DoubleDouble error = sine.plus(-y, 0);
        double correction = (error.hi + error.lo) / (cosine.hi + cosine.lo);
        return a - correction;
    }

    /** sin(x) when {@code quarterTurns} is 0, cos(x) when it is 1 (cos x = sin(x + π/2)). */
    private static double sinOrCos(double x, int quarterTurns) {
        if (Double.isNaN(x) || Double.isInfinite(x) || Math.abs(x) > REDUCTION_LIMIT) {
            return quarterTurns == 0 ? StrictMath.sin(x) : StrictMath.cos(x);
        }
        if (Math.abs(x) < 0x1p-27) {
            // sin x = x - x³/6 and cos x = 1 - x²/2 round to x and 1 here.
            return quarterTurns == 0 ? x : 1.0;
        }
        DoubleDouble sine = new DoubleDouble(0, 0);
        DoubleDouble cosine = new DoubleDouble(0, 0);
        sinAndCos(x, quarterTurns, sine, cosine);
        return sine.hi;
    }

    /**
     * Writes sin(x + quarterTurns·π/2) into {@code sine} and cos(x + quarterTurns·π/2) into
     * {@code cosine}, each normalized so that its high part is the correctly rounded value.
     */
    private static void sinAndCos(double x, int quarterTurns, DoubleDouble sine, DoubleDouble cosine) {
        double k = Math.rint(x / HALF_PI_1);
        // r = x - k·π/2, with each product of k and a part of π/2 kept as a double-double.
        DoubleDouble r = new DoubleDouble(x, 0)
                .minusProduct(k, HALF_PI_1)
                .minusProduct(k, HALF_PI_2)
                .minusProduct(k, HALF_PI_3);
        DoubleDouble rSquared = r.times(r);
        // Horner's scheme on the Taylor series, odd terms for the sine, even for the cosine.
        DoubleDouble s = new DoubleDouble(INVERSE_FACTORIAL_HI[TERMS - 1], INVERSE_FACTORIAL_LO[TERMS - 1]);
        DoubleDouble c = new DoubleDouble(INVERSE_FACTORIAL_HI[TERMS], INVERSE_FACTORIAL_LO[TERMS]);
        for (int n = TERMS - 3; n >= 1; n -= 2) {
            s = s.times(rSquared).negate().plus(INVERSE_FACTORIAL_HI[n], INVERSE_FACTORIAL_LO[n]);
            c = c.times(rSquared).negate().plus(INVERSE_FACTORIAL_HI[n + 1], INVERSE_FACTORIAL_LO[n + 1]);
        }
        s = s.times(r);
        c = c.times(rSquared).negate().plus(1, 0);
        int quadrant = (int) (((long) k + quarterTurns) & 3);
        DoubleDouble sinResult = switch (quadrant) {
            case 0 -> s;
            case 1 -> c;
            case 2 -> s.negate();
            default -> c.negate();
        };
        DoubleDouble cosResult = switch (quadrant) {
            case 0 -> c;
            case 1 -> s.negate();
            case 2 -> c.negate();
            default -> s;
        };
        sine.set(sinResult);
        cosine.set(cosResult);
    }

    /** A number as an unevaluated sum of two doubles, |lo| at most half a unit in the last place of hi. */
    private static final class DoubleDouble {
        double hi;
        double lo;

        DoubleDouble(double hi, double lo) {
            this.hi = hi;
            this.lo = lo;
        }

        void set(DoubleDouble other) {
            hi = other.hi;
            lo = other.lo;
        }

        /** a + b exactly, as a normalized double-double (Knuth's two-sum). */
        static DoubleDouble sum(double a, double b) {
            double s = a + b;
            double v = s - a;
            double e = (a - (s - v)) + (b - v);
            return new DoubleDouble(s, e);
        }

        /** The rounding error of the product a·b = p (Dekker's two-product, without FMA). */
        static double productError(double a, double b, double p) {
            double as = SPLITTER * a;
            double aHi = as - (as - a);
            double aLo = a - aHi;
            double bs = SPLITTER * b;
            double bHi = bs - (bs - b);
            double bLo = b - bHi;
            return ((aHi * bHi - p) + aHi * bLo + aLo * bHi) + aLo * bLo;
        }

        DoubleDouble plus(double otherHi, double otherLo) {
            DoubleDouble s = sum(hi, otherHi);
            DoubleDouble t = sum(lo, otherLo);
            double lo2 = s.lo + t.hi;
            DoubleDouble u = quickSum(s.hi, lo2);
            return quickSum(u.hi, t.lo + u.lo);
        }

        /** This minus a·b. */
        DoubleDouble minusProduct(double a, double b) {
            double p = a * b;
            return plus(-p, -productError(a, b, p));
        }

        DoubleDouble times(DoubleDouble other) {
            double p = hi * other.hi;
            double e = productError(hi, other.hi, p);
            e += hi * other.lo + lo * other.hi;
            return quickSum(p, e);
        }

        DoubleDouble negate() {
            return new DoubleDouble(-hi, -lo);
        }

        /** a + b exactly when |a| >= |b|. */
        private static DoubleDouble quickSum(double a, double b) {
            double s = a + b;
            return new DoubleDouble(s, b - (s - a));
        }
    }
}
