package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.EncodingLimits;
import dev.embeddedcluster.keyspace.HashValue;
import dev.embeddedcluster.keyspace.ListValue;
import dev.embeddedcluster.keyspace.SetValue;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.keyspace.stream.ConsumerGroup;
import dev.embeddedcluster.keyspace.stream.PendingEntry;
import dev.embeddedcluster.keyspace.stream.StreamConsumer;
import dev.embeddedcluster.keyspace.stream.StreamId;
import dev.embeddedcluster.keyspace.stream.StreamNode;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.util.RedisNumbers;
import dev.embeddedcluster.util.Strtod;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a value of any RDB type Redis has written, 7.0's and the older ones (linked lists,
 * ziplists, zipmaps, quicklists of ziplists, text scores, streams without their 7.0 counters).
 * Values are rebuilt element by element through their own methods, so their encodings follow
 * the node's thresholds, as Redis converts what it loads. Returns null for an empty aggregate,
 * which Redis refuses to restore and skips when loading a file.
 */
final class RdbValueReader {
    private RdbValueReader() {
    }

    static Object read(RdbInput in, int type, EncodingLimits limits) throws IOException, RdbFormatException {
        switch (type) {
            case RdbType.STRING:
                return in.readString();
            case RdbType.LIST:
                return readLinkedList(in, limits);
            case RdbType.LIST_ZIPLIST:
                return list(ZiplistReader.elements(in.readString()), new ListValue(limits));
            case RdbType.LIST_QUICKLIST:
            case RdbType.LIST_QUICKLIST_2:
                return readQuicklist(in, type == RdbType.LIST_QUICKLIST_2, limits);
            case RdbType.SET:
                return readSet(in, limits);
            case RdbType.SET_INTSET:
                return readIntset(in, limits);
            case RdbType.ZSET:
            case RdbType.ZSET_2:
                return readSortedSet(in, type == RdbType.ZSET_2, limits);
            case RdbType.ZSET_ZIPLIST:
                return compactSortedSet(ZiplistReader.elements(in.readString()), limits);
            case RdbType.ZSET_LISTPACK:
                return compactSortedSet(ListpackReader.elements(in.readString()), limits);
            case RdbType.HASH:
                return readHash(in, limits);
            case RdbType.HASH_ZIPMAP:
                return hash(ZipmapReader.elements(in.readString()), false, limits);
            case RdbType.HASH_ZIPLIST:
                return hash(ZiplistReader.elements(in.readString()), true, limits);
            case RdbType.HASH_LISTPACK:
                return hash(ListpackReader.elements(in.readString()), true, limits);
            case RdbType.STREAM_LISTPACKS:
            case RdbType.STREAM_LISTPACKS_2:
                return readStream(in, type == RdbType.STREAM_LISTPACKS_2, limits);
            default:
                throw new RdbFormatException("unsupported value type " + type);
        }
    }

    private static ListValue readLinkedList(RdbInput in, EncodingLimits limits) throws IOException, RdbFormatException {
        ListValue list = new ListValue(limits);
        for (int n = in.readCount(); n > 0; n--) {
            list.addLast(in.readString());
        }
        return list.isEmpty() ? null : list;
    }

    /**
     * A quicklist keeps the nodes it was dumped with, as Redis's RESTORE does: the list gets the
     * node size that gives those nodes (the entries of its full nodes when they are all alike and
     * more than one, otherwise Redis's default byte size, or the byte size its one node needs).
     */
    private static ListValue readQuicklist(RdbInput in, boolean version2, EncodingLimits limits) throws IOException, RdbFormatException {
        List<byte[][]> packed = new ArrayList<>();
        List<byte[]> all = new ArrayList<>();
        int largestNode = 0;
        for (int n = in.readCount(); n > 0; n--) {
            int container = version2 ? in.readCount() : RdbType.NODE_PACKED;
            byte[] node = in.readString();
            if (container == RdbType.NODE_PLAIN) {
                all.add(node);
            } else if (container == RdbType.NODE_PACKED) {
                byte[][] elements = version2 ? ListpackReader.elements(node) : ZiplistReader.elements(node);
                if (elements.length > 0) {
                    packed.add(elements);
                    largestNode = Math.max(largestNode, node.length);
                }
                Collections.addAll(all, elements);
            } else {
                throw new RdbFormatException("unknown quicklist container " + container);
            }
        }
        ListValue list = ListValue.restored(limits, dumpedFill(packed, largestNode));
        for (byte[] element : all) {
            list.addLast(element);
        }
        return list.isEmpty() ? null : list;
    }

    private static int dumpedFill(List<byte[][]> packed, int largestNodeBytes) {
        if (packed.size() > 1) {
            int full = packed.get(0).length;
            boolean alike = true;
            for (int i = 1; i < packed.size(); i++) {
                int count = packed.get(i).length;
                alike &= i == packed.size() - 1 ? count <= full : count == full;
            }
            if (alike) {
                return full;
            }
        }
        int level = 2;
        while (level < 5 && largestNodeBytes > 4096 << (level - 1)) {
            level++;
        }
        return -level;
    }

