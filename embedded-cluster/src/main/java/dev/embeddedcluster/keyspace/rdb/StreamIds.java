package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.stream.StreamId;

/** Stream IDs read back from RDB's 16 bytes (both numbers big-endian), and a stream entry's flags. */
final class StreamIds {
    static final int FLAG_DELETED = 1;
    static final int FLAG_SAME_FIELDS = 2;

    private StreamIds() {
    }

    static StreamId fromKey(byte[] key) throws RdbFormatException {
        if (key.length != 16) {
            throw new RdbFormatException("stream ID of " + key.length + " bytes");
        }
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (key[i] & 0xff);
            seq = (seq << 8) | (key[8 + i] & 0xff);
        }
        return new StreamId(ms, seq);
    }
}
