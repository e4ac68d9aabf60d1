package dev.embeddedcluster.server;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeFailure;
import dev.embeddedcluster.cluster.NodeInfo;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Failure detection and automatic failover, on the cluster's clock. Redis nodes each flag an
 * unreachable peer PFAIL after cluster-node-timeout, then FAIL once a majority of masters agree,
 * and the failed master's best replica gets itself elected. One topology is shared here, so one
 * live node (the first in the topology) takes these steps for all, one per tick of its timer: a
 * node silent for node-timeout turns {@code fail?}, at the next tick {@code fail}, and once Redis's
 * election delay has passed (500 to 1000 ms of real time) the best replica of a failed master takes
 * its slots. The last two need a majority of the masters serving
 * slots to be up, as Redis's votes do; the nodes cut off on a partition's minority side share a
 * topology of their own, so they flag the others {@code fail?} and go no further.
 */
public final class FailureDetector {
    private static final String NODE_TIMEOUT = "cluster-node-timeout";
    /**
     * When each failure's election is won, in System.nanoTime() terms, by observer, failed master and
     * the time it was failed: each side of a partition has an observer of its own.
     */
    private final Map<String, Long> electionsDue = new java.util.concurrent.ConcurrentHashMap<>();

    /** On a node's timer: costs one read while every node answers. Node thread only. */
    void tick(Node observer) {
        ClusterTopology topology = observer.topology();
        if ((topology.failures().isEmpty() && electionsDue.isEmpty()) || !isObserver(topology, observer)) {
            return;
        }
        String observerKey = observer.id() + ":";
        ClusterTopology next = topology.failures().isEmpty() ? topology : step(topology, observer.clock().currentTimeMillis(),
                nodeTimeoutMillis(observer), observer.members(), failure -> electionDue(observerKey + failure));
        forgetEndedElections(observerKey, next);
        if (next != topology) {
            // Only over the topology this step was computed from; a change meanwhile waits for the next tick.
            observer.changeTopology(current -> current == topology ? next : current);
        }
    }

    /** Drops this observer's pending elections of failures that ended before their election was due. */
    private void forgetEndedElections(String observerKey, ClusterTopology topology) {
        if (electionsDue.isEmpty()) {
            return;
        }
        electionsDue.keySet().removeIf(key -> {
            if (!key.startsWith(observerKey)) {
                return false;
            }
            String failure = key.substring(observerKey.length());
            String id = failure.substring(0, failure.indexOf('@'));
            NodeFailure current = topology.failure(id);
            return current == null || current.level() != NodeFailure.Level.FAIL
                    || !failure.equals(id + "@" + current.failedAtMillis());
        });
    }

    private static boolean isObserver(ClusterTopology topology, Node node) {
        for (NodeInfo n : topology.nodes()) {
            if (topology.failure(n.id()) == null) {
                return n.id().equals(node.id());
            }
        }
        return false;
    }

    /** The node's cluster-node-timeout as configured now. */
    public static long nodeTimeoutMillis(Node node) {
        try {
            return Long.parseLong(node.config().get(NODE_TIMEOUT));
        } catch (RuntimeException e) {
            return 15000;
        }
    }

    /**
     * Whether the election for a failed master is won by now: Redis's best replica (rank 0) starts
     * it 500 ms plus up to 500 ms after it saw the FAIL, and wins it at once. That delay runs in
     * real time, as the nodes' own timers do; detection alone follows the cluster's clock.
     */
    private boolean electionDue(String failure) {
        long now = System.nanoTime();
        long due = electionsDue.computeIfAbsent(failure,
                id -> now + TimeUnit.MILLISECONDS.toNanos(500 + ThreadLocalRandom.current().nextInt(500)));
        if (now - due < 0) {
            return false;
        }
        electionsDue.remove(failure);
        return true;
    }

    static ClusterTopology step(ClusterTopology topology, long nowMillis, long nodeTimeoutMillis, ClusterMembers members) {
        return step(topology, nowMillis, nodeTimeoutMillis, members, failedMasterId -> true);
    }

    static ClusterTopology step(ClusterTopology topology, long nowMillis, long nodeTimeoutMillis, ClusterMembers members,
                                java.util.function.Predicate<String> electionDue) {
        // Flagging a silent node fail? is each node's own call; fail and the election take a majority's votes.
        boolean majority = majorityOfMastersUp(topology);
        ClusterTopology next = topology;
        for (Map.Entry<String, NodeFailure> entry : topology.failures().entrySet()) {
            String id = entry.getKey();
            NodeFailure failure = entry.getValue();
            switch (failure.level()) {
                case DISCONNECTED -> {
                    if (nowMillis - failure.sinceMillis() >= nodeTimeoutMillis) {
                        next = next.withFailure(id, failure.suspected());
                    }
                }
                case PFAIL -> {
                    if (majority) {
                        next = next.withFailure(id, failure.failedAt(nowMillis));
                    }
                }
                case FAIL -> {
                    if (failure.undoneAt(nowMillis, nodeTimeoutMillis)) {
                        next = next.withFailure(id, null);
                        continue;
                    }
                    NodeInfo node = next.node(id);
                    if (majority && failure.replacedBy() == null && node.isMaster() && !next.slotRanges(id).isEmpty()) {
                        String elected = elect(next, id, members);
                        if (elected != null && electionDue.test(id + "@" + failure.failedAtMillis())) {
                            next = next.withFailedMasterReplaced(id, elected);
                        }
                    }
                }
            }
        }
        return next;
    }

    /** The replica with the most of its master's stream wins, as Redis 7.0 ranks them by offset. */
    private static String elect(ClusterTopology topology, String masterId, ClusterMembers members) {
        String best = null;
        long bestOffset = -1;
        for (NodeInfo replica : topology.replicasOf(masterId)) {
            Node node = members.get(replica.id());
            if (topology.failure(replica.id()) != null || node == null) {
                continue;
            }
            long offset = node.replication().acknowledgedOffset();
            if (offset > bestOffset) {
                best = replica.id();
                bestOffset = offset;
            }
        }
        return best;
    }

    private static boolean majorityOfMastersUp(ClusterTopology topology) {
        int masters = 0;
        int up = 0;
        for (NodeInfo n : topology.masters()) {
            NodeFailure failure = topology.failure(n.id());
            boolean unreplaced = failure != null && failure.replacedBy() == null;
            if (unreplaced || !topology.slotRanges(n.id()).isEmpty()) {
                masters++;
                if (failure == null) {
                    up++;
                }
            }
        }
        return up * 2 > masters;
    }
}
