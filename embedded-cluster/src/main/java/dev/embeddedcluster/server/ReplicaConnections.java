package dev.embeddedcluster.server;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.replication.ReplicaHandshake;
import dev.embeddedcluster.command.replication.ReplicaLink;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RandomIds;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The connections of a node that attached as replicas with SYNC or PSYNC (a real redis-server,
 * redis-cli --rdb or --replica), as a Redis 7.0 master serves them: a partial resynchronization
 * when the replica asks for exactly where the stream is (this node keeps no backlog of past
 * writes), otherwise an RDB snapshot (as a sized bulk, or EOF-marked after repl-diskless-sync-delay
 * seconds of keep-alive newlines when the replica is capable of it and repl-diskless-sync is yes),
 * then the stream its own replicas get, as RESP commands. Node thread only.
 *
 * <p>Unlike Redis, which forks and writes the snapshot in a child, the node encodes it on its own
 * thread between two commands: what the snapshot holds and the stream offset it starts from are
 * the same as Redis's, only the node answers nothing else while it encodes.
 */
final class ReplicaConnections {
    private static final long KEEPALIVE_MILLIS = 1000;

    private final Node node;
    private final ReplicationStream stream;
    private final Map<Long, ReplicaHandshake> handshakes = new HashMap<>();
    private final List<ExternalReplica> replicas = new ArrayList<>();
    private boolean keepaliveScheduled;

    ReplicaConnections(Node node, ReplicationStream stream) {
        this.node = node;
        this.stream = stream;
    }

    ReplicaHandshake handshake(Client client) {
        return handshakes.computeIfAbsent(client.id(), id -> new ReplicaHandshake());
    }

    boolean isReplica(Client client) {
        return find(client) != null;
    }

    boolean any() {
        return !replicas.isEmpty();
    }

    boolean anyOnline() {
        for (ExternalReplica replica : replicas) {
            if (replica.online()) {
                return true;
            }
        }
        return false;
    }

    /** PSYNC or SYNC from a connection of this node. */
    void attach(Client client, boolean psync, String replicationId, long offset) {
        ClientSession session = node.clients().get(client.id());
        if (session == null || session.channel() == null) {
            return;
        }
        ExternalReplica replica = new ExternalReplica(node, session, handshake(client), psync, node.clock().currentTimeMillis());
        session.becameReplica();
        replicas.add(replica);
        if (psync && stream.canContinue(replicationId, offset)) {
            String reply = replica.handshake.psync2Capable() ? "+CONTINUE " + stream.replicationId() + "\r\n" : "+CONTINUE\r\n";
            replica.send(Ascii.bytes(reply));
            replica.online(false);
            return;
        }
        if (!diskless(replica) || delaySeconds() == 0) {
            sendSnapshots(diskless(replica));
        } else {
            scheduleKeepalive();
        }
    }

    private boolean diskless(ExternalReplica replica) {
        return replica.handshake.eofCapable()
                && (replica.handshake.filtered() || "yes".equals(node.config().get("repl-diskless-sync")));
    }

    private long delaySeconds() {
        return Long.parseLong(node.config().get("repl-diskless-sync-delay"));
    }

