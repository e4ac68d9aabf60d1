package dev.embeddedcluster.command;

import dev.embeddedcluster.command.replication.ReplicaHandshake;
import dev.embeddedcluster.command.replication.ReplicaLink;

import java.util.List;

/**
 * Replication as handlers see it: a write propagates to the replicas as a stream, in units
 * (MULTI, scripts) when several commands must apply together; the offsets INFO, ROLE and WAIT
 * report. The server implements the stream between the nodes' threads.
 */
public interface Replication {
    /** Replicates a command that made one change (after the current unit, if one is open). Node thread only. */
    default void propagate(byte[][] command) {
        propagate(command, 1);
    }

    /**
     * Replicates a command that made {@code changes} changes, as Redis counts them for
     * rdb_changes_since_last_save (elements pushed, fields set, keys deleted...).
     */
    void propagate(byte[][] command, long changes);

    /** While muted, writes are not replicated (the master's own stream being applied, for one). */
    void muted(boolean muted);

    /** Opens a unit: the commands propagated until {@link #endUnit} apply together. */
    void beginUnit();

    void endUnit();

    /** Sends what was propagated to the replicas now. */
    void flush();

    /** Whether the master sent something this replica has not applied yet. */
    boolean hasReceived();

    /** Synchronous replication: a client's reply waits for its write to reach the replicas. */
    void synchronous(boolean synchronous);

    /** Holds the client's replies until the replicas have its latest write (synchronous mode). */
    void holdUntilReplicated(Client client);

    /** WAIT: replies once {@code numReplicas} acknowledged the client's latest write, or at the timeout. */
    void await(Request request, int numReplicas, long timeoutMillis);

    /**
     * CLIENT UNBLOCK: ends the client's WAIT with the count its timeout would reply, or with
     * {@code error} when not null; false when the client is in no WAIT.
     */
    boolean unblockWait(Client client, String error);

    /** The offset of the stream in bytes, as INFO replication shows it. */
    long offset();

    /** On a replica, the offset it acknowledged to its master. */
    long acknowledgedOffset();

    long lastMasterIoMillis();

    /**
     * On a replica, since when its link to its master has been down, or -1 while it is up: from
     * the master's death, or, for a stopped master whose connection stays open, once repl-timeout
     * passed without a byte from it.
     */
    long masterLinkDownSinceMillis();

    String replicationId();

    String previousReplicationId();

    long secondOffset();

    /** A master's replicas, in the order they attached. */
    List<? extends NodeContext> replicas();

    /** A replica's master, or null on a master. */
    NodeContext master();

    /** The REPLCONF settings a connection gave so far (kept until it closes). */
    ReplicaHandshake handshake(Client client);

    /** Whether the connection attached as a replica with SYNC or PSYNC. */
    boolean isReplicaConnection(Client client);

    /**
     * SYNC or PSYNC: the connection becomes a replica of this node. With PSYNC, the stream
     * continues ({@code +CONTINUE}) when it asks for exactly where this node's stream is;
     * otherwise it gets a full snapshot ({@code +FULLRESYNC}), then the stream. From then on
     * the connection gets no replies.
     */
    void attachReplica(Client client, boolean psync, String replicationId, long offset);

    /** REPLCONF ACK from a replica connection: the offset it applied. Ignored from other connections. */
    void replicaAcknowledged(Client client, long offset);

    /** The connections attached as replicas, in the order they attached. */
    List<ReplicaLink> replicaConnections();
}