    /** Appends the elements; an empty node of a quicklist is skipped, as Redis does. */
    private static ListValue list(byte[][] elements, ListValue list) {
        for (byte[] element : elements) {
            list.addLast(element);
        }
        return list.isEmpty() ? null : list;
    }

    private static SetValue readSet(RdbInput in, EncodingLimits limits) throws IOException, RdbFormatException {
        SetValue set = new SetValue(limits);
        for (int n = in.readCount(); n > 0; n--) {
            if (!set.add(in.readString())) {
                throw new RdbFormatException("duplicate set member");
            }
        }
        return set.isEmpty() ? null : set;
    }

    private static SetValue readIntset(RdbInput in, EncodingLimits limits) throws IOException, RdbFormatException {
        SetValue set = new SetValue(limits);
        for (long member : Intset.decode(in.readString())) {
            set.add(RedisNumbers.toBytes(member));
        }
        return set;
    }

    private static SortedSetValue readSortedSet(RdbInput in, boolean binaryScores, EncodingLimits limits) throws IOException, RdbFormatException {
        SortedSetValue sortedSet = new SortedSetValue(limits);
        for (int n = in.readCount(); n > 0; n--) {
            byte[] member = in.readString();
            double score = binaryScores ? in.readBinaryDouble() : in.readTextDouble();
            putScore(sortedSet, member, score);
        }
        return sortedSet.isEmpty() ? null : sortedSet;
    }

    /** A listpack or ziplist: converted by member count only, as Redis converts it. */
    private static SortedSetValue compactSortedSet(byte[][] elements, EncodingLimits limits) throws RdbFormatException {
        if (elements.length % 2 != 0) {
            throw new RdbFormatException("odd sorted set listpack");
        }
        SortedSetValue sortedSet = new SortedSetValue(limits);
        for (int i = 0; i < elements.length; i += 2) {
            Double score = Strtod.parseStrict(elements[i + 1]);
            if (score == null) {
                throw new RdbFormatException("bad score");
            }
            if (Double.isNaN(score) || !sortedSet.putLoaded(elements[i], score)) {
                throw new RdbFormatException("NaN score or duplicate member");
            }
        }
        return sortedSet.isEmpty() ? null : sortedSet;
    }

    private static void putScore(SortedSetValue sortedSet, byte[] member, double score) throws RdbFormatException {
        if (Double.isNaN(score)) {
            throw new RdbFormatException("NaN score");
        }
        if (!sortedSet.put(member, score)) {
            throw new RdbFormatException("duplicate sorted set member");
        }
    }

    private static HashValue readHash(RdbInput in, EncodingLimits limits) throws IOException, RdbFormatException {
        HashValue hash = new HashValue(limits);
        for (int n = in.readCount(); n > 0; n--) {
            if (!hash.put(in.readString(), in.readString())) {
                throw new RdbFormatException("duplicate hash field");
            }
        }
        return hash.isEmpty() ? null : hash;
    }

    /** A listpack, ziplist or zipmap; the first two are converted by field count only, as Redis converts them. */
    private static HashValue hash(byte[][] elements, boolean byCountOnly, EncodingLimits limits) throws RdbFormatException {
        if (elements.length % 2 != 0) {
            throw new RdbFormatException("odd hash listpack");
        }
        HashValue hash = new HashValue(limits);
        for (int i = 0; i < elements.length; i += 2) {
            boolean added = byCountOnly ? hash.putLoaded(elements[i], elements[i + 1]) : hash.put(elements[i], elements[i + 1]);
            if (!added) {
                throw new RdbFormatException("duplicate hash field");
            }
        }
        return hash.isEmpty() ? null : hash;
    }

    private static StreamValue readStream(RdbInput in, boolean version2, EncodingLimits limits) throws IOException, RdbFormatException {
        StreamValue stream = new StreamValue(limits);
        StreamId previous = null;
        long live = 0;
        for (int n = in.readCount(); n > 0; n--) {
            StreamId master = StreamIds.fromKey(in.readString());
            ListpackReader lp = new ListpackReader(in.readString());
            StreamNode node = readStreamNode(stream, master, lp, previous);
            previous = node.entries().get(node.entries().size() - 1).id();
            live += node.live();
        }
        long length = in.readLength();
        StreamId lastId = readId(in);
        StreamId firstId = StreamId.ZERO;
        StreamId maxDeletedId = StreamId.ZERO;
        long entriesAdded = length;
        if (version2) {
            firstId = readId(in);
            maxDeletedId = readId(in);
            entriesAdded = in.readLength();
        } else if (length > 0) {
            firstId = firstLive(stream);
        }
        if (length != live || (previous != null && lastId.compareTo(previous) < 0)) {
            throw new RdbFormatException("stream counters disagree with its entries");
        }
        stream.setLoadedCounters(length, lastId, firstId, maxDeletedId, entriesAdded);
        for (int g = in.readCount(); g > 0; g--) {
            readGroup(in, stream, version2);
        }
        return stream;
    }

