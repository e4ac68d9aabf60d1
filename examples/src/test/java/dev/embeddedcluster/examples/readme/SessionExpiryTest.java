package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@RedisCluster(manualClock = true)
class SessionExpiryTest {
    @Test
    void aSessionEndsWhenItsTimeIsUp(ManualClock clock, List<String> seeds) {
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(seeds.get(0)))) {
            jedis.setex("session:7", 60, "ada");
            clock.advance(Duration.ofSeconds(59));
            assertThat(jedis.get("session:7")).isEqualTo("ada");
            assertThat(jedis.ttl("session:7")).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            assertThat(jedis.get("session:7")).isNull();
        }
    }
}
