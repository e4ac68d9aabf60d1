package dev.embeddedcluster.keyspace;

import dev.embeddedcluster.keyspace.stream.StreamValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * DUMP's payload and RESTORE's reading of it, in a format of our own laid out as Redis lays out
 * its own: a type byte, the value, a 2-byte format version and a CRC-64 of all that. Restored
 * values are rebuilt element by element, so their encodings follow the node's thresholds, as
 * Redis's own RESTORE does; a list keeps the node size it was dumped with, as Redis keeps the
 * quicklist nodes it dumped, and a hash or sorted set dumped as a listpack stays one unless it
 * has more entries than the node allows (Redis 7.0 checks only their number then).
 */
public final class DumpPayload {
    private static final int VERSION = 1;
    private static final int TRAILER = 2 + 8;
    private static final byte STRING = 0;
    private static final byte LIST = 1;
    private static final byte SET = 2;
    private static final byte SORTED_SET = 3;
    private static final byte HASH = 4;
    private static final byte STREAM = 5;

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

    public static byte[] dump(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeValue(out, value);
            out.writeShort(Short.reverseBytes((short) VERSION));
            out.flush();
            byte[] body = bytes.toByteArray();
            out.writeLong(Long.reverseBytes(Crc64.of(body, body.length)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The value a payload holds, in the encodings the node's {@code limits} give it, as RESTORE loads it. */
    public static Object restore(byte[] payload, EncodingLimits limits) throws InvalidPayload {
        if (payload.length < TRAILER + 1) {
            throw new InvalidPayload(Problem.VERSION_OR_CHECKSUM);
        }
        int versionAt = payload.length - TRAILER;
        int version = (payload[versionAt] & 0xff) | (payload[versionAt + 1] & 0xff) << 8;
        long checksum = 0;
        for (int i = 7; i >= 0; i--) {
            checksum = (checksum << 8) | (payload[versionAt + 2 + i] & 0xff);
        }
        if (version != VERSION || checksum != Crc64.of(payload, versionAt + 2)) {
            throw new InvalidPayload(Problem.VERSION_OR_CHECKSUM);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, 0, versionAt))) {
            Object value = readValue(in, limits);
            if (in.available() != 0) {
                throw new InvalidPayload(Problem.BAD_FORMAT);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new InvalidPayload(Problem.BAD_FORMAT);
        }
    }

    private static void writeValue(DataOutputStream out, Object value) throws IOException {
        if (value instanceof byte[] string) {
            out.writeByte(STRING);
            writeBytes(out, string);
        } else if (value instanceof ListValue list) {
            out.writeByte(LIST);
            out.writeInt(list.fill());
            out.writeInt(list.compressDepth());
            out.writeInt(list.size());
            for (int i = 0; i < list.size(); i++) {
                writeBytes(out, list.get(i));
            }
        } else if (value instanceof SetValue set) {
            out.writeByte(SET);
            List<byte[]> members = set.members();
            out.writeInt(members.size());
            for (byte[] member : members) {
                writeBytes(out, member);
            }
        } else if (value instanceof SortedSetValue sortedSet) {
            out.writeByte(SORTED_SET);
            out.writeBoolean(sortedSet.isListpack());
            out.writeInt(sortedSet.size());
            for (ScoreSkipList.Node n = sortedSet.first(); n != null; n = n.next()) {
                writeBytes(out, n.member());
                out.writeDouble(n.score());
            }
        } else if (value instanceof HashValue hash) {
            out.writeByte(HASH);
            out.writeBoolean(hash.isListpack());
            List<byte[][]> pairs = hash.pairs();
            out.writeInt(pairs.size());
            for (byte[][] pair : pairs) {
                writeBytes(out, pair[0]);
                writeBytes(out, pair[1]);
            }
        } else if (value instanceof StreamValue stream) {
            out.writeByte(STREAM);
            stream.writeTo(out);
        } else {
            throw new IllegalArgumentException("no dump format for " + value.getClass());
        }
    }

    private static Object readValue(DataInputStream in, EncodingLimits limits) throws IOException, InvalidPayload {
        int type = in.readByte();
        switch (type) {
            case STRING:
                return readBytes(in);
            case LIST: {
                ListValue list = new ListValue(in.readInt(), in.readInt());
                for (int i = count(in); i > 0; i--) {
                    list.addLast(readBytes(in));
                }
                return nonEmpty(list.isEmpty(), list);
            }
            case SET: {
                SetValue set = new SetValue(limits);
                for (int i = count(in); i > 0; i--) {
                    set.add(readBytes(in));
                }
                return nonEmpty(set.isEmpty(), set);
            }
            case SORTED_SET: {
                SortedSetValue sortedSet = new SortedSetValue(limits);
                boolean listpack = in.readBoolean();
                for (int i = count(in); i > 0; i--) {
                    byte[] member = readBytes(in);
                    double score = in.readDouble();
                    if (Double.isNaN(score)) {
                        throw new InvalidPayload(Problem.BAD_FORMAT);
                    }
                    sortedSet.put(member, score);
                }
                if (listpack) {
                    sortedSet.restoredFromListpack();
                }
                return nonEmpty(sortedSet.isEmpty(), sortedSet);
            }
            case HASH: {
                HashValue hash = new HashValue(limits);
                boolean listpack = in.readBoolean();
                for (int i = count(in); i > 0; i--) {
                    hash.put(readBytes(in), readBytes(in));
                }
                if (listpack) {
                    hash.restoredFromListpack();
                }
                return nonEmpty(hash.isEmpty(), hash);
            }
            case STREAM:
                return StreamValue.readFrom(in, limits);
            default:
                throw new InvalidPayload(Problem.BAD_FORMAT);
        }
    }

    /** Redis refuses to restore an empty aggregate. */
    private static Object nonEmpty(boolean empty, Object value) throws InvalidPayload {
        if (empty) {
            throw new InvalidPayload(Problem.BAD_FORMAT);
        }
        return value;
    }

    private static int count(DataInputStream in) throws IOException, InvalidPayload {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new InvalidPayload(Problem.BAD_FORMAT);
        }
        return count;
    }

    public static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad length");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
