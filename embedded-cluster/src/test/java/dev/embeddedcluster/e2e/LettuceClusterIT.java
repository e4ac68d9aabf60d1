package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Lettuce's cluster client over RESP3, with topology refresh and replica reads. */
class LettuceClusterIT {
    private static EmbeddedRedisCluster cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
        client = RedisClusterClient.create(RedisURI.create(cluster.seedUris().get(0)));
        client.setOptions(ClusterClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP3)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(1))
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build());
        connection = client.connect();
    }

    @AfterAll
    static void stop() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        cluster.close();
    }

    @Test
    void partitionsShowThreeMastersWithTheirSlotsAndThreeReplicas() {
        Partitions partitions = client.getPartitions();
        assertThat(partitions).hasSize(6);
        List<RedisClusterNode> masters = partitions.stream()
                .filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM)).toList();
        assertThat(masters).hasSize(3);
        Map<Integer, Integer> slotCounts = masters.stream()
                .collect(Collectors.toMap(n -> n.getUri().getPort(), n -> n.getSlots().size()));
        for (ClusterNode master : cluster.masters()) {
            int expected = master.slots().stream().mapToInt(r -> r.size()).sum();
            assertThat(slotCounts.get(master.port())).isEqualTo(expected);
        }
        assertThat(partitions.stream().filter(n -> n.is(RedisClusterNode.NodeFlag.REPLICA))).hasSize(3);
    }

    @Test
    void syncAndAsyncWritesAndReadsAcrossSlots() throws Exception {
        RedisAdvancedClusterCommands<String, String> sync = connection.sync();
        for (int i = 0; i < 500; i++) {
            sync.set("lettuce:" + i, "v" + i);
        }
        for (int i = 0; i < 500; i++) {
            assertThat(connection.async().get("lettuce:" + i).get()).isEqualTo("v" + i);
        }
        assertThat(sync.mget("lettuce:1", "lettuce:2", "lettuce:3"))
                .extracting(kv -> kv.getValue()).containsExactly("v1", "v2", "v3");
    }

    @Test
    void readsFromReplicasSeeTheMastersWrites() {
        try (StatefulRedisClusterConnection<String, String> replicaReads = client.connect()) {
            replicaReads.setReadFrom(ReadFrom.REPLICA);
            connection.sync().set("replicated", "yes");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(replicaReads.sync().get("replicated")).isEqualTo("yes"));
        }
    }

    @Test
    void topologyRefreshKeepsWorking() {
        client.refreshPartitions();
        assertThat(client.getPartitions()).hasSize(6);
        assertThat(connection.sync().clusterMyId()).matches("[0-9a-f]{40}");
        assertThat(connection.sync().ping()).isEqualTo("PONG");
    }
}
