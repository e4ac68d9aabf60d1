package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.junit.ClusterNodeAt;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.embeddedcluster.ClusterNode.Role.REPLICA;
import static org.assertj.core.api.Assertions.assertThat;

@RedisCluster
class NestedTest {
    @Test
    void sixNodes(EmbeddedRedisCluster cluster, @ClusterNodeAt(value = 1, role = REPLICA) ClusterNode second) {
        assertThat(cluster.nodes()).hasSize(6);
        assertThat(second.masterId()).contains(cluster.masters().get(1).id());
    }

    @Nested
    @RedisCluster(masters = 1, replicasPerMaster = 0)
    class OnOneNode {
        @Test
        void oneNode(EmbeddedRedisCluster cluster) {
            assertThat(cluster.nodes()).hasSize(1);
        }
    }
}
