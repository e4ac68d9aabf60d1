package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.HashValue;
import dev.embeddedcluster.keyspace.ListValue;
import dev.embeddedcluster.keyspace.ScoreSkipList;
import dev.embeddedcluster.keyspace.SetValue;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.keyspace.stream.ConsumerGroup;
import dev.embeddedcluster.keyspace.stream.PendingEntry;
import dev.embeddedcluster.keyspace.stream.StreamConsumer;
import dev.embeddedcluster.keyspace.stream.StreamEntry;
import dev.embeddedcluster.keyspace.stream.StreamId;
import dev.embeddedcluster.keyspace.stream.StreamNode;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.DoubleText;

import java.util.List;
import java.util.Map;

/**
 * Writes a value's type byte and body as Redis 7.0 saves it (rdbSaveObjectType and
 * rdbSaveObject): the listpack, intset or plain encoding that the value has, strings through
 * {@link RdbOutput#writeString}.
 */
final class RdbValueWriter {
    private RdbValueWriter() {
    }

    /** The value's type byte and body, as DUMP has them. */
    static void write(RdbOutput out, Object value) {
        out.writeByte(type(value));
        writeBody(out, value);
    }

    /** The RDB type of the value in the encoding it has. */
    static int type(Object value) {
        if (value instanceof byte[]) {
            return RdbType.STRING;
        } else if (value instanceof ListValue) {
            return RdbType.LIST_QUICKLIST_2;
        } else if (value instanceof SetValue set) {
            return set.isIntset() ? RdbType.SET_INTSET : RdbType.SET;
        } else if (value instanceof SortedSetValue sortedSet) {
            return sortedSet.isListpack() ? RdbType.ZSET_LISTPACK : RdbType.ZSET_2;
        } else if (value instanceof HashValue hash) {
            return hash.isListpack() ? RdbType.HASH_LISTPACK : RdbType.HASH;
        } else if (value instanceof StreamValue) {
            return RdbType.STREAM_LISTPACKS_2;
        }
        throw new IllegalArgumentException("no RDB form for " + value.getClass());
    }

    static void writeBody(RdbOutput out, Object value) {
        if (value instanceof byte[] string) {
            out.writeString(string);
        } else if (value instanceof ListValue list) {
            writeQuicklist(out, list);
        } else if (value instanceof SetValue set) {
            writeSet(out, set);
        } else if (value instanceof SortedSetValue sortedSet) {
            writeSortedSet(out, sortedSet);
        } else if (value instanceof HashValue hash) {
            writeHash(out, hash);
        } else {
            writeStream(out, (StreamValue) value);
        }
    }

    /**
     * The quicklist's nodes as {@link QuicklistNodes} lays them out: a node that quicklist keeps
     * compressed goes as its LZF blob, the others as strings.
     */
    private static void writeQuicklist(RdbOutput out, ListValue list) {
        int depth = list.compressDepth();
        int count = QuicklistNodes.count(list);
        out.writeLength(count);
        QuicklistNodes nodes = new QuicklistNodes(list);
        for (int index = 0; nodes.next(); index++) {
            out.writeLength(nodes.plain() ? RdbType.NODE_PLAIN : RdbType.NODE_PACKED);
            byte[] data = nodes.data();
            byte[] compressed = QuicklistNodes.inner(index, count, depth) ? QuicklistNodes.compress(data) : null;
            if (compressed != null) {
                out.writeLzfBlob(compressed, data.length);
            } else {
                out.writeString(data);
            }
        }
    }

    private static void writeSet(RdbOutput out, SetValue set) {
        List<byte[]> members = set.members();
        if (set.isIntset()) {
            out.writeString(Intset.encode(members));
            return;
        }
        out.writeLength(members.size());
        for (byte[] member : members) {
            out.writeString(member);
        }
    }

