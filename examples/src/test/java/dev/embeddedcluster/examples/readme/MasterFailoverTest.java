package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@RedisCluster(nodeTimeoutMillis = 200)                          // a silent master is failed over in 200 ms, not 15 s
class MasterFailoverTest {
    @Test
    void theCartOutlivesItsMaster(EmbeddedRedisCluster cluster, List<String> seeds) {
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(seeds.get(0)))) {
            jedis.set("cart:42", "3 items");
            assertThat(jedis.waitReplicas("cart:42", 1, 1000)).isEqualTo(1);   // WAIT 1: its replica has it

            ClusterNode master = cluster.masterForKey("cart:42");
            cluster.kill(master);
            cluster.awaitFailover(master, Duration.ofSeconds(5));             // the replica took its slots

            assertThat(jedis.get("cart:42")).isEqualTo("3 items");            // Jedis retries and follows it
        }
    }
}
