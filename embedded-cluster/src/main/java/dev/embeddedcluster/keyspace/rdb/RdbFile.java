package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.Crc64;
import dev.embeddedcluster.keyspace.EncodingLimits;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A whole RDB file as Redis 7.0 writes one: "REDIS0010", the aux fields, the function
 * libraries, then for each database with keys SELECTDB and RESIZEDB and its keys (expiry in
 * milliseconds, idle time or frequency when kept, type, key, value), EOF and a CRC-64 of it all
 * (0 when checksums are off). Reading takes files of RDB versions 1 to 10.
 */
public final class RdbFile {
    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);
    /** How much is buffered before it goes to the stream. */
    private static final int FLUSH_AT = 64 * 1024;

    private RdbFile() {
    }

    /** Writes database 0 with these keys. */
    public static void write(OutputStream out, RdbSnapshot db0, RdbAux aux, boolean compress, boolean checksum)
            throws IOException {
        Writer writer = new Writer(out, compress);
        RdbOutput o = writer.buffer;
        o.writeRaw(MAGIC);
        o.writeRaw(String.format("%04d", RdbType.VERSION).getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, String> field : aux.fields().entrySet()) {
            o.writeByte(RdbType.OPCODE_AUX);
            o.writeString(field.getKey().getBytes(StandardCharsets.UTF_8));
            o.writeString(field.getValue().getBytes(StandardCharsets.UTF_8));
        }
        for (byte[] code : aux.functions()) {
            o.writeByte(RdbType.OPCODE_FUNCTION2);
            o.writeString(code);
        }
        if (db0.size() > 0) {
            o.writeByte(RdbType.OPCODE_SELECTDB);
            o.writeLength(0);
            o.writeByte(RdbType.OPCODE_RESIZEDB);
            o.writeLength(db0.size());
            o.writeLength(db0.expires());
            IOException[] failure = new IOException[1];
            db0.forEach(key -> {
                if (failure[0] != null) {
                    return;
                }
                writeKey(o, key);
                try {
                    writer.flushIfFull();
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        o.writeByte(RdbType.OPCODE_EOF);
        writer.flush();
        long crc = checksum ? writer.crc : 0;
        o.writeLittleEndian(crc, 8);
        writer.flush();
        out.flush();
    }

    private static void writeKey(RdbOutput o, RdbKey key) {
        if (key.expireAtMillis() != RdbKey.NONE) {
            o.writeByte(RdbType.OPCODE_EXPIRETIME_MS);
            o.writeMillis(key.expireAtMillis());
        }
        if (key.idleSeconds() != RdbKey.NONE) {
            o.writeByte(RdbType.OPCODE_IDLE);
            o.writeLength(key.idleSeconds());
        }
        if (key.frequency() != RdbKey.NONE) {
            o.writeByte(RdbType.OPCODE_FREQ);
            o.writeByte(key.frequency());
        }
        o.writeByte(RdbValueWriter.type(key.value()));
        o.writeString(key.key());
        RdbValueWriter.writeBody(o, key.value());
    }

    /**
     * Reads a file, telling the visitor its aux fields, functions and keys. A file Redis cannot
     * load (bad magic, a version above 10, an unknown opcode or type, a checksum that does not
     * match) is refused with an {@link RdbFormatException}.
     */
    public static void read(InputStream stream, RdbVisitor visitor) throws IOException, RdbFormatException {
        // Values are built with Redis's default thresholds; Values.copy(value, limits) gives a node its own.
        EncodingLimits limits = new EncodingLimits();
        RdbInput in = RdbInput.of(stream);
        byte[] header = in.readRaw(9);
        String version = new String(header, 5, 4, StandardCharsets.US_ASCII);
        if (!new String(header, 0, 5, StandardCharsets.US_ASCII).equals("REDIS") || !version.matches("[0-9]{4}")) {
            throw new RdbFormatException("Wrong signature trying to load DB from file");
        }
        int rdbVersion = Integer.parseInt(version);
        if (rdbVersion < 1 || rdbVersion > RdbType.VERSION) {
            throw new RdbFormatException("Can't handle RDB format version " + rdbVersion);
        }
        int db = 0;
        long expireAt = RdbKey.NONE;
        long idle = RdbKey.NONE;
        int frequency = (int) RdbKey.NONE;
        while (true) {
            int type = in.readByte();
            switch (type) {
                case RdbType.OPCODE_EXPIRETIME:
                    expireAt = in.readLittleEndian(4) * 1000;
                    continue;
                case RdbType.OPCODE_EXPIRETIME_MS:
                    expireAt = in.readLittleEndian(8);
                    continue;
                case RdbType.OPCODE_IDLE:
                    idle = in.readLength();
                    continue;
                case RdbType.OPCODE_FREQ:
                    frequency = in.readByte();
                    continue;
                case RdbType.OPCODE_SELECTDB:
                    db = in.readCount();
                    continue;
                case RdbType.OPCODE_RESIZEDB:
                    in.readLength();
                    in.readLength();
                    continue;
                case RdbType.OPCODE_AUX:
                    visitor.aux(new String(in.readString(), StandardCharsets.UTF_8), in.readString());
                    continue;
                case RdbType.OPCODE_FUNCTION2:
                    visitor.function(in.readString());
                    continue;
                case RdbType.OPCODE_FUNCTION:
                    throw new RdbFormatException("Pre-release function format not supported.");
                case RdbType.OPCODE_MODULE_AUX:
                    throw new RdbFormatException("The RDB file contains AUX module data I can't load: no matching module");
                case RdbType.OPCODE_EOF:
                    finish(in, stream, rdbVersion);
                    return;
                default:
                    break;
            }
            if (!RdbType.isValueType(type) || type == RdbType.MODULE || type == RdbType.MODULE_2) {
                throw new RdbFormatException(type == RdbType.MODULE || type == RdbType.MODULE_2
                        ? "The RDB file contains module data I can't load: no matching module"
                        : "Unknown RDB encoding type " + type);
            }
            byte[] key = in.readString();
            Object value = RdbValueReader.read(in, type, limits);
            if (value != null) {
                visitor.key(db, new RdbKey(key, value, expireAt, idle, frequency));
            }
            expireAt = RdbKey.NONE;
            idle = RdbKey.NONE;
            frequency = (int) RdbKey.NONE;
        }
    }

    private static void finish(RdbInput in, InputStream stream, int rdbVersion) throws IOException, RdbFormatException {
        if (rdbVersion < 5) {
            return;
        }
        long expected = in.crc();
        long stored = in.readLittleEndian(8);
        if (stored != 0 && stored != expected) {
            throw new RdbFormatException("Wrong RDB checksum");
        }
    }

    /** Buffers the file and passes it on, checksumming what goes. */
    private static final class Writer {
        final OutputStream out;
        final RdbOutput buffer;
        long crc;

        Writer(OutputStream out, boolean compress) {
            this.out = out;
            this.buffer = new RdbOutput(compress);
        }

        void flushIfFull() throws IOException {
            if (buffer.size() >= FLUSH_AT) {
                flush();
            }
        }

        void flush() throws IOException {
            crc = Crc64.update(crc, buffer.buffer(), 0, buffer.size());
            out.write(buffer.buffer(), 0, buffer.size());
            buffer.reset();
        }
    }
}
