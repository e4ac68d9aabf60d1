package dev.embeddedcluster.examples;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.SlotMigration;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Code that must survive a reshard or a failover, tested the way it would meet them in
 * production: the cluster moves a slot (clients follow ASK, then MOVED) or fails a master over
 * (clients follow MOVED to the promoted replica; a blocked command gets UNBLOCKED).
 */
class FaultInjectionExampleTest {
    private EmbeddedRedisCluster cluster;

    @BeforeEach
    void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void jedisFollowsAskDuringAReshardAndMovedAfterIt() {
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(cluster.seeds().get(0)))) {
            IntStream.range(0, 20).forEach(i -> jedis.set("{cart:7}item:" + i, "qty" + i));
            int slot = EmbeddedRedisCluster.slotOf("{cart:7}");
            ClusterNode source = cluster.masterForSlot(slot);
            ClusterNode target = cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();

            SlotMigration reshard = cluster.beginSlotMigration(slot, target);
            reshard.migrateKeys("{cart:7}item:0", "{cart:7}item:1");
            assertThat(jedis.get("{cart:7}item:0")).as("moved: the source answers ASK").isEqualTo("qty0");
            assertThat(jedis.get("{cart:7}item:5")).as("not moved yet: served by the source").isEqualTo("qty5");
            assertThat(jedis.set("{cart:7}new", "fresh")).as("a new key goes to the target").isEqualTo("OK");
            reshard.finish();

            assertThat(cluster.masterForSlot(slot)).isEqualTo(target);
            IntStream.range(0, 20).forEach(i -> assertThat(jedis.get("{cart:7}item:" + i)).isEqualTo("qty" + i));
            assertThat(jedis.get("{cart:7}new")).isEqualTo("fresh");
            try (Jedis direct = new Jedis(source.host(), source.port())) {
                assertThatThrownBy(() -> direct.get("{cart:7}item:3")).isInstanceOf(JedisDataException.class)
                        .hasMessage("MOVED " + slot + " " + target.address());
            }
        }
    }

    @Test
    void lettuceKeepsWritingThroughAFailoverAndABlockedPopIsUnblocked() throws Exception {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(cluster.seedUris().get(0)));
        client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers().build()).build());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect();
             StatefulRedisClusterConnection<String, String> waiting = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();
            redis.set("{orders}count", "41");
            ClusterNode master = cluster.masterForKey("{orders}count");
            ClusterNode replica = cluster.replicasOf(master).get(0);
            CompletableFuture<?> pop = waiting.async().blpop(0, "{orders}queue").toCompletableFuture();
            await().atMost(Duration.ofSeconds(5)).until(() -> blockedClients(master) == 1);

            cluster.failover(replica);

            assertThat(cluster.masterForKey("{orders}count")).isEqualTo(replica);
            assertThat(redis.incr("{orders}count")).as("the write follows MOVED to the promoted replica").isEqualTo(42);
            assertThatThrownBy(() -> pop.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageContaining("UNBLOCKED force unblock from blocking operation");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                client.refreshPartitions();
                RedisClusterNode promoted = client.getPartitions().getPartitionByNodeId(replica.id());
                assertThat(promoted.is(RedisClusterNode.NodeFlag.UPSTREAM)).isTrue();
            });
        } finally {
            client.shutdown();
        }
    }

    private int blockedClients(ClusterNode node) {
        try (Jedis jedis = new Jedis(node.host(), node.port())) {
            return Integer.parseInt(jedis.info("clients").lines().filter(l -> l.startsWith("blocked_clients:"))
                    .findFirst().orElseThrow().split(":")[1].trim());
        }
    }
}
