package dev.embeddedcluster.keyspace.stream;

import dev.embeddedcluster.keyspace.EncodingLimits;
import dev.embeddedcluster.keyspace.MemoryEstimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A stream: entries in ID order, grouped into nodes as Redis groups them (a new node after
 * stream-node-max-entries entries or about stream-node-max-bytes, as the node's limits hold them
 * when an entry is added), so
 * that approximate trimming, which removes whole nodes only, and XINFO's radix tree figures
 * come out as Redis's; plus the counters Redis keeps and the consumer groups. Node thread only.
 */
public final class StreamValue {
    /** The most a new node's listpack is allocated with before it grows. */
    private static final int NODE_PREALLOCATION = 4096;
    /**
     * Memory model, measured on redis-server 7.0: the stream structure, a node of its radix tree
     * (XINFO's radix-tree-nodes count them), what each listpack node costs beside its listpack,
     * a group, a pending entry (its NACK and tree room), a consumer.
     */
    private static final int STREAM_STRUCT = 80;
    private static final int RADIX_NODE = 244;
    private static final int NODE_OVERHEAD = 16;
    private static final int GROUP = 64;
    private static final int PENDING_ENTRY = 72;
    private static final int CONSUMER = 64;
    private static final int CONSUMER_PENDING = 32;

    private final EncodingLimits limits;
    private final TreeMap<StreamId, StreamNode> nodes = new TreeMap<>();
    private final TreeMap<byte[], ConsumerGroup> groups = new TreeMap<>(Arrays::compareUnsigned);
    private long length;
    private long entriesAdded;
    private StreamId lastId = StreamId.ZERO;
    private StreamId firstId = StreamId.ZERO;
    private StreamId maxDeletedId = StreamId.ZERO;

    /** An empty stream whose nodes follow the node's stream-node-max-entries and stream-node-max-bytes. */
    public StreamValue(EncodingLimits limits) {
        this.limits = limits;
    }

    public long length() {
        return length;
    }

    public StreamId lastId() {
        return lastId;
    }

    /** The first entry's ID as Redis records it (0-0 when empty). */
    public StreamId firstId() {
        return firstId;
    }

