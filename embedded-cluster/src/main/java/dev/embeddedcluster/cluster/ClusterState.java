package dev.embeddedcluster.cluster;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The topology every node of one cluster reads. Changes swap in a new snapshot atomically, so a
 * reader always sees one consistent view; there is no gossip to converge.
 */
public final class ClusterState {
    private final AtomicReference<ClusterTopology> topology;
    private final long createdMillis;

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

    public long createdMillis() {
        return createdMillis;
    }
}
