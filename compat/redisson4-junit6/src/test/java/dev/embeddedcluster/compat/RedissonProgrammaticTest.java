package dev.embeddedcluster.compat;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ReplicationMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Redisson 4 on a cluster this class starts and stops itself, without the extension. */
class RedissonProgrammaticTest {
    static EmbeddedRedisCluster cluster;
    static RedissonClient redisson;

    @BeforeAll
    static void startCluster() {
        // Redisson reads from replicas: synchronous replication lets it read its own writes.
        cluster = EmbeddedRedisCluster.builder().replicationMode(ReplicationMode.SYNCHRONOUS).build().start();
        Config config = new Config();
        config.useClusterServers()
                .addNodeAddress(cluster.seedUris().stream().map(URI::toString).toArray(String[]::new))
                .setConnectTimeout(5_000)
                .setTimeout(5_000);
        redisson = Redisson.create(config);
    }

    @AfterAll
    static void stopCluster() {
        if (redisson != null) {
            redisson.shutdown();
        }
        cluster.close();
    }

    @Test
    void aValueRedissonWroteLivesOnTheMasterThatOwnsItsSlot() {
        redisson.getBucket("greeting", StringCodec.INSTANCE).set("hello");

        ClusterNode owner = cluster.masterForKey("greeting");
        try (Jedis direct = new Jedis(owner.host(), owner.port())) {
            assertThat(direct.get("greeting")).isEqualTo("hello");
        }
        assertThat(redisson.getBucket("greeting", StringCodec.INSTANCE).get()).isEqualTo("hello");
    }

    @Test
    void aLockOnEachMaster() throws InterruptedException {
        for (ClusterNode master : cluster.masters()) {
            RLock lock = redisson.getLock(Keys.ownedBy(cluster, master, "lock"));
            assertThat(lock.tryLock(5, 30, TimeUnit.SECONDS)).isTrue();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            lock.unlock();
            assertThat(lock.isLocked()).isFalse();
        }
    }

    @Test
    void aHashTaggedSetAndCounter() {
        var tags = redisson.<String>getSet("{post:9}:tags", StringCodec.INSTANCE);
        tags.add("redis");
        tags.add("java");
        tags.add("redis");
        assertThat(tags.readAll()).containsExactlyInAnyOrder("redis", "java");
        assertThat(redisson.getAtomicLong("{post:9}:views").addAndGet(7)).isEqualTo(7);
    }
}
