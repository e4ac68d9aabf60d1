package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.keyspace.Crc64;
import dev.embeddedcluster.util.Lzf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * FUNCTION DUMP's payload, laid out as Redis 7.0 lays out its own (RDB records): per library the
 * opcode 245 and its code as an RDB string, then the RDB version (10) and a CRC-64 of all that,
 * both little-endian. Codes are written uncompressed, which Redis reads as well; reading also
 * takes the LZF-compressed and integer-encoded strings Redis writes, and the opcode-246 records
 * of 7.0's release candidates, so payloads move both ways between this and a real server.
 */
final class FunctionPayload {
    static final String VERSION_OR_CHECKSUM = "DUMP payload version or checksum are wrong";
    private static final int FUNCTION = 245;
    private static final int FUNCTION_PRE_GA = 246;
    private static final int RDB_VERSION = 10;
    private static final int TRAILER = 2 + 8;

    private FunctionPayload() {
    }

    static byte[] dump(Collection<FunctionLibrary> libraries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (FunctionLibrary library : libraries) {
            out.write(FUNCTION);
            writeLength(out, library.code().length);
            out.writeBytes(library.code());
        }
        out.write(RDB_VERSION & 0xff);
        out.write(RDB_VERSION >>> 8);
        byte[] body = out.toByteArray();
        long crc = Crc64.of(body, body.length);
        for (int i = 0; i < 8; i++) {
            out.write((int) (crc >>> (8 * i)));
        }
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, long length) {
        if (length < 1 << 6) {
            out.write((int) length);
        } else if (length < 1 << 14) {
            out.write(0x40 | (int) (length >>> 8));
            out.write((int) length);
        } else if (length <= 0xffffffffL) {
            out.write(0x80);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        } else {
            out.write(0x81);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
    }

    /** Opens a payload for reading its libraries' codes, once its version and checksum are right. */
    static Reader open(byte[] payload) throws FunctionException {
        if (payload.length < TRAILER) {
            throw new FunctionException(VERSION_OR_CHECKSUM);
        }
        int trailer = payload.length - TRAILER;
        int version = (payload[trailer] & 0xff) | (payload[trailer + 1] & 0xff) << 8;
        long checksum = 0;
        for (int i = 7; i >= 0; i--) {
            checksum = (checksum << 8) | (payload[trailer + 2 + i] & 0xff);
        }
        if (version > RDB_VERSION || checksum != Crc64.of(payload, trailer + 2)) {
            throw new FunctionException(VERSION_OR_CHECKSUM);
        }
        return new Reader(payload);
    }

    /**
     * Reads libraries one by one, as Redis does while more than the trailer is left; a record may
     * run into the trailer's bytes, as Redis lets it.
     */
    static final class Reader {
        private final byte[] payload;
        private int position;

        private Reader(byte[] payload) {
            this.payload = payload;
        }

        boolean hasNext() {
            return payload.length - position > TRAILER;
        }

        /** The next library's code. */
        byte[] next() throws FunctionException {
            int type = payload[position++] & 0xff;
            if (type == FUNCTION) {
                return string("Failed loading library payload");
            }
            if (type != FUNCTION_PRE_GA) {
                throw new FunctionException("given type is not a function");
            }
            byte[] name = string("Failed loading library name");
            byte[] engine = string("Failed loading engine name");
            long hasDescription = length("Failed loading library description indicator");
            if (hasDescription != 0) {
                string("Failed loading library description");
            }
            byte[] blob = string("Failed loading library blob");
            ByteArrayOutputStream code = new ByteArrayOutputStream();
            code.writeBytes("#!".getBytes(StandardCharsets.US_ASCII));
            code.writeBytes(engine);
            code.writeBytes(" name=".getBytes(StandardCharsets.US_ASCII));
            code.writeBytes(name);
            code.write('\n');
            code.writeBytes(blob);
            return code.toByteArray();
        }

        private int readByte(String failure) throws FunctionException {
            if (position >= payload.length) {
                throw new FunctionException(failure);
            }
            return payload[position++] & 0xff;
        }

        private long bigEndian(int bytes, String failure) throws FunctionException {
            long value = 0;
            for (int i = 0; i < bytes; i++) {
                value = value << 8 | readByte(failure);
            }
            return value;
        }

        /** An RDB length; an encoded string's marker is no length. */
        private long length(String failure) throws FunctionException {
            int first = readByte(failure);
            return switch (first >>> 6) {
                case 0 -> first & 0x3f;
                case 1 -> (first & 0x3f) << 8 | readByte(failure);
                case 2 -> switch (first) {
                    case 0x80 -> bigEndian(4, failure);
                    case 0x81 -> bigEndian(8, failure);
                    default -> throw new FunctionException(failure);
                };
                default -> throw new FunctionException(failure);
            };
        }

        /** An RDB string: plain, integer-encoded or LZF-compressed. */
        private byte[] string(String failure) throws FunctionException {
            int first = readByte(failure);
            if (first >>> 6 != 3) {
                position--;
                return bytes(length(failure), failure);
            }
            return switch (first & 0x3f) {
                case 0 -> integer((byte) readByte(failure));
                case 1 -> integer((short) (readByte(failure) | readByte(failure) << 8));
                case 2 -> integer(readByte(failure) | readByte(failure) << 8 | readByte(failure) << 16 | readByte(failure) << 24);
                case 3 -> {
                    long compressed = length(failure);
                    long length = length(failure);
                    byte[] decompressed = Lzf.decompress(bytes(compressed, failure), length);
                    if (decompressed == null) {
                        throw new FunctionException(failure);
                    }
                    yield decompressed;
                }
                default -> throw new FunctionException(failure);
            };
        }

        private static byte[] integer(long value) {
            return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        }

        private byte[] bytes(long length, String failure) throws FunctionException {
            if (length > payload.length - position) {
                throw new FunctionException(failure);
            }
            byte[] bytes = java.util.Arrays.copyOfRange(payload, position, position + (int) length);
            position += (int) length;
            return bytes;
        }
    }
}
