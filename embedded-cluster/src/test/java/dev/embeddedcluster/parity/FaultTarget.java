package dev.embeddedcluster.parity;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.List;

/**
 * A cluster of 3 masters and 3 replicas that a scenario can hurt the way a process is hurt: killed
 * (SIGKILL), paused (SIGSTOP), resumed (SIGCONT), restarted on its port with its id. Everything else
 * a scenario learns over RESP, the same way on a real cluster and on the embedded one.
 */
interface FaultTarget extends AutoCloseable {

    /** Every node, as started. */
    List<HostAndPort> nodes();

    Duration nodeTimeout();

    void kill(HostAndPort node);

    void pause(HostAndPort node);

    void resume(HostAndPort node);

    /** Starts a killed node again on its port with its id; returns once it answers. */
    void restart(HostAndPort node);

    /** What to show when a scenario fails (the processes' logs). */
    default String diagnostics() {
        return "";
    }

    @Override
    void close();

    default Jedis connect(HostAndPort node) {
        return connect(node, Duration.ofSeconds(2));
    }

    default Jedis connect(HostAndPort node, Duration timeout) {
        return new Jedis(node.getHost(), node.getPort(), (int) timeout.toMillis());
    }

    /** CLUSTER NODES as {@code from} sees the cluster. */
    default List<ClusterNodesLine> view(HostAndPort from) {
        try (Jedis jedis = connect(from)) {
            return ClusterNodesLine.parse(jedis.clusterNodes());
        }
    }

    /** The line of {@code node} in {@code from}'s CLUSTER NODES. */
    default ClusterNodesLine line(HostAndPort from, HostAndPort node) {
        return view(from).stream().filter(l -> l.port() == node.getPort()).findFirst()
                .orElseThrow(() -> new AssertionError(from + " does not list " + node));
    }

    /** The masters that serve slots, as the first node sees them (ask before any fault). */
    default List<HostAndPort> masters() {
        return view(nodes().get(0)).stream().filter(l -> l.hasFlag("master") && !l.slots().isEmpty())
                .map(l -> node(l.port())).toList();
    }

    default HostAndPort masterForKey(String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        return view(nodes().get(0)).stream().filter(l -> l.hasFlag("master") && l.servesSlot(slot))
                .map(l -> node(l.port())).findFirst().orElseThrow();
    }

    default HostAndPort replicaOf(HostAndPort master) {
        List<ClusterNodesLine> view = view(nodes().get(0));
        String masterId = view.stream().filter(l -> l.port() == master.getPort()).findFirst().orElseThrow().id();
        return view.stream().filter(l -> l.masterId().equals(masterId)).map(l -> node(l.port())).findFirst().orElseThrow();
    }

    default HostAndPort node(int port) {
        return nodes().stream().filter(n -> n.getPort() == port).findFirst().orElseThrow();
    }
}
