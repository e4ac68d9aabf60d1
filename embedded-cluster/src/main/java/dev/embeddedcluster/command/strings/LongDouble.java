package dev.embeddedcluster.command.strings;

import dev.embeddedcluster.resp.RedisDoubles;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * The x87 80-bit long double INCRBYFLOAT computes with, emulated exactly: every value is the
 * nearest number with a 64-bit binary mantissa, kept as an exact BigDecimal, so sums and their
 * "%.17Lf" text come out as Redis's do (10000000000 + 0.1 = 10000000000.09999999962747097).
 */
public final class LongDouble {
    private static final int MANTISSA_BITS = 64;
    private static final int MAX_BINARY_EXPONENT = 16383;
    private static final BigInteger TWO_POW_63 = BigInteger.ONE.shiftLeft(MANTISSA_BITS - 1);
    private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(MANTISSA_BITS);

    private LongDouble() {
    }

    /**
     * Parses like Redis's string2ld (strtold, no surrounding blanks, no NaN, no overflow or
     * underflow): decimal or hexadecimal notation; null when not a valid float. Infinity parses
     * and is returned as null too but flagged through {@link #isInfinityText}.
     */
    static BigDecimal parse(String text) {
        if (text.isEmpty() || text.length() >= 5 * 1024 || Character.isWhitespace(text.charAt(0))) {
            return null;
        }
        String t = text.toLowerCase(Locale.ROOT);
        try {
            BigDecimal exact = isHex(t) ? parseHex(t) : parseDecimal(t);
            return exact == null ? null : round(exact);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** "inf", "-infinity" and the like: strtold's infinities, which INCRBYFLOAT rejects as a result. */
    static boolean isInfinityText(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        return t.equals("inf") || t.equals("infinity");
    }

    private static boolean isHex(String t) {
        int i = t.startsWith("+") || t.startsWith("-") ? 1 : 0;
        return t.startsWith("0x", i);
    }

    private static BigDecimal parseDecimal(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != '+' && c != '-') {
                return null;
            }
        }
        return new BigDecimal(t);
    }

    private static BigDecimal parseHex(String t) {
        boolean negative = t.startsWith("-");
        int i = t.startsWith("+") || negative ? 3 : 2;
        int p = t.indexOf('p');
        String mantissa = p < 0 ? t.substring(i) : t.substring(i, p);
        int exponent = p < 0 ? 0 : Integer.parseInt(t.substring(p + 1));
        int dot = mantissa.indexOf('.');
        String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        if (digits.isEmpty()) {
            return null;
        }
        int fractionDigits = dot < 0 ? 0 : mantissa.length() - dot - 1;
        BigInteger value = new BigInteger(digits, 16);
        BigDecimal exact = scaleByPowerOfTwo(value, exponent - 4 * fractionDigits);
        return negative ? exact.negate() : exact;
    }

    /** The nearest value with a 64-bit mantissa (ties to even). */
    static BigDecimal round(BigDecimal exact) {
        if (exact.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigInteger numerator = exact.unscaledValue().abs();
        BigInteger denominator = BigInteger.ONE;
        if (exact.scale() > 0) {
            denominator = BigInteger.TEN.pow(exact.scale());
        } else if (exact.scale() < 0) {
            numerator = numerator.multiply(BigInteger.TEN.pow(-exact.scale()));
        }
        int shift = numerator.bitLength() - denominator.bitLength() - MANTISSA_BITS;
        BigInteger[] qr;
        while (true) {
            BigInteger num = shift < 0 ? numerator.shiftLeft(-shift) : numerator;
            BigInteger den = shift > 0 ? denominator.shiftLeft(shift) : denominator;
            qr = num.divideAndRemainder(den);
            if (qr[0].compareTo(TWO_POW_64) >= 0) {
                shift++;
            } else if (qr[0].compareTo(TWO_POW_63) < 0) {
                shift--;
            } else {
                int half = qr[1].shiftLeft(1).compareTo(den);
                if (half > 0 || (half == 0 && qr[0].testBit(0))) {
                    qr[0] = qr[0].add(BigInteger.ONE);
                    if (qr[0].equals(TWO_POW_64)) {
                        qr[0] = TWO_POW_63;
                        shift++;
                    }
                }
                break;
            }
        }
        if (shift + MANTISSA_BITS - 1 > MAX_BINARY_EXPONENT) {
            throw new ArithmeticException("long double overflow");
        }
        if (shift + MANTISSA_BITS - 1 < -MAX_BINARY_EXPONENT - MANTISSA_BITS) {
            throw new ArithmeticException("long double underflow");
        }
        BigDecimal magnitude = scaleByPowerOfTwo(qr[0], shift);
        return exact.signum() < 0 ? magnitude.negate() : magnitude;
    }

    private static BigDecimal scaleByPowerOfTwo(BigInteger value, int exponent) {
        if (exponent >= 0) {
            return new BigDecimal(value.shiftLeft(exponent));
        }
        return new BigDecimal(value.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
    }

    /**
     * Adds two numbers given as text, as INCRBYFLOAT and HINCRBYFLOAT do: each operand must parse
     * (infinities do), and the sum must be finite. The caller reports the first failure in its
     * own command's order and words.
     */
    public static Sum add(String current, String increment) {
        BigDecimal a = parse(current);
        BigDecimal b = parse(increment);
        boolean aInfinite = a == null && isInfinityText(current);
        boolean bInfinite = b == null && isInfinityText(increment);
        boolean aValid = a != null || aInfinite;
        boolean bValid = b != null || bInfinite;
        if (a == null || b == null) {
            return new Sum(aValid, bValid, null);
        }
        try {
            return new Sum(true, true, RedisDoubles.formatHuman(round(a.add(b))).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (ArithmeticException overflow) {
            return new Sum(true, true, null);
        }
    }

    /**
     * The outcome of {@link #add}: which operands are floats, and the sum as Redis prints it, or
     * null when it is not finite (or an operand is not a float).
     */
    public record Sum(boolean currentIsFloat, boolean incrementIsFloat, byte[] text) {
    }
}
