package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.util.Lzf;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.Arrays;

/**
 * A growing buffer of RDB encodings: lengths in 1, 2, 5 or 9 bytes, strings as small integers,
 * LZF blobs (when compression is on and it pays, as rdbcompression does) or raw bytes, binary
 * doubles and millisecond times little-endian.
 */
final class RdbOutput {
    private static final int ENCODED = 3 << 6;
    private static final int ENC_INT8 = 0;
    private static final int ENC_INT16 = 1;
    private static final int ENC_INT32 = 2;
    private static final int ENC_LZF = 3;

    private final boolean compress;
    private byte[] buffer = new byte[64];
    private int size;

    RdbOutput(boolean compress) {
        this.compress = compress;
    }

    /** An empty buffer that compresses as this one does. */
    RdbOutput sibling() {
        return new RdbOutput(compress);
    }

    int size() {
        return size;
    }

    byte[] buffer() {
        return buffer;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** Forgets what was written (after it was copied out). */
    void reset() {
        size = 0;
    }

    void writeByte(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    void writeRaw(byte[] bytes) {
        writeRaw(bytes, 0, bytes.length);
    }

    void writeRaw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    void writeLength(long length) {
        if (length >= 0 && length < (1 << 6)) {
            writeByte((int) length);
        } else if (length >= 0 && length < (1 << 14)) {
            writeByte((int) (length >>> 8) | 0x40);
            writeByte((int) length);
        } else if (length >= 0 && length <= 0xffffffffL) {
            writeByte(0x80);
            writeBigEndian(length, 4);
        } else {
            writeByte(0x81);
            writeBigEndian(length, 8);
        }
    }

    /** A string as rdbSaveRawString writes one. */
    void writeString(byte[] s) {
        writeString(s, s.length);
    }

    void writeString(byte[] s, int length) {
        if (length <= 11 && length > 0 && writeSmallInteger(s, length)) {
            return;
        }
        if (compress && length > 20) {
            byte[] packed = Lzf.compress(s, length, length - 4);
            if (packed != null) {
                writeLzfBlob(packed, length);
                return;
            }
        }
        writeLength(length);
        writeRaw(s, 0, length);
    }

    /** Bytes already LZF-compressed from {@code length} bytes, as an LZF-encoded string. */
    void writeLzfBlob(byte[] compressed, int length) {
        writeByte(ENCODED | ENC_LZF);
        writeLength(compressed.length);
        writeLength(length);
        writeRaw(compressed);
    }

    private boolean writeSmallInteger(byte[] s, int length) {
        Long value = RedisNumbers.parseLong(length == s.length ? s : Arrays.copyOf(s, length));
        if (value == null || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            return false;
        }
        long v = value;
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            writeByte(ENCODED | ENC_INT8);
            writeByte((int) v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            writeByte(ENCODED | ENC_INT16);
            writeLittleEndian(v, 2);
        } else {
            writeByte(ENCODED | ENC_INT32);
            writeLittleEndian(v, 4);
        }
        return true;
    }

    void writeBinaryDouble(double value) {
        writeLittleEndian(Double.doubleToRawLongBits(value), 8);
    }

    void writeMillis(long millis) {
        writeLittleEndian(millis, 8);
    }

    void writeLittleEndian(long value, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void writeBigEndian(long value, int bytes) {
        ensure(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("RDB value too large");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
