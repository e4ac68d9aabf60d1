package dev.embeddedcluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster running elsewhere (a real one, or a standalone embedded cluster in another
 * process), seen through the same {@link ClusterView} as an {@link EmbeddedRedisCluster}, so
 * that tests can run against either. {@link #discover} reads CLUSTER NODES from a seed and finds
 * every node, its role and its slots; the node handles keep what that reply said.
 *
 * <p>It never changes the cluster's configuration or layout; the only write it makes is
 * {@link #flushAll()}. Connections are plain sockets opened for each call and closed after it:
 * nothing stays open, so there is nothing to close. No authentication and no TLS.
 */
public final class ExternalRedisCluster implements ClusterView {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<String> seeds;
    private final List<ClusterNode> nodes;

    private ExternalRedisCluster(List<String> seeds, List<ClusterNode> nodes) {
        this.seeds = seeds;
        this.nodes = nodes;
    }

    /**
     * Asks the first seed that answers (each {@code host:port}) for CLUSTER NODES, and returns the
     * cluster it describes. Every connect and read gives up after 5 seconds.
     *
     * @throws IllegalArgumentException when a seed is not {@code host:port}
     * @throws IllegalStateException when no seed answers CLUSTER NODES, naming why
     */
    public static ExternalRedisCluster discover(List<String> seeds) {
        List<String> checked = List.copyOf(seeds);
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("no seed given: name at least one node as host:port");
        }
        checked.forEach(ExternalRedisCluster::portOf);
        ClusterNodesReply reply = readLayout(checked);
        List<ClusterNode> nodes = reply.lines().stream()
                .map(l -> new ClusterNode(l.id(), l.host(), l.port(), l.busPort(), reply))
                .toList();
        return new ExternalRedisCluster(checked, nodes);
    }

    @Override
    public List<ClusterNode> nodes() {
        return nodes;
    }

    /**
     * FLUSHALL on every master, as CLUSTER NODES names them now (a failover since discovery is
     * followed), then WAIT until the master's replicas have it too (at most a second each).
     * Masters flagged as failing are left out.
     *
     * @throws IllegalStateException when a master cannot be reached or refuses
     */
    public void flushAll() {
        List<String> reachable = new ArrayList<>(seeds);
        nodes.forEach(n -> reachable.add(n.address()));
        ClusterNodesReply now = readLayout(reachable);
        for (ClusterNodesReply.Line master : now.lines()) {
            if (!master.isMaster() || master.failing()) {
                continue;
            }
            long replicas = now.lines().stream()
                    .filter(l -> master.id().equals(l.masterId()) && !l.failing()).count();
            try (RespConnection connection = new RespConnection(master.host(), master.port(), TIMEOUT)) {
                connection.call("FLUSHALL");
                if (replicas > 0) {
                    connection.call("WAIT", Long.toString(replicas), "1000");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot flush master " + master.address() + ": " + e.getMessage(), e);
            }
        }
    }

    private static ClusterNodesReply readLayout(List<String> candidates) {
        List<String> failures = new ArrayList<>();
        for (String seed : candidates) {
            String host = seed.substring(0, seed.lastIndexOf(':'));
            try (RespConnection connection = new RespConnection(host, portOf(seed), TIMEOUT)) {
                if (connection.call("CLUSTER", "NODES") instanceof String text) {
                    return ClusterNodesReply.parse(text, host);
                }
                failures.add(seed + " gave no CLUSTER NODES text");
            } catch (IOException | IllegalStateException e) {
                failures.add(seed + ": " + describe(e));
            }
        }
        throw new IllegalStateException("no node answered CLUSTER NODES (" + String.join("; ", failures) + ")");
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static int portOf(String seed) {
        int colon = seed.lastIndexOf(':');
        try {
            if (colon > 0) {
                int port = Integer.parseInt(seed.substring(colon + 1));
                if (port > 0 && port <= 65535) {
                    return port;
                }
            }
        } catch (NumberFormatException e) {
            // described below
        }
        throw new IllegalArgumentException("'" + seed + "' is not a seed: give host:port, such as 127.0.0.1:30001");
    }

    @Override
    public String toString() {
        return "external Redis cluster of " + nodes.size() + " nodes, discovered from " + String.join(",", seeds);
    }
}
