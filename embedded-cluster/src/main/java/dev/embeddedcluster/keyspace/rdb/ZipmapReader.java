package dev.embeddedcluster.keyspace.rdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The fields and values of a zipmap, the small-hash encoding of Redis before 2.6. */
final class ZipmapReader {
    private ZipmapReader() {
    }

    /** Field, value, field, value... */
    static byte[][] elements(byte[] zm) throws RdbFormatException {
        if (zm.length < 2 || (zm[zm.length - 1] & 0xff) != 0xff) {
            throw new RdbFormatException("zipmap damaged");
        }
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        int end = zm.length - 1;
        while (p < end) {
            int[] at = {p};
            int keyLength = length(zm, at, end);
            byte[] key = take(zm, at, keyLength, end);
            int valueLength = length(zm, at, end);
            if (at[0] >= end) {
                throw new RdbFormatException("zipmap damaged");
            }
            int free = zm[at[0]++] & 0xff;
            byte[] value = take(zm, at, valueLength, end);
            p = at[0] + free;
            if (p > end) {
                throw new RdbFormatException("zipmap damaged");
            }
            out.add(key);
            out.add(value);
        }
        return out.toArray(new byte[0][]);
    }

    private static int length(byte[] zm, int[] at, int end) throws RdbFormatException {
        if (at[0] >= end) {
            throw new RdbFormatException("zipmap damaged");
        }
        int first = zm[at[0]] & 0xff;
        if (first < 254) {
            at[0]++;
            return first;
        }
        if (first == 254 && at[0] + 5 <= end) {
            long length = ZiplistReader.littleEndian(zm, at[0] + 1, 4);
            at[0] += 5;
            if (length > end) {
                throw new RdbFormatException("zipmap damaged");
            }
            return (int) length;
        }
        throw new RdbFormatException("zipmap damaged");
    }

    private static byte[] take(byte[] zm, int[] at, int length, int end) throws RdbFormatException {
        if ((long) at[0] + length > end) {
            throw new RdbFormatException("zipmap damaged");
        }
        byte[] bytes = Arrays.copyOfRange(zm, at[0], at[0] + length);
        at[0] += length;
        return bytes;
    }
}
