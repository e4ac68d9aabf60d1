package dev.embeddedcluster.keyspace;

/**
 * CRC-64 with the Jones polynomial, bits reflected, as Redis checksums DUMP and FUNCTION DUMP
 * payloads and RDB files.
 */
public final class Crc64 {
    /** 0xad93d23594c935a9 with its bits reversed. */
    private static final long POLYNOMIAL = 0x95AC9329AC4BC9B5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64() {
    }

    public static long of(byte[] data, int length) {
        return update(0, data, 0, length);
    }

    /** The checksum so far, {@code crc}, carried on over {@code length} more bytes. */
    public static long update(long crc, byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            crc = TABLE[(int) ((crc ^ data[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }
}
