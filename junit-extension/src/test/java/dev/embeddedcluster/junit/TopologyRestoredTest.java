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
 * A failover, a slot move, slots deleted or claimed (CLUSTER FLUSHSLOTS, DELSLOTS, ADDSLOTS) or a
 * CONFIG SET made by one test is undone before the next, which finds the cluster as it started.
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

    @Test
    @Order(3)
    void deletesAndClaimsSlots(EmbeddedRedisCluster cluster) throws IOException {
        List<ClusterNode> masters = cluster.masters();
        try (RawConnection first = new RawConnection(masters.get(0));
             RawConnection second = new RawConnection(masters.get(1));
             RawConnection third = new RawConnection(masters.get(2))) {
            assertThat(first.call("CLUSTER FLUSHSLOTS")).isEqualTo("+OK");
            assertThat(second.call("CLUSTER DELSLOTSRANGE 6000 6099")).isEqualTo("+OK");
            assertThat(third.call("CLUSTER ADDSLOTS 0 6000")).isEqualTo("+OK");
            assertThat(third.call("CLUSTER INFO")).contains("cluster_state:fail");
        }
        assertThat(layout(cluster)).isNotEqualTo(layoutBefore);
    }

    @Test
    @Order(4)
    void findsEverySlotWithItsFirstMasterAgain(EmbeddedRedisCluster cluster) throws IOException {
        assertThat(layout(cluster)).isEqualTo(layoutBefore);
        for (ClusterNode node : cluster.nodes()) {
            try (RawConnection connection = new RawConnection(node)) {
                assertThat(connection.call("CLUSTER INFO")).contains("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n");
            }
        }
    }

    /** Each master's id with its slots. */
    private static Map<String, List<SlotRange>> layout(EmbeddedRedisCluster cluster) {
        return cluster.masters().stream().collect(Collectors.toMap(ClusterNode::id, ClusterNode::slots));
    }
}
