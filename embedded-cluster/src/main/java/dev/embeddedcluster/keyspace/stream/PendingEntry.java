package dev.embeddedcluster.keyspace.stream;

/** A delivered, not yet acknowledged entry of a consumer group: who has it, since when, how often delivered. */
public final class PendingEntry {
    StreamConsumer consumer;
    public long deliveryTime;
    public long deliveryCount;

    PendingEntry(StreamConsumer consumer, long deliveryTime) {
        this.consumer = consumer;
        this.deliveryTime = deliveryTime;
        this.deliveryCount = 1;
    }

    /** Null only for an entry XCLAIM FORCE is creating. */
    public StreamConsumer consumer() {
        return consumer;
    }
}
