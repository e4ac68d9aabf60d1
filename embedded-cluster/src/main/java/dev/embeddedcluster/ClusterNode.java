package dev.embeddedcluster;

import dev.embeddedcluster.cluster.ClusterState;
import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A handle on one node of a running cluster. Role, master and slots are read from the live
 * topology, so they follow failovers and migrations.
 */
public final class ClusterNode {
    private final String id;
    private final String host;
    private final int port;
    private final ClusterState state;

    ClusterNode(String id, String host, int port, ClusterState state) {
        this.id = id;
        this.host = host;
        this.port = port;
        this.state = state;
    }

    public enum Role { MASTER, REPLICA }

    /** The 40-character node id CLUSTER NODES shows. */
    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The cluster bus port Redis shows after the '@' (port + 10000). */
    public int busPort() {
        return port + 10000;
    }

    /** {@code host:port}, as clients take their seeds. */
    public String address() {
        return host + ":" + port;
    }

    /** {@code redis://host:port}. */
    public URI uri() {
        return URI.create("redis://" + host + ":" + port);
    }

    public Role role() {
        return info().isMaster() ? Role.MASTER : Role.REPLICA;
    }

    public boolean isMaster() {
        return role() == Role.MASTER;
    }

    /** The id of the master this node replicates; empty for a master. */
    public Optional<String> masterId() {
        return Optional.ofNullable(info().masterId());
    }

    /** The slots this node serves as a master; empty for a replica. */
    public List<SlotRange> slots() {
        ClusterTopology topology = state.current();
        return topology.slotRanges(id).stream().map(r -> SlotRange.of(r[0], r[1])).toList();
    }

    private NodeInfo info() {
        return state.current().node(id);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterNode n && n.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return address() + " " + role().name().toLowerCase(java.util.Locale.ROOT) + " " + id;
    }
}
