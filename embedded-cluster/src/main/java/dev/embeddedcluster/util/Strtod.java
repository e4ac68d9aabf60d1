package dev.embeddedcluster.util;

import java.nio.charset.StandardCharsets;

/**
 * C's strtod as glibc reads a byte string, and the two ways Redis uses it: strictly for scores,
 * weights and increments (getDoubleFromObject), loosely for ZRANGEBYSCORE's bounds, where leading
 * blanks and an empty text (zero) pass.
 */
public final class Strtod {
    private Strtod() {
    }

    /**
     * A float as ZADD's scores and ZUNIONSTORE's weights must be: no leading blank, nothing after
     * the number, not NaN, no overflow to infinity or underflow to zero; null otherwise.
     */
    public static Double parseStrict(byte[] text) {
        if (text.length == 0 || isSpace(text[0])) {
            return null;
        }
        Scan scan = scan(text, 0);
        if (scan.end != text.length || Double.isNaN(scan.value) || scan.rangeError) {
            return null;
        }
        return scan.value;
    }

    /**
     * A score range bound after its optional '(': whatever strtod reads up to the end of the text
     * (or its first NUL, where C strings end), except NaN; null otherwise.
     */
    public static Double parseBound(byte[] text, int from) {
        return parseCString(text, from, false);
    }

    /** An element SORT compares as a number: like a bound, but overflow and underflow are errors too. */
    public static Double parseSortKey(byte[] text) {
        return parseCString(text, 0, true);
    }

    private static Double parseCString(byte[] text, int from, boolean rejectRangeErrors) {
        int end = from;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        Scan scan = scan(text, from);
        if (scan.end != end || Double.isNaN(scan.value) || (rejectRangeErrors && scan.rangeError)) {
            return null;
        }
        return scan.value;
    }

    /**
     * What strtod reads at {@code from} with nothing required after it: {value, index where it
     * stopped}; the index is {@code from} when no number starts there.
     */
    public static double[] scanPrefix(byte[] text, int from) {
        Scan scan = scan(text, from);
        return new double[] {scan.value, scan.end};
    }

    private record Scan(double value, int end, boolean rangeError) {
    }

    /** What strtod reads from {@code from}: the value, where it stopped, and whether errno became ERANGE. */
    private static Scan scan(byte[] s, int from) {
        int i = from;
        while (i < s.length && isSpace(s[i])) {
            i++;
        }
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        double sign = negative ? -1 : 1;
        if (startsWithIgnoreCase(s, i, "inf")) {
            int end = startsWithIgnoreCase(s, i, "infinity") ? i + 8 : i + 3;
            return new Scan(sign * Double.POSITIVE_INFINITY, end, false);
        }
        if (startsWithIgnoreCase(s, i, "nan")) {
            int end = i + 3;
            if (end < s.length && s[end] == '(') {
                int close = end + 1;
                while (close < s.length && (isAlnum(s[close]) || s[close] == '_')) {
                    close++;
                }
                if (close < s.length && s[close] == ')') {
                    end = close + 1;
                }
            }
            return new Scan(Double.NaN, end, false);
        }
        if (i + 1 < s.length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            Scan hex = scanHex(s, i + 2, sign);
            return hex != null ? hex : new Scan(sign * 0.0, i + 1, false);
        }
        return scanDecimal(s, i, sign, from);
    }

    private static Scan scanDecimal(byte[] s, int start, double sign, int from) {
        int i = start;
        boolean nonZeroDigit = false;
        int digits = 0;
        while (i < s.length && isDigit(s[i])) {
            nonZeroDigit |= s[i] != '0';
            digits++;
            i++;
        }
        if (i < s.length && s[i] == '.') {
            i++;
            while (i < s.length && isDigit(s[i])) {
                nonZeroDigit |= s[i] != '0';
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return new Scan(0.0, from, false);
        }
        i = exponentEnd(s, i, 'e', 'E');
        double value = Double.parseDouble(new String(s, start, i - start, StandardCharsets.US_ASCII));
        return finite(sign * value, i, nonZeroDigit);
    }

    private static Scan scanHex(byte[] s, int start, double sign) {
        int i = start;
        boolean nonZeroDigit = false;
        int digits = 0;
        while (i < s.length && Character.digit(s[i], 16) >= 0) {
            nonZeroDigit |= s[i] != '0';
            digits++;
            i++;
        }
        if (i < s.length && s[i] == '.') {
            i++;
            while (i < s.length && Character.digit(s[i], 16) >= 0) {
                nonZeroDigit |= s[i] != '0';
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return null;
        }
        int mantissaEnd = i;
        i = exponentEnd(s, i, 'p', 'P');
        String mantissa = new String(s, start, mantissaEnd - start, StandardCharsets.US_ASCII);
        String exponent = i > mantissaEnd ? new String(s, mantissaEnd + 1, i - mantissaEnd - 1, StandardCharsets.US_ASCII) : "0";
        double value = parseHexExponent(mantissa, exponent);
        return finite(sign * value, i, nonZeroDigit);
    }

    /** Java's own hexadecimal floats need the exponent; a huge one is clamped without changing the result. */
    private static double parseHexExponent(String mantissa, String exponent) {
        String digitsOnly = exponent.replaceFirst("^[+-]", "");
        String clamped = digitsOnly.length() > 6 ? (exponent.startsWith("-") ? "-99999" : "99999") : exponent;
        String literal = "0x" + (mantissa.startsWith(".") ? "0" + mantissa : mantissa) + "p" + clamped;
        return Double.parseDouble(literal);
    }

    /** Where an exponent part ends: after its digits, or at {@code i} when there is no well-formed one. */
    private static int exponentEnd(byte[] s, int i, char lower, char upper) {
        if (i < s.length && (s[i] == lower || s[i] == upper)) {
            int j = i + 1;
            if (j < s.length && (s[j] == '+' || s[j] == '-')) {
                j++;
            }
            if (j < s.length && isDigit(s[j])) {
                while (j < s.length && isDigit(s[j])) {
                    j++;
                }
                return j;
            }
        }
        return i;
    }

    /** ERANGE: a finite text that overflowed to infinity or a non-zero one that underflowed to zero. */
    private static Scan finite(double value, int end, boolean nonZeroDigit) {
        boolean rangeError = Double.isInfinite(value) || (value == 0 && nonZeroDigit);
        return new Scan(value, end, rangeError);
    }

    private static boolean startsWithIgnoreCase(byte[] s, int at, String word) {
        if (at + word.length() > s.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase((char) s[at + k]) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isAlnum(byte b) {
        return isDigit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }
}
