package dev.embeddedcluster.keyspace.stream;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A consumer group: the last ID delivered, how many entries it has read (-1 when unknown),
 * the pending entries list and the consumers, both ordered as Redis's radix trees order them.
 */
public final class ConsumerGroup {
    /** Redis's marker for an entries-read count that is not known. */
    public static final long UNKNOWN_ENTRIES_READ = -1;

    public StreamId lastId;
    public long entriesRead;
    private final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();
    private final TreeMap<byte[], StreamConsumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    ConsumerGroup(StreamId lastId, long entriesRead) {
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    /** Pending entries by ID; read-only for callers (use the methods below to change them). */
    public TreeMap<StreamId, PendingEntry> pending() {
        return pending;
    }

    /** Consumers by name; read-only for callers. */
    public TreeMap<byte[], StreamConsumer> consumers() {
        return consumers;
    }

    public StreamConsumer consumer(byte[] name) {
        return consumers.get(name);
    }

    /** The consumer, created (seen now) when absent; {@code created[0]} tells which. */
    public StreamConsumer consumerOrCreate(byte[] name, long now, boolean[] created) {
        StreamConsumer consumer = consumers.get(name);
        created[0] = consumer == null;
        if (consumer == null) {
            consumer = new StreamConsumer(name, now);
            consumers.put(name, consumer);
        }
        return consumer;
    }

    /** Removes a consumer and its pending entries; returns how many it had, -1 when absent. */
    public long deleteConsumer(byte[] name) {
        StreamConsumer consumer = consumers.remove(name);
        if (consumer == null) {
            return -1;
        }
        consumer.pending.keySet().forEach(pending::remove);
        return consumer.pending.size();
    }

    /**
     * Records a delivery to a consumer: a new pending entry, or one taken over from whoever had
     * it, its count reset to 1, as XREADGROUP does.
     */
    public PendingEntry deliver(StreamId id, StreamConsumer consumer, long now) {
        PendingEntry entry = pending.get(id);
        if (entry == null) {
            entry = new PendingEntry(consumer, now);
            pending.put(id, entry);
        } else {
            entry.consumer.pending.remove(id);
            entry.consumer = consumer;
            entry.deliveryTime = now;
            entry.deliveryCount = 1;
        }
        consumer.pending.put(id, entry);
        return entry;
    }

    /** An ownerless pending entry, as XCLAIM FORCE creates before assigning it. */
    public PendingEntry addOwnerless(StreamId id, long now) {
        PendingEntry entry = new PendingEntry(null, now);
        pending.put(id, entry);
        return entry;
    }

    /** Moves a pending entry to a consumer. */
    public void assign(StreamId id, PendingEntry entry, StreamConsumer consumer) {
        if (entry.consumer != consumer) {
            if (entry.consumer != null) {
                entry.consumer.pending.remove(id);
            }
            entry.consumer = consumer;
            consumer.pending.put(id, entry);
        }
    }

    /** Acknowledges (or drops) a pending entry; false when it was not pending. */
    public boolean acknowledge(StreamId id) {
        PendingEntry entry = pending.remove(id);
        if (entry == null) {
            return false;
        }
        entry.consumer.pending.remove(id);
        return true;
    }

    ConsumerGroup copy() {
        ConsumerGroup copy = new ConsumerGroup(lastId, entriesRead);
        consumers.forEach((name, consumer) -> copy.consumers.put(name, new StreamConsumer(name, consumer.seenTime)));
        pending.forEach((id, entry) -> {
            StreamConsumer owner = copy.consumers.get(entry.consumer.name());
            PendingEntry copied = new PendingEntry(owner, entry.deliveryTime);
            copied.deliveryCount = entry.deliveryCount;
            copy.pending.put(id, copied);
            owner.pending.put(id, copied);
        });
        return copy;
    }
}