    private static StreamId firstLive(StreamValue stream) {
        for (StreamNode node : stream.nodes()) {
            for (var entry : node.entries()) {
                if (!entry.isDeleted()) {
                    return entry.id();
                }
            }
        }
        return StreamId.ZERO;
    }

    /** One node's listpack: master entry, then entries. */
    private static StreamNode readStreamNode(StreamValue stream, StreamId master, ListpackReader lp, StreamId previous)
            throws RdbFormatException {
        long count = nextInteger(lp);
        long deleted = nextInteger(lp);
        int masterFieldCount = count(nextInteger(lp));
        byte[][] masterFields = new byte[masterFieldCount][];
        for (int i = 0; i < masterFieldCount; i++) {
            masterFields[i] = nextBytes(lp);
        }
        if (nextInteger(lp) != 0) {
            throw new RdbFormatException("stream master entry not terminated");
        }
        if (previous != null && master.compareTo(previous) <= 0) {
            throw new RdbFormatException("stream nodes out of order");
        }
        StreamNode node = stream.addLoadedNode(master, masterFields);
        while (lp.next()) {
            long flags = lp.integer();
            StreamId id = new StreamId(master.ms() + nextInteger(lp), master.seq() + nextInteger(lp));
            boolean same = (flags & StreamIds.FLAG_SAME_FIELDS) != 0;
            int fields = same ? masterFieldCount : count(nextInteger(lp));
            byte[][] fieldsAndValues = new byte[fields * 2][];
            for (int i = 0; i < fields; i++) {
                fieldsAndValues[2 * i] = same ? masterFields[i] : nextBytes(lp);
                fieldsAndValues[2 * i + 1] = nextBytes(lp);
            }
            long elements = nextInteger(lp);
            if (fields == 0 || elements != (same ? fields + 3 : 2L * fields + 4)
                    || (previous != null && id.compareTo(previous) <= 0)) {
                throw new RdbFormatException("bad stream entry");
            }
            node.appendLoaded(id, fieldsAndValues, (flags & StreamIds.FLAG_DELETED) != 0);
            previous = id;
        }
        if (node.entries().isEmpty() || node.live() == 0 || node.live() != count || node.deleted() != deleted) {
            throw new RdbFormatException("stream node counts disagree with its entries");
        }
        return node;
    }

    private static void readGroup(RdbInput in, StreamValue stream, boolean version2) throws IOException, RdbFormatException {
        byte[] name = in.readString();
        StreamId lastId = readId(in);
        long entriesRead = version2 ? in.readLength() : stream.estimateEntriesUpTo(lastId);
        ConsumerGroup group = stream.createGroup(name, lastId, entriesRead);
        if (group == null) {
            throw new RdbFormatException("duplicate consumer group");
        }
        for (int p = in.readCount(); p > 0; p--) {
            StreamId id = StreamIds.fromKey(in.readRaw(16));
            if (group.pending().containsKey(id)) {
                throw new RdbFormatException("duplicate pending entry");
            }
            PendingEntry entry = group.addOwnerless(id, in.readLittleEndian(8));
            entry.deliveryCount = in.readLength();
        }
        boolean[] created = new boolean[1];
        for (int c = in.readCount(); c > 0; c--) {
            byte[] consumerName = in.readString();
            StreamConsumer consumer = group.consumerOrCreate(consumerName, 0, created);
            if (!created[0]) {
                throw new RdbFormatException("duplicate consumer");
            }
            consumer.seenTime = in.readLittleEndian(8);
            for (int p = in.readCount(); p > 0; p--) {
                StreamId id = StreamIds.fromKey(in.readRaw(16));
                PendingEntry entry = group.pending().get(id);
                if (entry == null || entry.consumer() != null) {
                    throw new RdbFormatException("consumer's pending entry not in its group's");
                }
                group.assign(id, entry, consumer);
            }
        }
        for (PendingEntry entry : group.pending().values()) {
            if (entry.consumer() == null) {
                throw new RdbFormatException("pending entry without a consumer");
            }
        }
    }

    private static StreamId readId(RdbInput in) throws IOException, RdbFormatException {
        return new StreamId(in.readLength(), in.readLength());
    }

    private static long nextInteger(ListpackReader lp) throws RdbFormatException {
        if (!lp.next()) {
            throw new RdbFormatException("stream listpack ends early");
        }
        return lp.integer();
    }

    private static byte[] nextBytes(ListpackReader lp) throws RdbFormatException {
        if (!lp.next()) {
            throw new RdbFormatException("stream listpack ends early");
        }
        return lp.bytes();
    }

    private static int count(long n) throws RdbFormatException {
        if (n < 0 || n > Integer.MAX_VALUE / 2) {
            throw new RdbFormatException("bad count");
        }
        return (int) n;
    }
}
