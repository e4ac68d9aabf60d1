package dev.embeddedcluster.command.hyperloglog;

import java.util.Arrays;

/**
 * One HyperLogLog in Redis's string representation, byte for byte: a 16-byte header ("HYLL", the
 * encoding, three unused bytes, the cached cardinality in little endian whose top bit marks it
 * stale) followed by 16384 six-bit registers, either dense (packed from the least significant bit
 * of each byte) or sparse (runs: ZERO 00xxxxxx, XZERO 01xxxxxx xxxxxxxx, VAL 1vvvvvxx).
 *
 * <p>Edits happen in place on a private copy of the stored bytes, the way Redis edits its string,
 * since the exact bytes (how runs are split and merged, when the sketch turns dense) depend on the
 * order of the edits. The stored array itself is never written: the replication stream may share it.
 * The copy keeps one byte past the end, where Redis's string has its terminator: reading a corrupt
 * XZERO cut short at the end reads that byte, which Redis's own edits can leave non-zero.
 */
final class HllSketch {
    static final int INDEX_BITS = 14;
    static final int REGISTERS = 1 << INDEX_BITS;
    private static final int BITS = 6;
    private static final int REGISTER_MAX = (1 << BITS) - 1;
    private static final int HEADER = 16;
    private static final int DENSE_SIZE = HEADER + REGISTERS * BITS / 8;
    private static final int ENCODING_AT = 4;
    private static final int CARDINALITY_AT = 8;
    private static final int STALE_BYTE = CARDINALITY_AT + 7;
    private static final int STALE_BIT = 0x80;
    private static final byte DENSE = 0;
    private static final byte SPARSE = 1;
    /** Redis's hll-sparse-max-bytes default: a sparse sketch that would grow past it turns dense. */
    private static final long SPARSE_MAX_BYTES = 3000;
    private static final int VAL_MAX_VALUE = 32;
    private static final int VAL_MAX_LENGTH = 4;
    private static final int ZERO_MAX_LENGTH = 64;
    private static final int SEED = 0xadc83b19;

    /** The runs that replace one run in a sparse edit: at most XZERO VAL XZERO. */
    private final byte[] sequence = new byte[5];
    private byte[] bytes;
    private int length;
    /** Whether {@link #bytes} is this sketch's own copy, free to edit. */
    private boolean owned;
    /** hll-sparse-max-bytes as the node holds it. */
    private long sparseMaxBytes = SPARSE_MAX_BYTES;

    private HllSketch(byte[] bytes, int length, boolean owned) {
        this.bytes = bytes;
        this.length = length;
        this.owned = owned;
    }

    /** A new, empty sketch as PFADD and PFMERGE create it: sparse, one XZERO run, cache valid at 0. */
    static HllSketch empty() {
        byte[] bytes = new byte[HEADER + 2];
        bytes[0] = 'H';
        bytes[1] = 'Y';
        bytes[2] = 'L';
        bytes[3] = 'L';
        bytes[ENCODING_AT] = SPARSE;
        putXzero(bytes, HEADER, REGISTERS);
        return new HllSketch(bytes, bytes.length, true);
    }

    /** The sketch a stored string holds; it must pass {@link #isValid}. The string is not modified. */
    static HllSketch of(byte[] stored) {
        return new HllSketch(stored, stored.length, false);
    }

    /**
     * Redis's check that a string is a HyperLogLog: long enough for the header, the magic, a known
     * encoding, and the exact size when dense. The sparse runs are only checked when read.
     */
    static boolean isValid(byte[] value) {
        return value.length >= HEADER && value[0] == 'H' && value[1] == 'Y' && value[2] == 'L' && value[3] == 'L'
                && (value[ENCODING_AT] == SPARSE || value[ENCODING_AT] == DENSE && value.length == DENSE_SIZE);
    }

    /** The sketch's bytes as they are to be stored. */
    byte[] toBytes() {
        if (!owned) {
            return bytes;
        }
        owned = false;
        if (bytes.length != length) {
            bytes = Arrays.copyOf(bytes, length);
        }
        return bytes;
    }

    boolean dense() {
        return bytes[ENCODING_AT] == DENSE;
    }

