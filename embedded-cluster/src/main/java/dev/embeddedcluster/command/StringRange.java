package dev.embeddedcluster.command;

/**
 * The range rule GETRANGE, BITCOUNT and BITPOS share in Redis: negative indexes count from the
 * end, then both ends are clamped into [0, length - 1]. The result may be empty (start > end).
 */
public final class StringRange {
    private StringRange() {
    }

    /** {start, end}, both inclusive, for a string (or bit string) of {@code length}. */
    public static long[] clamp(long start, long end, long length) {
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= length) {
            end = length - 1;
        }
        return new long[] {start, end};
    }
}
