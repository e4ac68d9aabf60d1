package dev.embeddedcluster.resp;

import dev.embeddedcluster.util.DoubleText;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Formats doubles the way Redis 7.0 replies them: C's {@code %.17g}, with "inf", "-inf" and "nan". */
public final class RedisDoubles {
    private RedisDoubles() {
    }

    /**
     * A double as Redis writes one into a listpack or a scan reply (d2string): an integral value
     * within half the 64-bit range as an integer, anything else as {@link #format}.
     */
    public static String formatCompact(double value) {
        return DoubleText.compact(value);
    }

    public static String format(double value) {
        return DoubleText.g17(value);
    }

    /**
     * C's {@code %.Nf} of a double, digits exact as glibc prints them: the sign of negative values
     * (and of -0) kept even when the digits round to zero; "inf", "-inf" and "nan".
     */
    public static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        String digits = new BigDecimal(Math.abs(value)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return Double.doubleToRawLongBits(value) < 0 ? "-" + digits : digits;
    }

    /**
     * A double the way Redis replies a "human" long double (INCRBYFLOAT's results, GEOPOS's
     * coordinates): {@link #formatHuman(BigDecimal)} of its exact value; "inf", "-inf" and "nan".
     */
    public static String formatHuman(double value) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        return formatHuman(new BigDecimal(value));
    }

    /** "%.17Lf" with trailing zeros (and a bare point) removed, and "-0" written "0". */
    public static String formatHuman(BigDecimal value) {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        text = text.substring(0, end);
        return text.equals("-0") ? "0" : text;
    }

    /**
     * Redis's fixed-point text of a double with {@code decimals} digits after the point (GEODIST,
     * WITHDIST): the value times a power of ten, rounded half to even to an integer as llrint
     * does (NaN and what does not fit become x86's "integer indefinite", the lowest long), then
     * written with the point put back.
     */
    public static String fixedPoint(double value, int decimals) {
        double scaled = value * Math.pow(10, decimals);
        long units;
        if (value == 0) {
            units = 0;
        } else if (Double.isNaN(scaled) || scaled >= 0x1p63 || scaled < -0x1p63) {
            units = Long.MIN_VALUE;
        } else {
            units = (long) Math.rint(scaled);
        }
        return new BigDecimal(BigInteger.valueOf(units), decimals).toPlainString();
    }

    private static String nonFinite(double value) {
        return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
    }
}
