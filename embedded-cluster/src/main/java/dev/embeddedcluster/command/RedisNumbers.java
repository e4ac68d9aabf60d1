package dev.embeddedcluster.command;

import dev.embeddedcluster.resp.RespWriter;

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

    /**
     * A stored decimal integer (null counts as 0) plus an increment, as INCRBY and HINCRBY
     * compute it; null after replying {@code notInteger} or the overflow error.
     */
    public static Long incremented(byte[] stored, long increment, String notInteger, RespWriter reply) {
        long current = 0;
        if (stored != null) {
            Long parsed = parseLong(stored);
            if (parsed == null) {
                reply.error(notInteger);
                return null;
            }
            current = parsed;
        }
        try {
            return Math.addExact(current, increment);
        } catch (ArithmeticException overflow) {
            reply.error(Errors.OVERFLOW);
            return null;
        }
    }

    /**
     * An integer argument of at least {@code min}, read as Redis reads a count with a message of
     * its own (getRangeLongFromObjectOrReply): that message answers a non-number too. Null after
     * replying it.
     */
    public static Long atLeast(byte[] arg, long min, String error, RespWriter reply) {
        Long value = parseLong(arg);
        if (value == null || value < min) {
            reply.error(error);
            return null;
        }
        return value;
    }
}
