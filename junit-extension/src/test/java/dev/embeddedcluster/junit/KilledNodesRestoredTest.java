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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Nodes killed, paused or shut down by one test, and the failovers that followed, are undone for the next. */
class KilledNodesRestoredTest {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    @RedisCluster(masters = 3, replicasPerMaster = 1, nodeTimeoutMillis = 200)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeavesNodesDown {

        @Test
        @Order(1)
        void killsAMasterAndPausesAnother(EmbeddedRedisCluster cluster) {
            SEEN.put("masters before", cluster.masters());
            ClusterNode killed = cluster.masters().get(0);
            cluster.kill(killed);
            cluster.awaitFailover(killed, Duration.ofSeconds(5));
            cluster.pause(cluster.masters().get(1));
            cluster.kill(cluster.replicasOf(cluster.masters().get(2)).get(0));
        }

        @Test
        @Order(2)
        void findsTheDeclaredShapeWithEveryNodeUp(EmbeddedRedisCluster cluster) throws IOException {
            SEEN.put("masters after", cluster.masters());
            for (ClusterNode node : cluster.nodes()) {
                SEEN.put("down " + node.port(), cluster.isDown(node));
            }
            try (RawConnection connection = new RawConnection(cluster.masters().get(1))) {
                SEEN.put("ping", connection.call("PING"));
                SEEN.put("state", connection.call("CLUSTER INFO"));
            }
            for (ClusterNode master : cluster.masters()) {
                try (RawConnection connection = new RawConnection(master)) {
                    connection.call("SET {" + master.id() + "}x 1");
                    SEEN.put("wait on " + master.port(), connection.call("WAIT 1 1000"));
                }
            }
        }
    }

    @RedisCluster(masters = 3, replicasPerMaster = 1, nodeTimeoutMillis = 200)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ShutsNodesDown {

        @Test
        @Order(1)
        void sendsShutdownToAMasterAndAReplica(EmbeddedRedisCluster cluster) throws IOException {
            SEEN.put("masters before", cluster.masters());
            ClusterNode master = cluster.masters().get(0);
            for (ClusterNode node : List.of(master, cluster.replicasOf(cluster.masters().get(1)).get(0))) {
                try (RawConnection connection = new RawConnection(node)) {
                    connection.send("SHUTDOWN NOSAVE");
                    SEEN.put("closed " + node.port(), connection.closedByServer());
                }
            }
            cluster.awaitFailover(master, Duration.ofSeconds(5));
        }

        @Test
        @Order(2)
        void findsEveryNodeUpInItsRole(EmbeddedRedisCluster cluster) throws IOException {
            SEEN.put("masters after", cluster.masters());
            for (ClusterNode node : cluster.nodes()) {
                SEEN.put("down " + node.port(), cluster.isDown(node));
                try (RawConnection connection = new RawConnection(node)) {
                    SEEN.put("ping " + node.port(), connection.call("PING"));
                }
            }
        }
    }

    @Test
    void nodesStoppedBySHUTDOWNAreBackInTheirRolesForTheNextTest() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ShutsNodesDown.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN.get("masters after")).isEqualTo(SEEN.get("masters before"));
        assertThat(SEEN).hasSize(2 + 2 + 6 + 6);
        SEEN.forEach((what, seen) -> {
            if (what.startsWith("closed ")) {
                assertThat(seen).as(what).isEqualTo(true);
            } else if (what.startsWith("down ")) {
                assertThat(seen).as(what).isEqualTo(false);
            } else if (what.startsWith("ping ")) {
                assertThat(seen).as(what).isEqualTo("+PONG");
            }
        });
    }

    @Test
    void aTestsKilledAndPausedNodesAreBackInTheirRolesForTheNext() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(LeavesNodesDown.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN.get("masters after")).isEqualTo(SEEN.get("masters before"));
        assertThat(((List<?>) SEEN.get("masters after"))).hasSize(3);
        SEEN.forEach((what, seen) -> {
            if (what.startsWith("down ")) {
                assertThat(seen).as(what).isEqualTo(false);
            } else if (what.startsWith("wait on ")) {
                assertThat(seen).as(what).isEqualTo(":1");
            }
        });
        assertThat(SEEN.get("ping")).isEqualTo("+PONG");
        assertThat((String) SEEN.get("state")).contains("cluster_state:ok");
    }
}
