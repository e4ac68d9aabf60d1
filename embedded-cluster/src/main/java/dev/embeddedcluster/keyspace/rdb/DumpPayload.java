package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.Crc64;
import dev.embeddedcluster.keyspace.EncodingLimits;

import java.io.IOException;

/**
 * DUMP's payload and RESTORE's reading of it, as Redis 7.0 makes them: the value's RDB type
 * and body, the RDB version (10) in 2 bytes and a CRC-64 of all that, little-endian. A payload
 * from an older Redis (a lower RDB version, older encodings) restores too.
 */
public final class DumpPayload {
    private static final int TRAILER = 2 + 8;

    private DumpPayload() {
    }

    /** Why a payload cannot be restored, in the two ways Redis tells. */
    public enum Problem { VERSION_OR_CHECKSUM, BAD_FORMAT }

    /** A payload that cannot be restored. */
    public static final class InvalidPayload extends Exception {
        private final Problem problem;

        InvalidPayload(Problem problem) {
            super(problem.name(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /** The payload of a value; {@code compress} as rdbcompression (LZF for strings over 20 bytes when it pays). */
    public static byte[] dump(Object value, boolean compress) {
        RdbOutput out = new RdbOutput(compress);
        RdbValueWriter.write(out, value);
        out.writeLittleEndian(RdbType.VERSION, 2);
        long crc = Crc64.of(out.buffer(), out.size());
        out.writeLittleEndian(crc, 8);
        return out.toByteArray();
    }

    /** The value of a payload, following the thresholds of the node it goes to. */
    public static Object restore(byte[] payload, EncodingLimits limits) throws InvalidPayload {
        if (payload.length < TRAILER) {
            throw new InvalidPayload(Problem.VERSION_OR_CHECKSUM);
        }
        int versionAt = payload.length - TRAILER;
        int version = (payload[versionAt] & 0xff) | (payload[versionAt + 1] & 0xff) << 8;
        long checksum = 0;
        for (int i = 7; i >= 0; i--) {
            checksum = (checksum << 8) | (payload[versionAt + 2 + i] & 0xff);
        }
        if (version > RdbType.VERSION || checksum != Crc64.of(payload, versionAt + 2)) {
            throw new InvalidPayload(Problem.VERSION_OR_CHECKSUM);
        }
        try {
            RdbInput in = RdbInput.of(payload, versionAt);
            int type = in.readByte();
            if (!RdbType.isValueType(type)) {
                throw new InvalidPayload(Problem.BAD_FORMAT);
            }
            Object value = RdbValueReader.read(in, type, limits);
            if (value == null) {
                throw new InvalidPayload(Problem.BAD_FORMAT);
            }
            return value;
        } catch (IOException | RdbFormatException | RuntimeException e) {
            throw new InvalidPayload(Problem.BAD_FORMAT);
        }
    }
}
