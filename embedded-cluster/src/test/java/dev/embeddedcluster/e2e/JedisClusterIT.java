package dev.embeddedcluster.e2e;

import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jedis's cluster client against the emulator, as an application would use it. */
class JedisClusterIT {
    private static EmbeddedRedisCluster cluster;
    private static JedisCluster jedis;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
        Set<HostAndPort> seeds = cluster.seeds().stream().map(HostAndPort::from).collect(Collectors.toSet());
        jedis = new JedisCluster(seeds, 2000, 2000, 5, null, null, new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>());
    }

    @AfterAll
    static void stop() {
        jedis.close();
        cluster.close();
    }

    @Test
    void writesAndReadsKeysAcrossAllSlots() {
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            jedis.set("key:" + i, "value:" + i);
            slots.add(EmbeddedRedisCluster.slotOf("key:" + i));
        }
        for (int i = 0; i < 2000; i++) {
            assertThat(jedis.get("key:" + i)).isEqualTo("value:" + i);
        }
        assertThat(slots).hasSizeGreaterThan(1500);
        long total = cluster.masters().stream().mapToLong(m -> {
            try (redis.clients.jedis.Jedis node = new redis.clients.jedis.Jedis(m.host(), m.port())) {
                return node.dbSize();
            }
        }).sum();
        assertThat(total).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void countersExpiryAndHashTags() {
        assertThat(jedis.incr("{user:7}:visits")).isEqualTo(1);
        assertThat(jedis.incrBy("{user:7}:visits", 10)).isEqualTo(11);
        assertThat(jedis.incrByFloat("{user:7}:score", 1.5)).isEqualTo(1.5);
        jedis.set("{user:7}:session", "abc", SetParams.setParams().ex(100));
        assertThat(jedis.ttl("{user:7}:session")).isBetween(99L, 100L);
        jedis.mset("{user:7}:a", "1", "{user:7}:b", "2");
        assertThat(jedis.mget("{user:7}:a", "{user:7}:b", "{user:7}:none")).containsExactly("1", "2", null);
        assertThat(jedis.del("{user:7}:a", "{user:7}:b")).isEqualTo(2);
    }

    @Test
    void crossSlotMultiKeyCommandsFailAsOnARealCluster() {
        assertThatThrownBy(() -> jedis.sendCommand("a", redis.clients.jedis.Protocol.Command.MSET,
                "a", "1", "b", "2"))
                .isInstanceOfAny(JedisDataException.class, JedisClusterOperationException.class)
                .hasMessageContaining("CROSSSLOT");
    }

    @Test
    void seesTheClusterTopology() {
        assertThat(jedis.getClusterNodes()).hasSize(6);
        List<String> seeds = cluster.seeds();
        assertThat(jedis.getClusterNodes().keySet()).containsExactlyInAnyOrderElementsOf(seeds);
    }
}
