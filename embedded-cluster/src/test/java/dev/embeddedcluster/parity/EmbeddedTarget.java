package dev.embeddedcluster.parity;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import redis.clients.jedis.HostAndPort;

import java.time.Duration;
import java.util.List;

/** The embedded cluster, hurt through its fault API. */
final class EmbeddedTarget implements FaultTarget {
    private final EmbeddedRedisCluster cluster;
    private final Duration nodeTimeout;

    EmbeddedTarget(Duration nodeTimeout) {
        this.nodeTimeout = nodeTimeout;
        this.cluster = EmbeddedRedisCluster.builder().nodeTimeout(nodeTimeout).build().start();
    }

    @Override
    public List<HostAndPort> nodes() {
        return cluster.nodes().stream().map(n -> new HostAndPort(n.host(), n.port())).toList();
    }

    @Override
    public Duration nodeTimeout() {
        return nodeTimeout;
    }

    @Override
    public void kill(HostAndPort node) {
        cluster.kill(clusterNode(node));
    }

    @Override
    public void pause(HostAndPort node) {
        cluster.pause(clusterNode(node));
    }

    @Override
    public void resume(HostAndPort node) {
        cluster.resume(clusterNode(node));
    }

    @Override
    public void restart(HostAndPort node) {
        cluster.restart(clusterNode(node), true);
    }

    @Override
    public void close() {
        cluster.close();
    }

    private ClusterNode clusterNode(HostAndPort node) {
        return cluster.nodes().stream().filter(n -> n.port() == node.getPort()).findFirst().orElseThrow();
    }
}
