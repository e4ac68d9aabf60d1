package dev.embeddedcluster.command.streams;

import dev.embeddedcluster.command.Replication;
import dev.embeddedcluster.keyspace.stream.ConsumerGroup;
import dev.embeddedcluster.keyspace.stream.PendingEntry;
import dev.embeddedcluster.keyspace.stream.StreamId;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

/**
 * What consumer-group reads and claims send to replicas instead of themselves, as Redis does:
 * an XCLAIM per pending entry touched, XGROUP SETID for a group's position, XGROUP
 * CREATECONSUMER for a consumer a NOACK read created.
 */
final class GroupPropagation {
    private static final byte[] XCLAIM = Ascii.bytes("XCLAIM");
    private static final byte[] XGROUP = Ascii.bytes("XGROUP");
    private static final byte[] SETID = Ascii.bytes("SETID");
    private static final byte[] CREATECONSUMER = Ascii.bytes("CREATECONSUMER");
    private static final byte[] ENTRIESREAD = Ascii.bytes("ENTRIESREAD");
    private static final byte[] ZERO = Ascii.bytes("0");
    private static final byte[] TIME = Ascii.bytes("TIME");
    private static final byte[] RETRYCOUNT = Ascii.bytes("RETRYCOUNT");
    private static final byte[] FORCE = Ascii.bytes("FORCE");
    private static final byte[] JUSTID = Ascii.bytes("JUSTID");
    private static final byte[] LASTID = Ascii.bytes("LASTID");

    private GroupPropagation() {
    }

    static void claim(Replication replication, byte[] key, byte[] group, ConsumerGroup cg, StreamId id, PendingEntry entry) {
        replication.propagate(new byte[][] {XCLAIM, key, group, entry.consumer().name(), ZERO, bytes(id), TIME,
                RedisNumbers.toBytes(entry.deliveryTime), RETRYCOUNT, RedisNumbers.toBytes(entry.deliveryCount), FORCE,
                JUSTID, LASTID, bytes(cg.lastId)});
    }

    static void groupPosition(Replication replication, byte[] key, byte[] group, ConsumerGroup cg) {
        replication.propagate(new byte[][] {XGROUP, SETID, key, group, bytes(cg.lastId), ENTRIESREAD,
                RedisNumbers.toBytes(cg.entriesRead)});
    }

    static void consumerCreated(Replication replication, byte[] key, byte[] group, byte[] consumer) {
        replication.propagate(new byte[][] {XGROUP, CREATECONSUMER, key, group, consumer});
    }

    private static byte[] bytes(StreamId id) {
        return id.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
