package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.util.RedisNumbers;

import java.util.Arrays;

/**
 * Builds a listpack as Redis lays one out: a 6-byte header (total bytes, element count), the
 * elements (a string that reads as a 64-bit integer stored as one, in the fewest bytes), each
 * followed by its back-length, and an end byte.
 */
final class ListpackWriter {
    private static final int HEADER = 6;
    private static final int END = 0xff;

    private byte[] bytes = new byte[64];
    private int size = HEADER;
    private int count;

    int count() {
        return count;
    }

    /** The bytes the listpack would take now, its end byte included. */
    int bytes() {
        return size + 1;
    }

    void add(byte[] element) {
        Long integer = element.length <= 20 ? RedisNumbers.parseLong(element) : null;
        if (integer != null) {
            add(integer);
            return;
        }
        int length = element.length;
        int start = size;
        if (length < 64) {
            ensure(1 + length + 5);
            bytes[size++] = (byte) (0x80 | length);
        } else if (length < 4096) {
            ensure(2 + length + 5);
            bytes[size++] = (byte) (0xe0 | (length >>> 8));
            bytes[size++] = (byte) length;
        } else {
            ensure(5 + length + 5);
            bytes[size++] = (byte) 0xf0;
            for (int i = 0; i < 4; i++) {
                bytes[size++] = (byte) (length >>> (8 * i));
            }
        }
        System.arraycopy(element, 0, bytes, size, length);
        size += length;
        backLength(size - start);
    }

    void add(long v) {
        ensure(9 + 5);
        int start = size;
        if (v >= 0 && v <= 127) {
            bytes[size++] = (byte) v;
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            bytes[size++] = (byte) ((u >>> 8) | 0xc0);
            bytes[size++] = (byte) u;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            bytes[size++] = (byte) 0xf1;
            littleEndian(v, 2);
        } else if (v >= -(1 << 23) && v <= (1 << 23) - 1) {
            bytes[size++] = (byte) 0xf2;
            littleEndian(v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            bytes[size++] = (byte) 0xf3;
            littleEndian(v, 4);
        } else {
            bytes[size++] = (byte) 0xf4;
            littleEndian(v, 8);
        }
        backLength(size - start);
    }

    /** The finished listpack. */
    byte[] toByteArray() {
        ensure(1);
        bytes[size] = (byte) END;
        int total = size + 1;
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (total >>> (8 * i));
        }
        int header = Math.min(count, 65535);
        bytes[4] = (byte) header;
        bytes[5] = (byte) (header >>> 8);
        return Arrays.copyOf(bytes, total);
    }

    private void littleEndian(long v, int n) {
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) (v >>> (8 * i));
        }
    }

    /** The entry's length, 7 bits a byte, most significant first, all but the first byte flagged. */
    private void backLength(int length) {
        count++;
        if (length <= 127) {
            bytes[size++] = (byte) length;
            return;
        }
        int groups = length < 16383 ? 2 : length < 2097151 ? 3 : length < 268435455 ? 4 : 5;
        for (int g = groups - 1; g >= 0; g--) {
            int bits = (length >>> (7 * g)) & 127;
            bytes[size++] = (byte) (g == groups - 1 ? bits : bits | 128);
        }
    }

    private void ensure(int more) {
        if ((long) size + more + 1 > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more + 1);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("listpack too large");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
