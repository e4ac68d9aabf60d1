package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.Crc64;
import dev.embeddedcluster.util.RedisNumbers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * DUMP payloads in the encodings of Redis before 7.0 (linked lists, ziplists, zipmaps,
 * quicklists of ziplists, text scores, streams without 7.0's counters), laid out by their
 * documented formats, for tests that restore them on redis-server 7.0.15 and here.
 */
public final class LegacyPayloads {
    private LegacyPayloads() {
    }

    public static byte[] linkedList(String... elements) {
        RdbOutput out = new RdbOutput(false);
        out.writeByte(RdbType.LIST);
        out.writeLength(elements.length);
        for (String e : elements) {
            out.writeString(b(e));
        }
        return payload(out, 6);
    }

    public static byte[] ziplistList(String... elements) {
        return blob(RdbType.LIST_ZIPLIST, ziplist(elements));
    }

    public static byte[] quicklistOfZiplists(String[]... nodes) {
        RdbOutput out = new RdbOutput(false);
        out.writeByte(RdbType.LIST_QUICKLIST);
        out.writeLength(nodes.length);
        for (String[] node : nodes) {
            out.writeString(ziplist(node));
        }
        return payload(out, 9);
    }

    public static byte[] plainSet(String... members) {
        RdbOutput out = new RdbOutput(false);
        out.writeByte(RdbType.SET);
        out.writeLength(members.length);
        for (String m : members) {
            out.writeString(b(m));
        }
        return payload(out, 9);
    }

    /** RDB_TYPE_ZSET: members and scores as text ("inf", "-inf" as their marker bytes). */
    public static byte[] textScoreSortedSet(String... membersAndScores) {
        RdbOutput out = new RdbOutput(false);
        out.writeByte(RdbType.ZSET);
        out.writeLength(membersAndScores.length / 2);
        for (int i = 0; i < membersAndScores.length; i += 2) {
            out.writeString(b(membersAndScores[i]));
            String score = membersAndScores[i + 1];
            if (score.equals("inf")) {
                out.writeByte(254);
            } else if (score.equals("-inf")) {
                out.writeByte(255);
            } else {
                out.writeByte(score.length());
                out.writeRaw(b(score));
            }
        }
        return payload(out, 6);
    }

    public static byte[] ziplistSortedSet(String... membersAndScores) {
        return blob(RdbType.ZSET_ZIPLIST, ziplist(membersAndScores));
    }

    public static byte[] ziplistHash(String... fieldsAndValues) {
        return blob(RdbType.HASH_ZIPLIST, ziplist(fieldsAndValues));
    }

    public static byte[] zipmapHash(String... fieldsAndValues) {
        ByteArrayOutputStream zm = new ByteArrayOutputStream();
        zm.write(fieldsAndValues.length / 2);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            byte[] field = b(fieldsAndValues[i]);
            byte[] value = b(fieldsAndValues[i + 1]);
            zm.write(field.length);
            zm.writeBytes(field);
            zm.write(value.length);
            zm.write(0);
            zm.writeBytes(value);
        }
        zm.write(0xff);
        return blob(RdbType.HASH_ZIPMAP, zm.toByteArray());
    }

    /**
     * RDB_TYPE_STREAM_LISTPACKS (Redis 5 and 6): one node holding entries with IDs ms-0 for the
     * given ms, each with one field "f"; a group "g" at the last ID, no consumers.
     */
    public static byte[] streamVersion1(long... ms) {
        ListpackWriter lp = new ListpackWriter();
        lp.add(ms.length);
        lp.add(0);
        lp.add(1);
        lp.add(b("f"));
        lp.add(0);
        for (long m : ms) {
            lp.add(2);
            lp.add(m - ms[0]);
            lp.add(0);
            lp.add(b("v" + m));
            lp.add(4);
        }
        RdbOutput out = new RdbOutput(false);
        out.writeByte(RdbType.STREAM_LISTPACKS);
        out.writeLength(1);
        byte[] key = new byte[16];
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (ms[0] >>> (56 - 8 * i));
        }
        out.writeString(key);
        out.writeString(lp.toByteArray());
        out.writeLength(ms.length);
        out.writeLength(ms[ms.length - 1]);
        out.writeLength(0);
        out.writeLength(1);
        out.writeString(b("g"));
        out.writeLength(ms[ms.length - 1]);
        out.writeLength(0);
        out.writeLength(0);
        out.writeLength(0);
        return payload(out, 9);
    }

    /** Listpack payloads as 7.0 writes them, but with contents past the encoding's usual limits. */
    public static byte[] listpackHash(String... fieldsAndValues) {
        return blob(RdbType.HASH_LISTPACK, listpack(fieldsAndValues));
    }

    public static byte[] listpackSortedSet(String... membersAndScores) {
        return blob(RdbType.ZSET_LISTPACK, listpack(membersAndScores));
    }

    public static byte[] intset(String... ascending) {
        return blob(RdbType.SET_INTSET, Intset.encode(Arrays.stream(ascending).map(LegacyPayloads::b).toList()));
    }

    private static byte[] listpack(String... elements) {
        ListpackWriter lp = new ListpackWriter();
        for (String e : elements) {
            lp.add(b(e));
        }
        return lp.toByteArray();
    }

    /** A ziplist with Redis's encodings: immediate 0..12, int8/16/24/32/64, strings with 1, 2 or 5 byte headers. */
    static byte[] ziplist(String... elements) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        int previous = 0;
        int tail = 10;
        for (String element : elements) {
            tail = 10 + entries.size();
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            if (previous < 254) {
                entry.write(previous);
            } else {
                entry.write(0xfe);
                littleEndian(entry, previous, 4);
            }
            byte[] bytes = b(element);
            Long v = bytes.length <= 20 ? RedisNumbers.parseLong(bytes) : null;
            if (v != null && v >= 0 && v <= 12) {
                entry.write(0xf1 + v.intValue());
            } else if (v != null && v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                entry.write(0xfe);
                entry.write(v.intValue());
            } else if (v != null && v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                entry.write(0xc0);
                littleEndian(entry, v, 2);
            } else if (v != null && v >= -(1 << 23) && v < (1 << 23)) {
                entry.write(0xf0);
                littleEndian(entry, v, 3);
            } else if (v != null && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                entry.write(0xd0);
                littleEndian(entry, v, 4);
            } else if (v != null) {
                entry.write(0xe0);
                littleEndian(entry, v, 8);
            } else if (bytes.length < 64) {
                entry.write(bytes.length);
                entry.writeBytes(bytes);
            } else if (bytes.length < 16384) {
                entry.write(0x40 | (bytes.length >>> 8));
                entry.write(bytes.length & 0xff);
                entry.writeBytes(bytes);
            } else {
                entry.write(0x80);
                for (int i = 3; i >= 0; i--) {
                    entry.write((bytes.length >>> (8 * i)) & 0xff);
                }
                entry.writeBytes(bytes);
            }
            previous = entry.size();
            entries.writeBytes(entry.toByteArray());
        }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        littleEndian(zl, 10 + entries.size() + 1, 4);
        littleEndian(zl, tail, 4);
        littleEndian(zl, elements.length, 2);
        zl.writeBytes(entries.toByteArray());
        zl.write(0xff);
        return zl.toByteArray();
    }

    private static byte[] blob(int type, byte[] encoded) {
        RdbOutput out = new RdbOutput(false);
        out.writeByte(type);
        out.writeString(encoded);
        return payload(out, 9);
    }

    private static byte[] payload(RdbOutput out, int version) {
        out.writeLittleEndian(version, 2);
        out.writeLittleEndian(Crc64.of(out.buffer(), out.size()), 8);
        return Arrays.copyOf(out.buffer(), out.size());
    }

    private static void littleEndian(ByteArrayOutputStream out, long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
