package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import static org.assertj.core.api.Assertions.assertThat;

class ProgrammaticCheckoutTest {
    static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedRedisCluster.builder().build().start();   // 3 masters, 1 replica each, ephemeral ports
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();                                           // releases every port and thread
    }

    @Test
    void storesTheCart() {
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(cluster.seeds().get(0)))) {
            jedis.set("cart:42", "3 items");
            assertThat(jedis.get("cart:42")).isEqualTo("3 items");
        }
    }
}
