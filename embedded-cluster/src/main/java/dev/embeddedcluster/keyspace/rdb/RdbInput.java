package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.Crc64;
import dev.embeddedcluster.util.Lzf;
import dev.embeddedcluster.util.RedisNumbers;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads RDB encodings from a stream, checksumming what it reads (CRC-64, for a file's footer).
 * A length beyond what a byte array holds is refused before anything is allocated for it.
 */
final class RdbInput {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private final InputStream in;
    private final long limit;
    private long position;
    private long crc;
    private final byte[] one = new byte[1];

    private RdbInput(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    static RdbInput of(byte[] bytes, int length) {
        return new RdbInput(new java.io.ByteArrayInputStream(bytes, 0, length), length);
    }

    static RdbInput of(InputStream in) {
        return new RdbInput(in, Long.MAX_VALUE);
    }

    long crc() {
        return crc;
    }

    long position() {
        return position;
    }

    int readByte() throws IOException, RdbFormatException {
        readFully(one, 0, 1);
        return one[0] & 0xff;
    }

    byte[] readRaw(long length) throws IOException, RdbFormatException {
        if (length < 0 || length > MAX_ARRAY || length > limit - position) {
            throw new RdbFormatException("length out of range");
        }
        int n = (int) length;
        if (limit != Long.MAX_VALUE) {
            byte[] bytes = new byte[n];
            readFully(bytes, 0, n);
            return bytes;
        }
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException("RDB ends early");
        }
        crc = Crc64.update(crc, bytes, 0, n);
        position += n;
        return bytes;
    }

    private void readFully(byte[] bytes, int offset, int length) throws IOException, RdbFormatException {
        int read = in.readNBytes(bytes, offset, length);
        if (read != length) {
            if (limit != Long.MAX_VALUE) {
                throw new RdbFormatException("payload ends early");
            }
            throw new EOFException("RDB ends early");
        }
        crc = Crc64.update(crc, bytes, offset, length);
        position += length;
    }

    long readLittleEndian(int bytes) throws IOException, RdbFormatException {
        byte[] b = readRaw(bytes);
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = (value << 8) | (b[i] & 0xff);
        }
        return value;
    }

    private long readBigEndian(int bytes) throws IOException, RdbFormatException {
        byte[] b = readRaw(bytes);
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (b[i] & 0xff);
        }
        return value;
    }

    /** A length (rdbLoadLen), as an unsigned 64-bit number; an encoded string's marker is refused. */
    long readLength() throws IOException, RdbFormatException {
        int first = readByte();
        long length = lengthAfter(first);
        if (length == ENCODED) {
            throw new RdbFormatException("encoded value where a length belongs");
        }
        return length;
    }

    /** A count of elements: a length that must fit an int and be non-negative. */
    int readCount() throws IOException, RdbFormatException {
        long count = readLength();
        if (count < 0 || count > MAX_ARRAY) {
            throw new RdbFormatException("count out of range");
        }
        return (int) count;
    }

    private static final long ENCODED = Long.MIN_VALUE;

    private long lengthAfter(int first) throws IOException, RdbFormatException {
        switch (first >>> 6) {
            case 0:
                return first & 0x3f;
            case 1:
                return ((first & 0x3f) << 8) | readByte();
            case 2:
                if (first == 0x80) {
                    return readBigEndian(4);
                }
                if (first == 0x81) {
                    return readBigEndian(8);
                }
                throw new RdbFormatException("unknown length encoding");
            default:
                return ENCODED;
        }
    }

    /** A string in any of its encodings: plain, integer or LZF. */
    byte[] readString() throws IOException, RdbFormatException {
        int first = readByte();
        long length = lengthAfter(first);
        if (length != ENCODED) {
            return readRaw(length);
        }
        switch (first & 0x3f) {
            case 0:
                return integerText((byte) readByte());
            case 1:
                return integerText((short) readLittleEndian(2));
            case 2:
                return integerText((int) readLittleEndian(4));
            case 3: {
                long compressed = readLength();
                long original = readLength();
                byte[] packed = readRaw(compressed);
                if (original == 0 || original > MAX_ARRAY) {
                    throw new RdbFormatException("bad LZF length");
                }
                byte[] bytes = Lzf.decompress(packed, original);
                if (bytes == null) {
                    throw new RdbFormatException("bad LZF data");
                }
                return bytes;
            }
            default:
                throw new RdbFormatException("unknown string encoding");
        }
    }

    private static byte[] integerText(long value) {
        return RedisNumbers.toBytes(value);
    }

    double readBinaryDouble() throws IOException, RdbFormatException {
        return Double.longBitsToDouble(readLittleEndian(8));
    }

    /** A double as RDB_TYPE_ZSET writes it: a length byte and its text, or 253 nan, 254 inf, 255 -inf. */
    double readTextDouble() throws IOException, RdbFormatException {
        int length = readByte();
        switch (length) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                String text = new String(readRaw(length), StandardCharsets.US_ASCII);
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new RdbFormatException("bad double");
                }
        }
    }
}
