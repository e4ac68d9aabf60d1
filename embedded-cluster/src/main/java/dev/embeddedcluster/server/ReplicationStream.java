package dev.embeddedcluster.server;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeFailure;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.rdb.DumpPayload;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RandomIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node's side of replication. As a master it turns each write into an entry of an ordered
 * stream, counts the stream's offset in RESP bytes as Redis does, and hands the entries of one
 * loop iteration to each replica's thread in one task. As a replica it applies those entries in
 * order and acknowledges the offset it reached, which WAIT and INFO read.
 */
public final class ReplicationStream implements dev.embeddedcluster.command.Replication {
    private static final byte[][] SELECT_0 = {Ascii.bytes("SELECT"), Ascii.bytes("0")};
    /** Lower case, as Redis sends it. */
    private static final byte[][] PING = {Ascii.bytes("ping")};
    private static final byte[][] MULTI = {Ascii.bytes("MULTI")};
    private static final byte[][] EXEC = {Ascii.bytes("EXEC")};
    private static final byte[][] GETACK = {Ascii.bytes("REPLCONF"), Ascii.bytes("GETACK"), Ascii.bytes("*")};

    private final Node node;
    private static final String NO_REPLICATION_ID = "0000000000000000000000000000000000000000";

    private volatile String replicationId = RandomIds.hex40();
    /** The id of the stream this node followed before a failover, and the first offset past it (-1: none). */
    private volatile String previousReplicationId = NO_REPLICATION_ID;
    private volatile long secondOffset = -1;
    /** The id of the master stream this replica applies. */
    private String followedStreamId;
    private final List<Waiter> waiters = new ArrayList<>();
    private final Request streamApplier;

    private volatile long offset;
    private boolean databaseSelected;
    private ArrayList<byte[][]> pending = new ArrayList<>();
    /**
     * What the master sent (stream batches, a snapshot) and this replica has yet to apply: applied
     * in the order received, on this node's thread, before its next client command at the latest.
     */
    private final NodeTasks received;
    private boolean flushScheduled;
    /** Set while this replica is lagged or held (a fault): what its master sends waits there. */
    private volatile StreamGate gate;
    private final Object gateLock = new Object();
    /** Whether parts of the stream went to the replicas' queues since they were last woken. */
    private boolean handedOverSinceWake;
    private ClusterTopology seenTopology;
    private List<Node> replicas = List.of();
    private volatile long appliedOffset;
    private volatile boolean masterHasWaiters;
    private long lastMasterIoMillis;
    private boolean synchronous;
    /** Nesting of the execution unit running (a command, EXEC, a served blocked pop); 0 when none. */
    private int unitDepth;
    private final ArrayList<byte[][]> unitCommands = new ArrayList<>();
    /** A script turned replication off (redis.set_repl): its writes reach WATCH but no replica. */
    private boolean muted;
    /** Connections that attached as replicas with SYNC or PSYNC (a real redis-server, redis-cli). */
    private final ReplicaConnections connections;
    /** Whether replicas ever attached: Redis keeps its backlog, and continues a stream, from then on. */
    private boolean backlogCreated;

    public ReplicationStream(Node node) {
        this.node = node;
        this.received = new NodeTasks(node::runOnLoop);
        Client link = new ClientSession(-1, null, node.clock().currentTimeMillis(), true);
        this.streamApplier = new Request(node, link, new RespWriter(UnpooledByteBufAllocator.DEFAULT));
        this.lastMasterIoMillis = node.clock().currentTimeMillis();
        this.connections = new ReplicaConnections(node, this);
    }

    /** Whether a client's write is acknowledged only once every replica applied it. */
    public void synchronous(boolean synchronous) {
        this.synchronous = synchronous;
    }

    /**
     * After a client's write in synchronous mode: when a replica has yet to apply it, holds the
     * client (its reply and later commands) until every replica has.
     */
    public void holdUntilReplicated(Client client) {
        if (!synchronous || !node.isMaster()) {
            return;
        }
        flush();
        if (enqueue(new Waiter(client, client.lastWriteOffset(), Waiter.ALL_REPLICAS))) {
            client.holdReplies();
        }
    }

    public void startTimers() {
        long period = Long.parseLong(node.config().get("repl-ping-replica-period"));
        node.scheduleWhileIdle(this::pingReplicas, period, TimeUnit.SECONDS);
    }

    /** The replication id masters report (replicas report their master's). */
    public String replicationId() {
        if (node.isMaster()) {
            return replicationId;
        }
        Node master = master();
        return master == null ? replicationId : master.replication().replicationId;
    }