    boolean cacheValid() {
        return (bytes[STALE_BYTE] & STALE_BIT) == 0;
    }

    long cachedCardinality() {
        long cardinality = 0;
        for (int i = 7; i >= 0; i--) {
            cardinality = (cardinality << 8) | (bytes[CARDINALITY_AT + i] & 0xFF);
        }
        return cardinality;
    }

    void cacheCardinality(long cardinality) {
        writable(0);
        for (int i = 0; i < 8; i++) {
            bytes[CARDINALITY_AT + i] = (byte) (cardinality >>> (8 * i));
        }
    }

    void invalidateCache() {
        writable(0);
        bytes[STALE_BYTE] |= STALE_BIT;
    }

    /** Makes {@link #bytes} an own copy with room for {@code extra} more bytes and the terminator. */
    private void writable(int extra) {
        int needed = length + extra + 1;
        if (!owned) {
            bytes = Arrays.copyOf(bytes, needed);
            owned = true;
        } else if (bytes.length < needed) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }

    /** Changes the length and zeroes the terminator after it, as Redis's sdsIncrLen does. */
    private void resize(int newLength) {
        length = newLength;
        bytes[length] = 0;
    }

    // ------------------------------------------------------------------ adding

    /** Sets the size past which a sparse sketch that grows turns dense (hll-sparse-max-bytes); returns this sketch. */
    HllSketch sparseMaxBytes(long bytes) {
        sparseMaxBytes = bytes;
        return this;
    }

    /** Adds an element: 1 when a register grew, 0 when none did, -1 when the sparse runs are corrupt. */
    int add(byte[] element) {
        long hash = MurmurHash64A.hash(element, SEED);
        return set((int) (hash & (REGISTERS - 1)), runLength(hash));
    }

    /**
     * The register value an element's hash yields: the position of the first 1 bit above the index
     * bits, counting from 1 (a 1 is placed past the top so the run ends).
     */
    static int runLength(long hash) {
        return Long.numberOfTrailingZeros((hash >>> INDEX_BITS) | (1L << (64 - INDEX_BITS))) + 1;
    }

    /** Raises register {@code index} to {@code value} when lower; as {@link #add} for the result. */
    int set(int index, int value) {
        return dense() ? denseSet(index, value) : sparseSet(index, value);
    }

    private int denseSet(int index, int value) {
        if (value <= register(bytes, index)) {
            return 0;
        }
        writable(0);
        setRegister(bytes, index, value);
        return 1;
    }

    /**
     * Redis's in-place sparse update: find the run holding the register, replace it by the split
     * runs (at most XZERO VAL XZERO), turn dense when the value does not fit a VAL or the string
     * would pass {@link #sparseMaxBytes}, then merge equal VAL runs around the change.
     */
    private int sparseSet(int index, int value) {
        if (value > VAL_MAX_VALUE) {
            return promote(index, value);
        }
        writable(3);
        int end = length;
        int p = HEADER;
        long first = 0;
        int previous = -1;
        int span = 0;
        while (p < end) {
            span = runSpan(p);
            if (index <= first + span - 1) {
                break;
            }
            previous = p;
            p += opcodeLength(p);
            first += span;
        }
        if (span == 0 || p >= end) {
            return -1;
        }
        int op = bytes[p] & 0xFF;
        int next = p + opcodeLength(p);
        if (next >= end) {
            next = -1;
        }
        if (isVal(op) && valValue(op) >= value) {
            return 0;
        }
        if (span == 1 && !isXzero(op)) {
            bytes[p] = valOpcode(value, 1);
        } else {
            int n = 0;
            int before = (int) (index - first);
            int after = (int) (first + span - 1 - index);
            if (isVal(op)) {
                int current = valValue(op);
                if (before > 0) {
                    sequence[n++] = valOpcode(current, before);
                }
                sequence[n++] = valOpcode(value, 1);
                if (after > 0) {
                    sequence[n++] = valOpcode(current, after);
                }
            } else {
                if (before > 0) {
                    n = putZeros(sequence, n, before);
                }
                sequence[n++] = valOpcode(value, 1);
                if (after > 0) {
                    n = putZeros(sequence, n, after);
                }
            }
            int delta = n - opcodeLength(p);
            if (delta > 0 && length + delta > sparseMaxBytes) {
                return promote(index, value);
            }
            if (delta != 0 && next != -1) {
                System.arraycopy(bytes, next, bytes, next + delta, end - next);
            }
            resize(length + delta);
            end += delta;
            // Over the terminator when the run replaced was an XZERO cut short, as in Redis.
            System.arraycopy(sequence, 0, bytes, p, n);
        }
        mergeValRuns(previous == -1 ? HEADER : previous, end);
        invalidateCache();
        return 1;
    }

