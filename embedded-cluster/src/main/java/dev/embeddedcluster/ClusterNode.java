package dev.embeddedcluster;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A handle on one node of a running cluster. On an {@link EmbeddedRedisCluster}, role, master and
 * slots are read from the live topology, so they follow failovers and migrations; on an
 * {@link ExternalRedisCluster} they are what CLUSTER NODES reported when it was discovered.
 */
public final class ClusterNode {
    private final String id;
    private final String host;
    private final int port;
    private final int busPort;
    private final NodeTopology topology;
    private final boolean tls;

    ClusterNode(String id, String host, int port, int busPort, NodeTopology topology) {
        this(id, host, port, busPort, topology, false);
    }

    ClusterNode(String id, String host, int port, int busPort, NodeTopology topology, boolean tls) {
        this.id = id;
        this.host = host;
        this.port = port;
        this.busPort = busPort;
        this.topology = topology;
        this.tls = tls;
    }

    /** A node's role; also what {@code @ClusterNodeAt(role = ...)} of the JUnit extension selects by. */
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

    /** The cluster bus port Redis shows after the '@' (port + 10000 on an embedded cluster). */
    public int busPort() {
        return busPort;
    }

    /** {@code host:port}, as clients take their seeds. */
    public String address() {
        return host + ":" + port;
    }

    /** {@code redis://host:port}, or {@code rediss://host:port} when the port speaks TLS. */
    public URI uri() {
        return URI.create((tls ? "rediss://" : "redis://") + host + ":" + port);
    }

    /** Whether the node's port speaks TLS only. */
    public boolean tls() {
        return tls;
    }

    public Role role() {
        return topology.isMaster(id) ? Role.MASTER : Role.REPLICA;
    }

    public boolean isMaster() {
        return role() == Role.MASTER;
    }

    /** The id of the master this node replicates; empty for a master. */
    public Optional<String> masterId() {
        return Optional.ofNullable(topology.masterId(id));
    }

    /** The slots this node serves as a master; empty for a replica. */
    public List<SlotRange> slots() {
        return topology.slots(id);
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
