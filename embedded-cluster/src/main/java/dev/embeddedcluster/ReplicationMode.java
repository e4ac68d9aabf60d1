package dev.embeddedcluster;

/** When a master acknowledges a write to the client that sent it. */
public enum ReplicationMode {
    /**
     * As Redis does: the reply goes out at once and replicas apply the write a moment later, so
     * a read from a replica right after a write may not see it yet (WAIT closes the gap).
     */
    ASYNCHRONOUS,
    /**
     * The reply to a write waits until every replica of the master has applied it, as if each
     * write were followed by WAIT for all replicas: reads from replicas (READONLY, Lettuce's
     * {@code ReadFrom.REPLICA}, Redisson's default read mode) then always see the client's own
     * writes. Commands the client pipelined after the write wait with it.
     */
    SYNCHRONOUS
}
