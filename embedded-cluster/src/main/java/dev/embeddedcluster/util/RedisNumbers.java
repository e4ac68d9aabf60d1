package dev.embeddedcluster.util;

import java.nio.charset.StandardCharsets;

/** Redis's strict integer syntax (string2ll): what INCR, EXPIRE and every count argument accept. */
public final class RedisNumbers {
    private RedisNumbers() {
    }

    /**
     * The value of a decimal integer with no sign but '-', no leading zeros, no blanks, within
     * 64 bits; null for anything else.
     */
    public static Long parseLong(byte[] s) {
        int n = s.length;
        if (n == 0 || n > 20) {
            return null;
        }
        if (n == 1 && s[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = s[0] == '-';
        if (negative) {
            i++;
            if (i == n) {
                return null;
            }
        }
        if (s[i] < '1' || s[i] > '9') {
            return null;
        }
        long value = 0;
        for (; i < n; i++) {
            int digit = s[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            // accumulate negatively: the negative range is one larger
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return null;
            }
            value = value * 10 - digit;
        }
        if (negative) {
            return value;
        }
        return value == Long.MIN_VALUE ? null : -value;
    }

    public static Long parseLong(String s) {
        return parseLong(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Redis's string form of an integer, as stored by INCR. */
    public static byte[] toBytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