    /** INFO's master_replid2: the stream this node followed before its last failover. */
    public String previousReplicationId() {
        return previousReplicationId;
    }

    /** INFO's second_repl_offset: where the previous stream ended, plus one; -1 without one. */
    public long secondOffset() {
        return secondOffset;
    }

    /**
     * This replica became a master: its stream continues from the offset it applied, under a new
     * id, the old one kept as the previous id, as Redis shifts them on promotion. Node thread only.
     */
    public void promoted() {
        connections.disconnectAll();
        previousReplicationId = followedStreamId();
        secondOffset = appliedOffset + 1;
        replicationId = RandomIds.hex40();
        offset = appliedOffset;
        databaseSelected = false;
    }

    /**
     * This master became a replica of the node that took over its stream: it continues from the
     * offset it produced. Clients waiting in WAIT get {@code unblockedError} and are disconnected,
     * and synchronous-replication holds are released. Node thread only.
     */
    public void demoted(String unblockedError) {
        flush();
        connections.disconnectAll();
        previousReplicationId = replicationId;
        secondOffset = offset + 1;
        appliedOffset = offset;
        List<Waiter> released = new ArrayList<>(waiters);
        waiters.clear();
        masterHasWaiters = false;
        for (Waiter waiter : released) {
            if (waiter.timeout != null) {
                waiter.timeout.cancel(false);
            }
            if (waiter.numReplicas == Waiter.ALL_REPLICAS) {
                waiter.client.releaseReplies();
            } else {
                waiter.client.closeAfterReply(true);
                waiter.client.replyAndUnblock(writer -> writer.error(unblockedError));
            }
        }
    }

    /** A replica whose master was replaced by one of its replicas now follows the promoted node's stream. */
    public void followsPromotedMaster() {
        connections.disconnectAll();
        previousReplicationId = followedStreamId();
        secondOffset = appliedOffset + 1;
    }

    /**
     * This replica now follows a master whose stream it never followed: as in Redis's full
     * resynchronization, the master sends a snapshot of its dataset at its current offset, which
     * replaces this node's, and the stream continues from there. Node thread only.
     */
    public void resyncFrom(Node master) {
        Node replica = node;
        master.runOnLoop(() -> {
            ReplicationStream source = master.replication();
            source.flush();
            List<Snapshot> snapshot = new ArrayList<>();
            master.keyspace().forEach(e -> snapshot.add(
                    new Snapshot(e.key(), DumpPayload.dump(e.value(), false), e.expireAtMillis())));
            long snapshotOffset = source.offset();
            String streamId = source.replicationId;
            ReplicationStream target = replica.replication();
            target.received.add(() -> target.load(snapshot, snapshotOffset, streamId));
        });
    }

    private record Snapshot(byte[] key, byte[] payload, long expireAtMillis) {
    }

    private void load(List<Snapshot> snapshot, long snapshotOffset, String streamId) {
        if (node.isMaster()) {
            return;
        }
        node.flushAll();
        for (Snapshot entry : snapshot) {
            try {
                node.keyspace().put(entry.key(), DumpPayload.restore(entry.payload(), node.keyspace().limits()), entry.expireAtMillis());
            } catch (DumpPayload.InvalidPayload e) {
                throw new IllegalStateException("a snapshot of our own could not be read", e);
            }
        }
        appliedOffset = snapshotOffset;
        followedStreamId = streamId;
    }

    private String followedStreamId() {
        return followedStreamId != null ? followedStreamId : replicationId();
    }

    /**
     * The offset in the replication stream: for a master the bytes it produced, for a replica the
     * bytes it applied.
     */
    public long offset() {
        return node.isMaster() ? offset : appliedOffset;
    }

    /** The offset this replica has applied and acknowledged; read from the master's thread. */
    public long acknowledgedOffset() {
        return appliedOffset;
    }

    public long lastMasterIoMillis() {
        return lastMasterIoMillis;
    }

    @Override
    public long masterLinkDownSinceMillis() {
        Node master = master();
        NodeFailure down = master == null ? null : node.topology().failure(master.id());
        if (down == null) {
            return -1;
        }
        if (!down.linkUp()) {
            return down.sinceMillis();
        }
        long timedOutAt = lastMasterIoMillis + Long.parseLong(node.config().get("repl-timeout")) * 1000;
        return node.clock().currentTimeMillis() > timedOutAt ? timedOutAt : -1;
    }

    /** The replicas of this master, as running nodes. */
    public List<Node> replicas() {
        refreshLinks();
        return replicas;
    }

