package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@RedisCluster                       // or @ExtendWith(RedisClusterExtension.class) for the defaults
class CheckoutTest {
    @Test
    void storesTheCart(List<String> seeds) {
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(seeds.get(0)))) {
            jedis.set("cart:42", "3 items");
            assertThat(jedis.get("cart:42")).isEqualTo("3 items");
        }
    }
}
