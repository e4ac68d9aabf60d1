package dev.embeddedcluster.command;

import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.List;
import java.util.function.Function;

/**
 * The cursor and options of SCAN and its per-key forms (HSCAN...), read as Redis reads them:
 * the cursor first, the options only once the key's type is known to be right.
 */
public final class ScanOptions {
    private final byte[] pattern;
    private final long count;
    private final String type;

    private ScanOptions(byte[] pattern, long count, String type) {
        this.pattern = pattern;
        this.count = count;
        this.type = type;
    }

    /**
     * A cursor as Redis reads it (strtoul: an optional sign, digits, a negative value wrapping
     * around; an empty one is 0); -1 after replying the error when it is not one.
     */
    public static long cursor(Request r, int index) {
        String text = r.text(index);
        if (text.isEmpty()) {
            return 0;
        }
        int start = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        boolean digits = start < text.length();
        for (int i = start; i < text.length() && digits; i++) {
            digits = Character.isDigit(text.charAt(i));
        }
        if (digits) {
            try {
                long value = Long.parseUnsignedLong(text.substring(start));
                return text.charAt(0) == '-' || value < 0 ? Long.MAX_VALUE : value;
            } catch (NumberFormatException e) {
                // more than 64 bits
            }
        }
        r.reply().error(Errors.INVALID_CURSOR);
        return -1;
    }

    /** MATCH, COUNT and (for SCAN) TYPE from {@code from} on; null after replying the error. */
    public static ScanOptions parse(Request r, int from, boolean typeAllowed) {
        byte[] pattern = null;
        long count = 10;
        String type = null;
        for (int i = from; i < r.argc(); i++) {
            boolean hasNext = i + 1 < r.argc();
            if (r.is(i, "count") && hasNext) {
                Long parsed = RedisNumbers.parseLong(r.arg(++i));
                if (parsed == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return null;
                }
                if (parsed < 1) {
                    r.reply().error(Errors.SYNTAX);
                    return null;
                }
                count = parsed;
            } else if (r.is(i, "match") && hasNext) {
                pattern = r.arg(++i);
            } else if (typeAllowed && r.is(i, "type") && hasNext) {
                type = r.text(++i);
            } else {
                r.reply().error(Errors.SYNTAX);
                return null;
            }
        }
        return new ScanOptions(pattern, count, type);
    }

    public long count() {
        return count;
    }

    /** The TYPE asked for, or null. */
    public String type() {
        return type;
    }

    public boolean matches(byte[] element) {
        return pattern == null || Glob.matches(pattern, element, false);
    }

    /** A scan's reply: the cursor to continue from (0 when done) and the elements of this step. */
    public static void reply(RespWriter reply, long nextCursor, List<byte[]> elements) {
        reply.arrayHeader(2);
        reply.bulk(Long.toString(nextCursor));
        reply.arrayHeader(elements.size());
        elements.forEach(reply::bulk);
    }

    /** Where a scan of one key's elements starts: its cursor, the value, and the options. */
    public record KeyScan<T>(long cursor, T value, ScanOptions options) {
    }

    /**
     * The opening of HSCAN, SSCAN and ZSCAN, in Redis's order: the cursor, then the value (the
     * reader replies WRONGTYPE itself and returns {@code wrongType}), an empty page for a missing
     * key, and only then the options. Null when a reply has been given.
     */
    public static <T> KeyScan<T> startKeyScan(Request r, Function<Request, T> read, T wrongType) {
        long cursor = cursor(r, 2);
        if (cursor < 0) {
            return null;
        }
        T value = read.apply(r);
        if (value == wrongType) {
            return null;
        }
        if (value == null) {
            reply(r.reply(), 0, List.of());
            return null;
        }
        ScanOptions options = parse(r, 3, false);
        return options == null ? null : new KeyScan<>(cursor, value, options);
    }
}
