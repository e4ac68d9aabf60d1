package dev.embeddedcluster.keyspace;

import java.util.Arrays;

/**
 * A string written in place (APPEND, SETRANGE, SETBIT, BITFIELD): its bytes are the first
 * {@link #length} of {@link #bytes}, the rest zeros kept free for later writes. It grows as Redis
 * grows a string it appends to (twice the new length below 1 MB, 1 MB more above, rounded up to
 * the allocator's size class), so a run of writes copies the value a logarithmic number of times.
 * Only its key's entry ever holds it: {@link Entry#value()} hands out an exact array instead.
 */
final class GrowableString {
    private static final int MAX_PREALLOCATION = 1024 * 1024;
    /** A Java array can hold a little less than Integer.MAX_VALUE bytes. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    byte[] bytes;
    int length;
    /** What Redis's allocation for the string's buffer would weigh (MEMORY USAGE). */
    long allocated;

    /** A private copy of an exact string: Redis keeps a stored string trimmed, with no free space. */
    GrowableString(byte[] exact) {
        length = exact.length;
        allocated = MemoryEstimate.sds(length);
        bytes = exact.clone();
    }

    /** Makes room for {@code newLength} bytes (zeros past the old end) and extends the string to it. */
    void growTo(int newLength) {
        if (newLength > bytes.length) {
            long target = newLength < MAX_PREALLOCATION ? newLength * 2L : newLength + (long) MAX_PREALLOCATION;
            allocated = MemoryEstimate.allocation(header(target) + target + 1);
            bytes = Arrays.copyOf(bytes, (int) Math.max(newLength, Math.min(capacity(target, allocated), MAX_ARRAY)));
        }
        length = Math.max(length, newLength);
    }

    byte[] exact() {
        return Arrays.copyOf(bytes, length);
    }

    /** The bytes an allocation of {@code allocated} holds past the header and terminator, at most what the header can count. */
    private static int capacity(long length, long allocated) {
        int header = header(length);
        long max = header == 3 ? 255 : header == 5 ? 65535 : MAX_ARRAY;
        return (int) Math.min(Math.min(allocated - header - 1, max), MAX_ARRAY);
    }

    /** The header of a string that records its free space (never the smallest kind). */
    private static int header(long length) {
        return length < 256 ? 3 : length < 65536 ? 5 : 9;
    }
}
