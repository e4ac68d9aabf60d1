package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.ClusterView;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@RedisCluster
class ClusterViewTest {
    @Test
    void theCartLivesOnItsKeysMaster(ClusterView cluster, List<String> seeds) {
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(seeds.get(0)))) {
            jedis.set("cart:42", "3 items");
        }
        ClusterNode master = cluster.masterForKey("cart:42");
        try (Jedis node = new Jedis(master.host(), master.port())) {
            assertThat(node.get("cart:42")).isEqualTo("3 items");
        }
    }
}
