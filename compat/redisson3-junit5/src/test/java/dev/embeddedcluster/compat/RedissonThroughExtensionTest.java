package dev.embeddedcluster.compat;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ReplicationMode;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.redisson.config.Config;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Redisson 3 (Netty 4.1) on the cluster that {@code @RedisCluster} starts for this class. */
@RedisCluster(replication = ReplicationMode.SYNCHRONOUS) // Redisson reads from replicas
class RedissonThroughExtensionTest {
    static RedissonClient redisson;

    @BeforeAll
    static void connect(List<URI> seeds) {
        Config config = new Config();
        config.useClusterServers()
                .addNodeAddress(seeds.stream().map(URI::toString).toArray(String[]::new))
                .setConnectTimeout(5_000)
                .setTimeout(5_000);
        redisson = Redisson.create(config);
    }

    @AfterAll
    static void disconnect() {
        redisson.shutdown();
    }

    @Test
    void aValueRedissonWroteLivesOnTheMasterThatOwnsItsSlot(EmbeddedRedisCluster cluster) {
        redisson.getBucket("greeting", StringCodec.INSTANCE).set("hello");

        ClusterNode owner = cluster.masterForKey("greeting");
        try (Jedis direct = new Jedis(owner.host(), owner.port())) {
            assertThat(direct.get("greeting")).isEqualTo("hello");
        }
        assertThat(redisson.getBucket("greeting", StringCodec.INSTANCE).get()).isEqualTo("hello");
    }

    @Test
    void aLockAndAMapSharingAHashTag() throws InterruptedException {
        RLock lock = redisson.getLock("{order:7}:lock");
        assertThat(lock.tryLock(5, 30, TimeUnit.SECONDS)).isTrue();
        try {
            RMap<String, Long> lines = redisson.getMap("{order:7}:lines",
                    new CompositeCodec(StringCodec.INSTANCE, LongCodec.INSTANCE));
            lines.put("mug", 2L);
            lines.put("lamp", 1L);
            assertThat(lines.addAndGet("mug", 3L)).isEqualTo(5L);
            assertThat(lines.readAllMap()).isEqualTo(Map.of("mug", 5L, "lamp", 1L));
        } finally {
            lock.unlock();
        }
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void countersOnEveryMaster(EmbeddedRedisCluster cluster) {
        for (ClusterNode master : cluster.masters()) {
            String key = Keys.ownedBy(cluster, master, "counter");
            assertThat(redisson.getAtomicLong(key).addAndGet(41)).isEqualTo(41);
            assertThat(redisson.getAtomicLong(key).incrementAndGet()).isEqualTo(42);
        }
    }
}
