package dev.embeddedcluster;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeFailure;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.server.Node;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The lag, hold and slowness faults of one cluster's nodes, and their undoing. */
final class Faults {
    private final EmbeddedRedisCluster cluster;

    Faults(EmbeddedRedisCluster cluster) {
        this.cluster = cluster;
    }

    void lagReplica(Node replica, Duration delay) {
        requireReplica(replica);
        replica.replication().lag(nonNegative(delay).toNanos());
    }

    void holdReplica(Node replica) {
        requireReplica(replica);
        replica.replication().hold();
    }

    void releaseReplica(Node replica) {
        replica.replication().releaseGate();
        awaitCaughtUp(replica);
    }

    void slowNode(Node node, Duration perReply) {
        node.replyDelayNanos(nonNegative(perReply).toNanos());
    }

    void unslowNode(Node node) {
        node.replyDelayNanos(0);
    }

    /**
     * A restarted node takes part again: empty unless it kept its data; a master that was failed
     * over follows the master of its former shard, and a replica resynchronizes, as after a
     * restart in Redis (a full resynchronization here, where Redis may manage a partial one). A
     * master back at slots no replica took stays flagged FAIL for twice the node timeout, as in
     * Redis, unless {@code liftFailNow} (cleaning up between tests).
     */
    void rejoin(Node node, boolean keepData, boolean liftFailNow) {
        cluster.onNode(node, () -> {
            if (!keepData) {
                node.forgetData();
            }
            NodeInfo before = node.topology().node(node.id());
            ClusterTopology after = node.changeTopology(t -> {
                NodeFailure failure = t.failure(node.id());
                if (!liftFailNow && failure != null && failure.failed() && failure.replacedBy() == null
                        && !t.slotRanges(node.id()).isEmpty() && !failure.answeringAgain().undoneAt(
                        node.clock().currentTimeMillis(), dev.embeddedcluster.server.FailureDetector.nodeTimeoutMillis(node))) {
                    // No replica took its slots: Redis lifts its FAIL flag only after twice the node timeout.
                    return t.withFailure(node.id(), failure.answeringAgain());
                }
                ClusterTopology up = t.withFailure(node.id(), null);
                if (failure != null && failure.replacedBy() != null && up.node(node.id()).isMaster()) {
                    NodeInfo successor = up.node(failure.replacedBy());
                    up = up.withReplicasMovedTo(node.id(), successor.isMaster() ? successor.id() : successor.masterId());
                }
                return up;
            });
            NodeInfo now = after.node(node.id());
            if (!before.isMaster() && !now.isMaster() && before.masterId().equals(now.masterId())) {
                node.replication().resyncFrom(node.members().get(now.masterId()));
            } else if (now.isMaster() && !keepData) {
                for (NodeInfo replica : after.replicasOf(node.id())) {
                    Node running = node.members().get(replica.id());
                    running.runOnLoop(() -> running.replication().resyncFrom(node));
                }
            }
            return null;
        });
    }

    /** Returns once a restarted replica has its master's data (at once for a master). */
    void awaitResynced(Node node) {
        if (node.isMaster()) {
            for (NodeInfo replica : node.topology().replicasOf(node.id())) {
                if (node.topology().failure(replica.id()) == null) {
                    awaitCaughtUp(node.members().get(replica.id()));
                }
            }
        } else {
            awaitCaughtUp(node);
        }
    }

    /** Whether anything was undone. */
    boolean releaseAll(List<Node> nodes) {
        boolean any = false;
        for (Node node : nodes) {
            if (node.replyDelayNanos() > 0) {
                unslowNode(node);
                any = true;
            }
            if (node.replication().gated()) {
                releaseReplica(node);
                any = true;
            }
        }
        return any;
    }

    boolean caughtUp(Node replica) {
        Node master = replica.replication().master();
        if (master == null) {
            throw new IllegalArgumentException(replica + " is a master");
        }
        return replica.replication().acknowledgedOffset() >= master.replication().offset();
    }

    /** Returns once the replica has applied everything its master has written so far. */
    private void awaitCaughtUp(Node replica) {
        Node master = replica.replication().master();
        if (master == null) {
            return;
        }
        long target = cluster.onNode(master, () -> {
            master.replication().flush();
            return master.replication().offset();
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cluster.onNode(replica, () -> {
            replica.replication().applyReceived();
            return replica.replication().acknowledgedOffset();
        }) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replica " + replica + " did not catch up with its master within 10 s: at "
                        + replica.replication().acknowledgedOffset() + " of " + target);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + replica + " to catch up", e);
            }
        }
    }

    private static void requireReplica(Node node) {
        if (node.isMaster()) {
            throw new IllegalArgumentException(node + " is a master: lag or hold one of its replicas");
        }
    }

    private static Duration nonNegative(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + delay);
        }
        return delay;
    }
}
