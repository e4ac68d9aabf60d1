package dev.embeddedcluster.compat;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.junit.ClusterNodeAt;
import dev.embeddedcluster.junit.InjectCluster;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisMovedDataException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jedis 8 on the cluster that {@code @RedisCluster} starts for this class. */
@RedisCluster
class JedisThroughExtensionTest {
    @InjectCluster
    static EmbeddedRedisCluster cluster;

    static JedisCluster jedis;

    @BeforeAll
    static void connect(List<String> seeds) {
        jedis = new JedisCluster(HostAndPort.from(seeds.get(0)));
    }

    @AfterAll
    static void disconnect() {
        jedis.close();
    }

    @Test
    void aMasterThatDoesNotOwnTheSlotAnswersMovedAndTheClusterClientFollowsIt() {
        jedis.set("user:1", "Ada");

        ClusterNode owner = cluster.masterForKey("user:1");
        ClusterNode other = Keys.notOwning(cluster, "user:1");
        try (Jedis direct = new Jedis(other.host(), other.port())) {
            assertThatThrownBy(() -> direct.get("user:1"))
                    .isInstanceOfSatisfying(JedisMovedDataException.class, moved -> {
                        assertThat(moved.getSlot()).isEqualTo(EmbeddedRedisCluster.slotOf("user:1"));
                        assertThat(moved.getTargetNode().getPort()).isEqualTo(owner.port());
                    });
        }
        assertThat(jedis.get("user:1")).isEqualTo("Ada");
    }

    @Test
    void hashTaggedKeysGoTogetherInOneMultiKeyCommand() {
        jedis.mset("{cart:42}:items", "3", "{cart:42}:total", "99.50");
        assertThat(jedis.mget("{cart:42}:items", "{cart:42}:total")).containsExactly("3", "99.50");
        assertThat(jedis.del("{cart:42}:items", "{cart:42}:total")).isEqualTo(2);
    }

    @Test
    void theFirstMasterIsInjectedAsANode(@ClusterNodeAt(1) ClusterNode first) {
        String key = Keys.ownedBy(cluster, first, "page");
        jedis.set(key, "home");
        try (Jedis direct = new Jedis(first.host(), first.port())) {
            assertThat(direct.get(key)).isEqualTo("home");
        }
    }
}
