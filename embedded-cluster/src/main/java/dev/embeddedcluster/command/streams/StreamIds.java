package dev.embeddedcluster.command.streams;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.stream.StreamId;
import dev.embeddedcluster.util.RedisNumbers;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Stream IDs as the commands take them: "ms-seq", "ms", "-", "+", "(" bounds, XADD's "ms-*". */
final class StreamIds {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private StreamIds() {
    }

    /** An ID and whether its sequence number was given (false for XADD's "ms-*"). */
    record Parsed(StreamId id, boolean seqGiven) {
    }

    /**
     * Reads an ID as Redis does; a missing sequence becomes {@code missingSeq}. Strict parsing
     * refuses "-" and "+" and (with {@code allowStarSeq}) accepts "ms-*". Null when invalid.
     */
    static Parsed parse(byte[] arg, long missingSeq, boolean strict, boolean allowStarSeq) {
        if (arg.length > 127) {
            return null;
        }
        String text = new String(arg, StandardCharsets.ISO_8859_1);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            text = text.substring(0, nul);
        }
        if (text.equals("-") || text.equals("+")) {
            if (strict) {
                return null;
            }
            return new Parsed(text.equals("-") ? StreamId.ZERO : StreamId.MAX, true);
        }
        int dash = text.indexOf('-');
        Long ms = unsignedLong(dash < 0 ? text : text.substring(0, dash));
        if (ms == null) {
            return null;
        }
        if (dash < 0) {
            return new Parsed(new StreamId(ms, missingSeq), true);
        }
        String seqText = text.substring(dash + 1);
        if (allowStarSeq && seqText.equals("*")) {
            return new Parsed(new StreamId(ms, 0), false);
        }
        Long seq = unsignedLong(seqText);
        return seq == null ? null : new Parsed(new StreamId(ms, seq), true);
    }

    /** An ID argument; null after replying Redis's invalid-ID error. */
    static StreamId parseOrReply(Request r, int index, long missingSeq, boolean strict) {
        Parsed parsed = parse(r.arg(index), missingSeq, strict, false);
        if (parsed == null) {
            r.reply().error(Errors.INVALID_STREAM_ID);
            return null;
        }
        return parsed.id();
    }

    /** The start of an interval ("(" for exclusive, "-" for the lowest); null after replying. */
    static StreamId intervalStart(Request r, int index) {
        return interval(r, index, 0, true);
    }

    /** The end of an interval ("(" for exclusive, "+" for the highest); null after replying. */
    static StreamId intervalEnd(Request r, int index) {
        return interval(r, index, -1L, false);
    }

    private static StreamId interval(Request r, int index, long missingSeq, boolean start) {
        byte[] arg = r.arg(index);
        boolean exclusive = arg.length > 1 && arg[0] == '(';
        Parsed parsed = exclusive ? parse(java.util.Arrays.copyOfRange(arg, 1, arg.length), missingSeq, true, false)
                : parse(arg, missingSeq, false, false);
        if (parsed == null) {
            r.reply().error(Errors.INVALID_STREAM_ID);
            return null;
        }
        StreamId id = parsed.id();
        if (exclusive) {
            id = start ? id.next() : id.previous();
            if (id == null) {
                r.reply().error(start ? Errors.INVALID_START_ID : Errors.INVALID_END_ID);
                return null;
            }
        }
        return id;
    }

    /**
     * Redis's string2ull: a strict decimal within the signed range, else what C's strtoull
     * reads (blanks, a sign, leading zeros; a minus sign wraps around), all text consumed.
     */
    private static Long unsignedLong(String text) {
        Long strict = RedisNumbers.parseLong(text);
        if (strict != null) {
            return strict < 0 ? null : strict;
        }
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || (text.charAt(i) >= '\t' && text.charAt(i) <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (i == text.length()) {
            return null;
        }
        for (int j = i; j < text.length(); j++) {
            if (!Character.isDigit(text.charAt(j)) || text.charAt(j) > '9') {
                return null;
            }
        }
        BigInteger value = new BigInteger(text.substring(i));
        if (value.compareTo(TWO_TO_64) >= 0) {
            return null;
        }
        if (negative) {
            value = TWO_TO_64.subtract(value).mod(TWO_TO_64);
        }
        return value.longValue();
    }
}