    /** The master this node replicates, or null for a master. */
    public Node master() {
        NodeInfo me = node.myself();
        return me.isMaster() ? null : node.members().get(me.masterId());
    }

    /** While muted, writes still invalidate watched and tracked keys but are not sent to replicas (redis.set_repl). */
    public void muted(boolean muted) {
        this.muted = muted;
    }

    /**
     * Replicates a write (also telling WATCH and client-side caching that its keys changed); nothing
     * is sent from a replica, a master without replicas, or while muted. Within an execution unit the commands wait for its
     * end, to be sent together.
     */
    @Override
    public void propagate(byte[][] command, long changes) {
        node.keysWritten(command, changes);
        if (muted || !node.isMaster() || !hasReplicas()) {
            return;
        }
        if (unitDepth > 0) {
            unitCommands.add(command);
            return;
        }
        appendSelectingDatabase(command);
    }

    private void appendSelectingDatabase(byte[][] command) {
        if (!databaseSelected) {
            append(SELECT_0);
            databaseSelected = true;
        }
        append(command);
    }

    /** A command (or EXEC, or the serving of a blocked client) starts. */
    public void beginUnit() {
        unitDepth++;
    }

    /**
     * The unit ends: what it wrote goes to the replicas, wrapped in MULTI/EXEC when it is more
     * than one command, as Redis 7 keeps an execution unit atomic for its replicas.
     */
    public void endUnit() {
        if (--unitDepth > 0 || unitCommands.isEmpty()) {
            return;
        }
        boolean wrap = unitCommands.size() > 1;
        if (wrap) {
            // As Redis, the database is selected before the transaction rather than inside it.
            appendSelectingDatabase(MULTI);
        }
        for (byte[][] command : unitCommands) {
            appendSelectingDatabase(command);
        }
        if (wrap) {
            append(EXEC);
        }
        unitCommands.clear();
    }

    private void append(byte[][] command) {
        pending.add(command);
        offset += encodedLength(command);
        if (!flushScheduled) {
            flushScheduled = true;
            node.execute(this::flush);
        }
    }

    /** Hands what the stream holds to the replicas and wakes them, now rather than at the end of this loop turn. */
    public void flush() {
        flushScheduled = false;
        handOverBeforeReplies();
        if (handedOverSinceWake) {
            handedOverSinceWake = false;
            for (Node replica : replicas()) {
                replica.replication().received.scheduleDrain();
            }
        }
    }

    /**
     * Before replies leave this master: the writes they acknowledge join the replicas' queues,
     * so that a replica serves none of their clients' next commands without them. The replicas
     * are woken once per loop turn, by the flush that {@link #append} scheduled. Node thread only.
     */
    public void handOverBeforeReplies() {
        if (pending.isEmpty()) {
            return;
        }
        List<byte[][]> batch = pending;
        pending = new ArrayList<>();
        long endOffset = offset;
        for (Node replica : replicas()) {
            ReplicationStream target = replica.replication();
            target.receive(() -> target.apply(batch, endOffset, node));
        }
        streamToConnections(batch);
        handedOverSinceWake = true;
    }

    /** Master thread: a part of the stream reaches this replica, through its gate when it has one. */
    private void receive(Runnable apply) {
        StreamGate lagging = gate;
        if (lagging == null) {
            received.addWithoutDrain(apply);
        } else {
            lagging.pass(apply);
        }
    }

    /** What the master sends from now on reaches this replica {@code delayNanos} later, in order. Any thread. */
    public void lag(long delayNanos) {
        gate().lag(delayNanos);
    }

    /** What the master sends from now on waits, unapplied, until {@link #releaseGate}. Any thread. */
    public void hold() {
        gate().hold();
    }

    /** Ends a lag or hold: what waits is applied now, in order, and the stream flows again. Any thread. */
    public void releaseGate() {
        synchronized (gateLock) {
            // Released before it is dropped: a master that read the field before sees it open.
            if (gate != null) {
                gate.release();
                gate = null;
            }
        }
    }

    /** Drops a held stream unapplied, as a dead process loses what waited in its socket. Any thread. */
    public void discardGate() {
        synchronized (gateLock) {
            gate = null;
        }
    }

    /** Whether this replica is lagged or held. */
    public boolean gated() {
        return gate != null;
    }

    private StreamGate gate() {
        synchronized (gateLock) {
            if (gate == null) {
                gate = new StreamGate(node, received);
            }
            return gate;
        }
    }

    /** Whether the master sent something this replica has yet to apply. */
    public boolean hasReceived() {
        return !received.isEmpty();
    }

