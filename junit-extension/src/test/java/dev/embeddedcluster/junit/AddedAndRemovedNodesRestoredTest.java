package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Nodes one test adds, removes or partitions off are put back as declared for the next. */
class AddedAndRemovedNodesRestoredTest {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    @RedisCluster(masters = 3, replicasPerMaster = 1, nodeTimeoutMillis = 200)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ReshapesTheCluster {

        @Test
        @Order(1)
        void addsAMasterRemovesAReplicaAndIsolatesAMaster(EmbeddedRedisCluster cluster) {
            SEEN.put("nodes before", cluster.nodes());
            ClusterNode added = cluster.addMaster();
            cluster.migrateSlot(0, added);
            cluster.addReplica(added);
            cluster.removeNode(cluster.replicas().get(0));
            ClusterNode isolated = cluster.masters().get(1);
            cluster.isolate(isolated);
            cluster.awaitFailover(isolated, Duration.ofSeconds(5));
        }

        @Test
        @Order(2)
        void findsTheDeclaredNodesInTheirRoles(EmbeddedRedisCluster cluster) throws IOException {
            SEEN.put("nodes after", cluster.nodes());
            try (RawConnection connection = new RawConnection(cluster.masters().get(1))) {
                SEEN.put("state", connection.call("CLUSTER INFO"));
            }
        }
    }

    @Test
    void theNextTestFindsTheNodesAndLayoutItWasDeclaredWith() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ReshapesTheCluster.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN.get("nodes after")).isEqualTo(SEEN.get("nodes before"));
        assertThat((String) SEEN.get("state")).contains("cluster_state:ok", "cluster_known_nodes:6");
    }
}
