package dev.embeddedcluster.command.hyperloglog;

/**
 * The 64-bit MurmurHash2 (MurmurHash64A) in the endian-neutral form Redis hashes HyperLogLog
 * elements with: the body read as little-endian words, whatever the platform.
 */
final class MurmurHash64A {
    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;

    private MurmurHash64A() {
    }

    /** The hash of {@code data}; {@code seed} is taken as an unsigned 32-bit number. */
    static long hash(byte[] data, int seed) {
        int length = data.length;
        long h = (seed & 0xFFFFFFFFL) ^ (length * M);
        int words = length - (length & 7);
        for (int i = 0; i < words; i += 8) {
            long k = littleEndianWord(data, i);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int tail = length & 7;
        if (tail > 0) {
            for (int i = tail - 1; i >= 0; i--) {
                h ^= (long) (data[words + i] & 0xFF) << (8 * i);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }

    private static long littleEndianWord(byte[] data, int at) {
        long word = 0;
        for (int i = 7; i >= 0; i--) {
            word = (word << 8) | (data[at + i] & 0xFF);
        }
        return word;
    }
}
