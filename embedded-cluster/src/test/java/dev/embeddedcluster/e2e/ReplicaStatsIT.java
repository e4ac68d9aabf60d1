package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A replica counts the commands its master sends it, as a Redis replica does, in INFO commandstats. */
class ReplicaStatsIT {

    @Test
    void aReplicaCountsItsMastersCommands() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(1).build().start()) {
            ClusterNode master = cluster.masterForKey("k");
            ClusterNode replica = cluster.replicasOf(master).get(0);
            try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000);
                 Jedis onReplica = new Jedis(replica.host(), replica.port(), 2000)) {
                onReplica.configResetStat();
                onMaster.set("k", "1");
                onMaster.incr("k");
                onMaster.waitReplicas(1, 2000);
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(onReplica.info("commandstats")).contains("cmdstat_set:calls=1,")
                                .contains("cmdstat_incr:calls=1,"));
                assertThat(onMaster.info("commandstats")).contains("cmdstat_set:calls=1,").contains("cmdstat_incr:calls=1,");
            }
        }
    }
}
