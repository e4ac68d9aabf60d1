package dev.embeddedcluster.keyspace.stream;

import java.util.TreeMap;

/** A consumer of a group: its name, when it was last seen, and the entries pending with it. */
public final class StreamConsumer {
    private final byte[] name;
    public long seenTime;
    final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();

    StreamConsumer(byte[] name, long seenTime) {
        this.name = name;
        this.seenTime = seenTime;
    }

    public byte[] name() {
        return name;
    }

    /** Its pending entries by ID; read-only for callers. */
    public TreeMap<StreamId, PendingEntry> pending() {
        return pending;
    }
}
