package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.SlotRange;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failover, a slot move or a CONFIG SET made by one test is undone before the next, which finds
 * the cluster as it started.
 */
@RedisCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyRestoredTest {
    private static Map<String, List<SlotRange>> layoutBefore;

    @Test
    @Order(1)
    void failsOverMovesASlotAndConfigures(EmbeddedRedisCluster cluster, ClusterNode node) throws IOException {
        layoutBefore = layout(cluster);
        try (RawConnection connection = new RawConnection(node)) {
            assertThat(connection.call("CONFIG SET maxmemory-policy allkeys-lru notify-keyspace-events KEA")).isEqualTo("+OK");
        }
        ClusterNode firstMaster = cluster.masters().get(0);
        ClusterNode promoted = cluster.failover(cluster.replicasOf(firstMaster).get(0));
        cluster.migrateSlot(EmbeddedRedisCluster.slotOf("foo"), promoted);
        assertThat(layout(cluster)).isNotEqualTo(layoutBefore);
    }

    @Test
    @Order(2)
    void findsTheStartingLayoutAndConfiguration(EmbeddedRedisCluster cluster, ClusterNode node) throws IOException {
        assertThat(layout(cluster)).isEqualTo(layoutBefore);
        try (RawConnection connection = new RawConnection(node)) {
            assertThat(connection.callArray("CONFIG GET maxmemory-policy")).containsExactly("maxmemory-policy", "noeviction");
            assertThat(connection.callArray("CONFIG GET notify-keyspace-events")).containsExactly("notify-keyspace-events", "");
        }
    }

    /** Each master's id with its slots. */
    private static Map<String, List<SlotRange>> layout(EmbeddedRedisCluster cluster) {
        return cluster.masters().stream().collect(Collectors.toMap(ClusterNode::id, ClusterNode::slots));
    }
}