    /**
     * Every second while replicas wait for their snapshot: a newline to each, as Redis keeps the
     * link alive, then the EOF-marked snapshot once the oldest waited repl-diskless-sync-delay
     * seconds, or once repl-diskless-sync-max-replicas are waiting.
     */
    private void scheduleKeepalive() {
        if (keepaliveScheduled) {
            return;
        }
        keepaliveScheduled = true;
        node.schedule(this::keepalive, KEEPALIVE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void keepalive() {
        keepaliveScheduled = false;
        long oldest = Long.MAX_VALUE;
        int waiting = 0;
        for (ExternalReplica replica : replicas) {
            if (replica.state == ExternalReplica.State.WAIT_BGSAVE) {
                replica.send(new byte[] {'\n'});
                oldest = Math.min(oldest, replica.attachedNanos);
                waiting++;
            }
        }
        if (waiting == 0) {
            return;
        }
        long maxReplicas = Long.parseLong(node.config().get("repl-diskless-sync-max-replicas"));
        // Real time, as Redis's own: the cluster's clock may be a manual one.
        boolean waitedEnough = System.nanoTime() - oldest >= TimeUnit.SECONDS.toNanos(delaySeconds());
        if (waitedEnough || (maxReplicas > 0 && waiting >= maxReplicas)) {
            sendSnapshots(true);
        } else {
            scheduleKeepalive();
        }
    }

    /**
     * Sends the replicas waiting for it one snapshot of the dataset as it is now, at the stream's
     * current offset, each in the form it asked for; the stream they get next starts with SELECT.
     */
    private void sendSnapshots(boolean includesDiskless) {
        stream.flush();
        stream.selectBeforeNextCommand();
        String replicationId = stream.replicationId();
        long offset = stream.offset();
        byte[] full = null;
        byte[] filtered = null;
        for (ExternalReplica replica : new ArrayList<>(replicas)) {
            if (replica.state != ExternalReplica.State.WAIT_BGSAVE || (diskless(replica) && !includesDiskless)) {
                continue;
            }
            byte[] rdb;
            if (replica.handshake.filtered()) {
                rdb = filtered != null ? filtered
                        : (filtered = ReplicationSnapshot.encode(node, false, replica.handshake.filterKeepsFunctions(), replicationId, offset));
            } else {
                rdb = full != null ? full : (full = ReplicationSnapshot.encode(node, true, true, replicationId, offset));
            }
            replica.state = ExternalReplica.State.SEND_BULK;
            if (replica.psync) {
                replica.send(Ascii.bytes("+FULLRESYNC " + replicationId + " " + offset + "\r\n"));
            }
            boolean eofMarked = diskless(replica);
            if (eofMarked) {
                String mark = RandomIds.hex40();
                replica.send(Ascii.bytes("$EOF:" + mark + "\r\n"));
                replica.send(rdb);
                replica.send(Ascii.bytes(mark));
            } else {
                replica.send(Ascii.bytes("$" + rdb.length + "\r\n"));
                replica.send(rdb);
            }
            if (replica.handshake.rdbOnly()) {
                replica.closeAfterSent();
            } else {
                replica.online(eofMarked);
            }
        }
    }

    /** A part of the stream, encoded as RESP commands, for every replica past its snapshot. */
    void stream(ByteBuf encoded) {
        for (ExternalReplica replica : replicas) {
            replica.stream(encoded);
        }
    }

    /** REPLCONF ACK; true when it came from a replica connection. */
    boolean acknowledged(Client client, long offset) {
        ExternalReplica replica = find(client);
        if (replica == null) {
            return false;
        }
        replica.acknowledged(offset, node.clock().currentTimeMillis());
        return true;
    }

    /** How many replica connections that are online acknowledged at least {@code target}. */
    int acknowledgedAtLeast(long target) {
        int count = 0;
        for (ExternalReplica replica : replicas) {
            if (replica.online() && replica.ackOffset() >= target) {
                count++;
            }
        }
        return count;
    }

    List<ReplicaLink> links() {
        long now = node.clock().currentTimeMillis();
        List<ReplicaLink> links = new ArrayList<>(replicas.size());
        for (ExternalReplica replica : replicas) {
            links.add(replica.link(now));
        }
        return links;
    }

    /**
     * The node's role or stream changed (a failover): as Redis does then, its replica connections
     * are closed, to attach again and learn the stream they now follow.
     */
    void disconnectAll() {
        for (ExternalReplica replica : new ArrayList<>(replicas)) {
            replica.closeAfterSent();
        }
    }

    /** The connection closed. */
    void clientGone(Client client) {
        handshakes.remove(client.id());
        ExternalReplica replica = find(client);
        if (replica != null) {
            replicas.remove(replica);
            replica.discard();
        }
    }

    private ExternalReplica find(Client client) {
        for (ExternalReplica replica : replicas) {
            if (replica.session.id() == client.id()) {
                return replica;
            }
        }
        return null;
    }
}
