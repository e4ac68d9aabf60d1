package dev.embeddedcluster.command;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * CLIENT PAUSE on one node: while it lasts, the commands it covers (all of them, or those that
 * may write or replicate) are postponed, unrun, with their clients' further input; when it ends,
 * by CLIENT UNPAUSE or its timer on the node's loop, they run again in the order they came.
 * Expired keys are not deleted meanwhile. A SHUTDOWN waiting for the replicas holds writes the
 * same way, apart from CLIENT PAUSE (see {@link #holdWritesForShutdown}). Node thread only.
 */
public final class ClientPause {
    /** What a pause holds back; a later pause may widen WRITE to ALL, never narrow it. */
    public enum Mode { WRITE, ALL }

    private final NodeContext node;
    /** The pause in force, or null: the one field ordinary commands read. */
    private Mode mode;
    private long endMillis;
    private ScheduledFuture<?> timer;
    private final Set<Client> postponed = new LinkedHashSet<>();
    /** Writes held while SHUTDOWN waits for the replicas: a pause of its own, which CLIENT UNPAUSE leaves in force. */
    private boolean heldForShutdown;

    public ClientPause(NodeContext node) {
        this.node = node;
    }

    public boolean active() {
        return mode != null || heldForShutdown;
    }

    /**
     * Pauses until {@code endMillis} on the node's clock, or extends the pause in force: the later
     * end and the wider mode win, as Redis combines them. An end in the past ends it after this command.
     */
    public void pause(Mode mode, long endMillis) {
        if (this.mode == null || mode.compareTo(this.mode) > 0) {
            this.mode = mode;
        }
        node.keyspace().pauseExpiry(true);
        if (timer == null || endMillis > this.endMillis) {
            this.endMillis = endMillis;
            if (timer != null) {
                timer.cancel(false);
            }
            long now = node.clock().currentTimeMillis();
            long delay = endMillis <= now ? 0 : endMillis - now;
            timer = node.schedule(this::unpause, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Ends the pause: the postponed clients run their commands again, each in a task of its own. */
    public void unpause() {
        mode = null;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        resumePostponed();
    }

    /** Holds writes while SHUTDOWN waits for the replicas, or stops holding them. */
    public void holdWritesForShutdown(boolean hold) {
        heldForShutdown = hold;
        if (hold) {
            node.keyspace().pauseExpiry(true);
        } else if (mode == null) {
            resumePostponed();
        }
    }

    /** What a pause still in force holds back is postponed again when its client runs it. */
    private void resumePostponed() {
        node.keyspace().pauseExpiry(active());
        List<Client> resumed = new ArrayList<>(postponed);
        postponed.clear();
        for (Client client : resumed) {
            node.post(client::unblock);
        }
    }

    /**
     * Whether the pause in force holds back a command; {@code mayReplicate} is asked only under
     * a WRITE pause.
     */
    public boolean holds(java.util.function.BooleanSupplier mayReplicate) {
        return mode == Mode.ALL || ((mode == Mode.WRITE || heldForShutdown) && mayReplicate.getAsBoolean());
    }

    /** Blocks the client with its command unrun, until the pause ends. */
    public void postpone(Client client) {
        client.postpone();
        postponed.add(client);
    }

    public void clientGone(Client client) {
        postponed.remove(client);
    }
}
