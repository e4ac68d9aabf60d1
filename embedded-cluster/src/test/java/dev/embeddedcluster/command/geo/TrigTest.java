package dev.embeddedcluster.command.geo;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Trig's results are the correctly rounded ones, checked against 60-digit Taylor series. */
class TrigTest {
    private static final MathContext DIGITS = new MathContext(60);

    /** sin(x) or cos(x) of an exact value, to 60 digits, for |x| up to a few units. */
    private static BigDecimal series(BigDecimal x, boolean sine) {
        BigDecimal xSquared = x.multiply(x, DIGITS);
        BigDecimal term = sine ? x : BigDecimal.ONE;
        BigDecimal sum = term;
        for (int n = sine ? 1 : 0; term.abs().compareTo(new BigDecimal("1e-70")) > 0; n += 2) {
            term = term.multiply(xSquared, DIGITS).divide(BigDecimal.valueOf((long) (n + 1) * (n + 2)), DIGITS).negate();
            sum = sum.add(term, DIGITS);
        }
        return sum;
    }

    /** The points halfway to the doubles below and above a value: what rounds to it lies between. */
    private static BigDecimal[] roundingInterval(double value) {
        BigDecimal two = BigDecimal.valueOf(2);
        BigDecimal exact = new BigDecimal(value);
        return new BigDecimal[] {exact.add(new BigDecimal(Math.nextDown(value))).divide(two),
                exact.add(new BigDecimal(Math.nextUp(value))).divide(two)};
    }

    private static boolean isNearest(double candidate, BigDecimal exact) {
        BigDecimal[] interval = roundingInterval(candidate);
        return exact.compareTo(interval[0]) >= 0 && exact.compareTo(interval[1]) <= 0;
    }

    @Test
    void sineAndCosineAreCorrectlyRounded() {
        Random random = new Random(17);
        for (int i = 0; i < 3000; i++) {
            double x = (random.nextBoolean() ? -1 : 1) * Math.pow(10, -8 + random.nextDouble() * 8.6);
            assertThat(isNearest(Trig.sin(x), series(new BigDecimal(x), true))).as("sin(%s)", x).isTrue();
            assertThat(isNearest(Trig.cos(x), series(new BigDecimal(x), false))).as("cos(%s)", x).isTrue();
        }
    }

    @Test
    void arcsineIsCorrectlyRounded() {
        Random random = new Random(19);
        for (int i = 0; i < 3000; i++) {
            double y = i % 2 == 0 ? random.nextDouble() : Math.pow(10, -8 + random.nextDouble() * 8);
            double a = Trig.asin(y);
            // sin increases here: y must lie between the sines of the ends of a's rounding interval.
            BigDecimal[] interval = roundingInterval(a);
            BigDecimal exactY = new BigDecimal(y);
            assertThat(series(interval[0], true).compareTo(exactY) <= 0 && series(interval[1], true).compareTo(exactY) >= 0)
                    .as("asin(%s) = %s", y, a).isTrue();
        }
    }

    @Test
    void edgeValues() {
        assertThat(Trig.sin(0.0)).isEqualTo(0.0);
        assertThat(Trig.sin(-0.0)).isEqualTo(-0.0);
        assertThat(Trig.cos(0.0)).isEqualTo(1.0);
        assertThat(Trig.asin(1.0)).isEqualTo(Math.PI / 2);
        assertThat(Trig.asin(0.0)).isEqualTo(0.0);
        assertThat(Trig.asin(Math.nextUp(1.0))).isNaN();
        assertThat(Trig.cos(Double.POSITIVE_INFINITY)).isNaN();
        assertThat(Trig.sin(1e300)).isEqualTo(StrictMath.sin(1e300));
    }
}
