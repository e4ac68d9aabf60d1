package dev.embeddedcluster.command.scripting;

/**
 * The 48-bit linear congruential generator Redis gives math.random (rand.c, the drand48 family):
 * one per node, never reseeded except by math.randomseed, so the same calls give the same numbers.
 */
final class Lrand48 {
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long MASK = (1L << 48) - 1;

    private long state = 0x1234ABCD330EL;

    /** The next value in [0, 2^31). */
    int next() {
        state = (state * MULTIPLIER + 0xB) & MASK;
        return (int) (state >>> 17);
    }

    void seed(int seed) {
        state = ((long) seed << 16 | 0x330E) & MASK;
    }
}
