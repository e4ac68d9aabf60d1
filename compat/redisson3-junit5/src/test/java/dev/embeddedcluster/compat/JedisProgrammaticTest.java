package dev.embeddedcluster.compat;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jedis 5 on a cluster this class starts and stops itself, without the extension. */
class JedisProgrammaticTest {
    static EmbeddedRedisCluster cluster;
    static JedisCluster jedis;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedRedisCluster.builder().build().start();
        jedis = new JedisCluster(HostAndPort.from(cluster.seeds().get(0)));
    }

    @AfterAll
    static void stopCluster() {
        if (jedis != null) {
            jedis.close();
        }
        cluster.close();
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

        ClusterNode owner = cluster.masterForKey("{cart:42}:items");
        try (Jedis direct = new Jedis(owner.host(), owner.port())) {
            assertThatThrownBy(() -> direct.mget("{cart:42}:items", "{cart:43}:items"))
                    .isInstanceOf(JedisDataException.class).hasMessageStartingWith("CROSSSLOT");
        }
    }

    @Test
    void valuesOnEveryMaster() {
        for (ClusterNode master : cluster.masters()) {
            String key = Keys.ownedBy(cluster, master, "page");
            jedis.set(key, "on " + master.port());
            assertThat(jedis.get(key)).isEqualTo("on " + master.port());
        }
    }
}
