package dev.embeddedcluster.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Formats doubles the way Redis 7.0 replies them: C's {@code %.17g}, with "inf", "-inf" and "nan". */
public final class RedisDoubles {
    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);

    private RedisDoubles() {
    }

    /**
     * A double as Redis writes one into a listpack or a scan reply (d2string): an integral value
     * within half the 64-bit range as an integer, anything else as {@link #format}.
     */
    public static String formatCompact(double value) {
        if (value != 0 && value >= -(double) (Long.MAX_VALUE / 2) && value <= (double) (Long.MAX_VALUE / 2)
                && (double) (long) value == value) {
            return Long.toString((long) value);
        }
        return format(value);
    }

    public static String format(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(SEVENTEEN_DIGITS);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.toPlainString();
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return m + "e" + sign + (abs < 10 ? "0" + abs : Integer.toString(abs));
        }
        String plain = rounded.stripTrailingZeros().toPlainString();
        return plain;
    }
}
