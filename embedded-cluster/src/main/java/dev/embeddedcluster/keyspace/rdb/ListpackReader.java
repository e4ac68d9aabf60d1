package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.util.RedisNumbers;

import java.util.Arrays;

/**
 * Walks a listpack's elements, checking its header, every element's encoding and back-length,
 * and its end byte: a damaged one is refused rather than read past.
 */
final class ListpackReader {
    private final byte[] lp;
    private final int end;
    private final int declaredCount;
    private int position = 6;
    private int seen;
    private boolean isInteger;
    private long integer;
    private byte[] string;

    ListpackReader(byte[] lp) throws RdbFormatException {
        if (lp.length < 7) {
            throw new RdbFormatException("listpack too short");
        }
        long total = (lp[0] & 0xffL) | (lp[1] & 0xffL) << 8 | (lp[2] & 0xffL) << 16 | (lp[3] & 0xffL) << 24;
        if (total != lp.length || (lp[lp.length - 1] & 0xff) != 0xff) {
            throw new RdbFormatException("listpack header or end damaged");
        }
        this.lp = lp;
        this.end = lp.length - 1;
        this.declaredCount = (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
    }

    /** Every element, checked, as strings (integers in their decimal form). */
    static byte[][] elements(byte[] lp) throws RdbFormatException {
        ListpackReader reader = new ListpackReader(lp);
        byte[][] out = new byte[Math.min(reader.declaredCount, lp.length)][];
        int n = 0;
        while (reader.next()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2 + 1);
            }
            out[n++] = reader.bytes();
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Moves to the next element; false at the end (after checking the element count). */
    boolean next() throws RdbFormatException {
        if (position >= end) {
            if (declaredCount != 65535 && declaredCount != seen) {
                throw new RdbFormatException("listpack count mismatch");
            }
            return false;
        }
        int start = position;
        int b = u8(position);
        isInteger = true;
        string = null;
        if ((b & 0x80) == 0) {
            integer = b;
            position += 1;
        } else if ((b & 0xc0) == 0x80) {
            stringAt(position + 1, b & 0x3f);
        } else if ((b & 0xe0) == 0xc0) {
            long u = ((b & 0x1f) << 8) | u8(position + 1);
            integer = u >= (1 << 12) ? u - (1 << 13) : u;
            position += 2;
        } else if ((b & 0xf0) == 0xe0) {
            stringAt(position + 2, ((b & 0x0f) << 8) | u8(position + 1));
        } else if (b == 0xf0) {
            long length = littleEndian(position + 1, 4) & 0xffffffffL;
            if (length > end) {
                throw new RdbFormatException("listpack string too long");
            }
            stringAt(position + 5, (int) length);
        } else if (b == 0xf1) {
            integer = (short) littleEndian(position + 1, 2);
            position += 3;
        } else if (b == 0xf2) {
            integer = (littleEndian(position + 1, 3) << 40) >> 40;
            position += 4;
        } else if (b == 0xf3) {
            integer = (int) littleEndian(position + 1, 4);
            position += 5;
        } else if (b == 0xf4) {
            integer = littleEndian(position + 1, 8);
            position += 9;
        } else {
            throw new RdbFormatException("bad listpack encoding");
        }
        checkBackLength(position - start);
        seen++;
        return true;
    }

    boolean isInteger() {
        return isInteger;
    }

    long integer() throws RdbFormatException {
        if (!isInteger) {
            Long parsed = RedisNumbers.parseLong(string);
            if (parsed == null) {
                throw new RdbFormatException("listpack element is not an integer");
            }
            return parsed;
        }
        return integer;
    }

    byte[] bytes() {
        return isInteger ? RedisNumbers.toBytes(integer) : string;
    }

    private void stringAt(int from, int length) throws RdbFormatException {
        if ((long) from + length > end) {
            throw new RdbFormatException("listpack string past its end");
        }
        isInteger = false;
        string = Arrays.copyOfRange(lp, from, from + length);
        position = from + length;
    }

    private void checkBackLength(int length) throws RdbFormatException {
        int groups = length <= 127 ? 1 : length < 16383 ? 2 : length < 2097151 ? 3 : length < 268435455 ? 4 : 5;
        long value = 0;
        for (int g = 0; g < groups; g++) {
            int b = u8(position + g);
            if ((g == 0) == ((b & 0x80) != 0)) {
                throw new RdbFormatException("bad listpack back-length");
            }
            value = (value << 7) | (b & 127);
        }
        if (value != length) {
            throw new RdbFormatException("bad listpack back-length");
        }
        position += groups;
    }

    private int u8(int at) throws RdbFormatException {
        if (at >= end) {
            throw new RdbFormatException("listpack element past its end");
        }
        return lp[at] & 0xff;
    }

    private long littleEndian(int at, int n) throws RdbFormatException {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | u8(at + i);
        }
        return v;
    }
}
