package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A SHUTDOWN on one node, from the request to the end of its process. As in Redis 7, a master
 * whose replicas lack some of its writes first gives them up to {@code shutdown-timeout} seconds
 * to catch up, holding writes meanwhile; its SHUTDOWN clients stay blocked, later ones join them,
 * and SHUTDOWN ABORT ends the wait. Node thread only.
 */
public final class NodeShutdown {
    /** How often the wait checks the replicas: Redis checks at each tick of its cron (hz 10). */
    private static final long CHECK_MILLIS = 100;

    private final NodeContext node;
    /** The clients blocked in SHUTDOWN while the replicas catch up. */
    private final List<Client> waiting = new ArrayList<>();
    /** The wait's next check, or null when no shutdown is in progress. */
    private ScheduledFuture<?> check;
    private long deadlineNanos;
    /** The shutdown in progress saves the RDB file before the process ends. */
    private boolean saveAsked;
    /** A failed save does not stop the shutdown (FORCE). */
    private boolean force;

    public NodeShutdown(NodeContext node) {
        this.node = node;
    }

    public boolean inProgress() {
        return check != null;
    }

    /**
     * Shuts the node down for the request's client: at once with {@code now}, without replicas or
     * when they have every write; otherwise once they have, or at the timeout. {@code save}: the
     * RDB file is written first; when that fails, unless {@code force}, the shutdown fails as in
     * Redis: the clients get the error and the node serves on.
     */
    public void request(Request request, boolean now, boolean save, boolean force) {
        Client client = request.client();
        if (inProgress()) {
            block(client);
            return;
        }
        long timeoutSeconds = Long.parseLong(node.config().get("shutdown-timeout"));
        node.replication().flush();
        if (!now && timeoutSeconds > 0 && !replicasCaughtUp()) {
            saveAsked = save;
            this.force = force;
            deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            node.clientPause().holdWritesForShutdown(true);
            block(client);
            check = node.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        if (save && !node.persistence().saveForShutdown() && !force) {
            request.reply().error(Errors.SHUTDOWN_FAILED);
            return;
        }
        client.block(); // nothing more of its pipeline runs: its connection ends with the process
        node.stopProcess();
    }

    /** SHUTDOWN ABORT: ends the wait, its clients get the error of a failed shutdown; false when none is in progress. */
    public boolean abort() {
        if (!inProgress()) {
            return false;
        }
        stopWaiting();
        failWaiting();
        return true;
    }

    public void clientGone(Client client) {
        waiting.remove(client);
    }

    /**
     * The process ended (the node was killed): a restart finds no shutdown in progress and no
     * writes held. After its connections were closed, so that no client is resumed.
     */
    public void processEnded() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        waiting.clear();
        node.clientPause().holdWritesForShutdown(false);
    }

    private void check() {
        if (check == null) {
            return;
        }
        if (!replicasCaughtUp() && System.nanoTime() < deadlineNanos) {
            check = node.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } else if (saveAsked && !node.persistence().saveForShutdown() && !force) {
            abort(); // as Redis when its save fails: the node serves on
        } else {
            // Writes stay held: the clients they hold end with the process, their writes unapplied.
            check = null;
            waiting.clear();
            node.stopProcess();
        }
    }

    /** A blocked client runs nothing more of its pipeline: the process may end before its next command. */
    private void block(Client client) {
        client.block();
        waiting.add(client);
    }

    private void stopWaiting() {
        check.cancel(false);
        check = null;
        node.clientPause().holdWritesForShutdown(false);
    }

    private void failWaiting() {
        List<Client> failed = new ArrayList<>(waiting);
        waiting.clear();
        for (Client client : failed) {
            client.replyAndUnblock(reply -> reply.error(Errors.SHUTDOWN_FAILED));
        }
    }

    private boolean replicasCaughtUp() {
        long offset = node.replication().offset();
        for (NodeContext replica : node.replication().replicas()) {
            if (replica.replication().acknowledgedOffset() < offset) {
                return false;
            }
        }
        return true;
    }
}
