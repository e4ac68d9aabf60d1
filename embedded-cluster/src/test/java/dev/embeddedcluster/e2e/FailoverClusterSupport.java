package dev.embeddedcluster.e2e;

import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A test class's cluster with a short node timeout, so that a node taken down is failed over
 * within a second, and a Jedis cluster client on it. After each test the faults, keys,
 * configuration changes and failovers are undone.
 */
abstract class FailoverClusterSupport {
    static final Duration NODE_TIMEOUT = Duration.ofMillis(200);

    static EmbeddedRedisCluster cluster;
    static JedisCluster jedis;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().nodeTimeout(NODE_TIMEOUT).build().start();
        Set<HostAndPort> seeds = cluster.seeds().stream().map(HostAndPort::from).collect(Collectors.toSet());
        // Short timeouts: a paused node accepts connections and answers nothing.
        jedis = new JedisCluster(seeds, 500, 500, 10, null, null, new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>());
    }

    @AfterAll
    static void stop() {
        jedis.close();
        cluster.close();
    }

    @AfterEach
    void restore() {
        cluster.releaseFaults();
        cluster.flushAll();
        cluster.restoreConfig();
        cluster.restoreTopology();
    }
}
