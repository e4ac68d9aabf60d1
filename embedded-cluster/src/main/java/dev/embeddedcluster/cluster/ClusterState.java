package dev.embeddedcluster.cluster;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The topology every node of one cluster reads. Changes swap in a new snapshot atomically, so a
 * reader always sees one consistent view; there is no gossip to converge.
 */
public final class ClusterState {
    private final AtomicReference<ClusterTopology> topology;
    private final long createdMillis;
    /**
     * The nodes a member forgot (CLUSTER FORGET), each with the members that did. The others still
     * knew it in Redis, which spreads the news by each node's own FORGET, so theirs succeeds too.
     */
    private final Map<String, Set<String>> forgotten = new ConcurrentHashMap<>();

    public ClusterState(ClusterTopology initial, long createdMillis) {
        this.topology = new AtomicReference<>(initial);
        this.createdMillis = createdMillis;
    }

    public ClusterTopology current() {
        return topology.get();
    }

    /** Applies a pure change; retried when another thread changed the topology meanwhile. */
    public ClusterTopology update(UnaryOperator<ClusterTopology> change) {
        return topology.updateAndGet(change);
    }

    /** The members that forgot a node, so far; empty for a node never forgotten. */
    public Set<String> forgottenBy(String nodeId) {
        return forgotten.computeIfAbsent(nodeId, id -> ConcurrentHashMap.newKeySet());
    }

    public long createdMillis() {
        return createdMillis;
    }
}