    /** Joins adjacent VAL runs of equal value, looking at up to five runs from {@code p}. */
    private void mergeValRuns(int p, int end) {
        int budget = 5;
        while (p < end && budget-- > 0) {
            int op = bytes[p] & 0xFF;
            if (!isVal(op)) {
                p += opcodeLength(p);
                continue;
            }
            if (p + 1 < end && isVal(bytes[p + 1] & 0xFF)) {
                int right = bytes[p + 1] & 0xFF;
                int joined = valLength(op) + valLength(right);
                if (valValue(op) == valValue(right) && joined <= VAL_MAX_LENGTH) {
                    bytes[p + 1] = valOpcode(valValue(op), joined);
                    System.arraycopy(bytes, p + 1, bytes, p, end - p - 1);
                    resize(length - 1);
                    end--;
                    continue;
                }
            }
            p++;
        }
    }

    /** Turns dense, then sets the register there; -1 when the sparse runs are corrupt. */
    private int promote(int index, int value) {
        if (!toDense()) {
            return -1;
        }
        return denseSet(index, value);
    }

    /**
     * Converts a sparse sketch to dense, keeping the rest of the header (the cached cardinality
     * included); false, leaving the sketch as it was, when the runs do not cover exactly the
     * registers.
     */
    boolean toDense() {
        if (dense()) {
            return true;
        }
        byte[] dense = new byte[DENSE_SIZE + 1];
        System.arraycopy(bytes, 0, dense, 0, HEADER);
        dense[ENCODING_AT] = DENSE;
        long covered = walkSparse(true, (kind, first, runLength, value) -> {
            if (kind == 'v') {
                for (int i = first; i < first + runLength; i++) {
                    setRegister(dense, i, value);
                }
            }
        });
        if (covered != REGISTERS) {
            return false;
        }
        bytes = dense;
        length = DENSE_SIZE;
        owned = true;
        return true;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Raises {@code max[i]} to register i where lower (PFCOUNT of several keys, PFMERGE); false when
     * the sparse runs are corrupt.
     */
    boolean mergeInto(byte[] max) {
        if (dense()) {
            for (int i = 0; i < REGISTERS; i++) {
                int value = register(bytes, i);
                if (value > max[i]) {
                    max[i] = (byte) value;
                }
            }
            return true;
        }
        long covered = walkSparse(true, (kind, first, runLength, value) -> {
            if (kind == 'v') {
                for (int i = first; i < first + runLength; i++) {
                    if (value > max[i]) {
                        max[i] = (byte) value;
                    }
                }
            }
        });
        return covered == REGISTERS;
    }

    /** The estimated cardinality; -1 when the sparse runs do not cover exactly the registers. */
    long estimate() {
        int[] histogram = new int[64];
        if (dense()) {
            for (int i = 0; i < REGISTERS; i++) {
                histogram[register(bytes, i)]++;
            }
        } else {
            long covered = walkSparse(false, (kind, first, runLength, value) -> histogram[value] += runLength);
            if (covered != REGISTERS) {
                return -1;
            }
        }
        return CardinalityEstimator.estimate(histogram);
    }

    /** The estimated cardinality of registers held one per byte (the union PFCOUNT builds). */
    static long estimate(byte[] registers) {
        int[] histogram = new int[64];
        for (byte value : registers) {
            histogram[value]++;
        }
        return CardinalityEstimator.estimate(histogram);
    }

    /** Register {@code index} of a dense sketch. */
    int register(int index) {
        return register(bytes, index);
    }

    /** The sparse runs as PFDEBUG DECODE lists them: "z:len", "Z:len" and "v:value,len". */
    String decode() {
        StringBuilder decoded = new StringBuilder();
        walkSparse(false, (kind, first, runLength, value) -> {
            decoded.append(kind).append(':');
            if (kind == 'v') {
                decoded.append(value).append(',');
            }
            decoded.append(runLength).append(' ');
        });
        return decoded.toString().strip();
    }

    /** What a sparse walk reports for each run. */
    @FunctionalInterface
    private interface RunVisitor {
        /** {@code kind} is 'z' (ZERO), 'Z' (XZERO) or 'v' (VAL); value is 0 for the first two. */
        void run(char kind, int first, int runLength, int value);
    }

    /**
     * Visits the sparse runs in order and returns how many registers they cover. When
     * {@code strict}, a run reaching past the last register stops the walk and yields -1: Redis's
     * merge and conversion to dense refuse such a sketch (in the 7.0.15 build the comparison tests
     * run, which carries the fix for CVE-2025-32023), while its histogram walk goes on to the end.
     */
    private long walkSparse(boolean strict, RunVisitor visitor) {
        long covered = 0;
        int p = HEADER;
        while (p < length) {
            int op = bytes[p] & 0xFF;
            int span = runSpan(p);
            if (strict && covered + span > REGISTERS) {
                return -1;
            }
            if (isVal(op)) {
                visitor.run('v', (int) covered, span, valValue(op));
            } else {
                visitor.run(isXzero(op) ? 'Z' : 'z', (int) covered, span, 0);
            }
            covered += span;
            p += opcodeLength(p);
        }
        return covered;
    }

    // ------------------------------------------------------------------ encodings

    /** How many registers the run at {@code p} covers. */
    private int runSpan(int p) {
        int op = bytes[p] & 0xFF;
        if (isVal(op)) {
            return valLength(op);
        }
        if (isXzero(op)) {
            // An XZERO cut short reads the terminator (zero in a string as stored).
            int low = p + 1 < bytes.length ? bytes[p + 1] & 0xFF : 0;
            return ((op & 0x3F) << 8 | low) + 1;
        }
        return (op & 0x3F) + 1;
    }

    private int opcodeLength(int p) {
        return isXzero(bytes[p] & 0xFF) ? 2 : 1;
    }

    private static boolean isXzero(int op) {
        return (op & 0xC0) == 0x40;
    }

    private static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    private static int valValue(int op) {
        return ((op >> 2) & 0x1F) + 1;
    }

    private static int valLength(int op) {
        return (op & 0x3) + 1;
    }

    private static byte valOpcode(int value, int runLength) {
        return (byte) (0x80 | (value - 1) << 2 | (runLength - 1));
    }

    /** Writes a run of zeros (at most 16384): ZERO when it fits, else XZERO. */
    private static int putZeros(byte[] target, int at, int runLength) {
        if (runLength > ZERO_MAX_LENGTH) {
            putXzero(target, at, runLength);
            return at + 2;
        }
        target[at] = (byte) (runLength - 1);
        return at + 1;
    }

    private static void putXzero(byte[] target, int at, int runLength) {
        int stored = runLength - 1;
        target[at] = (byte) (0x40 | stored >> 8);
        target[at + 1] = (byte) stored;
    }

    /** A dense sketch's bytes with every register 0 (the self test's scratch space). */
    static byte[] denseRegisters() {
        return new byte[DENSE_SIZE];
    }

    /** Register {@code index} of a dense sketch's bytes. */
    static int register(byte[] dense, int index) {
        int bit = index * BITS;
        int at = HEADER + (bit >> 3);
        int shift = bit & 7;
        int low = dense[at] & 0xFF;
        int high = at + 1 < DENSE_SIZE ? dense[at + 1] & 0xFF : 0;
        return (low >> shift | high << (8 - shift)) & REGISTER_MAX;
    }

    static void setRegister(byte[] dense, int index, int value) {
        int bit = index * BITS;
        int at = HEADER + (bit >> 3);
        int shift = bit & 7;
        dense[at] = (byte) (dense[at] & ~(REGISTER_MAX << shift) | value << shift);
        if (at + 1 < DENSE_SIZE) {
            dense[at + 1] = (byte) (dense[at + 1] & ~(REGISTER_MAX >> (8 - shift)) | value >> (8 - shift));
        }
    }
}
