package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The elements of a ziplist, the compact encoding of Redis before 7.0 (lists, small hashes and
 * sorted sets in older RDB files): each entry's previous-entry length, then its encoding, checked
 * against the ziplist's header and end byte.
 */
final class ZiplistReader {
    private ZiplistReader() {
    }

    static byte[][] elements(byte[] zl) throws RdbFormatException {
        if (zl.length < 11 || littleEndian(zl, 0, 4) != zl.length || (zl[zl.length - 1] & 0xff) != 0xff) {
            throw new RdbFormatException("ziplist header or end damaged");
        }
        int declared = (int) littleEndian(zl, 8, 2);
        int end = zl.length - 1;
        List<byte[]> out = new ArrayList<>();
        int p = 10;
        int previous = 0;
        while (p < end) {
            int start = p;
            int prevLen = zl[p] & 0xff;
            if (prevLen == 0xfe) {
                need(p + 5, end);
                prevLen = (int) littleEndian(zl, p + 1, 4);
                p += 5;
            } else if (prevLen == 0xff) {
                throw new RdbFormatException("ziplist entry damaged");
            } else {
                p += 1;
            }
            if (prevLen != previous) {
                throw new RdbFormatException("ziplist previous length mismatch");
            }
            need(p + 1, end);
            int enc = zl[p] & 0xff;
            switch (enc >>> 6) {
                case 0 -> p = string(zl, p + 1, enc & 0x3f, end, out);
                case 1 -> {
                    need(p + 2, end);
                    p = string(zl, p + 2, ((enc & 0x3f) << 8) | (zl[p + 1] & 0xff), end, out);
                }
                case 2 -> {
                    need(p + 5, end);
                    long length = ((zl[p + 1] & 0xffL) << 24) | ((zl[p + 2] & 0xff) << 16) | ((zl[p + 3] & 0xff) << 8) | (zl[p + 4] & 0xff);
                    if (enc != 0x80 || length > end) {
                        throw new RdbFormatException("ziplist entry damaged");
                    }
                    p = string(zl, p + 5, (int) length, end, out);
                }
                default -> p = integer(zl, p, enc, end, out);
            }
            previous = p - start;
        }
        if (declared != 65535 && declared != out.size()) {
            throw new RdbFormatException("ziplist count mismatch");
        }
        return out.toArray(new byte[0][]);
    }

    private static int string(byte[] zl, int from, int length, int end, List<byte[]> out) throws RdbFormatException {
        need(from + length, end);
        out.add(Arrays.copyOfRange(zl, from, from + length));
        return from + length;
    }

    private static int integer(byte[] zl, int p, int enc, int end, List<byte[]> out) throws RdbFormatException {
        long value;
        int size;
        switch (enc) {
            case 0xc0 -> { size = 2; need(p + 3, end); value = (short) littleEndian(zl, p + 1, 2); }
            case 0xd0 -> { size = 4; need(p + 5, end); value = (int) littleEndian(zl, p + 1, 4); }
            case 0xe0 -> { size = 8; need(p + 9, end); value = littleEndian(zl, p + 1, 8); }
            case 0xf0 -> { size = 3; need(p + 4, end); value = (littleEndian(zl, p + 1, 3) << 40) >> 40; }
            case 0xfe -> { size = 1; need(p + 2, end); value = zl[p + 1]; }
            default -> {
                if (enc < 0xf1 || enc > 0xfd) {
                    throw new RdbFormatException("ziplist entry damaged");
                }
                size = 0;
                value = (enc & 0x0f) - 1;
            }
        }
        out.add(RedisNumbers.toBytes(value));
        return p + 1 + size;
    }

    private static void need(long upTo, int end) throws RdbFormatException {
        if (upTo > end) {
            throw new RdbFormatException("ziplist entry past its end");
        }
    }

    static long littleEndian(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }
}