    /** Applies what the master sent, in order. Node thread only. */
    public void applyReceived() {
        received.drain();
    }

    private void apply(List<byte[][]> batch, long endOffset, Node master) {
        if (node.isMaster()) {
            return;
        }
        node.keyspace().applyingMasterStream(true);
        try {
            for (byte[][] command : batch) {
                node.dispatcher().executeReplicated(streamApplier, command);
            }
        } finally {
            node.keyspace().applyingMasterStream(false);
            ByteBuf unwantedReplies = streamApplier.reply().take();
            if (unwantedReplies != null) {
                unwantedReplies.release();
            }
        }
        appliedOffset = endOffset;
        followedStreamId = master.replication().replicationId;
        // A replica's own replica connections follow the master's stream through it, as Redis chains them.
        streamToConnections(batch);
        lastMasterIoMillis = node.clock().currentTimeMillis();
        ReplicationStream source = master.replication();
        if (source.masterHasWaiters) {
            master.runOnLoop(source::releaseWaiters);
        }
    }

    /**
     * Appends a PING to the stream, as a master does when its replicas attach and every
     * repl-ping-replica-period seconds after.
     */
    public void pingReplicas() {
        node.worker().runOwned(() -> {
            if (node.isMaster() && !node.paused() && hasReplicas()) {
                append(PING);
            }
        });
    }

    private void refreshLinks() {
        ClusterTopology topology = node.topology();
        if (topology == seenTopology) {
            return;
        }
        List<Node> current = new ArrayList<>();
        // A node that stopped answering neither streams to its replicas nor receives its master's stream.
        boolean streaming = topology.failure(node.id()) == null;
        for (NodeInfo info : streaming ? topology.replicasOf(node.id()) : List.<NodeInfo>of()) {
            // A stopped replica's connection stays open: the stream waits in it, applied on resume.
            NodeFailure failure = topology.failure(info.id());
            Node replica = failure == null || failure.linkUp() ? node.members().get(info.id()) : null;
            if (replica != null) {
                current.add(replica);
            }
        }
        replicas = List.copyOf(current);
        seenTopology = topology;
    }

    /** How many replicas acknowledged at least {@code target}. */
    public int acknowledged(long target) {
        return acknowledgedByNodes(target) + connections.acknowledgedAtLeast(target);
    }

    /** How many of the replica nodes (not the connections attached with PSYNC) acknowledged at least {@code target}. */
    private int acknowledgedByNodes(long target) {
        int count = 0;
        for (Node replica : replicas()) {
            if (replica.replication().appliedOffset >= target) {
                count++;
            }
        }
        return count;
    }