    public StreamId maxDeletedId() {
        return maxDeletedId;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    /** XSETID: the last ID and, when given, the counters. */
    public void setLastId(StreamId id, Long newEntriesAdded, StreamId newMaxDeletedId) {
        lastId = id;
        if (newEntriesAdded != null) {
            entriesAdded = newEntriesAdded;
        }
        if (newMaxDeletedId != null && !newMaxDeletedId.isZero()) {
            maxDeletedId = newMaxDeletedId;
        }
    }

    /** Adds an entry whose ID is above {@link #lastId()}, in a new node when the last one is full. */
    public void append(StreamId id, byte[][] fieldsAndValues) {
        long totalLength = 0;
        for (byte[] element : fieldsAndValues) {
            totalLength += element.length;
        }
        Map.Entry<StreamId, StreamNode> tail = nodes.lastEntry();
        StreamNode node = tail == null ? null : tail.getValue();
        long maxBytes = limits.streamNodeMaxBytes();
        long maxEntries = limits.streamNodeMaxEntries();
        if (node != null && ((maxBytes > 0 && node.bytes() + totalLength >= maxBytes)
                || (maxEntries > 0 && node.live + node.deleted >= maxEntries))) {
            node = null;
        }
        if (node == null) {
            node = new StreamNode(id, fieldsAndValues);
            nodes.put(id, node);
        }
        node.append(id, fieldsAndValues);
        length++;
        entriesAdded++;
        lastId = id;
        if (length == 1) {
            firstId = id;
        }
    }

    /** The live entry with this ID, or null. */
    public StreamEntry find(StreamId id) {
        Map.Entry<StreamId, StreamNode> node = nodes.floorEntry(id);
        if (node == null) {
            return null;
        }
        StreamEntry entry = node.getValue().find(id);
        return entry == null || entry.deleted ? null : entry;
    }

    /**
     * XDEL: deletes the live entries among the IDs, moving the first ID and the highest deleted
     * ID as Redis does; returns how many went.
     */
    public int delete(List<StreamId> ids) {
        int removed = 0;
        boolean firstRemoved = false;
        for (StreamId id : ids) {
            Map.Entry<StreamId, StreamNode> holder = nodes.floorEntry(id);
            StreamEntry entry = holder == null ? null : holder.getValue().find(id);
            if (entry == null || entry.deleted) {
                continue;
            }
            StreamNode node = holder.getValue();
            if (node.live == 1) {
                nodes.remove(holder.getKey());
            } else {
                node.markDeleted(entry);
            }
            length--;
            firstRemoved |= id.equals(firstId);
            if (id.compareTo(maxDeletedId) > 0) {
                maxDeletedId = id;
            }
            removed++;
        }
        if (removed > 0) {
            if (length == 0) {
                firstId = StreamId.ZERO;
            } else if (firstRemoved) {
                firstId = firstLiveId();
            }
        }
        return removed;
    }

    /**
     * XTRIM and XADD's trimming, node by node as Redis does it: whole nodes go while the rest
     * still satisfies the strategy; an approximate trim stops there, an exact one then marks
     * entries of the next node deleted. {@code limit} caps the entries removed (0: none).
     * Returns how many entries went.
     */
    public long trim(TrimStrategy strategy, long maxLength, StreamId minId, boolean approximate, long limit) {
        long removed = 0;
        Iterator<StreamNode> it = nodes.values().iterator();
        while (it.hasNext()) {
            if (strategy == TrimStrategy.MAXLEN && length <= maxLength) {
                break;
            }
            StreamNode node = it.next();
            long entries = node.live;
            if (limit != 0 && removed + entries > limit) {
                break;
            }
            boolean wholeNode = strategy == TrimStrategy.MAXLEN
                    ? length - entries >= maxLength
                    : node.lastEntry().id().compareTo(minId) < 0;
            if (wholeNode) {
                it.remove();
                length -= entries;
                removed += entries;
                continue;
            }
            if (approximate) {
                break;
            }
            for (StreamEntry entry : node.entries) {
                boolean stop = strategy == TrimStrategy.MAXLEN ? length <= maxLength : entry.id().compareTo(minId) >= 0;
                if (stop) {
                    break;
                }
                if (!entry.deleted) {
                    node.markDeleted(entry);
                    length--;
                    removed++;
                }
            }
            break;
        }
        if (length == 0) {
            firstId = StreamId.ZERO;
        } else if (removed > 0) {
            firstId = firstLiveId();
        }
        return removed;
    }

    /** How trimming decides what goes. */
    public enum TrimStrategy { MAXLEN, MINID }

    private StreamId firstLiveId() {
        List<StreamEntry> first = range(StreamId.ZERO, StreamId.MAX, 1, false);
        return first.isEmpty() ? StreamId.MAX : first.get(0).id();
    }

    /** The last live entry's ID, 0-0 when there is none. */
    public StreamId lastLiveId() {
        List<StreamEntry> last = range(StreamId.ZERO, StreamId.MAX, 1, true);
        return last.isEmpty() ? StreamId.ZERO : last.get(0).id();
    }

    /** The first entry's ID counting deleted ones still stored, as Redis rewrites MINID for replicas. */
    public StreamId firstStoredId() {
        Map.Entry<StreamId, StreamNode> first = nodes.firstEntry();
        return first == null ? StreamId.MAX : first.getValue().entries.get(0).id();
    }

    /** The live entries from {@code start} to {@code end} inclusive, at most {@code count} (0: all), lowest first or highest first. */
    public List<StreamEntry> range(StreamId start, StreamId end, long count, boolean reverse) {
        List<StreamEntry> found = new ArrayList<>();
        if (start.compareTo(end) > 0) {
            return found;
        }
        if (!reverse) {
            StreamId from = nodes.floorKey(start);
            NavigableMap<StreamId, StreamNode> span = nodes.tailMap(from == null ? start : from, true).headMap(end, true);
            for (StreamNode node : span.values()) {
                for (StreamEntry entry : node.entries) {
                    if (entry.deleted || entry.id().compareTo(start) < 0) {
                        continue;
                    }
                    if (entry.id().compareTo(end) > 0 || (count != 0 && found.size() >= count)) {
                        return found;
                    }
                    found.add(entry);
                }
            }
            return found;
        }
        NavigableMap<StreamId, StreamNode> span = nodes.headMap(end, true).descendingMap();
        for (StreamNode node : span.values()) {
            for (int i = node.entries.size() - 1; i >= 0; i--) {
                StreamEntry entry = node.entries.get(i);
                if (entry.deleted || entry.id().compareTo(end) > 0) {
                    continue;
                }
                if (entry.id().compareTo(start) < 0 || (count != 0 && found.size() >= count)) {
                    return found;
                }
                found.add(entry);
            }
        }
        return found;
    }

    /** Whether a deleted entry may lie between the IDs (null: open ends), as Redis estimates it. */
    public boolean rangeHasTombstones(StreamId start, StreamId end) {
        if (length == 0 || maxDeletedId.isZero() || firstId.compareTo(maxDeletedId) > 0) {
            return false;
        }
        StreamId from = start == null ? StreamId.ZERO : start;
        StreamId to = end == null ? StreamId.MAX : end;
        return from.compareTo(maxDeletedId) <= 0 && maxDeletedId.compareTo(to) <= 0;
    }

    /**
     * How many entries were added up to this ID, when that can be told from the counters alone
     * ({@link ConsumerGroup#UNKNOWN_ENTRIES_READ} otherwise): what Redis uses for a group's
     * entries-read and lag.
     */
    public long estimateEntriesUpTo(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (length == 0 && id.compareTo(lastId) < 1) {
            return entriesAdded;
        }
        int toLast = id.compareTo(lastId);
        if (toLast == 0) {
            return entriesAdded;
        }
        if (toLast > 0) {
            return ConsumerGroup.UNKNOWN_ENTRIES_READ;
        }
        int toFirst = id.compareTo(firstId);
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
            if (toFirst < 0) {
                return entriesAdded - length;
            }
            if (toFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return ConsumerGroup.UNKNOWN_ENTRIES_READ;
    }

    /**
     * The bytes Redis would take for this stream, its key aside (see MemoryEstimate): the stream
     * and its radix tree, the nodes' listpacks (the last one allocated at the full node size, as
     * Redis makes a node's listpack), up to {@code samples} of the others priced (0: all), and
     * the consumer groups with their pending entries and consumers.
     */
    public long estimatedBytes(int samples) {
        long bytes = STREAM_STRUCT + radixTreeNodes() * RADIX_NODE + nodes.size() * (long) NODE_OVERHEAD;
        if (!nodes.isEmpty()) {
            long maxBytes = limits.streamNodeMaxBytes();
            long preallocated = maxBytes > 0 && maxBytes < NODE_PREALLOCATION ? maxBytes : NODE_PREALLOCATION;
            bytes += MemoryEstimate.allocation(Math.max(preallocated, nodes.lastEntry().getValue().bytes()));
            int others = nodes.size() - 1;
            int priced = 0;
            long othersBytes = 0;
            for (StreamNode node : nodes.values()) {
                if (priced == others || (samples > 0 && priced == samples)) {
                    break;
                }
                othersBytes += MemoryEstimate.allocation(node.bytes());
                priced++;
            }
            bytes += priced == others ? othersBytes : othersBytes / priced * others; // Redis averages first, in whole bytes
        }
        for (ConsumerGroup group : groups.values()) {
            bytes += GROUP + group.pending().size() * PENDING_ENTRY;
            for (StreamConsumer consumer : group.consumers().values()) {
                bytes += CONSUMER + MemoryEstimate.allocation(consumer.name().length + 2)
                        + consumer.pending().size() * CONSUMER_PENDING;
            }
        }
        return bytes;
    }

    /** XINFO's radix-tree-keys: how many nodes the stream has. */
    public int nodeCount() {
        return nodes.size();
    }

    /**
     * XINFO's radix-tree-nodes: the nodes of a compressed radix tree over the nodes' 16-byte
     * keys, each run of bytes the keys share below a point one node, each fork one node.
     */
    public long radixTreeNodes() {
        List<byte[]> keys = new ArrayList<>(nodes.size());
        nodes.keySet().forEach(id -> keys.add(id.key()));
        return keys.isEmpty() ? 1 : radixNodes(keys, 0, keys.size(), 0);
    }

    private static long radixNodes(List<byte[]> keys, int from, int to, int depth) {
        if (depth == 16) {
            return 1;
        }
        byte[] first = keys.get(from);
        byte[] last = keys.get(to - 1);
        int shared = 0;
        while (depth + shared < 16 && first[depth + shared] == last[depth + shared]) {
            shared++;
        }
        if (shared > 0) {
            return 1 + radixNodes(keys, from, to, depth + shared);
        }
        long count = 1;
        int start = from;
        for (int i = from + 1; i <= to; i++) {
            if (i == to || keys.get(i)[depth] != keys.get(start)[depth]) {
                count += radixNodes(keys, start, i, depth + 1);
                start = i;
            }
        }
        return count;
    }

    public ConsumerGroup group(byte[] name) {
        return groups.get(name);
    }

    /** Groups by name; read-only for callers. */
    public TreeMap<byte[], ConsumerGroup> groups() {
        return groups;
    }

    /** A new group, or null when one has that name. */
    public ConsumerGroup createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
        if (groups.containsKey(name)) {
            return null;
        }
        ConsumerGroup group = new ConsumerGroup(lastDelivered, entriesRead);
        groups.put(name, group);
        return group;
    }

    public boolean destroyGroup(byte[] name) {
        return groups.remove(name) != null;
    }

    /** The nodes in ID order, as they are (deleted entries included): for writing the stream out. */
    public Collection<StreamNode> nodes() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    /** For loading a stored stream: a new last node whose master entry has these fields. */
    public StreamNode addLoadedNode(StreamId master, byte[][] masterFields) {
        StreamNode node = StreamNode.withMasterFields(master, masterFields);
        nodes.put(master, node);
        return node;
    }

    /** For loading a stored stream: the counters it was stored with. */
    public void setLoadedCounters(long length, StreamId lastId, StreamId firstId, StreamId maxDeletedId, long entriesAdded) {
        this.length = length;
        this.lastId = lastId;
        this.firstId = firstId;
        this.maxDeletedId = maxDeletedId;
        this.entriesAdded = entriesAdded;
    }

    /** An independent copy, groups included (COPY). */
    public StreamValue copy() {
        return copy(limits);
    }

    /** A copy that follows another node's thresholds from now on (a value loaded once, put on several nodes). */
    public StreamValue copy(EncodingLimits limits) {
        StreamValue copy = new StreamValue(limits);
        nodes.forEach((id, node) -> {
            StreamNode copied = new StreamNode(id, node.entries.get(0).fieldsAndValues());
            for (StreamEntry entry : node.entries) {
                copied.append(entry.id(), entry.fieldsAndValues());
                if (entry.deleted) {
                    copied.markDeleted(copied.lastEntry());
                }
            }
            copy.nodes.put(id, copied);
        });
        copy.length = length;
        copy.entriesAdded = entriesAdded;
        copy.lastId = lastId;
        copy.firstId = firstId;
        copy.maxDeletedId = maxDeletedId;
        groups.forEach((name, group) -> copy.groups.put(name, group.copy()));
        return copy;
    }
}
