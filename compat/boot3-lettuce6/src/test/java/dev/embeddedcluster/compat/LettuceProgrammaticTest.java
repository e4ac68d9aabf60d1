package dev.embeddedcluster.compat;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Boot's Lettuce on a cluster this class starts and stops itself, without the extension or Spring. */
class LettuceProgrammaticTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    static EmbeddedRedisCluster cluster;
    static RedisClusterClient client;
    static StatefulRedisClusterConnection<String, String> connection;
    static RedisAdvancedClusterCommands<String, String> redis;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedRedisCluster.builder().build().start();
        client = RedisClusterClient.create(uri(cluster.seedUris().get(0).toString()));
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            connection.close();
            client.shutdown(Duration.ZERO, TIMEOUT);
        }
        cluster.close();
    }

    static RedisURI uri(String uri) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(TIMEOUT);
        return redisUri;
    }

    @Test
    void aMasterThatDoesNotOwnTheSlotAnswersMovedAndTheClusterClientFollowsIt() {
        redis.set("user:1", "Ada");

        ClusterNode owner = cluster.masterForKey("user:1");
        ClusterNode other = Keys.notOwning(cluster, "user:1");
        RedisClient single = RedisClient.create(uri(other.uri().toString()));
        try (StatefulRedisConnection<String, String> direct = single.connect()) {
            assertThatThrownBy(() -> direct.sync().get("user:1"))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("MOVED " + EmbeddedRedisCluster.slotOf("user:1") + " " + owner.address());
        } finally {
            single.shutdown(Duration.ZERO, TIMEOUT);
        }
        assertThat(redis.get("user:1")).isEqualTo("Ada");
    }

    @Test
    void hashTaggedKeysGoTogetherInOneMultiKeyCommand() {
        redis.mset(Map.of("{cart:42}:items", "3", "{cart:42}:total", "99.50"));
        assertThat(redis.mget("{cart:42}:items", "{cart:42}:total"))
                .extracting(keyValue -> keyValue.getValue()).containsExactly("3", "99.50");
    }

    @Test
    void valuesOnEveryMaster() {
        for (ClusterNode master : cluster.masters()) {
            String key = Keys.ownedBy(cluster, master, "page");
            redis.set(key, "on " + master.port());
            assertThat(redis.get(key)).isEqualTo("on " + master.port());
        }
    }
}
