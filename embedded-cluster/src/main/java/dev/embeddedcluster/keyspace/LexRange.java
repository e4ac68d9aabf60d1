package dev.embeddedcluster.keyspace;

import java.util.Arrays;

/**
 * A member interval as ZRANGEBYLEX takes it: each end "[x" (inclusive) or "(x" (exclusive), or
 * "-" and "+", which stand below and above every member. As in Redis, "-" and "+" are exclusive
 * bounds held by two unique markers, so "+" as a minimum matches nothing.
 */
public record LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
    /** "-": below every member. Compared by identity. */
    public static final byte[] BELOW_ALL = new byte[0];
    /** "+": above every member. Compared by identity. */
    public static final byte[] ABOVE_ALL = new byte[0];

    public boolean aboveMin(byte[] member) {
        int c = compare(member, min);
        return minExclusive ? c > 0 : c >= 0;
    }

    public boolean belowMax(byte[] member) {
        int c = compare(member, max);
        return maxExclusive ? c < 0 : c <= 0;
    }

    /** No member can fall inside, as Redis decides it from the bounds alone. */
    public boolean isEmpty() {
        int c = compare(min, max);
        return c > 0 || (c == 0 && (minExclusive || maxExclusive));
    }

    private static int compare(byte[] a, byte[] b) {
        if (a == b) {
            return 0;
        }
        if (a == BELOW_ALL || b == ABOVE_ALL) {
            return -1;
        }
        if (a == ABOVE_ALL || b == BELOW_ALL) {
            return 1;
        }
        return Arrays.compareUnsigned(a, b);
    }
}