    /**
     * WAIT: replies now when enough replicas have the client's writes, otherwise blocks the client
     * until they do or the timeout (0 = forever) passes.
     */
    public void await(Request request, int numReplicas, long timeoutMillis) {
        Client client = request.client();
        flush();
        Waiter waiter = new Waiter(client, client.lastWriteOffset(), numReplicas);
        if (client.denyBlocking()) {
            request.reply().integer(acknowledged(waiter.target));
            return;
        }
        if (!enqueue(waiter)) {
            request.reply().integer(acknowledged(waiter.target));
            return;
        }
        client.block();
        if (connections.anyOnline()) {
            // Replica connections acknowledge once a second; asked, they do at once, as Redis asks them.
            appendSelectingDatabase(GETACK);
            flush();
        }
        if (timeoutMillis > 0) {
            waiter.timeout = node.schedule(() -> finish(waiter), timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Registers a waiter unless enough replicas already have its offset; true when it waits.
     * The flag is raised before the offsets are read again: a replica stores its offset before
     * reading the flag (see apply), so either it sees the flag and releases the waiter or this
     * second read sees its offset. Both are volatile.
     */
    private boolean enqueue(Waiter waiter) {
        if (satisfied(waiter)) {
            return false;
        }
        waiters.add(waiter);
        masterHasWaiters = true;
        if (satisfied(waiter)) {
            waiters.remove(waiter);
            masterHasWaiters = !waiters.isEmpty();
            return false;
        }
        return true;
    }

    private boolean satisfied(Waiter waiter) {
        if (waiter.numReplicas == Waiter.ALL_REPLICAS) {
            // Synchronous mode waits for the replica nodes only: a connected real replica acknowledges once a second.
            return acknowledgedByNodes(waiter.target) >= replicas().size();
        }
        return acknowledged(waiter.target) >= waiter.numReplicas;
    }

    private void releaseWaiters() {
        // Replying resumes a client, whose next commands may add waiters: reply after the sweep.
        List<Waiter> released = new ArrayList<>();
        Iterator<Waiter> it = waiters.iterator();
        while (it.hasNext()) {
            Waiter w = it.next();
            if (satisfied(w)) {
                it.remove();
                released.add(w);
            }
        }
        masterHasWaiters = !waiters.isEmpty();
        released.forEach(this::reply);
    }

    private void finish(Waiter waiter) {
        if (waiters.remove(waiter)) {
            masterHasWaiters = !waiters.isEmpty();
            reply(waiter);
        }
    }

    private void reply(Waiter waiter) {
        if (waiter.timeout != null) {
            waiter.timeout.cancel(false);
        }
        if (waiter.numReplicas == Waiter.ALL_REPLICAS) {
            waiter.client.releaseReplies();
            return;
        }
        int acked = acknowledged(waiter.target);
        waiter.client.replyAndUnblock(writer -> writer.integer(acked));
    }

    /** CLIENT UNBLOCK of a client in WAIT: its timeout's reply, or the error. */
    public boolean unblockWait(Client client, String error) {
        for (Waiter waiter : waiters) {
            if (waiter.client == client && waiter.numReplicas != Waiter.ALL_REPLICAS) {
                waiters.remove(waiter);
                masterHasWaiters = !waiters.isEmpty();
                if (error == null) {
                    reply(waiter);
                } else {
                    if (waiter.timeout != null) {
                        waiter.timeout.cancel(false);
                    }
                    client.replyAndUnblock(w -> w.error(error));
                }
                return true;
            }
        }
        return false;
    }

    /** Forgets a disconnected client's WAIT, and its replica link if it was one. */
    public void clientGone(Client client) {
        connections.clientGone(client);
        waiters.removeIf(w -> {
            if (w.client == client && w.timeout != null) {
                w.timeout.cancel(false);
            }
            return w.client == client;
        });
        masterHasWaiters = !waiters.isEmpty();
    }

    private boolean hasReplicas() {
        return !replicas().isEmpty() || connections.any();
    }

    private void streamToConnections(List<byte[][]> batch) {
        if (!connections.any()) {
            return;
        }
        ByteBuf encoded = CommandEncoding.encode(batch);
        try {
            connections.stream(encoded);
        } finally {
            encoded.release();
        }
    }

    @Override
    public dev.embeddedcluster.command.replication.ReplicaHandshake handshake(Client client) {
        return connections.handshake(client);
    }

    @Override
    public boolean isReplicaConnection(Client client) {
        return connections.isReplica(client);
    }

    @Override
    public void attachReplica(Client client, boolean psync, String replicationId, long offset) {
        connections.attach(client, psync, replicationId, offset);
        backlogCreated = true;
    }

    /**
     * PSYNC can continue the stream without a snapshot only from exactly where it is now: this
     * node keeps no backlog of what it already sent.
     */
    boolean canContinue(String requestedId, long requestedOffset) {
        if (!backlogCreated && replicas().isEmpty()) {
            return false;
        }
        long next = offset() + 1;
        if (requestedOffset != next) {
            return false;
        }
        return requestedId.equalsIgnoreCase(replicationId())
                || (requestedId.equalsIgnoreCase(previousReplicationId) && requestedOffset <= secondOffset);
    }

    /** A replica connection starts from a snapshot: the stream names its database again before the next command. */
    void selectBeforeNextCommand() {
        databaseSelected = false;
    }

    @Override
    public void replicaAcknowledged(Client client, long ackOffset) {
        if (connections.acknowledged(client, ackOffset) && masterHasWaiters) {
            releaseWaiters();
        }
    }

    @Override
    public List<dev.embeddedcluster.command.replication.ReplicaLink> replicaConnections() {
        return connections.links();
    }

    /** The bytes a command takes in the RESP stream: what Redis adds to its offset. */
    static long encodedLength(byte[][] command) {
        long length = 1 + digits(command.length) + 2;
        for (byte[] arg : command) {
            length += 1 + digits(arg.length) + 2 + arg.length + 2;
        }
        return length;
    }

    private static int digits(long n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }

    private static final class Waiter {
        /** A synchronous-mode hold: every current replica, no reply of its own. */
        static final int ALL_REPLICAS = -1;

        final Client client;
        final long target;
        final int numReplicas;
        ScheduledFuture<?> timeout;

        Waiter(Client client, long target, int numReplicas) {
            this.client = client;
            this.target = target;
            this.numReplicas = numReplicas;
        }
    }
}
