package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@RedisCluster
class JedisTest {
    @Test
    void counts(List<String> seeds) {
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(seeds.get(0)))) {
            assertThat(jedis.incr("visits")).isEqualTo(1);
        }
    }
}
