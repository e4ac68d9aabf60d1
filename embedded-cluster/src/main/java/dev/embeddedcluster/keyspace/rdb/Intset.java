package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.util.RedisNumbers;

import java.util.List;

/**
 * An intset's bytes: the width of its integers (2, 4 or 8 bytes), their count, and the integers
 * in ascending order, all little-endian.
 */
final class Intset {
    private Intset() {
    }

    /** Members that are all integers, in ascending order, at the narrowest width that holds them. */
    static byte[] encode(List<byte[]> ascending) {
        long[] values = new long[ascending.size()];
        int width = 2;
        for (int i = 0; i < values.length; i++) {
            values[i] = RedisNumbers.parseLong(ascending.get(i));
            long v = values[i];
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                width = 8;
            } else if ((v < Short.MIN_VALUE || v > Short.MAX_VALUE) && width < 4) {
                width = 4;
            }
        }
        byte[] bytes = new byte[8 + width * values.length];
        put(bytes, 0, width, 4);
        put(bytes, 4, values.length, 4);
        for (int i = 0; i < values.length; i++) {
            put(bytes, 8 + i * width, values[i], width);
        }
        return bytes;
    }

    static long[] decode(byte[] bytes) throws RdbFormatException {
        if (bytes.length < 8) {
            throw new RdbFormatException("intset too short");
        }
        long width = ZiplistReader.littleEndian(bytes, 0, 4);
        long count = ZiplistReader.littleEndian(bytes, 4, 4);
        if ((width != 2 && width != 4 && width != 8) || count == 0 || 8 + width * count != bytes.length) {
            throw new RdbFormatException("intset damaged");
        }
        long[] values = new long[(int) count];
        for (int i = 0; i < count; i++) {
            long raw = ZiplistReader.littleEndian(bytes, 8 + i * (int) width, (int) width);
            int shift = 64 - 8 * (int) width;
            values[i] = (raw << shift) >> shift;
            if (i > 0 && values[i] <= values[i - 1]) {
                throw new RdbFormatException("intset out of order");
            }
        }
        return values;
    }

    private static void put(byte[] bytes, int at, long value, int width) {
        for (int i = 0; i < width; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
