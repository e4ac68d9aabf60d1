package dev.embeddedcluster.e2e;

import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Encoding parameters are each node's own, as each Redis process's: a replica applies its
 * master's writes with its own thresholds, and restoreConfig puts the defaults back.
 */
class EncodingConfigClusterIT {

    @Test
    void aReplicaEncodesWithItsOwnThresholdsUntilTheConfigIsRestored() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(1).build().start();
             Jedis master = new Jedis("127.0.0.1", cluster.masters().get(0).port());
             Jedis replica = new Jedis("127.0.0.1", cluster.replicas().get(0).port())) {
            replica.readonly();
            assertThat(master.configSet("zset-max-ziplist-entries", "0")).isEqualTo("OK");
            master.zadd("z", 1, "a");
            assertThat(master.objectEncoding("z")).isEqualTo("skiplist");
            await().atMost(Duration.ofSeconds(5)).until(() -> replica.exists("z"));
            assertThat(replica.objectEncoding("z")).isEqualTo("listpack");
            assertThat(replica.configGet("zset-max-listpack-entries")).containsEntry("zset-max-listpack-entries", "128");

            cluster.restoreConfig();
            assertThat(master.configGet("zset-max-ziplist-entries")).containsEntry("zset-max-ziplist-entries", "128");
            master.zadd("y", 1, "a");
            assertThat(master.objectEncoding("y")).isEqualTo("listpack");
            assertThat(master.objectEncoding("z")).isEqualTo("skiplist");
        }
    }
}
