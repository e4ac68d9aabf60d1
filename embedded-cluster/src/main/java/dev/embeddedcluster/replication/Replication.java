package dev.embeddedcluster.replication;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.Ascii;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.server.ClientSession;
import dev.embeddedcluster.server.Node;
import dev.embeddedcluster.server.RandomIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A node's side of replication. As a master it turns each write into an entry of an ordered
 * stream, counts the stream's offset in RESP bytes as Redis does, and hands the entries of one
 * loop iteration to each replica's thread in one task. As a replica it applies those entries in
 * order and acknowledges the offset it reached, which WAIT and INFO read.
 */
public final class Replication {
    private static final byte[][] SELECT_0 = {Ascii.bytes("SELECT"), Ascii.bytes("0")};
    private static final byte[][] PING = {Ascii.bytes("PING")};
    private static final byte[][] MULTI = {Ascii.bytes("MULTI")};
    private static final byte[][] EXEC = {Ascii.bytes("EXEC")};

    private final Node node;
    private final String replicationId = RandomIds.hex40();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Request streamApplier;

    private volatile long offset;
    private boolean databaseSelected;
    private ArrayList<byte[][]> pending = new ArrayList<>();
    private boolean flushScheduled;
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

    public Replication(Node node) {
        this.node = node;
        ClientSession link = new ClientSession(-1, null, node.clock().currentTimeMillis(), true);
        this.streamApplier = new Request(node, link, new RespWriter(UnpooledByteBufAllocator.DEFAULT));
        this.lastMasterIoMillis = node.clock().currentTimeMillis();
    }

    /** Whether a client's write is acknowledged only once every replica applied it. */
    public void synchronous(boolean synchronous) {
        this.synchronous = synchronous;
    }

    /**
     * After a client's write in synchronous mode: when a replica has yet to apply it, holds the
     * client (its reply and later commands) until every replica has.
     */
    public void holdUntilReplicated(ClientSession client) {
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
    public void propagate(byte[][] command) {
        node.keysWritten(command);
        if (muted || !node.isMaster() || replicas().isEmpty()) {
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
            append(MULTI);
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

    private void flush() {
        flushScheduled = false;
        if (pending.isEmpty()) {
            return;
        }
        List<byte[][]> batch = pending;
        pending = new ArrayList<>();
        long endOffset = offset;
        for (Node replica : replicas()) {
            handOff(replica, () -> replica.replication().apply(batch, endOffset, node));
        }
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
        lastMasterIoMillis = node.clock().currentTimeMillis();
        Replication source = master.replication();
        if (source.masterHasWaiters) {
            handOff(master, source::releaseWaiters);
        }
    }

    /**
     * Appends a PING to the stream, as a master does when its replicas attach and every
     * repl-ping-replica-period seconds after.
     */
    public void pingReplicas() {
        node.worker().runOwned(() -> {
            if (node.isMaster() && !replicas().isEmpty()) {
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
        for (NodeInfo info : topology.replicasOf(node.id())) {
            Node replica = node.members().get(info.id());
            if (replica != null) {
                current.add(replica);
            }
        }
        replicas = List.copyOf(current);
        seenTopology = topology;
    }

    /** How many replicas acknowledged at least {@code target}. */
    public int acknowledged(long target) {
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
        ClientSession client = request.client();
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
        return acknowledged(waiter.target) >= waiter.needed(replicas().size());
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

    /** Forgets a disconnected client's WAIT. */
    public void clientGone(ClientSession client) {
        waiters.removeIf(w -> {
            if (w.client == client && w.timeout != null) {
                w.timeout.cancel(false);
            }
            return w.client == client;
        });
        masterHasWaiters = !waiters.isEmpty();
    }

    /**
     * Runs a task on another node's thread (after its script, if one is running). While the
     * cluster closes, a node whose thread has stopped takes nothing more, and nothing is lost:
     * the whole cluster is going away.
     */
    private static void handOff(Node target, Runnable task) {
        try {
            target.execute(task);
        } catch (RejectedExecutionException closing) {
            // the target's loop has shut down
        }
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

        final ClientSession client;
        final long target;
        final int numReplicas;
        ScheduledFuture<?> timeout;

        Waiter(ClientSession client, long target, int numReplicas) {
            this.client = client;
            this.target = target;
            this.numReplicas = numReplicas;
        }

        int needed(int currentReplicas) {
            return numReplicas == ALL_REPLICAS ? currentReplicas : numReplicas;
        }
    }
}