    private static void writeSortedSet(RdbOutput out, SortedSetValue sortedSet) {
        if (sortedSet.isListpack()) {
            ListpackWriter lp = new ListpackWriter();
            for (ScoreSkipList.Node n = sortedSet.first(); n != null; n = n.next()) {
                lp.add(n.member());
                lp.add(Ascii.bytes(DoubleText.compact(n.score())));
            }
            out.writeString(lp.toByteArray());
            return;
        }
        out.writeLength(sortedSet.size());
        for (ScoreSkipList.Node n = sortedSet.last(); n != null; n = n.previous()) {
            out.writeString(n.member());
            out.writeBinaryDouble(n.score());
        }
    }

    private static void writeHash(RdbOutput out, HashValue hash) {
        if (hash.isListpack()) {
            ListpackWriter lp = new ListpackWriter();
            hash.forEach((field, value) -> {
                lp.add(field);
                lp.add(value);
            });
            out.writeString(lp.toByteArray());
            return;
        }
        out.writeLength(hash.size());
        hash.forEach((field, value) -> {
            out.writeString(field);
            out.writeString(value);
        });
    }

    private static void writeStream(RdbOutput out, StreamValue stream) {
        out.writeLength(stream.nodes().size());
        for (StreamNode node : stream.nodes()) {
            out.writeString(node.master().key());
            out.writeString(nodeListpack(node));
        }
        out.writeLength(stream.length());
        writeId(out, stream.lastId());
        writeId(out, stream.firstId());
        writeId(out, stream.maxDeletedId());
        out.writeLength(stream.entriesAdded());
        out.writeLength(stream.groups().size());
        for (Map.Entry<byte[], ConsumerGroup> e : stream.groups().entrySet()) {
            ConsumerGroup group = e.getValue();
            out.writeString(e.getKey());
            writeId(out, group.lastId);
            out.writeLength(group.entriesRead);
            out.writeLength(group.pending().size());
            for (Map.Entry<StreamId, PendingEntry> p : group.pending().entrySet()) {
                out.writeRaw(p.getKey().key());
                out.writeMillis(p.getValue().deliveryTime);
                out.writeLength(p.getValue().deliveryCount);
            }
            out.writeLength(group.consumers().size());
            for (StreamConsumer consumer : group.consumers().values()) {
                out.writeString(consumer.name());
                out.writeMillis(consumer.seenTime);
                out.writeLength(consumer.pending().size());
                for (StreamId id : consumer.pending().keySet()) {
                    out.writeRaw(id.key());
                }
            }
        }
    }

    private static void writeId(RdbOutput out, StreamId id) {
        out.writeLength(id.ms());
        out.writeLength(id.seq());
    }

    /**
     * A stream node's listpack: the master entry (live and deleted counts, the master fields, a
     * 0 terminator), then each entry: flags, ID as differences from the master ID, its fields
     * (or only values when they are the master's), and how many elements it took.
     */
    private static byte[] nodeListpack(StreamNode node) {
        ListpackWriter lp = new ListpackWriter();
        lp.add(node.live());
        lp.add(node.deleted());
        byte[][] masterFields = node.masterFields();
        lp.add(masterFields.length);
        for (byte[] field : masterFields) {
            lp.add(field);
        }
        lp.add(0);
        StreamId master = node.master();
        for (StreamEntry entry : node.entries()) {
            boolean same = entry.sameFieldsAsMaster();
            lp.add((entry.isDeleted() ? StreamIds.FLAG_DELETED : 0) | (same ? StreamIds.FLAG_SAME_FIELDS : 0));
            lp.add(entry.id().ms() - master.ms());
            lp.add(entry.id().seq() - master.seq());
            byte[][] fieldsAndValues = entry.fieldsAndValues();
            int fields = fieldsAndValues.length / 2;
            if (!same) {
                lp.add(fields);
            }
            for (int i = 0; i < fieldsAndValues.length; i += 2) {
                if (!same) {
                    lp.add(fieldsAndValues[i]);
                }
                lp.add(fieldsAndValues[i + 1]);
            }
            lp.add(same ? fields + 3 : 2L * fields + 4);
        }
        return lp.toByteArray();
    }
}
