package dev.embeddedcluster.command.bits;

import dev.embeddedcluster.util.RedisNumbers;

import java.util.Arrays;

/**
 * An integer type of BITFIELD: signed i1..i64 or unsigned u1..u63 (u64 is refused because a reply
 * is a signed 64-bit integer), stored big-endian from any bit offset.
 */
record BitfieldType(boolean signed, int bits) {

    /** The type an argument names, or null. Like Redis, the width is read only up to a NUL byte. */
    static BitfieldType parse(byte[] arg) {
        if (arg.length == 0 || (arg[0] != 'i' && arg[0] != 'u')) {
            return null;
        }
        int end = 1;
        while (end < arg.length && arg[end] != 0) {
            end++;
        }
        Long bits = RedisNumbers.parseLong(Arrays.copyOfRange(arg, 1, end));
        boolean signed = arg[0] == 'i';
        if (bits == null || bits < 1 || bits > (signed ? 64 : 63)) {
            return null;
        }
        return new BitfieldType(signed, bits.intValue());
    }

    long max() {
        return signed ? (bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1) : (1L << bits) - 1;
    }

    long min() {
        return signed ? -max() - 1 : 0;
    }

    /** The integer at a bit offset; bits past the end of the string (or of a null one) read as 0. */
    long get(byte[] bytes, long offset) {
        long value = 0;
        for (int i = 0; i < bits; i++) {
            value = value << 1 | BitStrings.bit(bytes, offset + i);
        }
        return signed ? truncate(value) : value;
    }

    /** Stores the low {@code bits} bits of a value at a bit offset inside the string. */
    void put(byte[] bytes, long offset, long value) {
        for (int i = 0; i < bits; i++) {
            BitStrings.setBit(bytes, offset + i, (value >>> (bits - 1 - i) & 1) != 0);
        }
    }

    /** The value cut to this type's width, as it reads back once stored: sign-extended or masked. */
    long truncate(long value) {
        if (!signed) {
            return value & max();
        }
        int unused = 64 - bits;
        return value << unused >> unused;
    }

    /**
     * Whether a value given to SET fits: 0 when it does, 1 when it is too large, -1 too small.
     * An unsigned type reads a negative value as the huge unsigned number its two's complement
     * spells, so it is too large. Redis compares through {@code max - value} computed in 64 bits,
     * so for a signed type narrower than 64 bits a value so negative that this wraps counts as
     * too large as well (OVERFLOW SAT then stores the maximum): we answer the same.
     */
    int overflowOfSet(long value) {
        if (!signed) {
            return value < 0 || value > max() ? 1 : 0;
        }
        if (bits == 64) {
            return 0;
        }
        if (max() - value < 0) {
            return 1;
        }
        return value < min() ? -1 : 0;
    }

    /** Whether {@code current + increment}, taken exactly, fits: 0, 1 when too large, -1 too small. */
    int overflowOfSum(long current, long increment) {
        long sum = current + increment;
        boolean wrapped64 = ((current ^ sum) & (increment ^ sum)) < 0;
        if (wrapped64) {
            return increment > 0 ? 1 : -1;
        }
        return sum > max() ? 1 : sum < min() ? -1 : 0;
    }
}
