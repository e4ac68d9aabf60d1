package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.SlotRange;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A failover or a slot move made by one test is undone before the next, which finds the starting layout. */
@RedisCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyRestoredTest {
    private static Map<String, List<SlotRange>> layoutBefore;

    @Test
    @Order(1)
    void failsOverAndMovesASlot(EmbeddedRedisCluster cluster) {
        layoutBefore = layout(cluster);
        ClusterNode firstMaster = cluster.masters().get(0);
        ClusterNode promoted = cluster.failover(cluster.replicasOf(firstMaster).get(0));
        cluster.migrateSlot(EmbeddedRedisCluster.slotOf("foo"), promoted);
        assertThat(layout(cluster)).isNotEqualTo(layoutBefore);
    }

    @Test
    @Order(2)
    void findsTheStartingLayout(EmbeddedRedisCluster cluster) {
        assertThat(layout(cluster)).isEqualTo(layoutBefore);
    }

    /** Each master's id with its slots. */
    private static Map<String, List<SlotRange>> layout(EmbeddedRedisCluster cluster) {
        return cluster.masters().stream().collect(Collectors.toMap(ClusterNode::id, ClusterNode::slots));
    }
}
