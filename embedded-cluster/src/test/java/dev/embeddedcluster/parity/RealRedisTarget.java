package dev.embeddedcluster.parity;

import redis.clients.jedis.HostAndPort;

import java.time.Duration;
import java.util.List;

/** Six redis-server processes: kill is SIGKILL, pause SIGSTOP, resume SIGCONT, restart a new process on the node's config file. */
final class RealRedisTarget implements FaultTarget {
    private final RealRedisCluster cluster;

    RealRedisTarget(Duration nodeTimeout) {
        this.cluster = RealRedisCluster.start(nodeTimeout);
    }

    @Override
    public List<HostAndPort> nodes() {
        return cluster.nodes();
    }

    @Override
    public Duration nodeTimeout() {
        return cluster.nodeTimeout();
    }

    @Override
    public void kill(HostAndPort node) {
        cluster.kill(node);
    }

    @Override
    public void pause(HostAndPort node) {
        cluster.pause(node);
    }

    @Override
    public void resume(HostAndPort node) {
        cluster.resume(node);
    }

    /** With {@code --save ''} and no AOF the new process starts empty: a former master gets its data back by resynchronizing. */
    @Override
    public void restart(HostAndPort node) {
        cluster.restart(node);
    }

    @Override
    public String diagnostics() {
        return cluster.logs();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
